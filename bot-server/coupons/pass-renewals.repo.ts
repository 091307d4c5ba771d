import { and, asc, eq, gt, isNotNull, lt, lte, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { coupons, couponTemplates, passRenewalReminders } from '../db/schema.ts';

export type RenewalReminderRow = typeof passRenewalReminders.$inferSelect;
export type RenewalStage = RenewalReminderRow['stage'];

/** Active pass coupons ending in (now, until], by id after `afterCouponId`: the daily job's next unit. */
export function listPassesEnding(db: DbOrTx, input: { afterCouponId: number; now: Date; until: Date; limit: number }) {
  return db
    .select({ id: coupons.id, memberId: coupons.memberId, templateId: coupons.templateId, validUntil: coupons.validUntil, source: coupons.source, sourceRef: coupons.sourceRef })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(and(isNotNull(couponTemplates.pass), eq(coupons.status, 'active'), gt(coupons.validUntil, input.now), lte(coupons.validUntil, input.until), gt(coupons.id, input.afterCouponId)))
    .orderBy(asc(coupons.id))
    .limit(input.limit)
    .all();
}

/** Whether the member holds another pass of the template valid beyond `validUntil` (renewed already). */
export function hasLaterPass(db: DbOrTx, input: { couponId: number; memberId: number; templateId: number; validUntil: Date }): boolean {
  return !!db
    .select({ id: coupons.id })
    .from(coupons)
    .where(and(eq(coupons.memberId, input.memberId), eq(coupons.templateId, input.templateId), ne(coupons.id, input.couponId), eq(coupons.status, 'active'), gt(coupons.validUntil, input.validUntil)))
    .limit(1)
    .get();
}

/** Claims a pass's reminder stage: false when it had one already (each stage once per pass, however often the job runs). */
export function insertRenewalReminder(db: DbOrTx, row: typeof passRenewalReminders.$inferInsert): boolean {
  return db.insert(passRenewalReminders).values(row).onConflictDoNothing().run().changes === 1;
}

/** The member's queued reminders for passes of a template ending before `before`: what a renewal makes moot. */
export function listQueuedRenewalReminders(db: DbOrTx, memberId: number, templateId: number, before: Date) {
  return db
    .select({ couponId: passRenewalReminders.couponId, stage: passRenewalReminders.stage, notificationId: passRenewalReminders.notificationId })
    .from(passRenewalReminders)
    .innerJoin(coupons, eq(coupons.id, passRenewalReminders.couponId))
    .where(and(eq(passRenewalReminders.memberId, memberId), eq(passRenewalReminders.templateId, templateId), eq(passRenewalReminders.status, 'queued'), lt(coupons.validUntil, before)))
    .all();
}

export function cancelRenewalReminder(db: DbOrTx, couponId: number, stage: RenewalStage, reason: string): boolean {
  return db
    .update(passRenewalReminders)
    .set({ status: 'cancelled', reason })
    .where(and(eq(passRenewalReminders.couponId, couponId), eq(passRenewalReminders.stage, stage), eq(passRenewalReminders.status, 'queued')))
    .run().changes === 1;
}

export function listRenewalRemindersOf(db: DbOrTx, memberId: number): RenewalReminderRow[] {
  return db.select().from(passRenewalReminders).where(eq(passRenewalReminders.memberId, memberId)).orderBy(asc(passRenewalReminders.couponId), asc(passRenewalReminders.stage)).all();
}
