/** SMS one-time codes that confirm a member's mobile number (bot-server/mobiles). */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { members } from './members.ts';

/**
 * One code sent by SMS to confirm that a member holds a mobile number. The code itself is
 * never stored: only an HMAC of it under a server secret (runtime flag `mobiles.codeSecret`).
 * A newer code for the same member and number supersedes the older one; a code dies after
 * its 5-minute life, its 5th wrong try, or its one use.
 */
export const mobileCodes = sqliteTable(
  'mobile_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** E.164, e.g. +886912345678. */
    mobile: text('mobile').notNull(),
    /** base64url HMAC-SHA256 of `<id>:<code>` under the server secret. */
    codeHash: text('code_hash').notNull(),
    /** Wrong tries so far; the code is dead at 5. */
    attempts: integer('attempts').notNull().default(0),
    /** `pending` until used, superseded by a newer code, or never delivered (the SMS provider refused it). */
    status: text('status', { enum: ['pending', 'used', 'superseded', 'failed'] }).notNull().default('pending'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('mobile_codes_member_idx').on(t.memberId, t.mobile, t.createdAt)],
);
