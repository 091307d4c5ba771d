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
  /** full (default): an acknowledged write survives a power loss; normal: faster single commits, the last ones may be lost in a power loss or OS crash (README "Durability"). */
  DB_SYNCHRONOUS: z.enum(['full', 'normal'], { message: 'must be full or normal' }).default('full'),
  DB_CHECKPOINT_INTERVAL_MS: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(50, 'must be between 50 and 60000').max(60_000, 'must be between 50 and 60000').default(1000),
  /** Scheduled online backups go here (unset: no scheduled backups; `npm run backup -- <file>` works either way). */
  BACKUP_DIR: optionalString,
  /** When the scheduled backup runs: cron in brand time (default 04:00 daily). */
  BACKUP_SCHEDULE: z.string().trim().regex(/^\S+( \S+){4,5}$/, 'must be a cron expression of five (or six) fields, e.g. 0 4 * * *').default('0 4 * * *'),
  /** How many scheduled backups to keep (the oldest are removed). */
  BACKUP_KEEP: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 1000').max(1000, 'must be between 1 and 1000').default(14),
  LINE_CHANNEL_SECRET: optionalString,
  LINE_CHANNEL_ACCESS_TOKEN: optionalString,
  LINE_LOGIN_CHANNEL_ID: optionalString.pipe(
    z.string().regex(/^\d{6,20}$/, 'must be the numeric channel ID of your LINE Login channel').optional(),
  ),
  LIFF_ID: optionalString.pipe(
    z.string().regex(/^\d{6,20}-[A-Za-z0-9]{6,16}$/, 'must look like 1234567890-AbCdEfGh').optional(),
  ),
  PUBLIC_BASE_URL: optionalString.pipe(httpUrl.optional()),
  /** GET /metrics on the public port requires `Authorization: Bearer <METRICS_TOKEN>` (production without it and without METRICS_PORT: no /metrics there). */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters (a random secret the scraper sends as a bearer token)').optional()),
  /** Serve /metrics on this port instead (no token; bind METRICS_HOST, default 127.0.0.1, and keep it off the internet). */
  METRICS_PORT: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535').optional(),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
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
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(256),
  /** LINE's multicast limit is 200 requests/s; a marketing message identical for this many members or more goes by multicast (0: never). */
  NOTIFY_MULTICAST_RATE_PER_SECOND: z.coerce.number().int().min(1).max(200).default(190),
  NOTIFY_MULTICAST_MIN_RECIPIENTS: z.coerce.number().int().min(0).max(500).default(10),
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
  /** Who takes mall payments: `linepay` (LINE Pay Online API v3) or `sandbox` (the built-in stand-in, sandbox mode only). */
  PAYMENT_PROVIDER: z.enum(['linepay', 'sandbox'], { message: 'must be linepay or sandbox' }).optional(),
  LINEPAY_CHANNEL_ID: optionalString.pipe(z.string().regex(/^\d{6,20}$/, 'must be the numeric Channel ID of your LINE Pay merchant (merchant center > 管理付款連結 > Manage Link Key)').optional()),
  LINEPAY_CHANNEL_SECRET: optionalString,
  LINEPAY_BASE_URL: optionalString.pipe(httpUrl.optional()),
});

export type Env = z.infer<typeof ZEnv>;

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** How long a write waits for another process's write lock before answering 503 DATABASE_BUSY. */
  dbBusyTimeoutMs: number;
  /** SQLite's `synchronous` for the server's database: `full` unless DB_SYNCHRONOUS=normal (README "Durability"). */
  dbSynchronous: 'full' | 'normal';
  /** How often the server checkpoints the WAL in the background (db/checkpointer.ts). */
  dbCheckpointIntervalMs: number;
  /** Scheduled online backups (BACKUP_DIR set), or null. */
  backups: { dir: string; cron: string; keep: number } | null;
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
  /** Prometheus /metrics: on the public port behind a token (or open in sandbox mode), and/or on a port of its own. */
  metrics: { token: string | undefined; port: number | undefined; host: string };
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
    multicastRatePerSecond: number;
    /** 0 = multicast off. */
    multicastMinRecipients: number;
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
  /**
   * Mall payments: LINE Pay with the merchant's channel, the sandbox's LINE Pay stand-in (the
   * same API on this server), or none (production without PAYMENT_PROVIDER: only zero-amount
   * orders can be placed; the server says so when it starts).
   */
  payments: { provider: 'linepay'; channelId: string; channelSecret: string; baseUrl: string } | { provider: 'sandbox' } | { provider: 'none' };
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
  const paymentProvider = e.PAYMENT_PROVIDER ?? (sandbox ? 'sandbox' : undefined);
  const paymentProblems: string[] = [];
  if (paymentProvider === 'sandbox' && !sandbox) paymentProblems.push('PAYMENT_PROVIDER: sandbox is only for sandbox mode (no LINE_CHANNEL_ACCESS_TOKEN); use linepay');
  if (paymentProvider === 'linepay' && !e.LINEPAY_CHANNEL_ID) paymentProblems.push('LINEPAY_CHANNEL_ID: required with PAYMENT_PROVIDER=linepay (LINE Pay merchant center > Manage Link Key)');
  if (paymentProvider === 'linepay' && !e.LINEPAY_CHANNEL_SECRET) paymentProblems.push('LINEPAY_CHANNEL_SECRET: required with PAYMENT_PROVIDER=linepay (the Channel SecretKey beside the Channel ID)');
  if (paymentProblems.length > 0) throw new ConfigError(paymentProblems);
  const generatedSecret = sandbox && !e.LINE_CHANNEL_SECRET;
  return {
    port: e.PORT,
    host: e.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0'),
    databasePath: e.DATABASE_PATH,
    dbBusyTimeoutMs: e.DB_BUSY_TIMEOUT_MS,
    dbSynchronous: e.DB_SYNCHRONOUS,
    dbCheckpointIntervalMs: e.DB_CHECKPOINT_INTERVAL_MS,
    backups: e.BACKUP_DIR ? { dir: e.BACKUP_DIR, cron: e.BACKUP_SCHEDULE, keep: e.BACKUP_KEEP } : null,
    sandbox,
    channelSecret: e.LINE_CHANNEL_SECRET ?? randomBytes(16).toString('hex'),
    channelSecretGenerated: generatedSecret,
    channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN ?? SANDBOX_ACCESS_TOKEN,
    loginChannelId: e.LINE_LOGIN_CHANNEL_ID ?? SANDBOX_LOGIN_CHANNEL_ID,
    liffId: e.LIFF_ID ?? SANDBOX_LIFF_ID,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
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
      multicastRatePerSecond: e.NOTIFY_MULTICAST_RATE_PER_SECOND,
      multicastMinRecipients: e.NOTIFY_MULTICAST_MIN_RECIPIENTS,
    },
    sms:
      smsProvider === 'mitake'
        ? { provider: 'mitake', username: e.MITAKE_USERNAME!, password: e.MITAKE_PASSWORD!, baseUrl: e.MITAKE_API_BASE_URL ?? 'https://smsapi.mitake.com.tw' }
        : smsProvider === 'sandbox'
          ? { provider: 'sandbox' }
          : { provider: 'none' },
    payments:
      paymentProvider === 'linepay'
        ? { provider: 'linepay', channelId: e.LINEPAY_CHANNEL_ID!, channelSecret: e.LINEPAY_CHANNEL_SECRET!, baseUrl: e.LINEPAY_BASE_URL ?? 'https://api-pay.line.me' }
        : paymentProvider === 'sandbox'
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
    paymentProvider: config.payments.provider === 'linepay' ? `linepay (${config.payments.baseUrl}, channel ${config.payments.channelId})` : config.payments.provider,
  };
}
