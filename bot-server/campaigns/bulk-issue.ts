import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { TBulkJobView, ZBulkJobInput } from '../../shared/api/campaigns.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { findTemplateById } from '../coupons/coupon.repo.ts';
import { prepared } from '../db/prepared.ts';
import type { Db } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { csvDocument, type CsvValue } from '../csv/csv.ts';
import { bulkJobItems, bulkJobs, members } from '../db/schema.ts';
import { findBundle } from './campaign.repo.ts';
import { parseMobileList, type CampaignService, type Offer } from './campaign.service.ts';

type BulkJobRow = typeof bulkJobs.$inferSelect;
type JobInput = z.output<typeof ZBulkJobInput>;

/** Members a transaction issues to; small enough that the server keeps answering between chunks. */
export const BULK_CHUNK = 200;

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
 * Bulk issuing: a job lists its members up front (one row each), and the worker issues in
 * chunks, marking each member in the same transaction as their coupons — so a restart resumes
 * where it stopped and nobody is issued twice. Cancel stops it between chunks.
 */
export class BulkIssueService {
  private readonly db: Db;
  private readonly campaigns: CampaignService;
  private readonly log: Logger;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(deps: { db: Db; campaigns: CampaignService; log: Logger }) {
    this.db = deps.db;
    this.campaigns = deps.campaigns;
    this.log = deps.log;
  }

  create(caller: Actor | undefined, input: JobInput): TBulkJobView {
    const actor = requireAdmin(caller);
    if (input.templateId && !findTemplateById(this.db, input.templateId)) throw new AppError('VALIDATION_FAILED', { message: 'templateId: 票券不存在', messageEn: 'templateId: no such template', field: 'templateId' });
    if (input.bundleId && !findBundle(this.db, input.bundleId)) throw new AppError('VALIDATION_FAILED', { message: 'bundleId: 禮包不存在', messageEn: 'bundleId: no such bundle', field: 'bundleId' });
    const registered = and(isNotNull(members.registeredAt), eq(members.status, 'active'));
    let memberIds: number[];
    let report: { line: number; input: string; problem: string }[] = [];
    if (input.audience.type === 'all') {
      memberIds = this.db.select({ id: members.id }).from(members).where(registered).orderBy(asc(members.id)).all().map((r) => r.id);
    } else if (input.audience.type === 'birth_month') {
      const mm = String(input.audience.month).padStart(2, '0');
      memberIds = this.db.select({ id: members.id }).from(members).where(and(registered, sql`substr(${members.birthday}, 6, 2) = ${mm}`)).orderBy(asc(members.id)).all().map((r) => r.id);
    } else {
      const known = new Map<string, number>();
      const parsed = parseMobileList(input.mobiles ?? [], (e164) => {
        const id = this.campaigns.findMemberIdByMobile(e164);
        if (id !== undefined) known.set(e164, id);
        return id !== undefined;
      });
      report = parsed.report;
      memberIds = parsed.valid.map((m) => known.get(m)!);
    }
    const job = transact(this.db, (tx) => {
      const created = tx
        .insert(bulkJobs)
        .values({ name: input.name, templateId: input.templateId, bundleId: input.bundleId, audience: input.audience, total: memberIds.length, report, createdBy: actor.memberId, status: memberIds.length === 0 ? 'done' : 'pending', ...(memberIds.length === 0 ? { finishedAt: new Date() } : {}) })
        .returning()
        .get();
      for (let i = 0; i < memberIds.length; i += 1000) {
        tx.insert(bulkJobItems).values(memberIds.slice(i, i + 1000).map((memberId) => ({ jobId: created.id, memberId }))).run();
      }
      writeAudit(tx, actor, { action: 'bulk_issue.create', targetType: 'bulk_job', targetId: created.id, details: { name: created.name, total: created.total } });
      return created;
    });
    this.wakeUp?.();
    return presentJob(job, this.campaigns.offerName(job));
  }

  list(caller: Actor | undefined): TBulkJobView[] {
    requireAdmin(caller);
    return this.db.select().from(bulkJobs).orderBy(desc(bulkJobs.id)).limit(100).all().map((j) => presentJob(j, this.campaigns.offerName(j)));
  }

  get(caller: Actor | undefined, id: number): TBulkJobView {
    requireAdmin(caller);
    const job = this.db.select().from(bulkJobs).where(eq(bulkJobs.id, id)).get();
    if (!job) throw new AppError('NOT_FOUND');
    return presentJob(job, this.campaigns.offerName(job));
  }

  cancel(caller: Actor | undefined, id: number): TBulkJobView {
    const actor = requireAdmin(caller);
    transact(this.db, (tx) => {
      const changed = tx.update(bulkJobs).set({ status: 'cancelled', finishedAt: new Date() }).where(and(eq(bulkJobs.id, id), inArray(bulkJobs.status, ['pending', 'running']))).run().changes;
      if (changed) writeAudit(tx, actor, { action: 'bulk_issue.cancel', targetType: 'bulk_job', targetId: id });
    });
    return this.get(caller, id);
  }

  /** The result per member as CSV: who got the offer, who was skipped and why. */
  resultCsv(caller: Actor | undefined, id: number): string {
    requireAdmin(caller);
    this.get(caller, id);
    const rows = this.db
      .select({ memberId: bulkJobItems.memberId, status: bulkJobItems.status, reason: bulkJobItems.reason, name: members.name, mobile: members.mobile })
      .from(bulkJobItems)
      .innerJoin(members, eq(members.id, bulkJobItems.memberId))
      .where(eq(bulkJobItems.jobId, id))
      .orderBy(asc(bulkJobItems.memberId))
      .all();
    const job = this.db.select().from(bulkJobs).where(eq(bulkJobs.id, id)).get();
    const lines: CsvValue[][] = rows.map((r) => [r.memberId, r.name, r.mobile, r.status, r.reason]);
    for (const p of job?.report ?? []) lines.push([null, null, p.input, 'not_issued', `line ${p.line}: ${p.problem}`]);
    return csvDocument(['member_id', 'name', 'mobile', 'status', 'reason'], lines);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = this.step();
      } catch (error) {
        this.log.error({ err: error }, 'bulk issue step failed');
      }
      if (worked) {
        // Let requests in between chunks.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 500);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** Issues one chunk of the oldest open job; false when there was nothing to do. */
  step(): boolean {
    const job = this.db.select().from(bulkJobs).where(inArray(bulkJobs.status, ['pending', 'running'])).orderBy(asc(bulkJobs.id)).limit(1).get();
    if (!job) return false;
    const offer: Offer = job.templateId ? { templateId: job.templateId } : { bundleId: job.bundleId! };
    const actor: Actor = { kind: 'system', label: 'worker' };
    const now = new Date();
    const markItem = prepared(this.db, 'bulkJobItems.mark', (d) =>
      d
        .update(bulkJobItems)
        .set({ status: sql`${sql.placeholder('status')}`, reason: sql`${sql.placeholder('reason')}` })
        .where(and(eq(bulkJobItems.jobId, sql.placeholder('jobId')), eq(bulkJobItems.memberId, sql.placeholder('memberId'))))
        .prepare(),
    );
    transact(this.db, (tx) => {
      const fresh = tx.select({ status: bulkJobs.status }).from(bulkJobs).where(eq(bulkJobs.id, job.id)).get();
      if (fresh?.status !== 'pending' && fresh?.status !== 'running') return;
      const items = tx.select({ memberId: bulkJobItems.memberId }).from(bulkJobItems).where(and(eq(bulkJobItems.jobId, job.id), eq(bulkJobItems.status, 'pending'))).orderBy(asc(bulkJobItems.memberId)).limit(BULK_CHUNK).all();
      if (items.length === 0) {
        tx.update(bulkJobs).set({ status: 'done', finishedAt: new Date() }).where(eq(bulkJobs.id, job.id)).run();
        return;
      }
      let issued = 0;
      let skipped = 0;
      const ids = items.map((i) => i.memberId);
      if (this.campaigns.issueChunkInTx(tx, offer, ids, actor, String(job.id), now)) {
        for (const memberId of ids) markItem.run({ status: 'issued', reason: null, jobId: job.id, memberId });
        issued = ids.length;
      } else for (const { memberId } of items) {
        let status: 'issued' | 'skipped' = 'issued';
        let reason: string | null = null;
        try {
          // A savepoint per member: one member's refusal (stock, limit) does not undo the others.
          transact(tx, (sp) => {
            this.campaigns.issueToMemberInTx(sp, offer, memberId, actor, 'bulk', String(job.id), 'marketing', now);
          });
          issued += 1;
        } catch (error) {
          status = 'skipped';
          reason = error instanceof AppError ? error.code : 'ERROR';
          skipped += 1;
        }
        markItem.run({ status, reason, jobId: job.id, memberId });
      }
      tx.update(bulkJobs)
        .set({
          status: 'running',
          startedAt: job.startedAt ?? new Date(),
          processed: sql`${bulkJobs.processed} + ${items.length}`,
          issued: sql`${bulkJobs.issued} + ${issued}`,
          skipped: sql`${bulkJobs.skipped} + ${skipped}`,
        })
        .where(eq(bulkJobs.id, job.id))
        .run();
    });
    return true;
  }
}
