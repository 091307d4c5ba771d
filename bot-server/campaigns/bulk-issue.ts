import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { TBulkJobView, ZBulkJobInput } from '../../shared/api/campaigns.ts';
import type { TBulkPreview, TBulkScheduleView, ZBulkPreviewRequest, ZBulkScheduleInput } from '../../shared/api/bulk.ts';
import { minutesOf, nextMonthlyRun, timeOf } from '../../shared/campaigns/schedule.ts';
import { localDate } from '../../shared/dates.ts';
import { summarizeMembers } from '../members/member-stats.repo.ts';
import { findBulkSchedule, insertBulkSchedule, listBulkSchedules, updateBulkSchedule, type BulkScheduleRow } from './bulk-schedule.repo.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { findTemplateById } from '../coupons/coupon.repo.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { csvDocument, type CsvValue } from '../csv/csv.ts';
import { enqueueJob } from '../jobs/jobs.repo.ts';
import { queueJob } from '../jobs/queue.ts';
import type { JobKind } from '../jobs/runner.ts';
import { addBulkProgress, cancelBulkJob, failBulkJob, finishBulkJob, findBulkJob, insertBulkJob, listAudienceMemberIds, listBulkJobResults, listBulkJobs, listOpenBulkJobIds, markBulkItem, pendingBulkItems, type BulkJobRow } from './bulk-issue.repo.ts';
import { findBundle } from './campaign.repo.ts';
import { parseMobileList, type CampaignService, type Offer } from './campaign.service.ts';

type JobInput = z.output<typeof ZBulkJobInput>;
type PreviewInput = z.output<typeof ZBulkPreviewRequest>;
type ScheduleInput = z.output<typeof ZBulkScheduleInput>;

/** LINE's monthly message quota as read now (limit null = no cap), or null when it cannot be read. */
export type QuotaReader = () => Promise<{ limit: number | null; used: number } | null>;

/** The runner's kind for one firing of a monthly bulk issue; each firing queues the next. */
export const BULK_SCHEDULE_JOB = 'bulk_schedule';
const scheduleKey = (scheduleId: number, at: Date) => `${BULK_SCHEDULE_JOB}:${scheduleId}@${at.toISOString()}`;
const SAMPLE_SIZE = 10;

/** Members a transaction issues to; small enough that the server keeps answering between chunks. */
export const BULK_CHUNK = 200;

/** The job runner's kind for bulk issuing; one runner job per bulk job. */
export const BULK_ISSUE_JOB = 'bulk_issue';
const runnerKey = (bulkJobId: number) => `${BULK_ISSUE_JOB}:${bulkJobId}`;

export interface BulkChunk {
  /** `more`: members are left; `done`: all issued; `cancelled`: called off in the console; `gone`: no such job. */
  state: 'more' | 'done' | 'cancelled' | 'gone';
  processed: number;
}

export function presentJob(job: BulkJobRow, offerName: string): TBulkJobView {
  return {
    id: job.id,
    name: job.name,
    offerName,
    status: job.status,
    total: job.total,
    processed: job.processed,
    issued: job.issued,
    skipped: job.skipped,
    report: job.report,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startAt: job.startAt ? job.startAt.toISOString() : null,
    scheduleId: job.scheduleId ?? null,
    startedAt: job.startedAt ? job.startedAt.toISOString() : null,
    finishedAt: job.finishedAt ? job.finishedAt.toISOString() : null,
  };
}

/**
 * Bulk issuing: a job lists its members up front (one row each) and asks the job runner for a
 * `bulk_issue` job in the same transaction. The runner's job issues in chunks, marking each
 * member in the same transaction as their coupons and the runner's checkpoint — so a job whose
 * process died is resumed by another (after its lease) where it stopped, and nobody is issued
 * twice. Cancel stops it between chunks.
 */
export class BulkIssueService {
  private readonly db: Db;
  private readonly campaigns: CampaignService;
  private readonly log: Logger;
  private readonly timeZone: string;
  private readonly quota: QuotaReader;
  private readonly quotaReserve: number;

  constructor(deps: { db: Db; campaigns: CampaignService; log: Logger; timeZone?: string; quota?: QuotaReader; quotaReserve?: number }) {
    this.db = deps.db;
    this.campaigns = deps.campaigns;
    this.log = deps.log;
    this.timeZone = deps.timeZone ?? 'Asia/Taipei';
    this.quota = deps.quota ?? (async () => null);
    this.quotaReserve = deps.quotaReserve ?? 0;
  }

  private checkOffer(input: { templateId: number | null; bundleId: number | null }): void {
    if (input.templateId && !findTemplateById(this.db, input.templateId)) throw new AppError('VALIDATION_FAILED', { message: 'templateId: 票券不存在', messageEn: 'templateId: no such template', field: 'templateId' });
    if (input.bundleId && !findBundle(this.db, input.bundleId)) throw new AppError('VALIDATION_FAILED', { message: 'bundleId: 禮包不存在', messageEn: 'bundleId: no such bundle', field: 'bundleId' });
  }

  /**
   * What a job would do, before anyone starts it: who it reaches (count and a sample), the LINE
   * messages it would send (members who follow the account are told; the others are issued
   * silently) and their share of what is left of the month's quota. Writes nothing.
   */
  async preview(caller: Actor | undefined, input: PreviewInput): Promise<TBulkPreview> {
    requireAdmin(caller);
    this.checkOffer(input);
    const { memberIds, report } = this.audienceOf(input);
    const { reachable, sample } = summarizeMembers(this.db, memberIds, SAMPLE_SIZE);
    const quota = await this.quota().catch(() => null);
    return {
      audience: memberIds.length,
      sample,
      messages: reachable,
      problems: report.length,
      quota: quota
        ? {
            limit: quota.limit,
            used: quota.used,
            shareOfRemaining: quota.limit === null ? null : reachable / Math.max(1, quota.limit - quota.used),
            exceedsReserve: quota.limit !== null && quota.limit - quota.used - reachable < this.quotaReserve,
          }
        : null,
    };
  }

  /** The members an audience names now (registered, active), and the problems of an uploaded list. */
  private audienceOf(input: { audience: JobInput['audience']; mobiles?: string[] | undefined }): { memberIds: number[]; report: { line: number; input: string; problem: string }[] } {
    let memberIds: number[];
    let report: { line: number; input: string; problem: string }[] = [];
    if (input.audience.type === 'mobiles') {
      const known = new Map<string, number>();
      const parsed = parseMobileList(input.mobiles ?? [], (e164) => {
        const id = this.campaigns.findMemberIdByMobile(e164);
        if (id !== undefined) known.set(e164, id);
        return id !== undefined;
      });
      report = parsed.report;
      memberIds = parsed.valid.map((m) => known.get(m)!);
    } else {
      memberIds = listAudienceMemberIds(this.db, input.audience);
    }
    return { memberIds, report };
  }

  /**
   * A job lists its members when it is created (the audience the marketer previewed and
   * confirmed); with `startAt` in the future the runner's job waits until then.
   */
  create(caller: Actor | undefined, input: JobInput): TBulkJobView {
    const actor = requireAdmin(caller);
    this.checkOffer(input);
    const { memberIds, report } = this.audienceOf(input);
    const now = new Date();
    const startAt = input.startAt && Date.parse(input.startAt) > now.getTime() ? new Date(input.startAt) : null;
    const job = transact(this.db, (tx) =>
      this.insertJob(tx, actor, { name: input.name, templateId: input.templateId, bundleId: input.bundleId, audience: input.audience, memberIds, report, createdBy: actor.memberId, startAt, scheduleId: null, now }),
    );
    return presentJob(job, this.campaigns.offerName(job));
  }

  private insertJob(
    tx: DbOrTx,
    actor: Actor,
    j: { name: string; templateId: number | null; bundleId: number | null; audience: BulkJobRow['audience']; memberIds: number[]; report: BulkJobRow['report']; createdBy: number | null; startAt: Date | null; scheduleId: number | null; now: Date },
  ): BulkJobRow {
    const empty = j.memberIds.length === 0;
    const created = insertBulkJob(
      tx,
      { name: j.name, templateId: j.templateId, bundleId: j.bundleId, audience: j.audience, total: j.memberIds.length, report: j.report, createdBy: j.createdBy, startAt: j.startAt, scheduleId: j.scheduleId, status: empty ? 'done' : 'pending', ...(empty ? { finishedAt: j.now } : {}) },
      j.memberIds,
    );
    if (!empty) queueJob(tx, { kind: BULK_ISSUE_JOB, key: runnerKey(created.id), payload: { bulkJobId: created.id }, ...(j.startAt ? { runAt: j.startAt } : {}) });
    writeAudit(tx, actor, { action: 'bulk_issue.create', targetType: 'bulk_job', targetId: created.id, targetName: created.name, details: { name: created.name, total: created.total, ...(j.startAt ? { startAt: j.startAt.toISOString() } : {}), ...(j.scheduleId ? { scheduleId: j.scheduleId } : {}) } });
    return created;
  }

  // ── monthly schedules ──────────────────────────────────────────────────────────────
  presentSchedule(row: BulkScheduleRow): TBulkScheduleView {
    return {
      id: row.id,
      name: row.name,
      offerName: this.campaigns.offerName(row),
      audience: row.audience.type,
      dayOfMonth: row.dayOfMonth,
      time: timeOf(row.minuteOfDay),
      status: row.status,
      nextRunAt: row.status === 'active' ? row.nextRunAt.toISOString() : null,
      lastRunAt: row.lastRunAt ? row.lastRunAt.toISOString() : null,
      lastJobId: row.lastJobId ?? null,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** Monthly on day N at a brand-local time: the first firing is queued with the schedule; each firing queues the next. */
  createSchedule(caller: Actor | undefined, input: ScheduleInput, now = new Date()): TBulkScheduleView {
    const actor = requireAdmin(caller);
    this.checkOffer(input);
    const minuteOfDay = minutesOf(input.time);
    const nextRunAt = nextMonthlyRun(now, input.dayOfMonth, minuteOfDay, this.timeZone);
    const row = transact(this.db, (tx) => {
      const created = insertBulkSchedule(tx, { name: input.name, templateId: input.templateId, bundleId: input.bundleId, audience: input.audience, dayOfMonth: input.dayOfMonth, minuteOfDay, nextRunAt, createdBy: actor.memberId });
      queueJob(tx, { kind: BULK_SCHEDULE_JOB, key: scheduleKey(created.id, nextRunAt), payload: { scheduleId: created.id }, runAt: nextRunAt });
      writeAudit(tx, actor, { action: 'bulk_schedule.create', targetType: 'bulk_schedule', targetId: created.id, targetName: created.name, details: { name: created.name, dayOfMonth: input.dayOfMonth, time: input.time, audience: input.audience.type } });
      return created;
    });
    return this.presentSchedule(row);
  }

  listSchedules(caller: Actor | undefined): TBulkScheduleView[] {
    requireAdmin(caller);
    return listBulkSchedules(this.db, 100).map((r) => this.presentSchedule(r));
  }

  cancelSchedule(caller: Actor | undefined, id: number): TBulkScheduleView {
    const actor = requireAdmin(caller);
    const row = transact(this.db, (tx) => {
      const existing = findBulkSchedule(tx, id);
      if (!existing) throw new AppError('NOT_FOUND');
      if (existing.status === 'cancelled') return existing;
      const updated = updateBulkSchedule(tx, id, { status: 'cancelled' })!;
      writeAudit(tx, actor, { action: 'bulk_schedule.cancel', targetType: 'bulk_schedule', targetId: id, targetName: existing.name, details: { name: existing.name, diff: [{ field: 'status', before: 'active', after: 'cancelled' }] } });
      return updated;
    });
    return this.presentSchedule(row);
  }

  /**
   * One firing, in one unit of work: the bulk job for the audience as it is now (a birth-month
   * audience is the firing's month in brand time), the schedule's next run, and the job for it.
   */
  fireSchedule(tx: DbOrTx, scheduleId: number, now: Date): BulkJobRow | null {
    const schedule = findBulkSchedule(tx, scheduleId);
    if (!schedule || schedule.status !== 'active') return null;
    const due = schedule.nextRunAt;
    const audience: BulkJobRow['audience'] = schedule.audience.type === 'all' ? { type: 'all' } : { type: 'birth_month', month: Number(localDate(due, this.timeZone).slice(5, 7)) };
    const memberIds = listAudienceMemberIds(tx, audience);
    const actor: Actor = { kind: 'system', label: 'worker' };
    const job = this.insertJob(tx, actor, { name: `${schedule.name}（${localDate(due, this.timeZone)}）`, templateId: schedule.templateId, bundleId: schedule.bundleId, audience, memberIds, report: [], createdBy: schedule.createdBy, startAt: null, scheduleId, now });
    // A firing made up late (no worker ran) skips the months it missed rather than catching up on each.
    const next = nextMonthlyRun(new Date(Math.max(due.getTime(), now.getTime())), schedule.dayOfMonth, schedule.minuteOfDay, this.timeZone);
    updateBulkSchedule(tx, scheduleId, { lastRunAt: now, lastJobId: job.id, nextRunAt: next });
    queueJob(tx, { kind: BULK_SCHEDULE_JOB, key: scheduleKey(scheduleId, next), payload: { scheduleId }, runAt: next });
    return job;
  }

  scheduleJobKind(): JobKind<{ scheduleId: number }, { bulkJobId: number | null }> {
    return {
      maxAttempts: 3,
      run: (ctx) => {
        if (ctx.checkpoint) return { result: ctx.checkpoint };
        const job = ctx.commit((tx) => {
          const made = this.fireSchedule(tx, ctx.payload.scheduleId, ctx.now());
          return { checkpoint: { bulkJobId: made?.id ?? null }, value: made };
        });
        return { result: { bulkJobId: job?.id ?? null } };
      },
    };
  }

  list(caller: Actor | undefined): TBulkJobView[] {
    requireAdmin(caller);
    return listBulkJobs(this.db, 100).map((j) => presentJob(j, this.campaigns.offerName(j)));
  }

  get(caller: Actor | undefined, id: number): TBulkJobView {
    requireAdmin(caller);
    const job = findBulkJob(this.db, id);
    if (!job) throw new AppError('NOT_FOUND');
    return presentJob(job, this.campaigns.offerName(job));
  }

  cancel(caller: Actor | undefined, id: number): TBulkJobView {
    const actor = requireAdmin(caller);
    transact(this.db, (tx) => {
      if (cancelBulkJob(tx, id, new Date())) writeAudit(tx, actor, { action: 'bulk_issue.cancel', targetType: 'bulk_job', targetId: id, targetName: findBulkJob(tx, id)?.name ?? null });
    });
    return this.get(caller, id);
  }

  /** The result per member as CSV: who got the offer, who was skipped and why. */
  resultCsv(caller: Actor | undefined, id: number): string {
    requireAdmin(caller);
    this.get(caller, id);
    const rows = listBulkJobResults(this.db, id);
    const job = findBulkJob(this.db, id);
    const lines: CsvValue[][] = rows.map((r) => [r.memberId, r.name, r.mobile, r.status, r.reason]);
    for (const p of job?.report ?? []) lines.push([null, null, p.input, 'not_issued', `line ${p.line}: ${p.problem}`]);
    return csvDocument(['member_id', 'name', 'mobile', 'status', 'reason'], lines);
  }

  /**
   * The runner's `bulk_issue` kind: one chunk per unit of work, each committed with the
   * runner's checkpoint (while this process holds the lease), the event loop let in between.
   */
  jobKind(): JobKind<{ bulkJobId: number }, { processed: number }> {
    return {
      concurrency: 1,
      run: async (ctx) => {
        const id = ctx.payload.bulkJobId;
        for (;;) {
          const chunk = ctx.commit((tx) => {
            const value = this.issueChunk(tx, id);
            return { checkpoint: { processed: value.processed }, value };
          });
          if (chunk.state !== 'more') return { status: chunk.state === 'cancelled' ? 'cancelled' : 'done', result: { bulkJobId: id, state: chunk.state, processed: chunk.processed } };
          await ctx.pause();
        }
      },
      onFailed: (tx, job, error) => {
        const id = Number((job.payload as { bulkJobId?: unknown }).bulkJobId);
        this.log.error({ bulkJobId: id, error }, 'bulk job failed');
        failBulkJob(tx, id, error, new Date());
      },
      // Jobs asked for before the runner existed (or whose runner job was lost) get one; the key makes it idempotent.
      recover: (db) => {
        for (const id of listOpenBulkJobIds(db)) enqueueJob(db, { kind: BULK_ISSUE_JOB, key: runnerKey(id), payload: { bulkJobId: id } });
      },
    };
  }

  /**
   * Issues the next chunk of one job inside `tx`: marks each member with what they got (or why
   * not), adds the counts, and marks the job done once nobody is left.
   */
  issueChunk(tx: DbOrTx, id: number): BulkChunk {
    const job = findBulkJob(tx, id);
    if (!job) return { state: 'gone', processed: 0 };
    if (job.status === 'cancelled') return { state: 'cancelled', processed: job.processed };
    if (job.status !== 'pending' && job.status !== 'running') return { state: 'done', processed: job.processed };
    const ids = pendingBulkItems(tx, id, BULK_CHUNK);
    if (ids.length === 0) {
      finishBulkJob(tx, id, new Date());
      return { state: 'done', processed: job.processed };
    }
    const offer: Offer = job.templateId ? { templateId: job.templateId } : { bundleId: job.bundleId! };
    const actor: Actor = { kind: 'system', label: 'worker' };
    const now = new Date();
    let issued = 0;
    let skipped = 0;
    if (this.campaigns.issueChunkInTx(tx, offer, ids, actor, String(id), now)) {
      for (const memberId of ids) markBulkItem(tx, id, memberId, 'issued', null);
      issued = ids.length;
    } else
      for (const memberId of ids) {
        let status: 'issued' | 'skipped' = 'issued';
        let reason: string | null = null;
        try {
          // A savepoint per member: one member's refusal (stock, limit) does not undo the others.
          transact(tx, (sp) => {
            this.campaigns.issueToMemberInTx(sp, offer, memberId, actor, 'bulk', String(id), 'marketing', now);
          });
          issued += 1;
        } catch (error) {
          status = 'skipped';
          reason = error instanceof AppError ? error.code : 'ERROR';
          skipped += 1;
        }
        markBulkItem(tx, id, memberId, status, reason);
      }
    addBulkProgress(tx, id, { processed: ids.length, issued, skipped, startedAt: now });
    return { state: 'more', processed: job.processed + ids.length };
  }
}
