import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { mobileCodes } from '../db/schema.ts';

export type MobileCodeRow = typeof mobileCodes.$inferSelect;

/** The member's newest code for the number, whatever its state. */
export function findLatestCode(db: DbOrTx, memberId: number, mobile: string): MobileCodeRow | undefined {
  return db
    .select()
    .from(mobileCodes)
    .where(and(eq(mobileCodes.memberId, memberId), eq(mobileCodes.mobile, mobile)))
    .orderBy(desc(mobileCodes.createdAt), desc(mobileCodes.id))
    .limit(1)
    .get();
}

/** A new code; the member's pending codes (any number) are superseded: only the newest works. */
export function insertCode(db: DbOrTx, row: { memberId: number; mobile: string; codeHash: string; createdAt: Date; expiresAt: Date }): MobileCodeRow {
  db.update(mobileCodes).set({ status: 'superseded' }).where(and(eq(mobileCodes.memberId, row.memberId), eq(mobileCodes.status, 'pending'))).run();
  return db.insert(mobileCodes).values(row).returning().get();
}

export function markCodeFailed(db: DbOrTx, id: number): void {
  db.update(mobileCodes).set({ status: 'failed' }).where(and(eq(mobileCodes.id, id), eq(mobileCodes.status, 'pending'))).run();
}

/** Counts one wrong try while the code has tries left; the tries now used, or undefined when it had none left. */
export function countWrongTry(db: DbOrTx, id: number, maxTries: number): number | undefined {
  return db
    .update(mobileCodes)
    .set({ attempts: sql`${mobileCodes.attempts} + 1` })
    .where(and(eq(mobileCodes.id, id), eq(mobileCodes.status, 'pending'), lt(mobileCodes.attempts, maxTries)))
    .returning({ attempts: mobileCodes.attempts })
    .get()?.attempts;
}

/** Uses the code once: false when it was used, superseded, expired or out of tries meanwhile. */
export function useCode(db: DbOrTx, id: number, maxTries: number, now: Date): boolean {
  return (
    db
      .update(mobileCodes)
      .set({ status: 'used', usedAt: now })
      .where(and(eq(mobileCodes.id, id), eq(mobileCodes.status, 'pending'), lt(mobileCodes.attempts, maxTries), sql`${mobileCodes.expiresAt} > ${now.getTime()}`))
      .run().changes === 1
  );
}

/** Drops codes whose life ended long ago (they only answer "expired" until then). */
export function sweepCodes(db: DbOrTx, before: Date): number {
  return db.delete(mobileCodes).where(lt(mobileCodes.expiresAt, before)).run().changes;
}
