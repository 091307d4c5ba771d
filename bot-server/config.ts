import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseQuietHours, type QuietHours } from '../shared/dates.ts';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const httpUrl = z
  .string()
  .trim()
  .transform((v) => v.replace(/\/+$/, ''))
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. https://coupons.example.com' }));

/** What Express's `trust proxy` setting is given: true/false, a hop count, or addresses, subnets and names. */
export type TrustProxy = boolean | number | string;

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry of a trusted-proxy list: a name Express knows, an address, or a subnet (prefix length or IPv4 mask). */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', mask, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (mask === undefined) return true;
  if (/^\d{1,3}$/.test(mask)) return Number(mask) <= (version === 4 ? 32 : 128);
  return version === 4 && isIP(mask) === 4;
}

const ZTrustProxy = z
  .string()
  .trim()
  .default('loopback')
  .transform((v, ctx): TrustProxy => {
    if (v === '') return 'loopback';
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((x) => x.trim());
    const bad = entries.filter((x) => !isProxyEntry(x));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be loopback, a hop count such as 1, true or false, or comma-separated addresses and subnets such as 10.0.0.0/8,fd00::/8 (not understood: ${bad.map((x) => JSON.stringify(x)).join(', ')})` });
      return z.NEVER;
    }
    return entries.join(',');
  });

const ZEnv = z.object({
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  /** Unset: 127.0.0.1 in sandbox mode (it mints ID tokens for anyone who reaches it), else 0.0.0.0. */
  HOST: optionalString,
  DATABASE_PATH: z.string().trim().min(1).default('./data/app.db'),
  DB_BUSY_TIMEOUT_MS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be between 0 and 60000').max(60_000, 'must be between 0 and 60000').default(5000),
  LINE_CHANNEL_SECRET: optionalString,
  LINE_CHANNEL_ACCESS_TOKEN: optionalString,
  LINE_LOGIN_CHANNEL_ID: optionalString.pipe(
    z.string().regex(/^\d{6,20}$/, 'must be the numeric channel ID of your LINE Login channel').optional(),
  ),
  LIFF_ID: optionalString.pipe(
    z.string().regex(/^\d{6,20}-[A-Za-z0-9]{6,16}$/, 'must look like 1234567890-AbCdEfGh').optional(),
  ),
  PUBLIC_BASE_URL: optionalString.pipe(httpUrl.optional()),
  BRAND_TIMEZONE: z
    .string()
    .trim()
    .default('Asia/Taipei')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Taipei'),
  BRAND_NAME: z.string().trim().min(1).max(40).default('好日子咖啡'),
  LINE_API_BASE_URL: optionalString.pipe(httpUrl.optional()),
  LINE_DATA_API_BASE_URL: optionalString.pipe(httpUrl.optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: ZTrustProxy,
  ADMIN_LINE_USER_IDS: optionalString,
  SESSION_TTL_SECONDS: z.coerce.number().int().min(1).max(30 * 24 * 3600).default(8 * 3600),
  NOTIFY_DISPATCHER: z.enum(['on', 'off']).default('on'),
  WORKERS: z.enum(['on', 'off']).default('on'),
  NOTIFY_RATE_PER_SECOND: z.coerce.number().int().min(1).max(2000).default(1900),
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(96),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  NOTIFY_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
  NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  NOTIFY_QUIET_HOURS: z
    .string()
    .trim()
    .default('')
    .refine((v) => parseQuietHours(v) !== 'invalid', 'must look like 21:00-09:00 (brand time), or be empty'),
  NOTIFY_QUOTA_RESERVE: z.coerce.number().int().min(0).default(500),
  SANDBOX_PUSH_RATE_PER_SECOND: z.coerce.number().int().positive().default(2000),
  SANDBOX_MONTHLY_QUOTA: z.coerce.number().int().positive().default(200000),
  SANDBOX_SEED_DEMO: z.enum(['true', 'false']).default('true'),
  /** Who sends the SMS one-time codes: `mitake` (三竹簡訊) or `sandbox` (the built-in stand-in, sandbox mode only). */
  SMS_PROVIDER: z.enum(['mitake', 'sandbox'], { message: 'must be mitake or sandbox' }).optional(),
  MITAKE_USERNAME: optionalString,
  MITAKE_PASSWORD: optionalString,
  MITAKE_API_BASE_URL: optionalString.pipe(httpUrl.optional()),
});

export type Env = z.infer<typeof ZEnv>;

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** How long a write waits for another process's write lock before answering 503 DATABASE_BUSY. */
  dbBusyTimeoutMs: number;
  /** Sandbox mode: no channel access token, so LINE is played by bot-server/sandbox. */
  sandbox: boolean;
  channelSecret: string;
  /** True when the channel secret was generated for this run (sandbox without a secret). */
  channelSecretGenerated: boolean;
  channelAccessToken: string;
  loginChannelId: string;
  liffId: string;
  /** Set when configured; in sandbox mode otherwise derived from the listening port. */
  publicBaseUrl: string | undefined;
  brandTimezone: string;
  brandName: string;
  /** Where the Messaging API lives; undefined in sandbox mode means "this server". */
  lineApiBaseUrl: string | undefined;
  lineDataApiBaseUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  adminLineUserIds: string[];
  /** Background work in this process: bulk issuing and the birthday-pack scheduler. */
  workers: boolean;
  notify: {
    dispatcher: boolean;
    ratePerSecond: number;
    concurrency: number;
    maxAttempts: number;
    backoffBaseMs: number;
    leaseMs: number;
    quietHours: QuietHours | null;
    quotaReserve: number;
  };
  /** How long a session opened by a verified ID token lasts. */
  sessionTtlSeconds: number;
  /** Express's `trust proxy`: which hops may set X-Forwarded-For, so `req.ip` is the client's. */
  trustProxy: TrustProxy;
  sandboxOptions: { pushRatePerSecond: number; monthlyQuota: number; seedDemo: boolean };
  /**
   * The SMS provider for one-time codes: Mitake with its credentials, the sandbox's stand-in
   * (Mitake's API on this server), or none (production without SMS_PROVIDER: codes cannot be
   * sent, so nobody can register; the server says so when it starts).
   */
  sms: { provider: 'mitake'; username: string; password: string; baseUrl: string } | { provider: 'sandbox' } | { provider: 'none' };
}

/** The access token the sandbox accepts; it has no power outside this process. */
export const SANDBOX_ACCESS_TOKEN = 'sandbox-channel-access-token';
export const SANDBOX_LOGIN_CHANNEL_ID = '2000000001';
export const SANDBOX_LIFF_ID = '2000000001-Sandbox1';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses the environment once; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const sandbox = e.LINE_CHANNEL_ACCESS_TOKEN === undefined;
  if (!sandbox) {
    const missing: string[] = [];
    if (!e.LINE_CHANNEL_SECRET) missing.push('LINE_CHANNEL_SECRET: required with LINE_CHANNEL_ACCESS_TOKEN (Messaging API channel > Basic settings)');
    if (!e.LINE_LOGIN_CHANNEL_ID) missing.push('LINE_LOGIN_CHANNEL_ID: required with LINE_CHANNEL_ACCESS_TOKEN (the LINE Login channel that owns the LIFF app)');
    if (!e.LIFF_ID) missing.push('LIFF_ID: required with LINE_CHANNEL_ACCESS_TOKEN (LINE Login channel > LIFF)');
    if (!e.PUBLIC_BASE_URL) missing.push('PUBLIC_BASE_URL: required with LINE_CHANNEL_ACCESS_TOKEN (the https address LINE reaches this server at)');
    else if (!e.PUBLIC_BASE_URL.startsWith('https://')) missing.push('PUBLIC_BASE_URL: must be https:// in production (LINE only calls https webhooks)');
    if (missing.length > 0) throw new ConfigError(missing);
  }
  const smsProvider = e.SMS_PROVIDER ?? (sandbox ? 'sandbox' : undefined);
  const smsProblems: string[] = [];
  if (smsProvider === 'sandbox' && !sandbox) smsProblems.push('SMS_PROVIDER: sandbox is only for sandbox mode (no LINE_CHANNEL_ACCESS_TOKEN); use mitake');
  if (smsProvider === 'mitake' && !e.MITAKE_USERNAME) smsProblems.push('MITAKE_USERNAME: required with SMS_PROVIDER=mitake (your 三竹簡訊 account)');
  if (smsProvider === 'mitake' && !e.MITAKE_PASSWORD) smsProblems.push('MITAKE_PASSWORD: required with SMS_PROVIDER=mitake');
  if (smsProblems.length > 0) throw new ConfigError(smsProblems);
  const generatedSecret = sandbox && !e.LINE_CHANNEL_SECRET;
  return {
    port: e.PORT,
    host: e.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0'),
    databasePath: e.DATABASE_PATH,
    dbBusyTimeoutMs: e.DB_BUSY_TIMEOUT_MS,
    sandbox,
    channelSecret: e.LINE_CHANNEL_SECRET ?? randomBytes(16).toString('hex'),
    channelSecretGenerated: generatedSecret,
    channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN ?? SANDBOX_ACCESS_TOKEN,
    loginChannelId: e.LINE_LOGIN_CHANNEL_ID ?? SANDBOX_LOGIN_CHANNEL_ID,
    liffId: e.LIFF_ID ?? SANDBOX_LIFF_ID,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    brandTimezone: e.BRAND_TIMEZONE,
    brandName: e.BRAND_NAME,
    lineApiBaseUrl: e.LINE_API_BASE_URL,
    lineDataApiBaseUrl: e.LINE_DATA_API_BASE_URL ?? e.LINE_API_BASE_URL,
    logLevel: e.LOG_LEVEL,
    adminLineUserIds: (e.ADMIN_LINE_USER_IDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    trustProxy: e.TRUST_PROXY,
    workers: e.WORKERS === 'on',
    notify: {
      dispatcher: e.NOTIFY_DISPATCHER === 'on',
      ratePerSecond: e.NOTIFY_RATE_PER_SECOND,
      concurrency: e.NOTIFY_CONCURRENCY,
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      backoffBaseMs: e.NOTIFY_BACKOFF_BASE_MS,
      leaseMs: e.NOTIFY_LEASE_SECONDS * 1000,
      quietHours: parseQuietHours(e.NOTIFY_QUIET_HOURS) as QuietHours | null,
      quotaReserve: e.NOTIFY_QUOTA_RESERVE,
    },
    sms:
      smsProvider === 'mitake'
        ? { provider: 'mitake', username: e.MITAKE_USERNAME!, password: e.MITAKE_PASSWORD!, baseUrl: e.MITAKE_API_BASE_URL ?? 'https://smsapi.mitake.com.tw' }
        : smsProvider === 'sandbox'
          ? { provider: 'sandbox' }
          : { provider: 'none' },
    sandboxOptions: {
      pushRatePerSecond: e.SANDBOX_PUSH_RATE_PER_SECOND,
      monthlyQuota: e.SANDBOX_MONTHLY_QUOTA,
      seedDemo: e.SANDBOX_SEED_DEMO === 'true',
    },
  };
}

/** The configuration as it may be logged: secrets replaced by whether they are set. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    mode: config.sandbox ? 'sandbox' : 'production',
    host: config.host,
    port: config.port,
    databasePath: config.databasePath,
    channelSecretSource: config.channelSecretGenerated ? 'generated for this run' : 'from LINE_CHANNEL_SECRET',
    accessTokenSource: config.sandbox ? 'sandbox' : 'from LINE_CHANNEL_ACCESS_TOKEN',
    loginChannelId: config.loginChannelId,
    liffId: config.liffId,
    publicBaseUrl: config.publicBaseUrl ?? '(this server)',
    brandTimezone: config.brandTimezone,
    lineApiBaseUrl: config.lineApiBaseUrl ?? (config.sandbox ? '(built-in sandbox)' : 'https://api.line.me'),
    smsProvider: config.sms.provider === 'mitake' ? `mitake (${config.sms.baseUrl})` : config.sms.provider,
  };
}
