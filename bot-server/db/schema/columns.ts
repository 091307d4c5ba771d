import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** The database's clock in epoch milliseconds, as a column default. */
export const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const timestamps = {
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
};
