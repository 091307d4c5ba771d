import type { Logger } from 'pino';
import { quietHoursEnd, type QuietHours } from '../../shared/dates.ts';
import { isNotificationKind, type NotificationKind } from '../../shared/notifications/kinds.ts';
import { renderNotification, toFlexMessage, type Lang, type NotificationTemplate } from '../../shared/notifications/render.ts';
import type { Db } from '../db/client.ts';
import { JobLoop, type LoopJob } from '../jobs/loop.ts';
import { writeFlag } from '../runtime-flags/runtime-flags.repo.ts';
import type { LineClient, LineMessage } from '../line/line-client.ts';
import type { Links } from '../links.ts';
import { prepareClaim, prepareOutboxWrites, prepareRecipientLookup, reclaimExpiredLeases, type OutboxRow } from './outbox.repo.ts';
import { findTemplate } from './template.repo.ts';

export interface DispatcherOptions {
  db: Db;
  line: LineClient;
  links: Links;
  log: Logger;
  brandName: string;
  timeZone: string;
  /** Pushes a second, kept below LINE's 2,000/s. */
  ratePerSecond: number;
  /** Pushes in flight at once. */
  concurrency: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  leaseMs: number;
  quietHours: QuietHours | null;
  /** Marketing stops when fewer messages than this are left in the month. */
  quotaReserve: number;
  quotaCheckIntervalMs: number;
  /** The job loop's lease holder name (default: this process). */
  owner?: string;
}

/** The dispatcher's kind among the runner's jobs: one running row per dispatching process. */
export const DISPATCHER_JOB = 'dispatcher';

export interface QuotaState {
  checkedAt: string;
  limit: number | null;
  used: number;
  marketingPaused: boolean;
}

export const QUOTA_FLAG = 'dispatcher.quota';

/** The delivery log's reason for a marketing message the member chose not to receive. */
export const MARKETING_OPTED_OUT = 'member turned marketing messages off';

/** Token bucket with small bursts (1/20 s worth): sends are taken in batches, not one timer each. */
class RateLimiter {
  private tokens: number;
  private last = performance.now();
  private readonly rate: number;
  private readonly burst: number;
  constructor(rate: number) {
    this.rate = rate;
    this.burst = Math.max(1, Math.floor(rate / 20));
    this.tokens = this.burst;
  }
  /** Up to `max` sends allowed now (possibly 0). */
  takeUpTo(max: number): number {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    const n = Math.min(max, Math.floor(this.tokens));
    this.tokens -= n;
    return n;
  }
  /** Milliseconds until at least one send is allowed. */
  waitMs(): number {
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
  }
  /** Gives back sends taken but not used (fewer rows were due). */
  giveBack(n: number): void {
    this.tokens = Math.min(this.burst, this.tokens + n);
  }
}

/**
 * Sends the outbox: claims due rows (transactional first), renders each with the brand's
 * template, pushes with the row id as X-Line-Retry-Key, and records the outcome. Retries 5xx,
 * timeouts and 429 with backoff; 409 means LINE already has it; other 4xx fail at once. It is a
 * long-running job kind of the job runner: a JobLoop drives `tick` (one claim-and-send pass)
 * and lists the dispatcher among the jobs; several dispatchers are safe together through the
 * outbox rows' leases and the retry keys.
 */
export class Dispatcher implements LoopJob {
  private readonly o: DispatcherOptions;
  private readonly limiter: RateLimiter;
  private readonly claim: ReturnType<typeof prepareClaim>;
  private readonly writes: ReturnType<typeof prepareOutboxWrites>;
  private readonly memberStmt;
  private readonly loop: JobLoop;
  private inFlight = 0;
  private readonly inFlightDone = new Set<Promise<void>>();
  private templates = new Map<string, { template: NotificationTemplate; at: number }>();
  private quota: QuotaState = { checkedAt: new Date(0).toISOString(), limit: null, used: 0, marketingPaused: false };
  private lastQuotaCheck = 0;
  private lastReclaim = 0;

  constructor(options: DispatcherOptions) {
    this.o = options;
    this.limiter = new RateLimiter(options.ratePerSecond);
    this.claim = prepareClaim(options.db);
    this.writes = prepareOutboxWrites(options.db);
    this.memberStmt = prepareRecipientLookup(options.db);
    this.loop = new JobLoop({ kind: DISPATCHER_JOB, job: this, db: options.db, log: options.log, ...(options.owner ? { owner: options.owner } : {}) });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming and waits for the sends in flight to be recorded. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Called after a feature enqueues, so a notification goes out without waiting for the poll. */
  wake(): void {
    this.loop.wake();
  }

  /** For the loop: the sends still in flight once it stopped ticking. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlightDone]);
  }

  /** For the console: what is in flight and whether marketing is paused. */
  progress(): Record<string, unknown> {
    return { inFlight: this.inFlight, marketingPaused: this.quota.marketingPaused };
  }

  quotaState(): QuotaState {
    return this.quota;
  }

  /**
   * One pass: reclaims rows left by a dead dispatcher, checks the quota now and then, claims as
   * many due rows as the rate and the free slots allow and starts sending them. Resolves to how
   * long the loop waits before the next pass (0: at once; a new notification wakes it sooner).
   */
  async tick(): Promise<number> {
    const now = Date.now();
    if (now - this.lastReclaim > Math.min(5000, this.o.leaseMs / 2)) {
      const reclaimed = reclaimExpiredLeases(this.o.db, new Date(now));
      if (reclaimed > 0) this.o.log.warn({ reclaimed }, 'resuming notifications left mid-send');
      this.lastReclaim = now;
    }
    if (now - this.lastQuotaCheck > this.o.quotaCheckIntervalMs) await this.checkQuota();
    const room = this.o.concurrency - this.inFlight;
    if (room <= 0) {
      await Promise.race(this.inFlightDone);
      return 0;
    }
    const allowed = this.limiter.takeUpTo(room);
    if (allowed === 0) return this.limiter.waitMs();
    const rows = this.claim.all({
      now: now,
      leaseUntil: now + this.o.leaseMs,
      maxPriority: this.quota.marketingPaused ? 0 : 1,
      limit: allowed,
    }) as OutboxRow[];
    if (rows.length < allowed) this.limiter.giveBack(allowed - rows.length);
    if (rows.length === 0) return 100;
    for (const row of rows) {
      this.inFlight += 1;
      const done: Promise<void> = this.deliver(row)
        .catch((error: unknown) => this.o.log.error({ err: error, outboxId: row.id }, 'delivery crashed'))
        .finally(() => {
          this.inFlight -= 1;
          this.inFlightDone.delete(done);
        });
      this.inFlightDone.add(done);
    }
    return 0;
  }

  private template(kind: NotificationKind): NotificationTemplate {
    const cached = this.templates.get(kind);
    if (cached && Date.now() - cached.at < 2000) return cached.template;
    const template = findTemplate(this.o.db, kind);
    this.templates.set(kind, { template, at: Date.now() });
    return template;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const { db, log } = this.o;
    const now = new Date();
    const member = this.memberStmt.get({ id: row.memberId });
    if (!member) return this.writes.finish(row.id, { status: 'skipped', reason: 'member no longer exists', at: now });
    if (member.status === 'blocked') return this.writes.finish(row.id, { status: 'skipped', reason: 'member blocked the account', at: now });
    if (!member.isFollowing) return this.writes.finish(row.id, { status: 'skipped', reason: 'member is not a friend of the account', at: now });
    // Checked at send time, whatever enqueued the row (a feature, a bulk job, a partner), so a
    // member's later change of mind reaches what is already queued. Transactional rows go on.
    if (row.priority > 0 && member.marketingOptIn === false) return this.writes.finish(row.id, { status: 'skipped', reason: MARKETING_OPTED_OUT, at: now });
    if (!isNotificationKind(row.kind)) return this.writes.finish(row.id, { status: 'failed', reason: `unknown kind ${row.kind}`, at: now });
    const template = this.template(row.kind);
    if (!template.enabled) return this.writes.finish(row.id, { status: 'skipped', reason: 'template turned off', at: now });
    if (row.priority > 0 && this.o.quietHours) {
      const until = quietHoursEnd(now, this.o.quietHours, this.o.timeZone);
      if (until) return this.writes.reschedule(row.id, until, 'deferred: quiet hours', false);
    }
    const lang: Lang = member.language?.startsWith('en') ? 'en' : 'zh-TW';
    const variables = { memberName: member.name ?? member.displayName, ...row.variables };
    const rendered = renderNotification(
      template,
      variables,
      { lang, timeZone: this.o.timeZone, brandName: this.o.brandName, liffUrl: (p) => this.o.links.liff(p) },
      row.cta ?? undefined,
    );
    const message = toFlexMessage(rendered, this.o.brandName) as unknown as LineMessage;
    const outcome = await this.o.line.push(member.lineUserId, [message], row.id);
    const at = new Date();
    if (outcome.ok) {
      return this.writes.finish(row.id, { status: 'sent', reason: outcome.status === 409 ? 'LINE had already accepted this retry key (409)' : null, at });
    }
    if (outcome.status === 429 && /monthly limit/i.test(outcome.reason)) {
      this.lastQuotaCheck = 0;
    }
    if (outcome.retryable && row.attempts < this.o.maxAttempts) {
      const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (row.attempts - 1));
      const delay = Math.max(outcome.retryAfterMs ?? 0, Math.round(exp / 2 + Math.random() * (exp / 2)));
      log.debug({ outboxId: row.id, attempts: row.attempts, delay, reason: outcome.reason }, 'push will be retried');
      return this.writes.reschedule(row.id, new Date(at.getTime() + delay), `retrying after ${outcome.reason}`);
    }
    log.warn({ outboxId: row.id, kind: row.kind, reason: outcome.reason, attempts: row.attempts }, 'notification failed');
    return this.writes.finish(row.id, { status: 'failed', reason: outcome.reason, at });
  }

  /** Reads LINE's monthly quota; marketing pauses before it runs out, transactional goes on. */
  async checkQuota(): Promise<QuotaState> {
    this.lastQuotaCheck = Date.now();
    try {
      const [quota, consumption] = await Promise.all([this.o.line.api.getMessageQuota(), this.o.line.api.getMessageQuotaConsumption()]);
      const limit = quota.type === 'limited' ? (quota.value ?? null) : null;
      const used = consumption.totalUsage;
      const marketingPaused = limit !== null && limit - used <= this.o.quotaReserve;
      if (marketingPaused !== this.quota.marketingPaused) {
        this.o.log.warn({ limit, used, reserve: this.o.quotaReserve }, marketingPaused ? 'marketing notifications paused: monthly quota nearly used' : 'marketing notifications resumed');
      }
      this.quota = { checkedAt: new Date().toISOString(), limit, used, marketingPaused };
      const value = this.quota;
      writeFlag(this.o.db, QUOTA_FLAG, value);
    } catch (error) {
      this.o.log.warn({ err: error }, 'could not read the message quota');
    }
    return this.quota;
  }
}
