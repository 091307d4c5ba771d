/** Bundles, campaigns, claims and automatic issuing (bot-server/campaigns). */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now, timestamps } from './columns.ts';
import { couponTemplates } from './coupons.ts';
import { members } from './members.ts';

/** 套票大禮包: several coupon templates claimed together, all or nothing. */
export const bundles = sqliteTable('bundles', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** English versions for members who use the app in English; null = the zh-TW ones. */
  nameEn: text('name_en'),
  descriptionEn: text('description_en'),
  /** [{ templateId, quantity }] */
  items: text('items', { mode: 'json' }).$type<{ templateId: number; quantity: number }[]>().notNull(),
  status: text('status', { enum: ['active', 'archived'] }).notNull().default('active'),
  ...timestamps,
});

/** A claimable offer in the claim centre, or behind redemption codes. */
export const campaigns = sqliteTable('campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** English versions for members who use the app in English; null = the zh-TW ones. */
  nameEn: text('name_en'),
  descriptionEn: text('description_en'),
  /** claim: a button in the claim centre; code: typed redemption codes (兌換碼). */
  mode: text('mode', { enum: ['claim', 'code'] }).notNull(),
  templateId: integer('template_id').references(() => couponTemplates.id),
  bundleId: integer('bundle_id').references(() => bundles.id),
  startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
  endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
  /** { type: 'all' } | { type: 'new_members', days } | { type: 'birth_month' } | { type: 'mobiles' } (list in campaign_mobiles) */
  audience: text('audience', { mode: 'json' }).$type<{ type: 'all' } | { type: 'new_members'; days: number } | { type: 'birth_month' } | { type: 'mobiles' }>().notNull(),
  totalStock: integer('total_stock'),
  claimedCount: integer('claimed_count').notNull().default(0),
  perMemberLimit: integer('per_member_limit').notNull().default(1),
  /** 以點換券: points a claim costs, taken in the claim's transaction; null = free. */
  pointsCost: integer('points_cost'),
  /** Tier-only offer (tiers domain): only members currently at this tier see and claim it; null = any tier. */
  audienceTierId: integer('audience_tier_id'),
  /** For code campaigns: one code everyone types (e.g. WINTER2026); null = single-use codes. */
  sharedCode: text('shared_code'),
  status: text('status', { enum: ['active', 'archived'] }).notNull().default('active'),
  ...timestamps,
});

export const campaignMobiles = sqliteTable(
  'campaign_mobiles',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    mobile: text('mobile').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.mobile] })],
);

/** Single-use redemption codes of a code campaign. */
export const redemptionCodes = sqliteTable(
  'redemption_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    usedByMemberId: integer('used_by_member_id'),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('redemption_codes_code_unique').on(t.code), index('redemption_codes_campaign_idx').on(t.campaignId)],
);

/** One claim by a member; `period` is the birthday year for birthday packs, '' otherwise. */
export const campaignClaims = sqliteTable(
  'campaign_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    period: text('period').notNull().default(''),
    couponIds: text('coupon_ids', { mode: 'json' }).$type<number[]>().notNull(),
    via: text('via', { enum: ['claim', 'code', 'auto', 'bulk'] }).notNull(),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('campaign_claims_member_idx').on(t.campaignId, t.memberId, t.period), index('campaign_claims_time_idx').on(t.campaignId, t.claimedAt)],
);

/** What is issued automatically on an event (registration now; purchases, upgrades later). */
export const autoIssueRules = sqliteTable('auto_issue_rules', {
  trigger: text('trigger', { enum: ['registration'] }).primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
  templateId: integer('template_id').references(() => couponTemplates.id),
  bundleId: integer('bundle_id').references(() => bundles.id),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});
