/**
 * The mall's after-sale (bot-server/mall refund*, fulfilment*): refunds of paid orders and the
 * fulfilment history an admin writes (ready for pickup, delayed by a stock-out).
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';
import { orderPayments, orders } from './mall.ts';

/**
 * `refund_pending`: the local part committed (tickets voided, points back, stock restored) and
 * the provider refund is owed — the `mall_refund` job completes it; `refunded`: done (or nothing
 * was owed in cash); `failed`: the job gave up, an admin retries it from the console.
 */
export const REFUND_STATES = ['refund_pending', 'refunded', 'failed'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

/** One line of what a refund gave back, as the formula computed it (kept for support and the console). */
export interface RefundPart {
  orderLineId: number;
  kind: string;
  couponIds: number[];
  unitCash: number;
  unitPoints: number;
  /** 寄杯: uses that left the ticket (collected at a counter, or split off to a friend). */
  collected: number;
  usesTotal: number;
  /** NT$ kept for the collected units (寄杯 formula), 0 otherwise. */
  deduction: number;
  cash: number;
  points: number;
}

/** One refund of some (or all) of an order's tickets, in one outcome. */
export const orderRefunds = sqliteTable(
  'order_refunds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    /** The buyer: points and money go back to them, whoever holds the tickets. */
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    state: text('state', { enum: REFUND_STATES }).notNull(),
    /** NT$ owed back through the payment provider (0: nothing to send). */
    cash: integer('cash').notNull(),
    points: integer('points').notNull(),
    units: integer('units').notNull(),
    couponIds: text('coupon_ids', { mode: 'json' }).$type<number[]>().notNull(),
    parts: text('parts', { mode: 'json' }).$type<RefundPart[]>().notNull(),
    reason: text('reason').notNull().default(''),
    /** `member` (the buyer) or `admin`. */
    requestedBy: text('requested_by', { enum: ['member', 'admin'] }).notNull(),
    requestedByMemberId: integer('requested_by_member_id'),
    /** The captured payment the cash goes back to. */
    paymentId: integer('payment_id').references(() => orderPayments.id),
    /** Provider calls made; `callingAt` is set while one is in flight (a crash leaves it set: outcome unknown). */
    providerAttempts: integer('provider_attempts').notNull().default(0),
    callingAt: integer('calling_at', { mode: 'timestamp_ms' }),
    refundTransactionId: text('refund_transaction_id'),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('order_refunds_order_idx').on(t.orderId), index('order_refunds_state_idx').on(t.state, t.createdAt), index('order_refunds_created_idx').on(t.createdAt)],
);

export const FULFILMENT_EVENT_STATUSES = ['ready', 'delayed'] as const;

/** What an admin said about an order's fulfilment, newest last (the order row holds the current status). */
export const orderFulfilmentEvents = sqliteTable(
  'order_fulfilment_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    status: text('status', { enum: FULFILMENT_EVENT_STATUSES }).notNull(),
    /** The admin's note to the member (delayed: why; ready: where / how to pick up). */
    note: text('note').notNull().default(''),
    /** Delayed: the new expected date (brand-local YYYY-MM-DD). */
    expectedDate: text('expected_date'),
    actorMemberId: integer('actor_member_id').references(() => members.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('order_fulfilment_events_order_idx').on(t.orderId, t.id)],
);
