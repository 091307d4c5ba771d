/** The audit log (bot-server/audit). */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { members } from './members.ts';

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
    /** The target's name when the entry was written (a store, a template, a member), so the log reads without lookups. */
    targetName: text('target_name'),
    /** The member an entry concerns (their roles, a coupon issued to them), for the member's 360° page. */
    memberId: integer('member_id'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_member_idx').on(t.memberId, t.id), index('audit_log_action_idx').on(t.action, t.id)],
);
