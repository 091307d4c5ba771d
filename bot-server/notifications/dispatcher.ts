import type { Logger } from 'pino';
import { quietHoursEnd, type QuietHours } from '../../shared/dates.ts';
import { isNotificationKind, type NotificationKind } from '../../shared/notifications/kinds.ts';
import { placeholdersIn, renderNotification, toFlexMessage, type Lang, type NotificationTemplate } from '../../shared/notifications/render.ts';
import type { Db } from '../db/client.ts';
import { JobLoop, type LoopJob } from '../jobs/loop.ts';
import { writeFlag } from '../runtime-flags/runtime-flags.repo.ts';
import type { LineClient, LineMessage } from '../line/line-client.ts';
import type { Links } from '../links.ts';
import { randomUUID } from 'node:crypto';
import { transact } from '../db/client.ts';
import { prepareDispatchClaim, prepareOutboxWrites, reclaimExpiredLeases, type DueRow, type OutboxWrite } from './outbox.repo.ts';
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
  /** Pushes and multicasts in flight at once. */
  concurrency: number;
  /** Multicast requests a second, kept below LINE's 200/s. */
  multicastRatePerSecond?: number;
  /**
   * A marketing message rendered identically for at least this many members goes out by
   * multicast (≤ 500 recipients a request) instead of one push each; 0 turns multicast off.
   */
  multicastMinRecipients?: number;
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

/** The most recipients LINE takes in one multicast request. */
export const MULTICAST_MAX_RECIPIENTS = 500;

/**
 * A token bucket: `rate` tokens a second, bursts up to `burstSeconds` worth. The loop asks how
 * many sends it may start now and, when none, exactly how long until enough are back — it
 * never polls.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  readonly rate: number;
  readonly burst: number;
  constructor(rate: number, burstSeconds = 0.05) {
    this.rate = rate;
    this.burst = Math.max(1, Math.floor(rate * burstSeconds));
    this.tokens = this.burst;
  }
  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
  /** Takes one token if there is one. */
  take(): boolean {
    if (this.tokens < 1) this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** Milliseconds until `n` tokens (at most the burst) are available. */
  msUntil(n = 1): number {
    this.refill();
    const want = Math.min(this.burst, Math.max(1, n));
    return this.tokens >= want ? 0 : Math.max(1, Math.ceil(((want - this.tokens) / this.rate) * 1000));
  }
}

/** A rendered message and what makes it the same as another member's (for multicast grouping). */
interface Rendered {
  message: LineMessage;
  /** Equal for two rows exactly when their messages are equal. */
  contentKey: string;
}

/** A claimed row: what sending and recording it needs (attempts counts this claim). */
interface OutboxRow {
  rid: number;
  id: string;
  kind: string;
  priority: number;
  attempts: number;
  multicastKey: string | null;
  /** Stored JSON text, parsed only when a render misses the cache. */
  variables: string;
  cta: string | null;
}

/** What one claim decided, applied to the queues once its transaction committed. */
interface Plan {
  claimed: number;
  pushes: PushSend[];
  batches: MulticastSend[];
  /** Rows to take (by rowid) with a new multicast key, or with none (`null`: keep any they have). */
  takes: { rids: number[]; key: string | null }[];
  /** Skips, failures and deferrals decided at claim time, written in the same transaction. */
  outcomes: OutboxWrite[];
  marketingRows: number;
  multicastRows: number;
}

interface PushSend {
  row: OutboxRow;
  to: string;
  message: LineMessage;
}

interface MulticastSend {
  key: string;
  rows: OutboxRow[];
  to: string[];
  message: LineMessage;
}

/**
 * Buffered writes are committed once this many are waiting, or after FLUSH_MS (at most an eighth
 * of the lease). At synchronous=FULL every commit is an fsync that blocks this process's event
 * loop (the web server's too) for milliseconds, so commits are few and large; a claim's
 * transaction takes the buffer along. A crash loses only buffered outcomes, which the retry keys
 * make safe to resend.
 */
const FLUSH_AT = 1024;
const FLUSH_MS = 100;
/**
 * The most rows one claim takes (keeps a tick's synchronous work, and the web server's wait,
 * short). A multicast blast was tried at 4,000: less CPU per recipient, but each claim held the
 * event loop twice as long, with no gain in delivery rate in the bench.
 */
const MAX_CLAIM = 2000;

/**
 * Sends the outbox: claims due rows (transactional first) in one transaction — one read joined
 * with the members, one UPDATE by rowid per new multicast batch and one for the rest, with the
 * buffered outcomes of earlier sends in the same commit — renders each with the brand's template
 * (cached per kind, template version, language and the raw values of the variables the template
 * uses), pushes with the row id as X-Line-Retry-Key, and records the outcomes in batches (few,
 * large commits, so the dispatcher does not pay an fsync per push at synchronous=FULL). Retries 5xx, timeouts and 429 with backoff honouring
 * Retry-After; 409 means LINE already has it; other 4xx fail at once.
 *
 * Multicast: marketing rows whose rendered message is identical for at least
 * `multicastMinRecipients` members go out by POST /v2/bot/message/multicast, ≤ 500 recipients a
 * request, at their own rate (LINE: 200 requests/s). Each batch gets a retry key that is written
 * on its rows by the claim's own UPDATE (and its rowids in outbox_multicasts, so its outcome is one
 * set-based UPDATE by rowid and no index on the key is kept per recipient), so it is committed (durably) before the request leaves; from then on the rows are claimed, retried and
 * finished together under that key, so a crash or a 5xx never splits or re-groups a batch (a
 * resend is the same request: LINE answers 409 if it had accepted it). A member who opted out,
 * blocked or unfollowed by the time of a (re)send is dropped from the batch and skipped.
 *
 * A crash loses only buffered outcomes: the rows stay `sending` until their lease expires, then
 * are resent with the same retry key and LINE's 409 records them as sent. The dispatcher is a
 * long-running job kind of the job runner (JobLoop drives `tick`); several dispatchers are safe
 * together through the outbox rows' leases and the retry keys.
 */
export class Dispatcher implements LoopJob {
  private readonly o: DispatcherOptions;
  private readonly pushBucket: TokenBucket;
  private readonly multicastBucket: TokenBucket;
  private readonly multicastMin: number;
  private readonly flushMs: number;
  private readonly claim: ReturnType<typeof prepareDispatchClaim>;
  private readonly writes: ReturnType<typeof prepareOutboxWrites>;
  private readonly loop: JobLoop;
  private inFlight = 0;
  private readonly inFlightDone = new Set<Promise<void>>();
  private readonly pushQueue: PushSend[] = [];
  private readonly multicastQueue: MulticastSend[] = [];
  private buffered: OutboxWrite[] = [];
  private bufferedSince = 0;
  /** Share (0..1, smoothed) of claimed marketing rows that went by multicast: claims grow while a blast is on. */
  private multicastShare = 0;
  private templates = new Map<string, { template: NotificationTemplate; at: number; fingerprint: string; version: number }>();
  private templateVersion = 0;
  private rendered = new Map<string, Rendered>();
  /** Rendered messages by the raw stored values they came from (skips parsing and re-keying a blast's identical rows). */
  private renderedRaw = new Map<string, Rendered>();
  private usedVariables = new Map<string, string[]>();
  private quota: QuotaState = { checkedAt: new Date(0).toISOString(), limit: null, used: 0, marketingPaused: false };
  private lastQuotaCheck = 0;
  private lastReclaim = 0;
  private readonly counters = { pushes: 0, multicasts: 0, multicastRecipients: 0, flushes: 0 };

  constructor(options: DispatcherOptions) {
    this.o = options;
    this.pushBucket = new TokenBucket(options.ratePerSecond);
    this.multicastBucket = new TokenBucket(options.multicastRatePerSecond ?? 190, 0.1);
    this.multicastMin = options.multicastMinRecipients ?? 10;
    this.flushMs = Math.max(1, Math.min(FLUSH_MS, Math.floor(options.leaseMs / 8)));
    this.claim = prepareDispatchClaim(options.db);
    this.writes = prepareOutboxWrites(options.db);
    this.loop = new JobLoop({ kind: DISPATCHER_JOB, job: this, db: options.db, log: options.log, ...(options.owner ? { owner: options.owner } : {}) });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming, waits for the sends in flight, gives back rows claimed but not sent, and records everything. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Called after a feature enqueues, so a notification goes out without waiting for the poll. */
  wake(): void {
    this.loop.wake();
  }

  /** For the loop: the sends still in flight once it stopped ticking; queued rows go back to pending. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlightDone]);
    const now = new Date();
    for (const send of this.pushQueue.splice(0)) this.record({ type: 'reschedule', id: send.row.id, dueAt: now, reason: null, countAttempt: false });
    for (const batch of this.multicastQueue.splice(0)) {
      for (const row of batch.rows) this.record({ type: 'reschedule', id: row.id, dueAt: now, reason: null, countAttempt: false });
    }
    this.flush();
  }

  /** For the console: what is in flight and whether marketing is paused. */
  progress(): Record<string, unknown> {
    return { inFlight: this.inFlight, queued: this.pushQueue.length + this.multicastQueue.length, marketingPaused: this.quota.marketingPaused, ...this.counters };
  }

  quotaState(): QuotaState {
    return this.quota;
  }

  /**
   * One pass: reclaims rows left by a dead dispatcher, checks the quota now and then, records
   * buffered outcomes, claims and prepares due rows when the queues run low, and starts as many
   * sends as the rate limits and free slots allow. Resolves to how long the loop waits before the
   * next pass (0: at once; a new notification or a finished send wakes it sooner).
   */
  async tick(): Promise<number> {
    const now = Date.now();
    if (now - this.lastReclaim > Math.min(5000, this.o.leaseMs / 2)) {
      const reclaimed = reclaimExpiredLeases(this.o.db, new Date(now));
      if (reclaimed > 0) this.o.log.warn({ reclaimed }, 'resuming notifications left mid-send');
      this.lastReclaim = now;
    }
    if (now - this.lastQuotaCheck > this.o.quotaCheckIntervalMs) await this.checkQuota();
    let claimedNone = false;
    if (this.pushQueue.length < this.pushLowWater() && this.multicastQueue.length < this.multicastLowWater()) {
      // The claim's transaction records the buffered outcomes too: one commit for both.
      claimedNone = this.fill(now) === 0;
    } else if (this.buffered.length >= FLUSH_AT || (this.buffered.length > 0 && now - this.bufferedSince >= this.flushMs)) {
      this.flush();
    }
    this.launch();

    if (this.buffered.length > 0 && this.buffered.length >= FLUSH_AT) return 0;
    let wait = claimedNone && this.pushQueue.length === 0 && this.multicastQueue.length === 0 ? 100 : Number.POSITIVE_INFINITY;
    if (this.inFlight < this.o.concurrency) {
      if (this.pushQueue.length > 0) wait = Math.min(wait, this.pushBucket.msUntil(Math.min(this.pushQueue.length, Math.ceil(this.o.ratePerSecond / 200))));
      if (this.multicastQueue.length > 0) wait = Math.min(wait, this.multicastBucket.msUntil(1));
    }
    if (!claimedNone && this.pushQueue.length < this.pushLowWater()) wait = Math.min(wait, 1);
    if (this.buffered.length > 0) wait = Math.min(wait, Math.max(1, this.flushMs - (Date.now() - this.bufferedSince)));
    // Waiting on a free slot: a finishing send wakes the loop.
    return Number.isFinite(wait) ? wait : 1000;
  }

  /** Pushes worth about a quarter second (and a small share of a lease) are kept ready. */
  private pushLowWater(): number {
    return Math.max(1, Math.floor(this.o.ratePerSecond * Math.min(0.25, this.o.leaseMs / 1000 / 8)));
  }

  private multicastLowWater(): number {
    return this.multicastMin > 0 ? Math.max(1, Math.floor((this.o.multicastRatePerSecond ?? 190) * 0.1)) : 1;
  }

  /**
   * One transaction (one commit, one fsync at synchronous=FULL) per claim: records the buffered
   * outcomes, reads the due rows joined with their members (raw values, one statement), checks
   * and renders them, and takes them with one UPDATE per new multicast batch (writing its retry
   * key, so the key is durable before the request leaves) and one for the rest; skips and
   * deferrals are written in the same transaction. Returns how many rows it claimed.
   */
  private fill(nowMs: number): number {
    const marketing = !this.quota.marketingPaused;
    const pushWant = Math.max(0, this.pushLowWater() * 2 - this.pushQueue.length);
    // While identical marketing messages are going out, claim whole multicast batches; otherwise a probe's worth.
    const multicastWant = marketing && this.multicastMin > 0 ? (this.multicastShare > 0.5 ? MAX_CLAIM : Math.min(MULTICAST_MAX_RECIPIENTS, this.pushLowWater())) : 0;
    const limit = Math.min(MAX_CLAIM, Math.max(1, pushWant + multicastWant));
    const leaseUntil = nowMs + this.o.leaseMs;
    const flushDue = this.buffered.length >= FLUSH_AT || (this.buffered.length > 0 && nowMs - this.bufferedSince >= this.flushMs);
    let writes: OutboxWrite[] = [];
    let plan: Plan;
    try {
      plan = transact(this.o.db, () => {
        const rows = this.claim.due({ now: nowMs, maxPriority: marketing ? 1 : 0, limit });
        // Buffered outcomes ride along when this commit happens anyway (rows claimed) or they are due.
        if (this.buffered.length > 0 && (rows.length > 0 || flushDue)) {
          writes = this.buffered;
          this.buffered = [];
          this.writes.apply(writes);
        }
        if (rows.length > 0) {
          const keys = new Set<string>();
          for (const r of rows) if (r[8] !== null) keys.add(r[8]);
          if (keys.size > 0) {
            const have = new Set(rows.map((r) => r[0]));
            for (const r of this.claim.siblings([...keys])) if (!have.has(r[0])) rows.push(r);
          }
        }
        const plan = this.plan(rows, nowMs);
        for (const take of plan.takes) this.claim.markSending(take.rids, take.key, nowMs, leaseUntil);
        if (plan.outcomes.length > 0) this.writes.apply(plan.outcomes);
        return plan;
      });
    } catch (error) {
      // Nothing was written or claimed; the outcomes wait for the next pass (leases hold their rows).
      this.buffered = writes.concat(this.buffered);
      this.bufferedSince = Date.now();
      throw error;
    }
    if (writes.length > 0) this.counters.flushes += 1;
    this.multicastQueue.push(...plan.batches);
    this.pushQueue.push(...plan.pushes);
    if (plan.marketingRows > 0) this.multicastShare = 0.5 * this.multicastShare + 0.5 * (plan.multicastRows / plan.marketingRows);
    return plan.claimed;
  }

  /**
   * Checks each due row at send time, renders it and sorts it into a push or a multicast batch
   * (no writes: `fill` takes the rows as planned inside its transaction).
   */
  private plan(rows: DueRow[], nowMs: number): Plan {
    const now = new Date(nowMs);
    const outcomes: OutboxWrite[] = [];
    const plain: number[] = [];
    const existing = new Map<string, MulticastSend>();
    const candidates = new Map<string, { sends: PushSend[]; rendered: Rendered }>();
    const pushes: PushSend[] = [];
    let quietUntil: Date | null | undefined;
    let marketingRows = 0;
    for (const r of rows) {
      const row: OutboxRow = { rid: r[0], id: r[1], kind: r[3], variables: r[4], cta: r[5], priority: r[6], attempts: r[7] + 1, multicastKey: r[8] };
      const lineUserId = r[13];
      const finish = (status: 'skipped' | 'failed', reason: string) => {
        plain.push(row.rid);
        outcomes.push({ type: 'finish', id: row.id, status, reason, at: now });
      };
      if (lineUserId === null) { finish('skipped', 'member no longer exists'); continue; }
      if (r[11] === 'blocked') { finish('skipped', 'member blocked the account'); continue; }
      if (!r[12]) { finish('skipped', 'member is not a friend of the account'); continue; }
      // Checked at send time, whatever enqueued the row (a feature, a bulk job, a partner), so a
      // member's later change of mind reaches what is already queued — and a multicast batch
      // being resent drops them. Transactional rows go on.
      if (row.priority > 0 && r[15] === 0) { finish('skipped', MARKETING_OPTED_OUT); continue; }
      if (!isNotificationKind(row.kind)) { finish('failed', `unknown kind ${row.kind}`); continue; }
      const template = this.template(row.kind);
      if (!template.template.enabled) { finish('skipped', 'template turned off'); continue; }
      if (row.priority > 0 && this.o.quietHours) {
        if (quietUntil === undefined) quietUntil = quietHoursEnd(now, this.o.quietHours, this.o.timeZone);
        if (quietUntil) {
          plain.push(row.rid);
          outcomes.push({ type: 'reschedule', id: row.id, dueAt: quietUntil, reason: 'deferred: quiet hours', countAttempt: false });
          continue;
        }
      }
      const lang: Lang = r[14]?.startsWith('en') ? 'en' : 'zh-TW';
      const rendered = this.render(template, row, lang, r[9] ?? r[10]);
      const send: PushSend = { row, to: lineUserId, message: rendered.message };
      if (row.multicastKey) {
        plain.push(row.rid);
        const batch = existing.get(row.multicastKey) ?? { key: row.multicastKey, rows: [], to: [], message: rendered.message };
        batch.rows.push(row);
        batch.to.push(lineUserId);
        existing.set(row.multicastKey, batch);
      } else if (row.priority > 0 && this.multicastMin > 0) {
        marketingRows += 1;
        const group = candidates.get(rendered.contentKey) ?? { sends: [], rendered };
        group.sends.push(send);
        candidates.set(rendered.contentKey, group);
      } else {
        plain.push(row.rid);
        pushes.push(send);
      }
    }
    const batches: MulticastSend[] = [...existing.values()];
    const takes: { rids: number[]; key: string | null }[] = [];
    let multicastRows = 0;
    for (const group of candidates.values()) {
      if (group.sends.length < this.multicastMin) {
        for (const send of group.sends) plain.push(send.row.rid);
        pushes.push(...group.sends);
        continue;
      }
      // ≤ 500 distinct recipients a request; a member twice in one send gets a push for the second row.
      let batch: MulticastSend | undefined;
      let rids: number[] = [];
      let seen = new Set<string>();
      for (const send of group.sends) {
        if (seen.has(send.to)) {
          plain.push(send.row.rid);
          pushes.push(send);
          continue;
        }
        if (!batch || batch.rows.length >= MULTICAST_MAX_RECIPIENTS) {
          batch = { key: randomUUID(), rows: [], to: [], message: group.rendered.message };
          rids = [];
          seen = new Set();
          batches.push(batch);
          takes.push({ rids, key: batch.key });
        }
        seen.add(send.to);
        batch.rows.push(send.row);
        batch.to.push(send.to);
        rids.push(send.row.rid);
        multicastRows += 1;
      }
    }
    takes.push({ rids: plain, key: null });
    // Transactional first, as claimed.
    pushes.sort((a, b) => a.row.priority - b.row.priority);
    return { claimed: rows.length, pushes, batches, takes, outcomes, marketingRows, multicastRows };
  }

  /** Starts the sends the rate limits and free slots allow. */
  private launch(): void {
    while (this.inFlight < this.o.concurrency && this.multicastQueue.length > 0 && this.multicastBucket.take()) {
      const batch = this.multicastQueue.shift()!;
      if (this.reserveHit(batch.to.length, batch.rows)) continue;
      this.track(this.deliverMulticast(batch), batch.key);
    }
    while (this.inFlight < this.o.concurrency && this.pushQueue.length > 0 && this.pushBucket.take()) {
      const send = this.pushQueue.shift()!;
      if (send.row.priority > 0 && this.reserveHit(1, [send.row])) continue;
      this.track(this.deliverPush(send), send.row.id);
    }
  }

  /**
   * Marketing stops before the month's quota runs out: between quota reads the dispatcher counts
   * what it sent, and rows that would cross the reserve go back to pending until the next read.
   */
  private reserveHit(messages: number, rows: OutboxRow[]): boolean {
    const { limit, used } = this.quota;
    if (limit === null || limit - used - messages > this.o.quotaReserve) return false;
    if (!this.quota.marketingPaused) {
      this.quota = { ...this.quota, marketingPaused: true };
      this.o.log.warn({ limit, used, reserve: this.o.quotaReserve }, 'marketing notifications paused: monthly quota nearly used');
    }
    const now = new Date();
    for (const row of rows) this.record({ type: 'reschedule', id: row.id, dueAt: now, reason: null, countAttempt: false });
    return true;
  }

  private track(work: Promise<void>, id: string): void {
    this.inFlight += 1;
    const done: Promise<void> = work
      .catch((error: unknown) => this.o.log.error({ err: error, outboxId: id }, 'delivery crashed'))
      .finally(() => {
        this.inFlight -= 1;
        this.inFlightDone.delete(done);
        // A slot is free or outcomes wait to be recorded: the loop goes on without waiting out its timer.
        if (this.pushQueue.length > 0 || this.multicastQueue.length > 0 || this.buffered.length >= FLUSH_AT || this.inFlight === 0) this.loop.wake();
      });
    this.inFlightDone.add(done);
  }

  /** Buffers an outcome; `flush` commits the buffer in one transaction. */
  private record(write: OutboxWrite): void {
    if (this.buffered.length === 0) this.bufferedSince = Date.now();
    this.buffered.push(write);
  }

  private flush(): void {
    if (this.buffered.length === 0) return;
    const writes = this.buffered;
    this.buffered = [];
    try {
      this.writes.apply(writes);
      this.counters.flushes += 1;
    } catch (error) {
      // Nothing of the batch was written; keep it for the next pass (leases hold the rows meanwhile).
      this.o.log.error({ err: error, writes: writes.length }, 'could not record notification outcomes; will retry');
      this.buffered = writes.concat(this.buffered);
      this.bufferedSince = Date.now();
      throw error;
    }
  }

  private template(kind: NotificationKind): { template: NotificationTemplate; version: number } {
    const cached = this.templates.get(kind);
    if (cached && Date.now() - cached.at < 2000) return cached;
    const template = findTemplate(this.o.db, kind);
    const fingerprint = JSON.stringify([template.enabled, template.content, template.ctaTarget, template.heroImageUrl, template.accentColor]);
    const version = cached && cached.fingerprint === fingerprint ? cached.version : ++this.templateVersion;
    const entry = { template, at: Date.now(), fingerprint, version };
    this.templates.set(kind, entry);
    return entry;
  }

  /**
   * Renders one row's message, cached per (kind, template version, language, values of the
   * variables the template uses, CTA override): a blast of one message renders once, and two
   * rows share a contentKey exactly when their messages are the same.
   */
  private render(entry: { template: NotificationTemplate; version: number }, row: OutboxRow, lang: Lang, memberName: string | null): Rendered {
    const { template, version } = entry;
    const usedKey = `${template.kind}|${version}|${lang}`;
    let used = this.usedVariables.get(usedKey);
    if (!used) {
      const content = template.content[lang];
      used = [...new Set([content.title, content.body, content.altText].flatMap((text) => placeholdersIn(text)))].sort();
      this.usedVariables.set(usedKey, used);
    }
    // The stored text of the variables and CTA (and the member's name, when the template uses
    // it) determine the message: equal raw values skip parsing and re-keying.
    const nameKey = used.includes('memberName') ? (memberName ?? '\u0001') : '';
    const rawKey = `${usedKey}\u0000${row.variables}\u0000${row.cta ?? ''}\u0000${nameKey}`;
    const raw = this.renderedRaw.get(rawKey);
    if (raw) return raw;
    const cta = row.cta === null ? null : (JSON.parse(row.cta) as { label?: string; url: string } | null);
    const variables: Record<string, unknown> = { memberName, ...(JSON.parse(row.variables) as Record<string, unknown>) };
    const contentKey = `${usedKey}|${JSON.stringify(used.map((name) => variables[name] ?? null))}|${JSON.stringify(cta ?? null)}`;
    let value = this.rendered.get(contentKey);
    if (!value) {
      const rendered = renderNotification(
        template,
        variables,
        { lang, timeZone: this.o.timeZone, brandName: this.o.brandName, liffUrl: (p) => this.o.links.liff(p) },
        cta ?? undefined,
      );
      value = { message: toFlexMessage(rendered, this.o.brandName) as unknown as LineMessage, contentKey };
      if (this.rendered.size >= 20_000) this.rendered.clear();
      this.rendered.set(contentKey, value);
    }
    if (this.renderedRaw.size >= 20_000) this.renderedRaw.clear();
    this.renderedRaw.set(rawKey, value);
    return value;
  }

  /** Backoff for the next attempt: exponential with jitter, never sooner than LINE's Retry-After. */
  private retryDelay(attempts: number, retryAfterMs: number | undefined): number {
    const exp = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (attempts - 1));
    return Math.max(retryAfterMs ?? 0, Math.round(exp / 2 + Math.random() * (exp / 2)));
  }

  private async deliverPush({ row, to, message }: PushSend): Promise<void> {
    const outcome = await this.o.line.push(to, [message], row.id);
    const at = new Date();
    this.counters.pushes += 1;
    if (outcome.ok) {
      this.quota.used += 1;
      return this.record({ type: 'finish', id: row.id, status: 'sent', reason: outcome.status === 409 ? 'LINE had already accepted this retry key (409)' : null, at });
    }
    if (outcome.status === 429 && /monthly limit/i.test(outcome.reason)) this.lastQuotaCheck = 0;
    if (outcome.retryable && row.attempts < this.o.maxAttempts) {
      const delay = this.retryDelay(row.attempts, outcome.retryAfterMs);
      this.o.log.debug({ outboxId: row.id, attempts: row.attempts, delay, reason: outcome.reason }, 'push will be retried');
      return this.record({ type: 'reschedule', id: row.id, dueAt: new Date(at.getTime() + delay), reason: `retrying after ${outcome.reason}`, countAttempt: true });
    }
    this.o.log.warn({ outboxId: row.id, kind: row.kind, reason: outcome.reason, attempts: row.attempts }, 'notification failed');
    this.record({ type: 'finish', id: row.id, status: 'failed', reason: outcome.reason, at });
  }

  /** One multicast request for a batch; its rows share the outcome (and, on a retry, the key and the due time). */
  private async deliverMulticast(batch: MulticastSend): Promise<void> {
    const outcome = await this.o.line.multicast(batch.to, [batch.message], batch.key);
    const at = new Date();
    this.counters.multicasts += 1;
    const attempts = Math.max(...batch.rows.map((r) => r.attempts));
    if (outcome.ok) {
      this.counters.multicastRecipients += batch.rows.length;
      this.quota.used += batch.rows.length;
      const reason = outcome.status === 409 ? 'multicast: LINE had already accepted this retry key (409)' : 'multicast';
      this.record({ type: 'finishBatch', multicastKey: batch.key, rids: batch.rows.map((r) => r.rid), status: 'sent', reason, at });
      return;
    }
    if (outcome.status === 429 && /monthly limit/i.test(outcome.reason)) this.lastQuotaCheck = 0;
    if (outcome.retryable && attempts < this.o.maxAttempts) {
      const dueAt = new Date(at.getTime() + this.retryDelay(attempts, outcome.retryAfterMs));
      this.o.log.debug({ multicastKey: batch.key, recipients: batch.rows.length, attempts, reason: outcome.reason }, 'multicast will be retried');
      this.record({ type: 'rescheduleBatch', multicastKey: batch.key, rids: batch.rows.map((r) => r.rid), dueAt, reason: `retrying after ${outcome.reason}` });
      return;
    }
    this.o.log.warn({ multicastKey: batch.key, recipients: batch.rows.length, reason: outcome.reason, attempts }, 'multicast failed');
    this.record({ type: 'finishBatch', multicastKey: batch.key, rids: batch.rows.map((r) => r.rid), status: 'failed', reason: outcome.reason, at });
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
