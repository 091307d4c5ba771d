import { z } from 'zod';
import { ZTimestamp } from './timestamp.ts';

/** The job runner as the console sees it (GET /api/console/jobs). */
export const ZJobStatus = z.enum(['pending', 'running', 'done', 'failed', 'cancelled']);
export type TJobStatus = z.infer<typeof ZJobStatus>;

const ZDetails = z.record(z.string(), z.unknown()).nullable();

export const ZJobView = z.object({
  id: z.number().int(),
  /** `bulk_issue`, `birthday_packs`, `dispatcher` … */
  kind: z.string(),
  key: z.string(),
  status: ZJobStatus,
  /** For a schedule's firing: the schedule and the due time it fired for. */
  schedule: z.string().nullable(),
  dueAt: ZTimestamp.nullable(),
  runAt: ZTimestamp,
  attempts: z.number().int(),
  /** The process holding it (`host:pid:nonce`) and until when; a running job past its lease is taken over. */
  leaseOwner: z.string().nullable(),
  leaseUntil: ZTimestamp.nullable(),
  leaseExpired: z.boolean(),
  /** Where a resumed job goes on from (a bulk job: members processed); a loop's counters. */
  checkpoint: ZDetails,
  result: ZDetails,
  error: z.string().nullable(),
  createdAt: ZTimestamp,
  startedAt: ZTimestamp.nullable(),
  finishedAt: ZTimestamp.nullable(),
  updatedAt: ZTimestamp,
});
export type TJobView = z.infer<typeof ZJobView>;

export const ZScheduleView = z.object({
  name: z.string(),
  kind: z.string(),
  /** Cron fields, read in `timezone` (the brand's). */
  cron: z.string(),
  timezone: z.string(),
  nextRunAt: ZTimestamp.nullable(),
  /** The newest firing, running or finished. */
  lastRun: ZJobView.nullable(),
});
export type TScheduleView = z.infer<typeof ZScheduleView>;

export const ZJobsOverview = z.object({
  schedules: z.array(ZScheduleView),
  /** Open jobs first, then the most recent. */
  jobs: z.array(ZJobView),
  /** The server's clock, to tell an expired lease. */
  now: ZTimestamp,
});
export type TJobsOverview = z.infer<typeof ZJobsOverview>;
