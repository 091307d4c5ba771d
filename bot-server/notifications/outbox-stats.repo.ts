/** Notification figures for the console's dashboard and a member's 360° page (composed by bot-server/reporting). */
import { count, desc, eq, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { outbox } from '../db/schema.ts';

/** Notifications per brand-local day (of their creation) and status since `since`. */
export function countOutboxPerDay(db: DbOrTx, since: Date, offsetMinutes: number) {
  const day = sql<string>`date((${outbox.createdAt} / 1000) + ${offsetMinutes * 60}, 'unixepoch')`;
  return db.select({ day, status: outbox.status, n: count() }).from(outbox).where(gte(outbox.createdAt, since)).groupBy(day, outbox.status).all();
}

/** The notifications a member was sent (or that were meant for them), newest first. */
export function listMemberOutbox(db: DbOrTx, memberId: number, limit: number) {
  return db
    .select({ id: outbox.id, kind: outbox.kind, status: outbox.status, reason: outbox.reason, createdAt: outbox.createdAt, sentAt: outbox.sentAt, source: outbox.source })
    .from(outbox)
    .where(eq(outbox.memberId, memberId))
    .orderBy(desc(outbox.createdAt))
    .limit(limit)
    .all();
}
