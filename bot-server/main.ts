// First: SIGTERM/SIGINT are caught from the process's first moment, not only once the server is up (ops/shutdown-signals.ts).
import { catchShutdownSignals, onShutdownSignal, shutdownRequested } from './ops/shutdown-signals.ts';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { createPointsRouter } from './points/points.routes.ts';
import { PointsService } from './points/points.service.ts';
import { createTierRouter } from './tiers/tier.routes.ts';
import { TIER_BIRTHDAY_JOB, TIER_EVALUATION_JOB, TierService } from './tiers/tier.service.ts';
import type { TierLookup } from './tiers/tier-lookup.port.ts';
import { createMissionRouter } from './missions/mission.routes.ts';
import { Checkout } from './mall/checkout.service.ts';
import { createMallRouter } from './mall/mall.routes.ts';
import { ORDER_RELEASE_JOB, PAYMENT_RECONCILE_JOB, orderReleaseJob, orderReleaseSchedule, paymentReconcileJob, paymentReconcileSchedule } from './mall/order-release.job.ts';
import { ProductService } from './mall/product.service.ts';
import { FulfilmentService } from './mall/fulfilment.service.ts';
import { MallReportService } from './mall/mall-report.service.ts';
import { createMallAfterSaleRouter } from './mall/refund.routes.ts';
import { MALL_REFUND_JOB, RefundService } from './mall/refund.service.ts';
import { MissionService } from './missions/mission.service.ts';
import { POINTS_EXPIRY_JOB, POINTS_REMINDER_JOB, POINTS_UNLOCK_JOB, pointsExpiryJob, pointsExpirySchedule, pointsReminderJob, pointsReminderSchedule, pointsUnlockJob, pointsUnlockSchedule } from './points/points.jobs.ts';
import { createAuditRouter } from './audit/audit.routes.ts';
import { AuditService } from './audit/audit.service.ts';
import { birthdayPacksJob, birthdayPacksSchedule, BIRTHDAY_PACKS_JOB } from './campaigns/birthday-packs.job.ts';
import { BULK_ISSUE_JOB, BULK_SCHEDULE_JOB, BulkIssueService } from './campaigns/bulk-issue.ts';
import { messageQuotaReader } from './notifications/quota.ts';
import { createReportingRouter } from './reporting/reporting.routes.ts';
import { ReportingService } from './reporting/reporting.service.ts';
import { createCampaignRouter } from './campaigns/campaign.routes.ts';
import { CampaignService } from './campaigns/campaign.service.ts';
import { createCouponRouter } from './coupons/coupon.routes.ts';
import { CouponService } from './coupons/coupon.service.ts';
import { loadQrSecret } from './coupons/qr-token.ts';
import { COUPON_REMINDERS_JOB, CouponExpiryReminders, couponRemindersSchedule } from './coupons/expiry-reminders.ts';
import { createCouponRemindersRouter } from './coupons/expiry-reminders.routes.ts';
import { PASS_RENEWALS_JOB, PassRenewalReminders, passRenewalsSchedule } from './coupons/pass-renewals.ts';
import { mallPassProducts } from './mall/pass-product.adapter.ts';
import { authenticate } from './auth/auth.middleware.ts';
import { createAuthRouter } from './auth/auth.routes.ts';
import { AuthService } from './auth/auth.service.ts';
import { createJobsRouter } from './jobs/jobs.routes.ts';
import { JobsService } from './jobs/jobs.service.ts';
import { JobRunner } from './jobs/runner.ts';
import { announcePresence } from './ops/presence.ts';
import { createMetrics, listenMetrics, serveMetrics, type Metrics } from './ops/metrics.ts';
import { BACKUP_JOB, backupJob, backupSchedule } from './ops/backup.job.ts';
import { giftReturnsJob, giftReturnsSchedule, GIFT_RETURNS_JOB } from './transfers/gift-returns.job.ts';
import { createTransferRouter } from './transfers/transfer.routes.ts';
import { TransferService } from './transfers/transfer.service.ts';
import { createMemberRouter } from './members/member.routes.ts';
import { createMemberCardRouter } from './members/member-card.routes.ts';
import { loadMemberCardSecret, MemberCards } from './members/member-card.service.ts';
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
import { startCheckpointer } from './db/checkpointer.ts';
import { observeGroupCommit } from './db/group-commit.ts';
import { seedDemo } from './demo/seed.ts';
import { seedShowcase, seedShowcaseGift, seedShowcaseMission, showcaseRedemptionCode } from './demo/showcase.ts';
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
import { MitakeSmsSender } from './mobiles/mitake.ts';
import { createMobileRouter } from './mobiles/mobile.routes.ts';
import { MobileVerification } from './mobiles/mobile-verification.service.ts';
import { createReferralRouter } from './referrals/referral.routes.ts';
import { ReferralService } from './referrals/referral.service.ts';
import type { DescribeWelcome } from './members/welcome.port.ts';
import { createSandbox, SANDBOX_LINEPAY_CREDENTIALS, SANDBOX_SMS_CREDENTIALS, type Sandbox } from './sandbox/index.ts';
import { LinePayProvider } from './payments/linepay.ts';
import type { PaymentProvider } from './payments/payment-provider.ts';
import { createRichMenuRouter } from './richmenus/richmenu.routes.ts';
import { seedDemoRichMenu } from './richmenus/demo.ts';
import { RICH_MENU_PUBLISH_JOB, RICH_MENU_RELINK_JOB, RICH_MENU_TICK_JOB, RichMenuService } from './richmenus/richmenu.service.ts';

export interface RunningServer {
  config: Config;
  /** http://127.0.0.1:<port>, what this process calls itself on. */
  origin: string;
  port: number;
  server: Server;
  db: DbHandle;
  logger: Logger;
  sandbox: Sandbox | undefined;
  /** Mall payments (payments/README.md): LINE Pay, the sandbox's stand-in, or undefined when PAYMENT_PROVIDER is not set. */
  payments: PaymentProvider | undefined;
  webhook: WebhookProcessor;
  services: { members: MemberService; roles: RolesService; stores: StoreService; auth: AuthService; notifications: NotificationService; apiKeys: ApiKeyService; coupons: CouponService; campaigns: CampaignService; bulk: BulkIssueService; memberLookup: MemberCards; couponReminders: CouponExpiryReminders; transfers: TransferService; points: PointsService; verification: MobileVerification; referrals: ReferralService; tiers: TierService; tierLookup: TierLookup; missions: MissionService; mallProducts: ProductService; checkout: Checkout; mallRefunds: RefundService; mallFulfilment: FulfilmentService; mallReport: MallReportService; richMenus: RichMenuService };
  line: LineClient;
  dispatcher: () => Dispatcher | undefined;
  /** The job runner (bulk issuing, schedules); started when WORKERS is on. */
  runner: JobRunner;
  /** Prometheus metrics (ops/metrics.ts). */
  metrics: Metrics;
  /** Stops accepting, finishes in-flight requests and events, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Seed the demo brand in sandbox mode (default: config.sandboxOptions.seedDemo). */
  seedDemo?: boolean;
  /** With the demo, also the showcase `npm start` opens with (demo/showcase.ts): campaigns, codes, the welcome coupon. */
  showcase?: boolean;
}

/** Composition root: config -> db -> services -> http + workers. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  logger.info(describeConfig(config), config.sandbox ? 'starting in SANDBOX mode: LINE is simulated by this server (no credentials set)' : 'starting in PRODUCTION mode: talking to LINE');

  // Durable commits by default (DB_SYNCHRONOUS), checkpoints in the background rather than in a committing request.
  const db = openDatabase(config.databasePath, { busyTimeoutMs: config.dbBusyTimeoutMs, synchronous: config.dbSynchronous, autoCheckpoint: false });
  migrateDatabase(db);
  const checkpointer = startCheckpointer(db.sqlite, { intervalMs: config.dbCheckpointIntervalMs, busyTimeoutMs: config.dbBusyTimeoutMs });
  // `npm run restore` refuses while this marker names a running process (ops/presence.ts).
  const withdrawPresence = announcePresence(config.databasePath, 'server');

  const server = createServer({ maxHeaderSize: MAX_HEADER_SIZE });
  // Idle keep-alive sockets are closed by the CLIENT first: Node's 5 s default raced clients that
  // reuse a socket just as the server closes it (ECONNRESET). Undici (fetch) keeps an idle socket
  // for the server's Keep-Alive hint minus 2 s on a clock that advances only 0.5 s per tick of a
  // busy event loop, so under load it outlives 5 s; reverse proxies (nginx, ALB) idle at 60 s.
  // 65 s outlasts both; the headers timeout must exceed it (Node's guidance).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
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
  // What the welcomes may promise (members/welcome.port.ts): the campaigns domain's welcome and
  // birthday offers, and points only while the brand has them switched on.
  const describeWelcome: DescribeWelcome = (tx, memberId) => ({ ...campaigns.welcomeOffers(tx, memberId), points: points.isEnabled() });
  const members = new MemberService(db.db, config.adminLineUserIds, describeWelcome);
  const apiKeys = new ApiKeyService(db.db);
  const notifications = new NotificationService({ db: db.db, config, line, links });
  const coupons = new CouponService({ db: db.db, config, qrSecret: loadQrSecret(db.db) });
  // The member card, and the MemberLookup port (members/member-lookup.port.ts) other domains find members by.
  const memberLookup = new MemberCards({ db: db.db, secret: loadMemberCardSecret(db.db), stores: coupons.catalogue });
  // Points find the member a POS names through the MemberLookup port (members/member-lookup.port.ts).
  const points = new PointsService({ db: db.db, config, members: memberLookup, stores: coupons.catalogue });
  const couponReminders = new CouponExpiryReminders({ db: db.db, config, catalogue: coupons.catalogue });
  // Subscription passes' renewal reminders: N days (the reminder settings) before a pass ends, and on its last day.
  const passRenewals = new PassRenewalReminders({ db: db.db, config, catalogue: coupons.catalogue, daysBefore: () => couponReminders.settings().renewalDaysBefore });
  // Campaigns issue through the coupons domain's port (coupons/issuing.port.ts), never its service,
  // and spend points for 以點換券 offers through the points domain's port (points/spending.port.ts).
  // Tiers (會員等級): gifts go through the campaigns' offer issuing (a template or a bundle, itself
  // through the coupons issuing port); the points earn rules ask the tier's multiplier; campaigns
  // (tier-only offers) and missions read tiers through the TierLookup port.
  const tiers: TierService = new TierService({
    db: db.db,
    timeZone: config.brandTimezone,
    gifts: {
      issueInTx: (tx, offer, memberId, source, sourceRef, now): number[] => campaigns.issueOfferInTx(tx, offer, memberId, { kind: 'system', label: 'worker' }, source, sourceRef, now).map((c) => c.id),
      describe: (offer, lang) => ('templateId' in offer ? coupons.issuing.templateName(offer.templateId, lang) : campaigns.offerName({ templateId: null, bundleId: offer.bundleId })),
    },
  });
  const tierLookup: TierLookup = tiers.lookup;
  points.setTierMultiplier((memberId) => tiers.multiplierOf(memberId));
  const campaigns: CampaignService = new CampaignService({ db: db.db, config, coupons: coupons.issuing, points: points.spending, tiers: tierLookup });
  const transfers = new TransferService({ db: db.db, config, links });
  // The wallet's 「可轉贈」 follows the transfers domain's rule (coupons/gift-eligibility.port.ts).
  coupons.wallet.useGiftEligibility(transfers.eligibility);
  // SMS one-time codes (mobiles/): Mitake, or in sandbox mode the sandbox's Mitake stand-in on this server, over HTTP.
  const sms =
    config.sms.provider === 'mitake'
      ? new MitakeSmsSender({ username: config.sms.username, password: config.sms.password, baseUrl: config.sms.baseUrl })
      : config.sms.provider === 'sandbox'
        ? new MitakeSmsSender({ ...SANDBOX_SMS_CREDENTIALS, baseUrl: `${origin}/sandbox/sms/mitake` })
        : null;
  if (!sms) logger.warn('SMS_PROVIDER is not set: one-time codes cannot be sent, so nobody can register or verify a mobile number');
  // Mall payments (payments/): LINE Pay Online API v3, or in sandbox mode the sandbox's LINE Pay stand-in on this server, over HTTP.
  const payments: PaymentProvider | undefined =
    config.payments.provider === 'linepay'
      ? new LinePayProvider({ channelId: config.payments.channelId, channelSecret: config.payments.channelSecret, baseUrl: config.payments.baseUrl })
      : config.payments.provider === 'sandbox'
        ? new LinePayProvider({ ...SANDBOX_LINEPAY_CREDENTIALS, baseUrl: `${origin}/sandbox/linepay` })
        : undefined;
  if (!payments) logger.warn('PAYMENT_PROVIDER is not set: the mall cannot take LINE Pay payments (only zero-amount orders)');
  const verification = new MobileVerification({ db: db.db, sender: sms, brandName: config.brandName, log: logger.child({ component: 'sms' }) });
  members.requireMobileCodes(verification);
  // Referrals issue through the coupons domain's port too, and react to events only.
  const referrals = new ReferralService({ db: db.db, config, coupons: coupons.issuing, links });
  // Missions (闖關) reward through ports only: points (points/awarding.port.ts), coupons and bundles
  // (coupons/issuing.port.ts); they read a sale's lines through points/purchase-facts.port.ts and
  // a "tier" audience through the TierLookup port.
  const missions = new MissionService({ db: db.db, config, coupons: coupons.issuing, points: points.awarding, purchases: points.purchases, tiers: tierLookup });
  // Rich menus (圖文選單): per-tier audiences read tiers through the TierLookup port; LINE only through the LINE client.
  const richMenus = new RichMenuService({ db: db.db, config, line, links, tiers: tierLookup, log: logger.child({ component: 'richmenus' }) });
  // The mall (超級票券商城) issues through the coupons issuing port, takes points through the spending port, reads tiers through TierLookup and sends gift orders through the transfers' gift-sending port.
  const mallProducts = new ProductService({ db: db.db, coupons: coupons.issuing, tiers: tierLookup });
  // The renewal reminder's button opens the product that sold the pass (coupons/pass-product.port.ts).
  passRenewals.useProductLookup(mallPassProducts);
  const checkout = new Checkout({ db: db.db, payments, points: points.spending, coupons: coupons.issuing, tiers: tierLookup, gifts: transfers.sending, baseUrl: () => links.baseUrl, log: logger });
  // Mall after-sale (refund*, fulfilment*, mall-report*): refunds void tickets through the coupons issuing port, return points through
  // the spending port, call back pending gifts through the transfers' recall port, and refund LINE Pay through the payment provider.
  const mallRefunds = new RefundService({ db: db.db, config, coupons: coupons.issuing, points: points.spending, gifts: transfers.recall, payments, log: logger.child({ component: 'mall-refunds' }) });
  const mallFulfilment = new FulfilmentService({ db: db.db, config });
  const mallReport = new MallReportService({ db: db.db, config });
  // Who reacts to what (bot-server/events/README.md): in the publisher's transaction, or after it committed.
  const events = new EventBus({ onHookError: (error, event) => logger.error({ err: error, event: event.type }, 'after-commit hook failed') })
    .subscribe('member.registered', (tx, event) => campaigns.onRegistered(tx, event.memberId))
    .subscribe('member.registered', (tx, event) => referrals.onRegistered(tx, event))
    .subscribe('member.mobile_verified', (tx, event) => referrals.onMobileVerified(tx, event))
    .subscribe('gift.sent', (tx, event) => referrals.onGiftSent(tx, event))
    .subscribe('coupon.redeemed', (tx, event) => referrals.onRedeemed(tx, event))
    .subscribe('coupon.redemption_reversed', (tx, event) => referrals.onRedemptionReversed(tx, event))
    // A coupon used up, voided or given away leaves an expiry reminder not sent yet.
    .subscribe('coupon.redeemed', (tx, event) => couponReminders.onCouponChanged(tx, event.couponId, 'redeemed'))
    .subscribe('coupon.voided', (tx, event) => couponReminders.onCouponChanged(tx, event.couponId, 'voided'))
    .subscribe('gift.accepted', (tx, event) => couponReminders.onCouponChanged(tx, event.couponId, 'transferred'))
    // A pass renewed (a later pass of the same template) stops the older one's renewal reminders not sent yet.
    .subscribe('coupon.issued', (tx, event) => passRenewals.onCouponIssued(tx, event))
    // Gifts held for a number go to the member who just verified it (their 收到的禮物 inbox).
    .subscribe('member.mobile_verified', (tx, event) => transfers.onMobileVerified(tx, event))
    // A purchase that crosses the next threshold upgrades the member in its own transaction.
    .subscribe('purchase.recorded', (tx, event) => tiers.onPurchase(tx, event))
    // Missions move in the event's transaction, and a completing event grants the reward in it.
    .subscribe('purchase.recorded', (tx, event) => missions.onPurchaseRecorded(tx, event))
    .subscribe('purchase.refunded', (tx, event) => missions.onPurchaseRefunded(tx, event))
    .subscribe('coupon.redeemed', (tx, event) => missions.onCouponRedeemed(tx, event))
    .subscribe('coupon.redemption_reversed', (tx, event) => missions.onRedemptionReversed(tx, event))
    .subscribe('member.registered', (tx, event) => missions.onRegistered(tx, event))
    .subscribe('referral.qualified', (tx, event) => missions.onReferralQualified(tx, event))
    // A member's audience may change: registered, a new tier, a (re)follow → the relink job moves them to their menu.
    .subscribe('member.registered', (tx, event) => richMenus.onAudienceChanged(tx, event))
    .subscribe('tier.changed', (tx, event) => richMenus.onAudienceChanged(tx, event))
    .subscribe('member.followed', (tx, event) => richMenus.onAudienceChanged(tx, event))
    // A block: no relink is spent on them (a follow again asks one).
    .subscribe('member.unfollowed', (tx, event) => richMenus.onUnfollowed(tx, event))
    .afterCommit('notification.enqueued', () => dispatcher?.wake())
    .afterCommit('job.queued', () => runner.wake());
  attachEventBus(db.db, events);
  const runner = new JobRunner({ db: db.db, log: logger.child({ component: 'jobs' }), timeZone: config.brandTimezone });
  const bulk = new BulkIssueService({ db: db.db, campaigns, log: logger.child({ component: 'bulk-issue' }), timeZone: config.brandTimezone, quota: messageQuotaReader(line, db.db), quotaReserve: config.notify.quotaReserve });
  runner.define(BULK_ISSUE_JOB, bulk.jobKind()).define(BULK_SCHEDULE_JOB, bulk.scheduleJobKind()).define(BIRTHDAY_PACKS_JOB, birthdayPacksJob(campaigns)).schedule(birthdayPacksSchedule());
  runner.define(COUPON_REMINDERS_JOB, couponReminders.jobKind()).schedule(couponRemindersSchedule());
  runner.define(PASS_RENEWALS_JOB, passRenewals.jobKind()).schedule(passRenewalsSchedule());
  runner.define(GIFT_RETURNS_JOB, giftReturnsJob(transfers)).schedule(giftReturnsSchedule());
  runner.define(POINTS_UNLOCK_JOB, pointsUnlockJob()).schedule(pointsUnlockSchedule());
  runner.define(POINTS_EXPIRY_JOB, pointsExpiryJob() as never).schedule(pointsExpirySchedule());
  runner.define(POINTS_REMINDER_JOB, pointsReminderJob(points, config) as never).schedule(pointsReminderSchedule());
  runner.define(TIER_EVALUATION_JOB, tiers.evaluationJob() as never).schedule(tiers.evaluationSchedule());
  if (config.backups) runner.define(BACKUP_JOB, backupJob(db.sqlite, config.databasePath, config.backups)).schedule(backupSchedule(config.backups));
  runner.define(TIER_BIRTHDAY_JOB, tiers.birthdayJob() as never).schedule(tiers.birthdaySchedule());
  runner.define(ORDER_RELEASE_JOB, orderReleaseJob(checkout) as never).schedule(orderReleaseSchedule());
  runner.define(PAYMENT_RECONCILE_JOB, paymentReconcileJob(checkout)).schedule(paymentReconcileSchedule());
  runner.define(MALL_REFUND_JOB, mallRefunds.jobKind() as never);
  runner.define(RICH_MENU_PUBLISH_JOB, richMenus.publishJob() as never).define(RICH_MENU_RELINK_JOB, richMenus.relinkJob() as never).define(RICH_MENU_TICK_JOB, richMenus.tickJob()).schedule(richMenus.tickSchedule());
  const roles = new RolesService(db.db);
  const storeService = new StoreService(db.db);
  const auth = new AuthService({
    db: db.db,
    config,
    lineApiBaseUrl: lineApiBase ?? 'https://api.line.me',
    sessionTtlMs: config.sessionTtlSeconds * 1000,
  });
  const sandbox = config.sandbox ? createSandbox(config, { webhookUrl: () => `${origin}/webhook`, publicBaseUrl: () => links.baseUrl }) : undefined;
  if (sandbox && (options.seedDemo ?? config.sandboxOptions.seedDemo)) {
    seedDemo(db.db, sandbox.state, coupons);
    if (options.showcase) {
      seedShowcase(db.db, config.brandTimezone);
      await seedShowcaseGift(db.db, { transfers, actorOf: (member) => auth.actorFor(member) });
      seedShowcaseMission(db.db, config.brandTimezone);
      // The demo's 6-area rich menu, published by the job runner to the sandbox's LINE (richmenus/demo.ts).
      seedDemoRichMenu(db.db, richMenus);
    }
  }

  const webhook = new WebhookProcessor(db.db, { config, line, members, links, describeWelcome: () => describeWelcome(db.db, null), log: logger.child({ component: 'webhook' }) });
  // Cookies are parsed for /api by the app (before the cross-site check).
  const api = Router();
  bind(api, contract.getConfig, () => ({ sandbox: config.sandbox, liffId: config.liffId, brandName: config.brandName, timezone: config.brandTimezone, pointsEnabled: points.isEnabled() }));
  // Signing in must work with a stale cookie, so it comes before authentication.
  api.use(createAuthRouter({ auth, members, secureCookies: !config.sandbox }));
  bind(api, contract.partnerOpenApi, () => buildOpenApi(links.baseUrl));
  bind(api, contract.apiOpenApi, () => buildApiOpenApi(links.baseUrl));
  api.use(authenticate(auth, apiKeys));
  api.use(createMemberRouter({ members, roles }));
  api.use(createMemberCardRouter({ cards: memberLookup }));
  api.use(createNotificationConsoleRouter({ notifications, apiKeys }));
  api.use(createPartnerRouter({ notifications }));
  api.use(createCouponRouter({ coupons }));
  api.use(createCouponRemindersRouter({ reminders: couponReminders }));
  api.use(createCampaignRouter({ campaigns, bulk }));
  api.use(createStoreRouter({ stores: storeService }));
  const audit = new AuditService({ db: db.db, timeZone: config.brandTimezone });
  api.use(createAuditRouter({ audit }));
  api.use(createReportingRouter({ reporting: new ReportingService({ db: db.db, timeZone: config.brandTimezone, members, coupons, stores: storeService, audit }) }));
  api.use(createJobsRouter({ jobs: new JobsService(db.db) }));
  api.use(createTransferRouter({ transfers }));
  api.use(createMobileRouter({ verification }));
  api.use(createReferralRouter({ referrals }));
  api.use(createPointsRouter({ points }));
  api.use(createTierRouter({ tiers }));
  api.use(createRichMenuRouter({ richMenus, workers: config.workers }));
  api.use(createMissionRouter({ missions }));
  api.use(createMallRouter({ products: mallProducts, checkout }));
  api.use(createMallAfterSaleRouter({ refunds: mallRefunds, fulfilment: mallFulfilment, report: mallReport }));

  // Prometheus metrics: /metrics on the public port behind METRICS_TOKEN (open in sandbox mode), and/or on METRICS_PORT.
  const metrics = createMetrics({ db: db.db, databasePath: config.databasePath });
  observeGroupCommit(db.db, metrics.observeBatch);
  const metricsServer = config.metrics.port ? await listenMetrics(metrics, { port: config.metrics.port, host: config.metrics.host }) : undefined;
  const app = createApp({
    logger,
    metrics: { middleware: metrics.middleware, ...(config.metrics.token || config.sandbox ? { serve: serveMetrics(metrics, config.metrics.token) } : {}) },
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
  // A SIGTERM during startup (ops/shutdown-signals.ts): no job is started only to be handed back.
  if (config.workers && !shutdownRequested()) runner.start();

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // A keep-alive connection whose response finishes after close() stays open for keepAliveTimeout
      // (65 s) and holds close() up: each is closed as soon as it goes idle.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      // The runner and the dispatcher stop at the same time as the server, not after it: in sandbox
      // mode they are this server's own clients (its LINE stand-in), so a job or send still going
      // kept connections busy until the force timer. A job stops at its next pause() and is handed back.
      await Promise.all([closed.then(() => webhook.idle()), runner.stop(), dispatcher?.stop()]);
      clearInterval(sweep);
      clearTimeout(force);
      checkpointer.stop();
      db.close();
      withdrawPresence();
      metricsServer?.close();
      logger.info('server stopped');
    })();
    return closing;
  };

  return { config, origin, port, server, db, logger, sandbox, payments, webhook, services: { members, roles, stores: storeService, auth, notifications, apiKeys, coupons, campaigns, bulk, memberLookup, couponReminders, transfers, points, verification, referrals, tiers, tierLookup, missions, mallProducts, checkout, mallRefunds, mallFulfilment, mallReport, richMenus }, line, dispatcher: () => dispatcher, runner, metrics, close };
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
        ...demoCodeLines(running),
        '',
      ]
    : ['', `  Webhook URL (set it in the LINE Developers console): ${base}/webhook`, `  LIFF endpoint URL: ${base}/`, `  Console: ${base}/console`, ''];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Runs the server as a process: readable config errors, SIGTERM/SIGINT shut down gracefully. */
/** The banner's tour hint: a redemption code of the showcase that still works, to type in 領券中心. */
function demoCodeLines(running: RunningServer): string[] {
  const code = showcaseRedemptionCode(running.db.db);
  return code ? ['', `  兌換碼 Redemption code  ${code}   （以王小明開啟 /app/claim 輸入 · type it in /app/claim as 王小明）`] : [];
}

export async function runMain(options: Pick<StartOptions, 'showcase'> = {}): Promise<void> {
  // Already installed when main.ts or start.ts is the entry; idempotent.
  catchShutdownSignals();
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
  const running = await startServer(config, options);
  printUrls(running);
  // A signal that arrived while starting is handed over here, and the server closes at once.
  onShutdownSignal((signal) => {
    running.logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

if (import.meta.main) await runMain();
