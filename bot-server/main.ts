import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { createAuditRouter } from './audit/audit.routes.ts';
import { birthdayPacksJob, birthdayPacksSchedule, BIRTHDAY_PACKS_JOB } from './campaigns/birthday-packs.job.ts';
import { BULK_ISSUE_JOB, BulkIssueService } from './campaigns/bulk-issue.ts';
import { createCampaignRouter } from './campaigns/campaign.routes.ts';
import { CampaignService } from './campaigns/campaign.service.ts';
import { createCouponRouter } from './coupons/coupon.routes.ts';
import { CouponService } from './coupons/coupon.service.ts';
import { loadQrSecret } from './coupons/qr-token.ts';
import { authenticate } from './auth/auth.middleware.ts';
import { createAuthRouter } from './auth/auth.routes.ts';
import { AuthService } from './auth/auth.service.ts';
import { createJobsRouter } from './jobs/jobs.routes.ts';
import { JobsService } from './jobs/jobs.service.ts';
import { JobRunner } from './jobs/runner.ts';
import { createMemberRouter } from './members/member.routes.ts';
import { createDispatcher } from './notifications/create-dispatcher.ts';
import type { Dispatcher } from './notifications/dispatcher.ts';
import { createNotificationConsoleRouter } from './notifications/notification.routes.ts';
import { NotificationService } from './notifications/notification.service.ts';
import { ApiKeyService } from './partners/api-key.service.ts';
import { buildApiOpenApi, buildOpenApi } from './partners/openapi.ts';
import { createPartnerRouter } from './partners/partner.routes.ts';
import { RolesService } from './members/roles.service.ts';
import { createStoreRouter } from './stores/store.routes.ts';
import { StoreService } from './stores/store.service.ts';
import type { Logger } from 'pino';
import { ConfigError, describeConfig, loadConfig, type Config } from './config.ts';
import { migrateDatabase, openDatabase, type DbHandle } from './db/client.ts';
import { seedDemo } from './demo/seed.ts';
import { createApp } from './http/app.ts';
import { answerClientError } from './http/errors.middleware.ts';
import { MAX_HEADER_SIZE } from './http/request-guards.ts';
import { bind } from './http/route.ts';
import { api as contract } from '../shared/api/routes.ts';
import { LineClient } from './line/line-client.ts';
import { createWebhookRouter, WebhookProcessor } from './line/webhook.ts';
import { Links } from './links.ts';
import { createLogger } from './logger.ts';
import { attachEventBus, EventBus } from './events/bus.ts';
import { MemberService } from './members/member.service.ts';
import { createSandbox, type Sandbox } from './sandbox/index.ts';

export interface RunningServer {
  config: Config;
  /** http://127.0.0.1:<port>, what this process calls itself on. */
  origin: string;
  port: number;
  server: Server;
  db: DbHandle;
  logger: Logger;
  sandbox: Sandbox | undefined;
  webhook: WebhookProcessor;
  services: { members: MemberService; roles: RolesService; stores: StoreService; auth: AuthService; notifications: NotificationService; apiKeys: ApiKeyService; coupons: CouponService; campaigns: CampaignService; bulk: BulkIssueService };
  line: LineClient;
  dispatcher: () => Dispatcher | undefined;
  /** The job runner (bulk issuing, schedules); started when WORKERS is on. */
  runner: JobRunner;
  /** Stops accepting, finishes in-flight requests and events, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Seed the demo brand in sandbox mode (default: config.sandboxOptions.seedDemo). */
  seedDemo?: boolean;
}

/** Composition root: config -> db -> services -> http + workers. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  logger.info(describeConfig(config), config.sandbox ? 'starting in SANDBOX mode: LINE is simulated by this server (no credentials set)' : 'starting in PRODUCTION mode: talking to LINE');

  const db = openDatabase(config.databasePath, { busyTimeoutMs: config.dbBusyTimeoutMs });
  migrateDatabase(db);

  const server = createServer({ maxHeaderSize: MAX_HEADER_SIZE });
  // What Node's HTTP parser refuses (headers over the limit, malformed request lines) answers in our JSON shape.
  server.on('clientError', answerClientError(logger));
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const lineApiBase = config.lineApiBaseUrl ?? (config.sandbox ? origin : undefined);
  const line = new LineClient({
    channelAccessToken: config.channelAccessToken,
    ...(lineApiBase ? { apiBaseUrl: lineApiBase } : {}),
    ...((config.lineDataApiBaseUrl ?? lineApiBase) ? { dataApiBaseUrl: config.lineDataApiBaseUrl ?? lineApiBase } : {}),
  });
  const links = new Links(config, () => `http://localhost:${port}`);
  // The dispatcher is created later; features only need to be able to wake it.
  let dispatcher: Dispatcher | undefined;
  const members = new MemberService(db.db, config.adminLineUserIds);
  const apiKeys = new ApiKeyService(db.db);
  const notifications = new NotificationService({ db: db.db, config, line, links });
  const coupons = new CouponService({ db: db.db, config, qrSecret: loadQrSecret(db.db) });
  // Campaigns issue through the coupons domain's port (coupons/issuing.port.ts), never its service.
  const campaigns = new CampaignService({ db: db.db, config, coupons: coupons.issuing });
  // Who reacts to what (bot-server/events/README.md): in the publisher's transaction, or after it committed.
  const events = new EventBus({ onHookError: (error, event) => logger.error({ err: error, event: event.type }, 'after-commit hook failed') })
    .subscribe('member.registered', (tx, event) => campaigns.onRegistered(tx, event.memberId))
    .afterCommit('notification.enqueued', () => dispatcher?.wake())
    .afterCommit('job.queued', () => runner.wake());
  attachEventBus(db.db, events);
  const runner = new JobRunner({ db: db.db, log: logger.child({ component: 'jobs' }), timeZone: config.brandTimezone });
  const bulk = new BulkIssueService({ db: db.db, campaigns, log: logger.child({ component: 'bulk-issue' }) });
  runner.define(BULK_ISSUE_JOB, bulk.jobKind()).define(BIRTHDAY_PACKS_JOB, birthdayPacksJob(campaigns)).schedule(birthdayPacksSchedule());
  const roles = new RolesService(db.db, () => auth.forgetActors());
  const storeService = new StoreService(db.db);
  const auth = new AuthService({
    db: db.db,
    config,
    lineApiBaseUrl: lineApiBase ?? 'https://api.line.me',
    sessionTtlMs: config.sessionTtlSeconds * 1000,
  });
  const sandbox = config.sandbox ? createSandbox(config, () => `${origin}/webhook`) : undefined;
  if (sandbox && (options.seedDemo ?? config.sandboxOptions.seedDemo)) seedDemo(db.db, sandbox.state, coupons);

  const webhook = new WebhookProcessor(db.db, { config, line, members, links, log: logger.child({ component: 'webhook' }) });
  // Cookies are parsed for /api by the app (before the cross-site check).
  const api = Router();
  bind(api, contract.getConfig, () => ({ sandbox: config.sandbox, liffId: config.liffId, brandName: config.brandName, timezone: config.brandTimezone }));
  // Signing in must work with a stale cookie, so it comes before authentication.
  api.use(createAuthRouter({ auth, members, secureCookies: !config.sandbox }));
  bind(api, contract.partnerOpenApi, () => buildOpenApi(links.baseUrl));
  bind(api, contract.apiOpenApi, () => buildApiOpenApi(links.baseUrl));
  api.use(authenticate(auth, apiKeys));
  api.use(createMemberRouter({ members, roles, auth }));
  api.use(createNotificationConsoleRouter({ notifications, apiKeys }));
  api.use(createPartnerRouter({ notifications }));
  api.use(createCouponRouter({ coupons }));
  api.use(createCampaignRouter({ campaigns, bulk }));
  api.use(createStoreRouter({ stores: storeService }));
  api.use(createAuditRouter({ db: db.db }));
  api.use(createJobsRouter({ jobs: new JobsService(db.db) }));

  const app = createApp({
    logger,
    sandbox: config.sandbox,
    trustProxy: config.trustProxy,
    publicBaseUrl: config.publicBaseUrl,
    health: () => {
      try {
        db.sqlite.prepare('select 1').get();
        return { ok: true, db: 'ok' };
      } catch {
        return { ok: false, db: 'unavailable' };
      }
    },
    webhook: createWebhookRouter(config.channelSecret, webhook),
    api,
    ...(sandbox ? { lineApi: sandbox.lineApi, sandboxControls: sandbox.controls } : {}),
  });
  server.on('request', app);
  if (config.notify.dispatcher) {
    dispatcher = createDispatcher({ config, db: db.db, line, links, log: logger });
    dispatcher.start();
  }
  if (config.workers) runner.start();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await webhook.idle();
      await runner.stop();
      await dispatcher?.stop();
      db.close();
      logger.info('server stopped');
    })();
    return closing;
  };

  return { config, origin, port, server, db, logger, sandbox, webhook, services: { members, roles, stores: storeService, auth, notifications, apiKeys, coupons, campaigns, bulk }, line, dispatcher: () => dispatcher, runner, close };
}

/** Prints where to go, for a person who just ran `npm start`. */
export function printUrls(running: RunningServer): void {
  const base = running.config.publicBaseUrl ?? `http://localhost:${running.port}`;
  const lines = running.config.sandbox
    ? [
        '',
        `  ${running.config.brandName} · LINE 會員票券平台（sandbox 模式，無需 LINE 憑證）`,
        '',
        `  首頁 Landing        ${base}/`,
        `  LINE 聊天模擬器     ${base}/sandbox`,
        `  會員 App (LIFF)     ${base}/app`,
        `  品牌後台 Console    ${base}/console`,
        `  Webhook             ${base}/webhook`,
        '',
      ]
    : ['', `  Webhook URL (set it in the LINE Developers console): ${base}/webhook`, `  LIFF endpoint URL: ${base}/`, `  Console: ${base}/console`, ''];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Runs the server as a process: readable config errors, SIGTERM/SIGINT shut down gracefully. */
export async function runMain(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const running = await startServer(config);
  printUrls(running);
  const shutdown = (signal: string) => {
    running.logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (import.meta.main) await runMain();
