/** Notification templates and the transactional outbox (bot-server/notifications). */
import { sql } from 'drizzle-orm';
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
    // Partial indexes: a row is in the due index only while pending and in the lease index only
    // while sending, so a send's two writes (claim, outcome) touch one small index each and a
    // finished row leaves both. Queries must name the status as a literal (`status = 'pending'`),
    // not a bound parameter, for SQLite to use them. The multicast key has no index: a batch's
    // rows are found through outbox_multicasts.
    index('outbox_pending_idx')
      .on(t.priority, t.dueAt)
      .where(sql`"status" = 'pending'`),
    index('outbox_lease_idx')
      .on(t.leaseUntil)
      .where(sql`"status" = 'sending'`),
    index('outbox_member_idx').on(t.memberId),
    index('outbox_created_idx').on(t.createdAt),
  ],
);

/**
 * One row per LINE multicast batch, written by the claim that forms it (in the same commit as
 * its rows' `multicast_key`, before the request leaves): the batch's retry key and the outbox
 * rowids it covers, so a retry or a resumed send finds the batch's rows by rowid (no index on
 * outbox.multicast_key to maintain per recipient) and its outcome is one set-based UPDATE.
 * A row counts as part of the batch only while its multicast_key still equals the key.
 */
export const outboxMulticasts = sqliteTable('outbox_multicasts', {
  key: text('key').primaryKey(),
  /** JSON array of outbox rowids. */
  rids: text('rids').notNull(),
  recipients: integer('recipients').notNull(),
  /** Null while open; the batch's last outcome once finished. */
  outcome: text('outcome', { enum: ['sent', 'failed'] }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
});
