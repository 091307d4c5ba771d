/** Coupon expiry reminders (bot-server/coupons/expiry-reminders.ts). */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { coupons } from './coupons.ts';
import { members } from './members.ts';

/**
 * One row per coupon that was put in an expiry reminder: the primary key makes it once per
 * coupon. Several coupons of one member share one notification (one message listing them).
 * `cancelled`: the coupon was redeemed, given away or voided before the message went out.
 */
export const couponExpiryReminders = sqliteTable(
  'coupon_expiry_reminders',
  {
    couponId: integer('coupon_id')
      .primaryKey()
      .references(() => coupons.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** The outbox row (its id) that carries the reminder. */
    notificationId: text('notification_id').notNull(),
    status: text('status', { enum: ['queued', 'cancelled'] }).notNull().default('queued'),
    reason: text('reason'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('coupon_expiry_reminders_notification_idx').on(t.notificationId)],
);
