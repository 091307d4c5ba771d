import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { jobs, outbox } from '../db/schema.ts';

/** Outbox rows by status (pending/sending = the queue's depth; sent/failed/skipped = send results so far). */
export function outboxByStatus(db: DbOrTx): { status: string; n: number }[] {
  return db.select({ status: outbox.status, n: sql<number>`count(*)` }).from(outbox).groupBy(outbox.status).all();
}

/** Jobs in the table by kind and status (finished jobs are pruned after a while, so these are recent runs). */
export function jobsByKindAndStatus(db: DbOrTx): { kind: string; status: string; n: number }[] {
  return db.select({ kind: jobs.kind, status: jobs.status, n: sql<number>`count(*)` }).from(jobs).groupBy(jobs.kind, jobs.status).all();
}
