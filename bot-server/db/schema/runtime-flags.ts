/** Small facts shared between processes (bot-server/runtime-flags). */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';

/** Small shared facts between processes, e.g. why the dispatcher paused marketing sends. */
export const runtimeFlags = sqliteTable('runtime_flags', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});
