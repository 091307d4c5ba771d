/** The points ledger (bot-server/points): accounts, lots, entries, purchases, refunds, POS redemptions, settings. */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';

/**
 * One row per member with points: the spendable balance (negative while a return is being
 * settled by later earnings) and the pending points (return window). Kept exact by conditional
 * updates in the transaction that writes the ledger entries; always equal to the entries' sum
 * (balance + pending = Σ delta).
 */
export const pointsAccounts = sqliteTable('points_accounts', {
  memberId: integer('member_id').primaryKey().references(() => members.id),
  balance: integer('balance').notNull().default(0),
  pending: integer('pending').notNull().default(0),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/**
 * A lot: points earned (or granted) together, with one expiry. `remaining` is what is left to
 * spend; spending takes the lots that expire first. A `pending` lot unlocks at `unlocks_at`.
 */
export const pointsLots = sqliteTable(
  'points_lots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').notNull().references(() => members.id),
    status: text('status', { enum: ['pending', 'active', 'expired'] }).notNull(),
    points: integer('points').notNull(),
    remaining: integer('remaining').notNull(),
    /** Epoch ms at which the lot expires (the instant after its last day, brand time); null never. */
    expiresAt: integer('expires_at'),
    unlocksAt: integer('unlocks_at'),
    purchaseId: text('purchase_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    index('points_lots_member').on(t.memberId, t.status, t.expiresAt),
    index('points_lots_expiry').on(t.expiresAt).where(sql`${t.status} = 'active' and ${t.remaining} > 0`),
    index('points_lots_unlock').on(t.unlocksAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** The append-only ledger: every change to a member's points, with its reason. */
export const pointsEntries = sqliteTable(
  'points_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').notNull().references(() => members.id),
    type: text('type', { enum: ['earn', 'spend', 'expire', 'adjust', 'reverse'] }).notNull(),
    delta: integer('delta').notNull(),
    lotId: integer('lot_id'),
    /** What caused it: `purchase:<id>`, `refund:<id>`, `redemption:<id>`, `campaign:<id>`, `adjust:<audit>` … */
    ref: text('ref'),
    reason: text('reason').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('points_entries_member').on(t.memberId, t.id), index('points_entries_created').on(t.createdAt), index('points_entries_ref').on(t.ref)],
);

/** A sale told by a POS: one per (store, order number). */
export const pointsPurchases = sqliteTable(
  'points_purchases',
  {
    id: text('id').primaryKey(),
    storeId: integer('store_id').notNull(),
    orderNo: text('order_no').notNull(),
    memberId: integer('member_id').notNull().references(() => members.id),
    apiKeyId: integer('api_key_id'),
    total: integer('total').notNull(),
    paid: integer('paid').notNull(),
    lines: text('lines', { mode: 'json' }).$type<{ sku: string; category?: string | undefined; quantity: number; unitPrice: number; discount?: number | undefined }[]>().notNull(),
    /** Each line's earn weight (rules.ts lineWeights) and quantity returned so far. */
    lineWeights: text('line_weights', { mode: 'json' }).$type<number[]>().notNull(),
    returned: text('returned', { mode: 'json' }).$type<number[]>().notNull(),
    totalWeight: integer('total_weight').notNull(),
    couponRedemptions: text('coupon_redemptions', { mode: 'json' }).$type<string[]>().notNull(),
    pointsEarned: integer('points_earned').notNull(),
    pointsReversed: integer('points_reversed').notNull().default(0),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    lotId: integer('lot_id'),
    /** The answer given (replayed for the same order number). */
    response: text('response', { mode: 'json' }).$type<unknown>().notNull(),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('points_purchases_order').on(t.storeId, t.orderNo), index('points_purchases_member').on(t.memberId)],
);

export const pointsRefunds = sqliteTable(
  'points_refunds',
  {
    id: text('id').primaryKey(),
    purchaseId: text('purchase_id').notNull().references(() => pointsPurchases.id),
    refundNo: text('refund_no').notNull(),
    amount: integer('amount').notNull(),
    pointsReversed: integer('points_reversed').notNull(),
    response: text('response', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('points_refunds_no').on(t.purchaseId, t.refundNo)],
);

/** Points spent as a discount at a POS. */
export const pointsRedemptions = sqliteTable('points_redemptions', {
  id: text('id').primaryKey(),
  storeId: integer('store_id').notNull(),
  memberId: integer('member_id').notNull().references(() => members.id),
  apiKeyId: integer('api_key_id'),
  points: integer('points').notNull(),
  discount: integer('discount').notNull(),
  orderNo: text('order_no'),
  reversedAt: integer('reversed_at', { mode: 'timestamp_ms' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/** The brand's earn rules, expiry policy and redemption rate: one row (id 1). */
export const pointsSettings = sqliteTable('points_settings', {
  id: integer('id').primaryKey(),
  settings: text('settings', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/** Members told that points expire at the end of a month (YYYY-MM): once per member per month. */
export const pointsReminders = sqliteTable(
  'points_reminders',
  {
    memberId: integer('member_id').notNull().references(() => members.id),
    month: text('month').notNull(),
    points: integer('points').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.month] })],
);
