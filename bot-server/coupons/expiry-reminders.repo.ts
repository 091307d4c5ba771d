import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { couponExpiryReminders, coupons, couponTemplates } from '../db/schema.ts';

export type ReminderRow = typeof couponExpiryReminders.$inferSelect;

/**
 * Active coupons expiring in (now, until], started, never put in a reminder. Subscription passes
 * are left to their renewal reminders (pass-renewals.ts): one message about a pass's end, not two.
 */
function dueCondition(now: Date, until: Date) {
  return and(
    eq(coupons.status, 'active'),
    gt(coupons.validUntil, now),
    lte(coupons.validUntil, until),
    lte(coupons.validFrom, now),
    isNull(couponExpiryReminders.couponId),
    sql`not exists (select 1 from ${couponTemplates} where ${couponTemplates.id} = ${coupons.templateId} and ${couponTemplates.pass} is not null)`,
  );
}

/** The next members (by id, after `afterMemberId`) holding coupons to remind of. */
export function listMembersToRemind(db: DbOrTx, input: { afterMemberId: number; now: Date; until: Date; limit: number }): number[] {
  return db
    .selectDistinct({ memberId: coupons.memberId })
    .from(coupons)
    .leftJoin(couponExpiryReminders, eq(couponExpiryReminders.couponId, coupons.id))
    .where(and(dueCondition(input.now, input.until), gt(coupons.memberId, input.afterMemberId)))
    .orderBy(asc(coupons.memberId))
    .limit(input.limit)
    .all()
    .map((r) => r.memberId);
}

/** Those members' coupons to remind of, soonest expiry first. */
export function listCouponsToRemind(db: DbOrTx, memberIds: number[], now: Date, until: Date) {
  if (memberIds.length === 0) return [];
  return db
    .select({ id: coupons.id, memberId: coupons.memberId, templateId: coupons.templateId, validUntil: coupons.validUntil })
    .from(coupons)
    .leftJoin(couponExpiryReminders, eq(couponExpiryReminders.couponId, coupons.id))
    .where(and(dueCondition(now, until), inArray(coupons.memberId, memberIds)))
    .orderBy(asc(coupons.memberId), asc(coupons.validUntil), asc(coupons.id))
    .all();
}

/** Claims the coupon for a reminder: false when it already had one (once per coupon). */
export function insertReminder(db: DbOrTx, row: { couponId: number; memberId: number; notificationId: string }): boolean {
  return db.insert(couponExpiryReminders).values(row).onConflictDoNothing().run().changes === 1;
}

/** Asked on every redemption, void and accepted gift (to drop the coupon from a reminder not sent yet): prepared once. */
export function findQueuedReminder(db: DbOrTx, couponId: number): ReminderRow | undefined {
  return prepared(db, 'couponExpiryReminders.queuedByCoupon', (d) =>
    d
      .select()
      .from(couponExpiryReminders)
      .where(and(eq(couponExpiryReminders.couponId, sql.placeholder('couponId')), eq(couponExpiryReminders.status, 'queued')))
      .prepare(),
  ).get({ couponId });
}

export function cancelReminder(db: DbOrTx, couponId: number, reason: string): boolean {
  return db
    .update(couponExpiryReminders)
    .set({ status: 'cancelled', reason })
    .where(and(eq(couponExpiryReminders.couponId, couponId), eq(couponExpiryReminders.status, 'queued')))
    .run().changes === 1;
}

/** The coupons a reminder message still lists, soonest expiry first. */
export function listQueuedCouponsOf(db: DbOrTx, notificationId: string) {
  return db
    .select({ id: coupons.id, templateId: coupons.templateId, validUntil: coupons.validUntil })
    .from(couponExpiryReminders)
    .innerJoin(coupons, eq(coupons.id, couponExpiryReminders.couponId))
    .where(and(eq(couponExpiryReminders.notificationId, notificationId), eq(couponExpiryReminders.status, 'queued')))
    .orderBy(asc(coupons.validUntil), asc(coupons.id))
    .all();
}

export function listRemindersOf(db: DbOrTx, memberId: number): ReminderRow[] {
  return db.select().from(couponExpiryReminders).where(eq(couponExpiryReminders.memberId, memberId)).orderBy(asc(couponExpiryReminders.couponId)).all();
}
