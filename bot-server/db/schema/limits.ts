/** Guess counters and lock-outs (bot-server/limits). */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
