import type { TJobsOverview, TJobView } from '../../shared/api/jobs.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import type { Db } from '../db/client.ts';
import { lastScheduledJob, listRecentJobs, listSchedules, type JobRow } from './jobs.repo.ts';

const asDetails = (value: unknown): Record<string, unknown> | null =>
  value === null || value === undefined ? null : typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };

/** A job row as the console sees it. */
export function presentJob(job: JobRow, now: Date): TJobView {
  return {
    id: job.id,
    kind: job.kind,
    key: job.key,
    status: job.status,
    schedule: job.schedule,
    dueAt: job.dueAt?.toISOString() ?? null,
    runAt: job.runAt.toISOString(),
    attempts: job.attempts,
    leaseOwner: job.leaseOwner,
    leaseUntil: job.leaseUntil?.toISOString() ?? null,
    leaseExpired: job.status === 'running' && job.leaseUntil !== null && job.leaseUntil < now,
    checkpoint: asDetails(job.checkpoint),
    result: asDetails(job.result),
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    updatedAt: job.updatedAt.toISOString(),
  };
}

/** The console's one place for the runner: its schedules and the recent jobs of every kind. */
export class JobsService {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  overview(caller: Actor | undefined, now = new Date()): TJobsOverview {
    requireAdmin(caller);
    const schedules = listSchedules(this.db).map((s) => {
      const last = lastScheduledJob(this.db, s.name);
      return { name: s.name, kind: s.kind, cron: s.cron, timezone: s.timezone, nextRunAt: s.nextRunAt?.toISOString() ?? null, lastRun: last ? presentJob(last, now) : null };
    });
    return { schedules, jobs: listRecentJobs(this.db, 100).map((j) => presentJob(j, now)), now: now.toISOString() };
  }
}
