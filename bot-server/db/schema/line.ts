/** LINE webhook bookkeeping (bot-server/line). */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';

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
