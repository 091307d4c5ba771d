/** Coupon templates, coupons, their ledger and redemptions (bot-server/coupons). */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now, timestamps } from './columns.ts';
import { members } from './members.ts';
import { stores } from './stores.ts';

/** A coupon definition (票券範本): the rules every coupon issued from it follows. */
export const couponTemplates = sqliteTable('coupon_templates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  terms: text('terms').notNull().default(''),
  /** English name and terms for members who use the app in English; null = show the zh-TW ones. */
  nameEn: text('name_en'),
  termsEn: text('terms_en'),
  kind: text('kind', { enum: ['amount_off', 'percent_off', 'exchange'] }).notNull(),
  amountOff: integer('amount_off'),
  percentOff: integer('percent_off'),
  maxDiscount: integer('max_discount'),
  exchangeItemName: text('exchange_item_name'),
  exchangeItemSku: text('exchange_item_sku'),
  scope: text('scope', { mode: 'json' }).$type<{ type: 'order' } | { type: 'items'; skus: string[]; categories: string[] }>().notNull(),
  minSpend: integer('min_spend').notNull().default(0),
  storeIds: text('store_ids', { mode: 'json' }).$type<number[] | null>(),
  weekdays: text('weekdays', { mode: 'json' }).$type<number[] | null>(),
  timeWindows: text('time_windows', { mode: 'json' }).$type<{ start: string; end: string }[] | null>(),
  /** { type: 'fixed', from, until } (ISO), { type: 'relative', days } from issue, or { type: 'none' } (no expiry: coupons get NO_EXPIRY_UNTIL). */
  validity: text('validity', { mode: 'json' }).$type<{ type: 'fixed'; from: string; until: string } | { type: 'relative'; days: number } | { type: 'none' }>().notNull(),
  usesPerCoupon: integer('uses_per_coupon').notNull().default(1),
  /** What one use is called (寄杯: 杯): shared/coupons/units.ts; 'use' = 次. */
  unit: text('unit', { enum: ['use', 'cup', 'serving', 'item'] }).notNull().default('use'),
  /**
   * A subscription pass (訂閱方案): valid `periodDays` brand days from issue, at most `usesPerDay`
   * uses each brand day (bot-server/coupons/pass*.ts); null for an ordinary coupon.
   */
  pass: text('pass', { mode: 'json' }).$type<{ periodDays: number; usesPerDay: number } | null>(),
  transferable: integer('transferable', { mode: 'boolean' }).notNull().default(false),
  /** A transferable coupon with several uses may be given in part (3 of 10 coffees): it splits in two. */
  allowPartialTransfer: integer('allow_partial_transfer', { mode: 'boolean' }).notNull().default(false),
  /** How many times one coupon may be given on (1: the friend cannot give it again). */
  maxTransfers: integer('max_transfers').notNull().default(1),
  totalStock: integer('total_stock'),
  issuedCount: integer('issued_count').notNull().default(0),
  perMemberLimit: integer('per_member_limit'),
  codeMode: text('code_mode', { enum: ['pattern', 'imported'] }).notNull().default('pattern'),
  /**
   * Whether the member's coupon screen also shows the static code and its barcode (for a
   * partner's POS that reads only those). Off by default: the rotating QR and numeric code are
   * what the counter reads, so a screenshot is useless a minute later.
   */
  showStaticCode: integer('show_static_code', { mode: 'boolean' }).notNull().default(false),
  codePattern: text('code_pattern', { mode: 'json' }).$type<{ prefix: string; charset: 'digits' | 'alnum'; length: number; suffix: string }>().notNull(),
  imageUrl: text('image_url'),
  color: text('color').notNull().default('#06C755'),
  status: text('status', { enum: ['active', 'archived'] }).notNull().default('active'),
  ...timestamps,
});

/** A partner's codes imported for a template, consumed once each. */
export const importedCodes = sqliteTable(
  'imported_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    couponId: integer('coupon_id'),
    importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('imported_codes_code_unique').on(t.code), index('imported_codes_free_idx').on(t.templateId, t.couponId)],
);

/** A coupon in a member's wallet. Its balance (uses left) moves only by conditional updates logged in coupon_events. */
export const coupons = sqliteTable(
  'coupons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    code: text('code').notNull(),
    /** `transferring`: held by a pending gift (bot-server/transfers), not redeemable until it is accepted or returns. */
    status: text('status', { enum: ['active', 'used', 'expired', 'voided', 'transferring'] }).notNull().default('active'),
    usesTotal: integer('uses_total').notNull(),
    usesLeft: integer('uses_left').notNull(),
    validFrom: integer('valid_from', { mode: 'timestamp_ms' }).notNull(),
    validUntil: integer('valid_until', { mode: 'timestamp_ms' }).notNull(),
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull().default(now),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    uniqueIndex('coupons_code_unique').on(t.code),
    index('coupons_member_idx').on(t.memberId, t.status, t.validUntil),
    index('coupons_template_idx').on(t.templateId),
  ],
);

/** The append-only ledger of everything that happens to a coupon. */
export const couponEvents = sqliteTable(
  'coupon_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    couponId: integer('coupon_id')
      .notNull()
      .references(() => coupons.id),
    type: text('type', { enum: ['issued', 'redeemed', 'redemption_voided', 'voided', 'expired', 'transferred_out', 'transferred_in', 'transfer_locked', 'transfer_unlocked', 'split_out', 'split_in'] }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
    uses: integer('uses').notNull().default(0),
    storeId: integer('store_id'),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    redemptionId: text('redemption_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('coupon_events_coupon_idx').on(t.couponId)],
);

/** One redemption at a counter or by a POS: uses taken, discount given; voided by undo or the POS. */
export const redemptions = sqliteTable(
  'redemptions',
  {
    id: text('id').primaryKey(),
    couponId: integer('coupon_id')
      .notNull()
      .references(() => coupons.id),
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id),
    uses: integer('uses').notNull(),
    discount: integer('discount'),
    orderAmount: integer('order_amount'),
    channel: text('channel', { enum: ['scanner', 'pos'] }).notNull(),
    staffMemberId: integer('staff_member_id'),
    apiKeyId: integer('api_key_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    voidedAt: integer('voided_at', { mode: 'timestamp_ms' }),
    voidReason: text('void_reason'),
  },
  (t) => [index('redemptions_store_idx').on(t.storeId, t.createdAt), index('redemptions_coupon_idx').on(t.couponId)],
);
