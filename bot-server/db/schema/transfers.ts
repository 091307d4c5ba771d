/** Gifts of a coupon to a friend by mobile number (bot-server/transfers). */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now, timestamps } from './columns.ts';
import { couponTemplates, coupons } from './coupons.ts';
import { members } from './members.ts';

export const TRANSFER_STATES = ['pending', 'accepted', 'declined', 'cancelled', 'returned'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/**
 * One gift (轉贈). While `pending` its coupon is `transferring` (locked: not redeemable); each
 * step out of `pending` is one conditional update of this row, so accept, cancel, decline and
 * the return job cannot both win.
 */
export const transfers = sqliteTable(
  'transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The sender's coupon the gift was taken from. */
    sourceCouponId: integer('source_coupon_id')
      .notNull()
      .references(() => coupons.id),
    /** The coupon that travels: the source itself, or the part split off it (a partial gift). */
    giftCouponId: integer('gift_coupon_id')
      .notNull()
      .references(() => coupons.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    senderMemberId: integer('sender_member_id')
      .notNull()
      .references(() => members.id),
    /** E.164; the gift is held for this number until a member who verified it accepts. */
    recipientMobile: text('recipient_mobile').notNull(),
    /** The member holding that verified number, once known (at sending, or when they verify it). */
    recipientMemberId: integer('recipient_member_id').references(() => members.id),
    uses: integer('uses').notNull(),
    isPartial: integer('is_partial', { mode: 'boolean' }).notNull().default(false),
    /** 1 for the coupon's first give, 2 for a gift of a gift … (at most the template's maxTransfers). */
    giveNumber: integer('give_number').notNull().default(1),
    message: text('message'),
    state: text('state', { enum: TRANSFER_STATES }).notNull().default('pending'),
    /** Why a gift came back: `window` (not accepted in time) or `coupon_expiring`. */
    returnReason: text('return_reason'),
    /** When the gift returns to the sender if not accepted: the pending window, or before the coupon expires. */
    returnAt: integer('return_at', { mode: 'timestamp_ms' }).notNull(),
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull().default(now),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    ...timestamps,
  },
  (t) => [
    index('transfers_state_return_idx').on(t.state, t.returnAt),
    index('transfers_recipient_mobile_idx').on(t.recipientMobile, t.state),
    index('transfers_recipient_member_idx').on(t.recipientMemberId, t.state),
    index('transfers_sender_idx').on(t.senderMemberId, t.sentAt),
    index('transfers_gift_coupon_idx').on(t.giftCouponId),
  ],
);

/** The brand's gift settings: one row (id 1); absent means the defaults. */
export const transferSettings = sqliteTable('transfer_settings', {
  id: integer('id').primaryKey(),
  /** Days a gift waits for the friend before it returns to the sender. */
  pendingDays: integer('pending_days').notNull().default(7),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});
