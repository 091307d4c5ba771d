/** POS and partner API keys (bot-server/partners). */
import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';
import { stores } from './stores.ts';

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
