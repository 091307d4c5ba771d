import { and, desc, eq, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { jobSchedules, jobs } from '../db/schema.ts';

export type JobRow = typeof jobs.$inferSelect;
export type ScheduleRow = typeof jobSchedules.$inferSelect;

export interface NewJob {
  kind: string;
  key: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  schedule?: string;
  dueAt?: Date;
}

/**
 * Asks for a job; a second request with the same key is the same job (nothing is added). Call
 * it with the transaction that creates the work, so the two commit or roll back together.
 */
export function enqueueJob(tx: DbOrTx, job: NewJob): { created: boolean } {
  const changes = tx
    .insert(jobs)
    .values({ kind: job.kind, key: job.key, payload: job.payload ?? {}, runAt: job.runAt ?? new Date(), schedule: job.schedule ?? null, dueAt: job.dueAt ?? null })
    .onConflictDoNothing()
    .run().changes;
  return { created: changes > 0 };
}

/**
 * Takes the oldest due job of the given kinds for `owner`: a pending one, or a running one whose
 * holder let its lease expire (it died or hung). Looking is a read; the take is one conditional
 * UPDATE that checks again, so two processes never take the same job and an idle runner does
 * not take the write lock.
 */
export function claimJob(db: DbOrTx, kinds: string[], owner: string, now: Date, leaseUntil: Date): JobRow | undefined {
  if (kinds.length === 0) return undefined;
  const claimable = and(inArray(jobs.kind, kinds), or(and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)), and(eq(jobs.status, 'running'), lt(jobs.leaseUntil, now))));
  for (;;) {
    const due = db.select({ id: jobs.id }).from(jobs).where(claimable).orderBy(jobs.runAt, jobs.id).limit(1).get();
    if (!due) return undefined;
    const taken = db
      .update(jobs)
      .set({ status: 'running', leaseOwner: owner, leaseUntil, attempts: sql`${jobs.attempts} + 1`, startedAt: sql`coalesce(${jobs.startedAt}, ${now.getTime()})`, updatedAt: now })
      .where(and(eq(jobs.id, due.id), claimable))
      .returning()
      .get();
    // Another process took it between the look and the take: look again.
    if (taken) return taken;
  }
}

const held = (id: number, owner: string) => and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running'));

/** Extends the lease; false when this owner no longer holds the job. */
export function renewLease(db: DbOrTx, id: number, owner: string, leaseUntil: Date, now: Date): boolean {
  return db.update(jobs).set({ leaseUntil, updatedAt: now }).where(held(id, owner)).run().changes > 0;
}

/** Records a checkpoint (and renews the lease) if `owner` still holds the job; false when it does not. */
export function saveCheckpoint(tx: DbOrTx, id: number, owner: string, checkpoint: unknown, leaseUntil: Date, now: Date): boolean {
  return tx.update(jobs).set({ checkpoint, leaseUntil, updatedAt: now }).where(held(id, owner)).run().changes > 0;
}

export function finishJob(db: DbOrTx, id: number, owner: string, outcome: { status: 'done' | 'failed' | 'cancelled'; result?: unknown; error?: string | null; at: Date }): boolean {
  return (
    db
      .update(jobs)
      .set({ status: outcome.status, result: outcome.result ?? null, error: outcome.error ?? null, leaseOwner: null, leaseUntil: null, finishedAt: outcome.at, updatedAt: outcome.at })
      .where(held(id, owner))
      .run().changes > 0
  );
}

/** Back to pending for another try at `runAt`; `countAttempt: false` gives the claim back (a clean stop). */
export function releaseJob(db: DbOrTx, id: number, owner: string, release: { runAt: Date; error?: string | null; countAttempt: boolean; at: Date }): boolean {
  return (
    db
      .update(jobs)
      .set({
        status: 'pending',
        runAt: release.runAt,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: release.at,
        ...(release.error === undefined ? {} : { error: release.error }),
        ...(release.countAttempt ? {} : { attempts: sql`${jobs.attempts} - 1` }),
      })
      .where(held(id, owner))
      .run().changes > 0
  );
}

export function findJob(db: DbOrTx, id: number): JobRow | undefined {
  return db.select().from(jobs).where(eq(jobs.id, id)).get();
}

export function findJobByKey(db: DbOrTx, key: string): JobRow | undefined {
  return db.select().from(jobs).where(eq(jobs.key, key)).get();
}

/** A process's long-running loop (the dispatcher) says it is running, with a lease it renews. */
export function markLoopRunning(db: DbOrTx, loop: { kind: string; key: string; owner: string; leaseUntil: Date; now: Date }): void {
  const running = { status: 'running' as const, leaseOwner: loop.owner, leaseUntil: loop.leaseUntil, startedAt: loop.now, finishedAt: null, error: null, updatedAt: loop.now };
  db.insert(jobs)
    .values({ kind: loop.kind, key: loop.key, runAt: loop.now, attempts: 1, ...running })
    .onConflictDoUpdate({ target: jobs.key, set: { ...running, attempts: sql`${jobs.attempts} + 1` } })
    .run();
}

/** Loops of `kind` whose process stopped renewing their lease: recorded as ended, for the console. */
export function markLapsedLoops(db: DbOrTx, kind: string, now: Date): number {
  return db
    .update(jobs)
    .set({ status: 'failed', error: 'the process stopped without saying so (lease expired)', finishedAt: sql`${jobs.leaseUntil}`, leaseOwner: null, leaseUntil: null, updatedAt: now })
    .where(and(eq(jobs.kind, kind), eq(jobs.status, 'running'), lt(jobs.leaseUntil, now)))
    .run().changes;
}

/** Finished jobs older than `before` go (scheduled firings and loops pile up otherwise); open ones stay. */
export function pruneFinishedJobs(db: DbOrTx, before: Date): number {
  return db
    .delete(jobs)
    .where(and(inArray(jobs.status, ['done', 'failed', 'cancelled']), isNotNull(jobs.finishedAt), lt(jobs.finishedAt, before)))
    .run().changes;
}

export function saveSchedule(db: DbOrTx, schedule: { name: string; kind: string; cron: string; timezone: string; nextRunAt: Date | null; lastDueAt?: Date; now: Date }): void {
  const values = { kind: schedule.kind, cron: schedule.cron, timezone: schedule.timezone, nextRunAt: schedule.nextRunAt, updatedAt: schedule.now, ...(schedule.lastDueAt ? { lastDueAt: schedule.lastDueAt } : {}) };
  db.insert(jobSchedules)
    .values({ name: schedule.name, ...values })
    .onConflictDoUpdate({ target: jobSchedules.name, set: values })
    .run();
}

export function listSchedules(db: DbOrTx): ScheduleRow[] {
  return db.select().from(jobSchedules).orderBy(jobSchedules.name).all();
}

/** The newest firing of a schedule. */
export function lastScheduledJob(db: DbOrTx, schedule: string): JobRow | undefined {
  return db.select().from(jobs).where(eq(jobs.schedule, schedule)).orderBy(desc(jobs.dueAt)).limit(1).get();
}

/** For the console: open jobs first, then the newest. */
export function listRecentJobs(db: DbOrTx, limit: number): JobRow[] {
  return db
    .select()
    .from(jobs)
    .orderBy(sql`case when ${jobs.status} in ('pending', 'running') then 0 else 1 end`, desc(jobs.updatedAt), desc(jobs.id))
    .limit(limit)
    .all();
}
