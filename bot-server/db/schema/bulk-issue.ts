/** Bulk issuing jobs and their per-member items (bot-server/campaigns/bulk-issue.ts). */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { now } from './columns.ts';
import { bundles } from './campaigns.ts';
import { couponTemplates } from './coupons.ts';

/** A background job issuing an offer to an audience; items make it resumable without doubles. */
export const bulkJobs = sqliteTable('bulk_jobs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  templateId: integer('template_id').references(() => couponTemplates.id),
  bundleId: integer('bundle_id').references(() => bundles.id),
  audience: text('audience', { mode: 'json' }).$type<{ type: 'all' } | { type: 'birth_month'; month: number } | { type: 'mobiles' }>().notNull(),
  status: text('status', { enum: ['pending', 'running', 'cancelled', 'done', 'failed'] }).notNull().default('pending'),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  issued: integer('issued').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  /** Unknown and invalid numbers from an uploaded list: [{ line, input, problem }] */
  report: text('report', { mode: 'json' }).$type<{ line: number; input: string; problem: string }[]>().notNull().default([]),
  error: text('error'),
  createdBy: integer('created_by'),
  /** A scheduled start (the runner's job waits until then); null = at once. */
  startAt: integer('start_at', { mode: 'timestamp_ms' }),
  /** The monthly schedule that made this job, if any. */
  scheduleId: integer('schedule_id'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
});

export const bulkJobItems = sqliteTable(
  'bulk_job_items',
  {
    jobId: integer('job_id')
      .notNull()
      .references(() => bulkJobs.id, { onDelete: 'cascade' }),
    memberId: integer('member_id').notNull(),
    status: text('status', { enum: ['pending', 'issued', 'skipped'] }).notNull().default('pending'),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.memberId] }), index('bulk_job_items_pending_idx').on(t.jobId, t.status, t.memberId)],
);

/**
 * A monthly bulk issue: on day N at a brand-local time, a bulk job is made for the audience as it
 * is then (a birth-month audience means that month's birthdays).
 */
export const bulkSchedules = sqliteTable(
  'bulk_schedules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    templateId: integer('template_id').references(() => couponTemplates.id),
    bundleId: integer('bundle_id').references(() => bundles.id),
    audience: text('audience', { mode: 'json' }).$type<{ type: 'all' } | { type: 'birth_month' }>().notNull(),
    /** 1–28, so every month has it. */
    dayOfMonth: integer('day_of_month').notNull(),
    /** Brand-local minutes after midnight. */
    minuteOfDay: integer('minute_of_day').notNull(),
    status: text('status', { enum: ['active', 'cancelled'] }).notNull().default('active'),
    nextRunAt: integer('next_run_at', { mode: 'timestamp_ms' }).notNull(),
    lastRunAt: integer('last_run_at', { mode: 'timestamp_ms' }),
    lastJobId: integer('last_job_id'),
    createdBy: integer('created_by'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('bulk_schedules_due_idx').on(t.status, t.nextRunAt)],
);
