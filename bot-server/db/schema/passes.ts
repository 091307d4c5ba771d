/** Subscription passes (bot-server/coupons/pass*.ts): uses per brand day and renewal reminders. */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { coupons } from './coupons.ts';
import { members } from './members.ts';

/**
 * Uses of a pass taken on one brand-local day (Asia/Taipei). The redemption adds to its row with
 * one conditional upsert in the redeeming transaction, so two counters at once cannot both take
 * the day's last use; an undo takes its uses back from the day it was redeemed.
 */
export const couponPassDays = sqliteTable(
  'coupon_pass_days',
  {
    couponId: integer('coupon_id')
      .notNull()
      .references(() => coupons.id, { onDelete: 'cascade' }),
    /** YYYY-MM-DD, brand time. */
    day: text('day').notNull(),
    uses: integer('uses').notNull(),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.day] })],
);

/**
 * One row per pass and reminder stage (`before`: N days before its last day; `last_day`), so a
 * rerun of the daily job never sends one twice. `cancelled`: the member renewed first (never sent).
 */
export const passRenewalReminders = sqliteTable(
  'pass_renewal_reminders',
  {
    couponId: integer('coupon_id')
      .notNull()
      .references(() => coupons.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: ['before', 'last_day'] }).notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    templateId: integer('template_id').notNull(),
    /** The outbox row carrying it; null when it was settled without a message (renewed first). */
    notificationId: text('notification_id'),
    status: text('status', { enum: ['queued', 'cancelled'] }).notNull().default('queued'),
    reason: text('reason'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.stage] }), index('pass_renewal_reminders_member_idx').on(t.memberId, t.templateId, t.status)],
);
