import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

const timestamps = {
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
};

/** A LINE user known to the brand: from following the account or signing into the LIFF app. */
export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    lineUserId: text('line_user_id').notNull(),
    displayName: text('display_name').notNull().default(''),
    pictureUrl: text('picture_url'),
    language: text('language'),
    name: text('name'),
    /** E.164, e.g. +886912345678; unique among members. */
    mobile: text('mobile'),
    /** YYYY-MM-DD, a calendar date with no time zone. */
    birthday: text('birthday'),
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }),
    registeredAt: integer('registered_at', { mode: 'timestamp_ms' }),
    /** `blocked` once the member unfollows (blocks) the account: nothing is pushed to them. */
    status: text('status', { enum: ['active', 'blocked'] }).notNull().default('active'),
    isFollowing: integer('is_following', { mode: 'boolean' }).notNull().default(false),
    followedAt: integer('followed_at', { mode: 'timestamp_ms' }),
    unfollowedAt: integer('unfollowed_at', { mode: 'timestamp_ms' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('members_line_user_id_unique').on(t.lineUserId),
    uniqueIndex('members_mobile_unique').on(t.mobile),
    index('members_name_idx').on(t.name),
  ],
);

export const stores = sqliteTable(
  'stores',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    phone: text('phone'),
    /** Free text shown to members, e.g. 「週一至週日 08:00–21:00」. */
    openingHours: text('opening_hours').notNull().default(''),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('stores_code_unique').on(t.code)],
);

/** Every webhook event seen, keyed by LINE's webhookEventId, so a redelivery is handled once. */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    lineUserId: text('line_user_id'),
    isRedelivery: integer('is_redelivery', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['processing', 'done', 'failed', 'ignored'] }).notNull().default('processing'),
    error: text('error'),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull().default(now),
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('webhook_events_received_idx').on(t.receivedAt)],
);

/** A signed-in browser: the token's SHA-256 is stored, never the token. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('sessions_token_hash_unique').on(t.tokenHash), index('sessions_member_idx').on(t.memberId)],
);

/** Members who administer the brand (console). ADMIN_LINE_USER_IDS adds more at runtime. */
export const admins = sqliteTable('admins', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  grantedAt: integer('granted_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/** Which stores a member works at as staff. */
export const staffStores = sqliteTable(
  'staff_stores',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'cascade' }),
    grantedAt: integer('granted_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.storeId] }), index('staff_stores_store_idx').on(t.storeId)],
);

/** Append-only record of who changed roles, stores and other settings. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
    actorKind: text('actor_kind', { enum: ['member', 'cli', 'env', 'system'] }).notNull(),
    actorMemberId: integer('actor_member_id').references(() => members.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);

/** The brand's wording for a notification kind; a kind with no row uses the shipped default. */
export const notificationTemplates = sqliteTable('notification_templates', {
  kind: text('kind').primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** { "zh-TW": { title, body, ctaLabel, altText }, "en": {...} } */
  content: text('content', { mode: 'json' }).$type<Record<'zh-TW' | 'en', { title: string; body: string; ctaLabel: string; altText: string }>>().notNull(),
  ctaTarget: text('cta_target').notNull(),
  heroImageUrl: text('hero_image_url'),
  accentColor: text('accent_color').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  updatedBy: integer('updated_by').references(() => members.id, { onDelete: 'set null' }),
});

/**
 * The transactional outbox: a feature inserts a row in the same transaction as its state
 * change; the dispatcher sends it later. The id doubles as LINE's X-Line-Retry-Key.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    variables: text('variables', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    cta: text('cta', { mode: 'json' }).$type<{ label?: string; url: string } | null>(),
    /** 0 = transactional, 1 = marketing: transactional goes first. */
    priority: integer('priority').notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'skipped'] }).notNull().default('pending'),
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    /** While `sending`, the claim is held until then; after it, another dispatcher may retry. */
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    source: text('source', { enum: ['system', 'partner', 'test'] }).notNull().default('system'),
    apiKeyId: integer('api_key_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.priority, t.dueAt),
    index('outbox_member_idx').on(t.memberId),
    index('outbox_created_idx').on(t.createdAt),
  ],
);

/** POS and partner credentials; only a SHA-256 of the key is kept. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The first characters of the key, to tell keys apart in the console. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    /** Stores a POS key may act at; null = all stores. */
    storeIds: text('store_ids', { mode: 'json' }).$type<number[] | null>(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    createdBy: integer('created_by').references(() => members.id, { onDelete: 'set null' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('api_keys_hash_unique').on(t.keyHash)],
);

/** First results of requests sent with an Idempotency-Key, so a replay answers the same. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: text('response', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** Small shared facts between processes, e.g. why the dispatcher paused marketing sends. */
export const runtimeFlags = sqliteTable('runtime_flags', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/**
 * Guess counters and lock-outs (bot-server/limits): wrong codes, unknown members, numbers
 * another member holds. Kept here rather than in memory so a restart or a second process
 * holds the same lock-outs. `key` is the limit's name and a hash of who is guessing (never a
 * code or a phone number in clear). Only misses write; a check is one primary-key read.
 */
export const lockouts = sqliteTable(
  'lockouts',
  {
    key: text('key').primaryKey(),
    /** Misses in the current window. */
    misses: integer('misses').notNull().default(0),
    windowEndsAt: integer('window_ends_at', { mode: 'timestamp_ms' }).notNull(),
    lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
    /** After this the row says nothing (window and lock both over) and may be swept. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('lockouts_expires_idx').on(t.expiresAt)],
);

/** A coupon definition (票券範本): the rules every coupon issued from it follows. */
export const couponTemplates = sqliteTable('coupon_templates', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  terms: text('terms').notNull().default(''),
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
  /** { type: 'fixed', from, until } (ISO) or { type: 'relative', days } from issue. */
  validity: text('validity', { mode: 'json' }).$type<{ type: 'fixed'; from: string; until: string } | { type: 'relative'; days: number }>().notNull(),
  usesPerCoupon: integer('uses_per_coupon').notNull().default(1),
  transferable: integer('transferable', { mode: 'boolean' }).notNull().default(false),
  totalStock: integer('total_stock'),
  issuedCount: integer('issued_count').notNull().default(0),
  perMemberLimit: integer('per_member_limit'),
  codeMode: text('code_mode', { enum: ['pattern', 'imported'] }).notNull().default('pattern'),
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
    status: text('status', { enum: ['active', 'used', 'expired', 'voided'] }).notNull().default('active'),
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
    type: text('type', { enum: ['issued', 'redeemed', 'redemption_voided', 'voided', 'expired', 'transferred_out', 'transferred_in'] }).notNull(),
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

/** 套票大禮包: several coupon templates claimed together, all or nothing. */
export const bundles = sqliteTable('bundles', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
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

/** A background job issuing an offer to an audience; items make it resumable without doubles. */
export const bulkJobs = sqliteTable('bulk_jobs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  templateId: integer('template_id').references(() => couponTemplates.id),
  bundleId: integer('bundle_id').references(() => bundles.id),
  audience: text('audience', { mode: 'json' }).$type<{ type: 'all' } | { type: 'birth_month'; month: number } | { type: 'mobiles' }>().notNull(),
  status: text('status', { enum: ['pending', 'running', 'cancelled', 'done', 'failed'] }).notNull().default('pending'),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  issued: integer('issued').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  /** Unknown and invalid numbers from an uploaded list: [{ line, input, problem }] */
  report: text('report', { mode: 'json' }).$type<{ line: number; input: string; problem: string }[]>().notNull().default([]),
  error: text('error'),
  createdBy: integer('created_by'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
});

export const bulkJobItems = sqliteTable(
  'bulk_job_items',
  {
    jobId: integer('job_id')
      .notNull()
      .references(() => bulkJobs.id, { onDelete: 'cascade' }),
    memberId: integer('member_id').notNull(),
    status: text('status', { enum: ['pending', 'issued', 'skipped'] }).notNull().default('pending'),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.memberId] }), index('bulk_job_items_pending_idx').on(t.jobId, t.status, t.memberId)],
);

/** What is issued automatically on an event (registration now; purchases, upgrades later). */
export const autoIssueRules = sqliteTable('auto_issue_rules', {
  trigger: text('trigger', { enum: ['registration'] }).primaryKey(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
  templateId: integer('template_id').references(() => couponTemplates.id),
  bundleId: integer('bundle_id').references(() => bundles.id),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});
