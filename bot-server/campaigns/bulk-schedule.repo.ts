import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { bulkSchedules } from '../db/schema.ts';

export type BulkScheduleRow = typeof bulkSchedules.$inferSelect;

export function insertBulkSchedule(tx: DbOrTx, values: typeof bulkSchedules.$inferInsert): BulkScheduleRow {
  return tx.insert(bulkSchedules).values(values).returning().get();
}

export function findBulkSchedule(db: DbOrTx, id: number): BulkScheduleRow | undefined {
  return db.select().from(bulkSchedules).where(eq(bulkSchedules.id, id)).get();
}

export function listBulkSchedules(db: DbOrTx, limit: number): BulkScheduleRow[] {
  return db.select().from(bulkSchedules).orderBy(desc(bulkSchedules.id)).limit(limit).all();
}

export function updateBulkSchedule(tx: DbOrTx, id: number, patch: Partial<typeof bulkSchedules.$inferInsert>): BulkScheduleRow | undefined {
  return tx.update(bulkSchedules).set(patch).where(eq(bulkSchedules.id, id)).returning().get();
}
