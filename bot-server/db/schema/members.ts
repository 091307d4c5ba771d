/** Members and their roles (bot-server/members). */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now, timestamps } from './columns.ts';
import { stores } from './stores.ts';

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
    /** When `mobile` was confirmed by an SMS one-time code; null until then (gifts by mobile need it). */
    mobileVerifiedAt: integer('mobile_verified_at', { mode: 'timestamp_ms' }),
    /** YYYY-MM-DD, a calendar date with no time zone. */
    birthday: text('birthday'),
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }),
    /**
     * The member's choice about marketing messages (priority 'marketing'): true/false once asked
     * (the registration's optional checkbox, the profile toggle); null never asked (a friend who
     * has not registered, a member registered before the question existed), who gets what LINE
     * friends got before. Transactional messages do not depend on it.
     */
    marketingOptIn: integer('marketing_opt_in', { mode: 'boolean' }),
    /** When the member last made that choice. */
    marketingConsentAt: integer('marketing_consent_at', { mode: 'timestamp_ms' }),
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
