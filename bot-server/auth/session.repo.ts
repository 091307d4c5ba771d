import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { DbOrTx } from '../db/client.ts';
import { sessions } from '../db/schema.ts';

export function insertSession(db: DbOrTx, row: { tokenHash: string; memberId: number; expiresAt: Date }): void {
  db.insert(sessions).values(row).run();
}

/** The live session for a token hash: not expired, not revoked. */
export function findLiveSession(db: DbOrTx, tokenHash: string, now: Date) {
  return prepared(db, 'sessions.live', (d) =>
    d
      .select()
      .from(sessions)
      .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
      .prepare(),
  ).get({ tokenHash, now: now.getTime() });
}

export function findSessionByHash(db: DbOrTx, tokenHash: string) {
  return db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
}

export function revokeSession(db: DbOrTx, tokenHash: string, now: Date): void {
  db.update(sessions).set({ revokedAt: now }).where(eq(sessions.tokenHash, tokenHash)).run();
}

export function deleteExpiredSessions(db: DbOrTx, before: Date): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, before)).run().changes;
}
