/** Notification templates and the transactional outbox (bot-server/notifications). */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';

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
    /**
     * Set (durably, before the request leaves) when the dispatcher sends this row in a LINE
     * multicast: the batch's X-Line-Retry-Key. Rows sharing it are claimed, retried and finished
     * together with the same key, so a crash or a 5xx never splits or re-groups a batch.
     */
    multicastKey: text('multicast_key'),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.priority, t.dueAt),
    index('outbox_multicast_idx').on(t.multicastKey),
    index('outbox_member_idx').on(t.memberId),
    index('outbox_created_idx').on(t.createdAt),
  ],
);
