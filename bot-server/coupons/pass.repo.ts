import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { couponPassDays } from '../db/schema.ts';

/** Uses of a pass taken on one brand day (0 when none). */
export function passUsesOn(db: DbOrTx, couponId: number, day: string): number {
  return (
    prepared(db, 'couponPassDays.uses', (d) =>
      d
        .select({ uses: couponPassDays.uses })
        .from(couponPassDays)
        .where(and(eq(couponPassDays.couponId, sql.placeholder('couponId')), eq(couponPassDays.day, sql.placeholder('day'))))
        .prepare(),
    ).get({ couponId, day })?.uses ?? 0
  );
}

/**
 * Takes `uses` of a pass's allowance for `day`: one conditional upsert, false (nothing changed)
 * when the day's uses would pass `limit`. Inside the redeeming transaction, so two counters at
 * once cannot both take the day's last use.
 */
export function takePassDayUses(db: DbOrTx, couponId: number, day: string, uses: number, limit: number): boolean {
  if (uses > limit) return false;
  return (
    db
      .insert(couponPassDays)
      .values({ couponId, day, uses })
      .onConflictDoUpdate({
        target: [couponPassDays.couponId, couponPassDays.day],
        set: { uses: sql`${couponPassDays.uses} + excluded.uses` },
        setWhere: sql`${couponPassDays.uses} + excluded.uses <= ${limit}`,
      })
      .run().changes === 1
  );
}

/** Gives a day's uses back (an undone or voided redemption), never below zero. */
export function returnPassDayUses(db: DbOrTx, couponId: number, day: string, uses: number): void {
  db.update(couponPassDays)
    .set({ uses: sql`max(0, ${couponPassDays.uses} - ${uses})` })
    .where(and(eq(couponPassDays.couponId, couponId), eq(couponPassDays.day, day)))
    .run();
}
