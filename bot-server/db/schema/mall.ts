/**
 * The coupon mall (超級票券商城, bot-server/mall): products that issue coupon templates, their
 * stock, orders with their lines, payment attempts and the tickets (coupons) they issued.
 * Refunds (bot-server/mall refund*) and fulfilment status build on these tables.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now, timestamps } from './columns.ts';
import { couponTemplates, coupons } from './coupons.ts';
import { members } from './members.ts';

export const PRODUCT_KINDS = ['voucher', 'multi_pickup', 'bundle', 'pass'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** How a product is paid: NT$ only, points only, or a fixed points part plus NT$. */
export const PRICE_MODES = ['cash', 'points', 'points_cash'] as const;
export type PriceMode = (typeof PRICE_MODES)[number];

/** Who may buy: everyone, members in some tiers, or members who joined within N days. */
export type ProductAudience = { type: 'all' } | { type: 'tiers'; tierIds: number[] } | { type: 'new_members'; withinDays: number };

/** The prepaid-voucher guarantee (禮券履約保障) the brand arranged for this product. */
export type PerformanceGuarantee = { type: 'bank_trust' | 'bank_guarantee' | 'none'; reference: string | null; note: string | null };

/** A product on sale (商品): what it issues is in product_items; its stock in product_stock. */
export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: PRODUCT_KINDS }).notNull(),
    status: text('status', { enum: PRODUCT_STATUSES }).notNull().default('draft'),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description').notNull().default(''),
    descriptionEn: text('description_en'),
    category: text('category').notNull().default(''),
    imageUrl: text('image_url'),
    sortOrder: integer('sort_order').notNull().default(0),
    priceMode: text('price_mode', { enum: PRICE_MODES }).notNull(),
    /** NT$ per unit (0 for a points-only product). */
    priceCash: integer('price_cash').notNull().default(0),
    /** Points per unit (0 for a cash-only product). */
    pricePoints: integer('price_points').notNull().default(0),
    /** The list price shown struck-through beside the price (NT$), null when none. */
    listPrice: integer('list_price'),
    /** Units one member may buy in all (paid and pending orders count); null = no limit. */
    perMemberLimit: integer('per_member_limit'),
    /** Sale window (null = open-ended). */
    saleStartsAt: integer('sale_starts_at', { mode: 'timestamp_ms' }),
    saleEndsAt: integer('sale_ends_at', { mode: 'timestamp_ms' }),
    audience: text('audience', { mode: 'json' }).$type<ProductAudience>().notNull(),
    refundable: integer('refundable', { mode: 'boolean' }).notNull().default(true),
    /** Days after payment in which an unused ticket may be refunded; null = any time. */
    refundWindowDays: integer('refund_window_days'),
    /**
     * 寄杯 (multi_pickup) partial refund: paid − unitValue × units collected, never below zero.
     * The per-unit value used by the formula (NT$), normally the list unit price; null = the
     * list price divided by the units.
     */
    refundUnitValue: integer('refund_unit_value'),
    /** 履約保障 record: the brand's arrangement and its reference (free text). */
    guarantee: text('guarantee', { mode: 'json' }).$type<PerformanceGuarantee>().notNull(),
    ...timestamps,
  },
  (t) => [index('products_status_category_idx').on(t.status, t.category, t.sortOrder)],
);

/** What one unit of a product issues: templates × quantity (a bundle has several rows). */
export const productItems = sqliteTable(
  'product_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    /** Coupons of this template issued per unit bought. */
    quantity: integer('quantity').notNull().default(1),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('product_items_product_idx').on(t.productId, t.position)],
);

/**
 * A product's stock, one row each. `reserved` counts units held by unpaid orders, `sold` the
 * paid ones; a reservation is one conditional UPDATE `... WHERE total IS NULL OR total -
 * reserved - sold >= ?`, so stock never goes below zero however many buyers race.
 */
export const productStock = sqliteTable('product_stock', {
  productId: integer('product_id')
    .primaryKey()
    .references(() => products.id, { onDelete: 'cascade' }),
  /** null = unlimited. */
  total: integer('total'),
  reserved: integer('reserved').notNull().default(0),
  sold: integer('sold').notNull().default(0),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/**
 * Units a member holds of a product (pending + paid orders), the per-member limit's counter:
 * one conditional upsert, so two parallel orders cannot both pass the limit.
 */
export const productMemberCounts = sqliteTable(
  'product_member_counts',
  {
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    units: integer('units').notNull().default(0),
  },
  (t) => [uniqueIndex('product_member_counts_unique').on(t.productId, t.memberId)],
);

export const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'expired', 'refunded', 'partially_refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Fulfilment as the member sees it after payment (C's admin actions: ready / delayed). */
export const FULFILMENT_STATUSES = ['none', 'ready', 'delayed'] as const;

/**
 * An order (訂單). `pending` holds stock and points until `holdUntil` (15 minutes); paid /
 * cancelled / expired are each one conditional update out of `pending`, so confirm, cancel and
 * the release job cannot both win.
 */
export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The public reference shown to the member and the support desk (M + date + random). */
    reference: text('reference').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    /** NT$ to charge (0: all points, paid at once with no provider). */
    totalCash: integer('total_cash').notNull(),
    /** Points the order takes (held while pending, taken at payment). */
    totalPoints: integer('total_points').notNull().default(0),
    /** For a gift: the friend's mobile (E.164) and message; the tickets travel by the gift flow. */
    recipient: text('recipient', { enum: ['self', 'gift'] }).notNull().default('self'),
    giftMobile: text('gift_mobile'),
    giftMessage: text('gift_message'),
    /** 手機條碼 carrier (`/` + 7 chars) for the brand's e-invoice system. */
    invoiceCarrier: text('invoice_carrier'),
    /** The member's language at checkout (notifications). */
    lang: text('lang').notNull().default('zh-TW'),
    /** When an unpaid order is released. */
    holdUntil: integer('hold_until', { mode: 'timestamp_ms' }).notNull(),
    paidAt: integer('paid_at', { mode: 'timestamp_ms' }),
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
    /** Why it ended unpaid: `member`, `payment_cancelled`, `timeout`, `points_insufficient` … */
    cancelReason: text('cancel_reason'),
    fulfilment: text('fulfilment', { enum: FULFILMENT_STATUSES }).notNull().default('none'),
    /** NT$ and points refunded so far (refund*, engineer C). */
    refundedCash: integer('refunded_cash').notNull().default(0),
    refundedPoints: integer('refunded_points').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('orders_reference_unique').on(t.reference),
    index('orders_member_idx').on(t.memberId, t.createdAt),
    index('orders_status_hold_idx').on(t.status, t.holdUntil),
    index('orders_created_idx').on(t.createdAt),
  ],
);

/** One product in an order, with the prices as they were when ordered. */
export const orderLines = sqliteTable(
  'order_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    kind: text('kind', { enum: PRODUCT_KINDS }).notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    quantity: integer('quantity').notNull(),
    unitCash: integer('unit_cash').notNull(),
    unitPoints: integer('unit_points').notNull(),
    listPrice: integer('list_price'),
    /** For 寄杯: the per-unit value the refund formula uses, as it was at purchase. */
    refundUnitValue: integer('refund_unit_value'),
    refundable: integer('refundable', { mode: 'boolean' }).notNull(),
    refundWindowDays: integer('refund_window_days'),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId), index('order_lines_product_idx').on(t.productId)],
);

/** A coupon an order issued (one row per coupon). */
export const orderTickets = sqliteTable(
  'order_tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    orderLineId: integer('order_line_id')
      .notNull()
      .references(() => orderLines.id, { onDelete: 'cascade' }),
    couponId: integer('coupon_id')
      .notNull()
      .references(() => coupons.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    /** For a gift order: the transfer that carries this coupon to the friend. */
    transferId: integer('transfer_id'),
    /** Refund bookkeeping (engineer C): when this ticket was voided by a refund. */
    refundedAt: integer('refunded_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('order_tickets_order_idx').on(t.orderId), uniqueIndex('order_tickets_coupon_unique').on(t.couponId)],
);

export const PAYMENT_STATES = ['requested', 'confirming', 'captured', 'cancelled', 'failed', 'refund_pending', 'refunded'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * One payment attempt for an order (pay again = a new attempt with a new provider order id).
 * At most one attempt of an order is captured; an attempt captured for an order that could no
 * longer be paid (released, cancelled) is refunded at once (`refund_pending` → `refunded`).
 */
export const orderPayments = sqliteTable(
  'order_payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull().default('linepay'),
    /** Our order id sent to the provider: `<reference>-<attempt>` (unique per attempt). */
    providerOrderId: text('provider_order_id').notNull(),
    /** The provider's transaction id (a string: LINE Pay's exceed 2^53). */
    transactionId: text('transaction_id'),
    amount: integer('amount').notNull(),
    state: text('state', { enum: PAYMENT_STATES }).notNull().default('requested'),
    paymentUrl: text('payment_url'),
    /** The last provider error code (for support and the console). */
    lastError: text('last_error'),
    capturedAt: integer('captured_at', { mode: 'timestamp_ms' }),
    refundTransactionId: text('refund_transaction_id'),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('order_payments_provider_order_unique').on(t.providerOrderId),
    uniqueIndex('order_payments_transaction_unique').on(t.transactionId),
    index('order_payments_order_idx').on(t.orderId),
    index('order_payments_state_idx').on(t.state),
  ],
);

/**
 * Points held by pending orders: the member's spendable balance minus these is what a new
 * order may use, so the same points cannot back two pending orders. A row is deleted when its
 * order is paid (the points are then taken) or released.
 */
export const orderPointHolds = sqliteTable(
  'order_point_holds',
  {
    orderId: integer('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    points: integer('points').notNull(),
  },
  (t) => [index('order_point_holds_member_idx').on(t.memberId)],
);
