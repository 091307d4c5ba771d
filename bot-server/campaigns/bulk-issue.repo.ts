import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { bulkJobItems, bulkJobs, members } from '../db/schema.ts';

export type BulkJobRow = typeof bulkJobs.$inferSelect;
export type BulkItemStatus = (typeof bulkJobItems.$inferSelect)['status'];

const registered = () => and(isNotNull(members.registeredAt), eq(members.status, 'active'));

/** Registered, active members, by id: all of them, or those born in a month (1–12). */
export function listAudienceMemberIds(db: DbOrTx, audience: { type: 'all' } | { type: 'birth_month'; month: number }): number[] {
  const where = audience.type === 'all' ? registered() : and(registered(), sql`substr(${members.birthday}, 6, 2) = ${String(audience.month).padStart(2, '0')}`);
  return db.select({ id: members.id }).from(members).where(where).orderBy(asc(members.id)).all().map((r) => r.id);
}

/** A job and one pending item per member (in batches: SQLite caps the variables a statement takes). */
export function insertBulkJob(tx: DbOrTx, values: typeof bulkJobs.$inferInsert, memberIds: number[]): BulkJobRow {
  const created = tx.insert(bulkJobs).values(values).returning().get();
  for (let i = 0; i < memberIds.length; i += 1000) {
    tx.insert(bulkJobItems).values(memberIds.slice(i, i + 1000).map((memberId) => ({ jobId: created.id, memberId }))).run();
  }
  return created;
}

export function listBulkJobs(db: DbOrTx, limit: number): BulkJobRow[] {
  return db.select().from(bulkJobs).orderBy(desc(bulkJobs.id)).limit(limit).all();
}

export function findBulkJob(db: DbOrTx, id: number): BulkJobRow | undefined {
  return db.select().from(bulkJobs).where(eq(bulkJobs.id, id)).get();
}

/** Cancels a job still open; false when it had finished already. */
export function cancelBulkJob(tx: DbOrTx, id: number, at: Date): boolean {
  return tx.update(bulkJobs).set({ status: 'cancelled', finishedAt: at }).where(and(eq(bulkJobs.id, id), inArray(bulkJobs.status, ['pending', 'running']))).run().changes > 0;
}

/** Gives an open job up with the runner's last error. */
export function failBulkJob(tx: DbOrTx, id: number, error: string, at: Date): void {
  tx.update(bulkJobs).set({ status: 'failed', error, finishedAt: at }).where(and(eq(bulkJobs.id, id), inArray(bulkJobs.status, ['pending', 'running']))).run();
}

/** Each member of a job with how it went, for the result CSV. */
export function listBulkJobResults(db: DbOrTx, id: number) {
  return db
    .select({ memberId: bulkJobItems.memberId, status: bulkJobItems.status, reason: bulkJobItems.reason, name: members.name, mobile: members.mobile })
    .from(bulkJobItems)
    .innerJoin(members, eq(members.id, bulkJobItems.memberId))
    .where(eq(bulkJobItems.jobId, id))
    .orderBy(asc(bulkJobItems.memberId))
    .all();
}

/** The next members still to do, in member order. */
export function pendingBulkItems(tx: DbOrTx, jobId: number, limit: number): number[] {
  return tx
    .select({ memberId: bulkJobItems.memberId })
    .from(bulkJobItems)
    .where(and(eq(bulkJobItems.jobId, jobId), eq(bulkJobItems.status, 'pending')))
    .orderBy(asc(bulkJobItems.memberId))
    .limit(limit)
    .all()
    .map((i) => i.memberId);
}

/** Marks one member done; prepared once, it runs for every member of every job. */
export function markBulkItem(tx: DbOrTx, jobId: number, memberId: number, status: Exclude<BulkItemStatus, 'pending'>, reason: string | null): void {
  prepared(tx, 'bulkJobItems.mark', (d) =>
    d
      .update(bulkJobItems)
      .set({ status: sql`${sql.placeholder('status')}`, reason: sql`${sql.placeholder('reason')}` })
      .where(and(eq(bulkJobItems.jobId, sql.placeholder('jobId')), eq(bulkJobItems.memberId, sql.placeholder('memberId'))))
      .prepare(),
  ).run({ status, reason, jobId, memberId });
}

export function finishBulkJob(tx: DbOrTx, id: number, at: Date): void {
  tx.update(bulkJobs).set({ status: 'done', finishedAt: at }).where(eq(bulkJobs.id, id)).run();
}

/** Adds one chunk's counts; the first chunk marks the job running. */
export function addBulkProgress(tx: DbOrTx, id: number, chunk: { processed: number; issued: number; skipped: number; startedAt: Date }): void {
  tx.update(bulkJobs)
    .set({
      status: 'running',
      startedAt: sql`coalesce(${bulkJobs.startedAt}, ${chunk.startedAt.getTime()})`,
      processed: sql`${bulkJobs.processed} + ${chunk.processed}`,
      issued: sql`${bulkJobs.issued} + ${chunk.issued}`,
      skipped: sql`${bulkJobs.skipped} + ${chunk.skipped}`,
    })
    .where(eq(bulkJobs.id, id))
    .run();
}

/** Jobs not finished yet, oldest first. */
export function listOpenBulkJobIds(db: DbOrTx): number[] {
  return db.select({ id: bulkJobs.id }).from(bulkJobs).where(inArray(bulkJobs.status, ['pending', 'running'])).orderBy(asc(bulkJobs.id)).all().map((j) => j.id);
}
