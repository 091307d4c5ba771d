/** Tiers (bot-server/tiers): the brand's levels, its programme settings, each member's tier, evaluations and gifts given. */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';

/** An offer given through the campaigns' issuing rules: one coupon template or one bundle. */
export type TierOffer = { templateId: number } | { bundleId: number };

/** One level of the programme (一般 / 銀卡 / 金卡 / VIP), ordered by rank. */
export const tiers = sqliteTable(
  'tiers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    rank: integer('rank').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    color: text('color').notNull().default('#6B7280'),
    /** Qualifying amount (NT$ or points, per the programme's basis) to reach it. */
    threshold: integer('threshold').notNull(),
    /** Qualifying amount that keeps it at evaluation. */
    retainAt: integer('retain_at').notNull(),
    /** Points multiplier on purchases (1 = none), used by the points earn rules. */
    multiplier: integer('multiplier_x100').notNull().default(100),
    upgradeGift: text('upgrade_gift', { mode: 'json' }).$type<TierOffer | null>(),
    birthdayGift: text('birthday_gift', { mode: 'json' }).$type<TierOffer | null>(),
    /** The benefits the member page lists, one per line. */
    benefits: text('benefits').notNull().default(''),
    benefitsEn: text('benefits_en'),
    status: text('status', { enum: ['active', 'archived'] }).notNull().default('active'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('tiers_rank').on(t.status, t.rank)],
);

/** The programme's settings (basis, window, evaluation, grace, notice): one row (id 1), JSON. */
export const tierSettings = sqliteTable('tier_settings', {
  id: integer('id').primaryKey(),
  settings: text('settings', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/**
 * A member's tier above the lowest (no row: the lowest tier). `evaluateOn` is the brand day of
 * the next evaluation; it moves forward in the transaction that evaluates the member, so the
 * conditional update `where evaluate_on = ?` evaluates each member once per date.
 */
export const memberTiers = sqliteTable(
  'member_tiers',
  {
    memberId: integer('member_id').primaryKey().references(() => members.id),
    tierId: integer('tier_id').notNull().references(() => tiers.id),
    /** Brand day the tier was reached (or last kept / assigned). */
    since: text('since').notNull(),
    evaluateOn: text('evaluate_on').notNull(),
    /** Brand day a grace period ends (the member fell short at evaluation and keeps the tier until then). */
    graceUntil: text('grace_until'),
    /** The evaluation date the member was told about (tier lowering notice), once per date. */
    noticeFor: text('notice_for'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('member_tiers_evaluate').on(t.evaluateOn), index('member_tiers_tier').on(t.tierId)],
);

/** One evaluation of one member on one date: the once-per-member proof and the history. */
export const tierEvaluations = sqliteTable(
  'tier_evaluations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').notNull().references(() => members.id),
    evaluateOn: text('evaluate_on').notNull(),
    fromTierId: integer('from_tier_id').notNull(),
    toTierId: integer('to_tier_id').notNull(),
    action: text('action', { enum: ['up', 'keep', 'grace', 'down'] }).notNull(),
    qualifying: integer('qualifying').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('tier_evaluations_once').on(t.memberId, t.evaluateOn)],
);

/** Tier gifts given (upgrade gift per tier reached, birthday gift per year): once each. */
export const tierGifts = sqliteTable(
  'tier_gifts',
  {
    memberId: integer('member_id').notNull().references(() => members.id),
    /** `upgrade:<tierId>` or `birthday:<year>`. */
    reason: text('reason').notNull(),
    tierId: integer('tier_id').notNull(),
    couponIds: text('coupon_ids', { mode: 'json' }).$type<number[]>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.reason] })],
);
