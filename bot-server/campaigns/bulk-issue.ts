import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { TBulkJobView, ZBulkJobInput } from '../../shared/api/campaigns.ts';
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

  constructor(deps: { db: Db; campaigns: CampaignService; log: Logger }) {
    this.db = deps.db;
    this.campaigns = deps.campaigns;
    this.log = deps.log;
  }

  create(caller: Actor | undefined, input: JobInput): TBulkJobView {
    const actor = requireAdmin(caller);
    if (input.templateId && !findTemplateById(this.db, input.templateId)) throw new AppError('VALIDATION_FAILED', { message: 'templateId: 票券不存在', messageEn: 'templateId: no such template', field: 'templateId' });
    if (input.bundleId && !findBundle(this.db, input.bundleId)) throw new AppError('VALIDATION_FAILED', { message: 'bundleId: 禮包不存在', messageEn: 'bundleId: no such bundle', field: 'bundleId' });
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
    const job = transact(this.db, (tx) => {
      const empty = memberIds.length === 0;
      const created = insertBulkJob(
        tx,
        { name: input.name, templateId: input.templateId, bundleId: input.bundleId, audience: input.audience, total: memberIds.length, report, createdBy: actor.memberId, status: empty ? 'done' : 'pending', ...(empty ? { finishedAt: new Date() } : {}) },
        memberIds,
      );
      if (!empty) queueJob(tx, { kind: BULK_ISSUE_JOB, key: runnerKey(created.id), payload: { bulkJobId: created.id } });
      writeAudit(tx, actor, { action: 'bulk_issue.create', targetType: 'bulk_job', targetId: created.id, details: { name: created.name, total: created.total } });
      return created;
    });
    return presentJob(job, this.campaigns.offerName(job));
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
      if (cancelBulkJob(tx, id, new Date())) writeAudit(tx, actor, { action: 'bulk_issue.cancel', targetType: 'bulk_job', targetId: id });
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
