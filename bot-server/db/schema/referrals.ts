/** Member-get-member referrals (bot-server/referrals). */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';

/** The brand's referral programme: one row (id 1). */
export const referralSettings = sqliteTable('referral_settings', {
  id: integer('id').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
  /** When a referral earns its rewards: the friend's registration, or the friend's first redemption. */
  trigger: text('trigger', { enum: ['registration', 'first_redemption'] }).notNull().default('registration'),
  referrerTemplateId: integer('referrer_template_id'),
  referrerBundleId: integer('referrer_bundle_id'),
  friendTemplateId: integer('friend_template_id'),
  friendBundleId: integer('friend_bundle_id'),
  /** Rewarded referrals per referrer per calendar month (brand time); null = no cap. */
  monthlyCap: integer('monthly_cap'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/** Each member's invite code (the `ref` of their invite link), made the first time they ask. */
export const referralCodes = sqliteTable(
  'referral_codes',
  {
    memberId: integer('member_id')
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('referral_codes_code_unique').on(t.code)],
);

/**
 * Who invited whom, before the friend registers: a LINE user who opened an invite link (by
 * member id), or a mobile number a member sent a gift to (by number). The first one wins:
 * both columns are unique.
 */
export const referralAttributions = sqliteTable(
  'referral_attributions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    referrerMemberId: integer('referrer_member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** The invited LINE user (opened the link); null for a gift attribution. */
    friendMemberId: integer('friend_member_id').references(() => members.id, { onDelete: 'cascade' }),
    /** The invited number (E.164, a gift to a non-member); null for a link attribution. */
    friendMobile: text('friend_mobile'),
    source: text('source', { enum: ['link', 'gift'] }).notNull(),
    /** The gift's transfer id for `gift`. */
    sourceRef: text('source_ref'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('referral_attributions_member_unique').on(t.friendMemberId),
    uniqueIndex('referral_attributions_mobile_unique').on(t.friendMobile),
    index('referral_attributions_referrer_idx').on(t.referrerMemberId, t.createdAt),
  ],
);

/**
 * A friend who registered through an invite: one row per friend. `pending` waits for the
 * friend's first redemption (when the programme rewards that); `rewarded` once granted;
 * `ineligible` when the friend could not count (their own link, a number registered before).
 */
export const referrals = sqliteTable(
  'referrals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    referrerMemberId: integer('referrer_member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    friendMemberId: integer('friend_member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    attributionId: integer('attribution_id').notNull(),
    status: text('status', { enum: ['pending', 'rewarded', 'ineligible'] }).notNull(),
    /** Why it is ineligible: `self`, `mobile_seen`. */
    reason: text('reason'),
    trigger: text('trigger', { enum: ['registration', 'first_redemption'] }).notNull(),
    /** The redemption that earned the rewards (first_redemption); undoing it reverses them. */
    qualifyingRedemptionId: text('qualifying_redemption_id'),
    registeredAt: integer('registered_at', { mode: 'timestamp_ms' }).notNull(),
    rewardedAt: integer('rewarded_at', { mode: 'timestamp_ms' }),
    /** The brand-time month (YYYY-MM) the rewards were granted in: the referrer's cap counts it. */
    rewardMonth: text('reward_month'),
  },
  (t) => [uniqueIndex('referrals_friend_unique').on(t.friendMemberId), index('referrals_referrer_idx').on(t.referrerMemberId, t.rewardMonth), index('referrals_redemption_idx').on(t.qualifyingRedemptionId)],
);

/** Each coupon a referral granted, to whom, and whether it was taken back. */
export const referralRewards = sqliteTable(
  'referral_rewards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    referralId: integer('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    beneficiary: text('beneficiary', { enum: ['referrer', 'friend'] }).notNull(),
    memberId: integer('member_id').notNull(),
    couponId: integer('coupon_id'),
    /** `granted`; `reversed` (the qualifying use was undone: the coupon voided if unused, else kept); `skipped` (out of stock, template gone, cap). */
    status: text('status', { enum: ['granted', 'reversed', 'skipped'] }).notNull(),
    reason: text('reason'),
    grantedAt: integer('granted_at', { mode: 'timestamp_ms' }).notNull(),
    reversedAt: integer('reversed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('referral_rewards_referral_idx').on(t.referralId), index('referral_rewards_granted_idx').on(t.grantedAt)],
);

/**
 * Every number that was ever registered (SHA-256 of the E.164), so a number that registered,
 * left or changed, and comes back does not earn a second referral.
 */
export const referralSeenMobiles = sqliteTable('referral_seen_mobiles', {
  mobileHash: text('mobile_hash').primaryKey(),
  /** The member who first held it. */
  memberId: integer('member_id').notNull(),
  firstSeenAt: integer('first_seen_at', { mode: 'timestamp_ms' }).notNull(),
});
