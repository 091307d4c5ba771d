import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const JOB_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The job runner's work (bot-server/jobs/): queued jobs (a bulk issue, one firing of a cron
 * schedule) and the long-running loops of each process (the dispatcher). A job is held by one
 * process at a time through a lease that its holder renews; a job whose holder died is taken
 * over once the lease has expired, and goes on from its last checkpoint, which is written in
 * the same transaction as the unit of work it records.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What runs it: `bulk_issue`, `birthday_packs`, `dispatcher` … */
    kind: text('kind').notNull(),
    /** What makes two requests the same job (`bulk_issue:42`, `birthday_packs@<due time>`, `dispatcher@<process>`). */
    key: text('key').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
    /** Not claimed before this time (a retry's backoff, a schedule's due time). */
    runAt: integer('run_at', { mode: 'timestamp_ms' }).notNull().default(now),
    /** The cron schedule that fired it, and the due time it fired for: one job per (schedule, due time). */
    schedule: text('schedule'),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }),
    /** Claims so far, the one running included; a resume after a crash counts as one. */
    attempts: integer('attempts').notNull().default(0),
    /** The process holding the job (`host:pid:nonce`) and until when; renewed while it runs. */
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    /** Where a resumed job goes on from; written with the unit of work it records. */
    checkpoint: text('checkpoint', { mode: 'json' }).$type<unknown>(),
    result: text('result', { mode: 'json' }).$type<unknown>(),
    error: text('error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    uniqueIndex('jobs_key_unique').on(t.key),
    uniqueIndex('jobs_schedule_due_unique').on(t.schedule, t.dueAt),
    index('jobs_claim_idx').on(t.status, t.runAt),
    index('jobs_kind_idx').on(t.kind, t.id),
  ],
);

/** The cron schedules the runners know, for the console: written by each runner as it evaluates them. */
export const jobSchedules = sqliteTable('job_schedules', {
  name: text('name').primaryKey(),
  /** The job kind each firing runs. */
  kind: text('kind').notNull(),
  cron: text('cron').notNull(),
  /** IANA zone the cron is read in (the brand's). */
  timezone: text('timezone').notNull(),
  nextRunAt: integer('next_run_at', { mode: 'timestamp_ms' }),
  /** The latest due time a job was made for. */
  lastDueAt: integer('last_due_at', { mode: 'timestamp_ms' }),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});
