import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { claimJob, enqueueJob, finishJob, pruneFinishedJobs, releaseJob, renewLease, saveCheckpoint, saveSchedule, type JobRow } from './jobs.repo.ts';
import { DEFAULT_LEASE_MS, processOwner } from './loop.ts';
import { WakeableSleep } from './wakeable-sleep.ts';

/** Thrown inside a unit of work when this process no longer holds the job: the unit is rolled back. */
export class LeaseLostError extends Error {
  constructor(jobId: number) {
    super(`job ${jobId}: the lease passed to another process`);
    this.name = 'LeaseLostError';
  }
}

/** Thrown by `pause()` when the runner stops: the job is handed back as it stands, to go on elsewhere. */
export class JobStoppedError extends Error {
  constructor() {
    super('the runner is stopping');
    this.name = 'JobStoppedError';
  }
}

export interface JobContext<P = Record<string, unknown>, C = unknown> {
  readonly id: number;
  readonly kind: string;
  readonly key: string;
  readonly payload: P;
  /** 1 on the first run, 2 on the first resume or retry … */
  readonly attempts: number;
  /** For a schedule's firing: which schedule, and the due time it fired for. */
  readonly schedule: string | null;
  readonly dueAt: Date | null;
  /** The checkpoint of the last committed unit; null on a fresh start. */
  readonly checkpoint: C | null;
  /** Aborted when the runner stops or the lease is lost. */
  readonly signal: AbortSignal;
  /** The runner's clock (tests give it a fixed one). */
  now(): Date;
  /**
   * One unit of work: `work` runs in a write transaction that also records the checkpoint it
   * returns, and only while this process holds the lease — otherwise nothing is written
   * (LeaseLostError). A job resumed after a crash starts from the last checkpoint committed, so
   * each unit is done once.
   */
  commit<T>(work: (tx: DbOrTx) => { checkpoint: C; value: T }): T;
  /** Lets requests and other jobs in between units; throws JobStoppedError when the runner stops. */
  pause(): Promise<void>;
}

export interface JobOutcome {
  /** `cancelled`: the work was called off (a bulk job cancelled in the console). Default `done`. */
  status?: 'done' | 'cancelled';
  result?: unknown;
}

export interface JobKind<P = Record<string, unknown>, C = unknown> {
  run(ctx: JobContext<P, C>): Promise<JobOutcome | void> | JobOutcome | void;
  /** At most this many jobs of the kind at once in one process (default 1). */
  concurrency?: number;
  /** Claims before the job is given up as failed (default 5); a crash-resume counts as one. */
  maxAttempts?: number;
  /** In the transaction that gives a job up for good: reflect it in the domain's own rows. */
  onFailed?(tx: DbOrTx, job: JobRow, error: string): void;
  /** When the runner starts: make jobs for work that was asked for before the runner (idempotent). */
  recover?(db: Db): void;
}

export interface ScheduleDef {
  /** Stable name: it and the due time make each firing unique. */
  name: string;
  /** Five fields (minute hour day month weekday) or six with seconds first, read in the runner's time zone. */
  cron: string;
  /** The job kind each firing runs (defined with `define`). */
  kind: string;
  payload?: Record<string, unknown>;
  /**
   * A due time is still fired this long after it passed (the process was down or busy);
   * older ones are skipped. Default: one minute.
   */
  graceMs?: number;
}

export interface JobRunnerOptions {
  db: Db;
  log: Logger;
  /** The brand's zone (config.brandTimezone): schedules are evaluated in it. */
  timeZone: string;
  owner?: string;
  leaseMs?: number;
  /** How often to look for new jobs when nobody wakes the runner. */
  pollMs?: number;
  /** Jobs run at once in this process, all kinds together. */
  concurrency?: number;
  /** Finished jobs are kept this long for the console. */
  keepFinishedMs?: number;
  now?: () => Date;
}

interface Active {
  job: JobRow;
  controller: AbortController;
  done: Promise<void>;
}

interface Schedule extends ScheduleDef {
  cronJob: Cron;
  graceMs: number;
  /** The latest due time this runner already made (or found) the job for. */
  handledDue?: number;
  /** The next run last written to job_schedules. */
  savedNext?: number | undefined;
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * One runner for scheduled and long work: queued jobs in the `jobs` table, held by one process at
 * a time through a lease it renews; a job whose process died is taken over by another runner
 * once the lease expires and goes on from its last checkpoint. Cron schedules are evaluated in
 * brand time and fire one job per due time — the job's key and a unique (schedule, due time)
 * make that so with any number of runners on one database. Failures are retried with backoff.
 */
export class JobRunner {
  readonly owner: string;
  private readonly o: JobRunnerOptions;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly kinds = new Map<string, JobKind<never, never>>();
  private readonly schedules: Schedule[] = [];
  private readonly active = new Map<number, Active>();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly idle = new WakeableSleep();
  private heartbeat: NodeJS.Timeout | undefined;
  private lastPrune = 0;

  constructor(options: JobRunnerOptions) {
    this.o = options;
    this.owner = options.owner ?? processOwner();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollMs = options.pollMs ?? 500;
    this.concurrency = options.concurrency ?? 4;
  }

  private now(): Date {
    return this.o.now ? this.o.now() : new Date();
  }

  define<P, C>(kind: string, handler: JobKind<P, C>): this {
    if (this.kinds.has(kind)) throw new Error(`job kind ${kind} is defined twice`);
    this.kinds.set(kind, handler as unknown as JobKind<never, never>);
    return this;
  }

  schedule(def: ScheduleDef): this {
    if (this.schedules.some((s) => s.name === def.name)) throw new Error(`schedule ${def.name} is defined twice`);
    // Paused: croner only evaluates here; the runner's own loop decides when to fire.
    const cronJob = new Cron(def.cron, { timezone: this.o.timeZone, paused: true });
    this.schedules.push({ ...def, cronJob, graceMs: def.graceMs ?? 60_000 });
    return this;
  }

  /** The next due time of a schedule after `from`, in brand time. */
  nextRun(name: string, from = this.now()): Date | null {
    return this.schedules.find((s) => s.name === name)?.cronJob.nextRun(from) ?? null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const [kind, handler] of this.kinds) {
      try {
        handler.recover?.(this.o.db);
      } catch (error) {
        this.o.log.error({ err: error, kind }, 'job recovery failed');
      }
    }
    this.heartbeat = setInterval(() => this.renewLeases(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
    this.loop = this.run();
  }

  /** Stops claiming, asks running jobs to stop at their next pause and hands them back (no attempt counted). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.idle.interrupt();
    await this.loop;
    for (const a of this.active.values()) a.controller.abort();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
    clearInterval(this.heartbeat);
  }

  /** New work was asked for: look now rather than at the next poll (or right after the pass under way). */
  wake(): void {
    this.idle.wake();
  }

  /**
   * Fires due schedules and runs every job that is due until none is left, then resolves: for
   * tests and one-off scripts (the benchmark) that drive the runner themselves.
   */
  async runUntilIdle(): Promise<void> {
    for (const [, handler] of this.kinds) handler.recover?.(this.o.db);
    for (;;) {
      this.fireSchedules();
      this.claimAvailable();
      if (this.active.size === 0) return;
      await Promise.race([...this.active.values()].map((a) => a.done));
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.fireSchedules();
        this.claimAvailable();
        this.prune();
      } catch (error) {
        this.o.log.error({ err: error }, 'job runner pass failed');
      }
      await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.idle.sleep(ms);
  }

  /**
   * Makes the job of each schedule's latest due time if it is within the grace period (a firing
   * another runner made already is left alone: same key), and keeps `job_schedules` current for
   * the console. Writes only when a due time or the next run changed.
   */
  fireSchedules(): void {
    const now = this.now();
    for (const s of this.schedules) {
      // croner's previousRuns is strictly before its reference: +1 ms counts a run due right now.
      const [due] = s.cronJob.previousRuns(1, new Date(now.getTime() + 1));
      let fired: Date | undefined;
      if (due && due.getTime() !== s.handledDue && now.getTime() - due.getTime() <= s.graceMs) {
        const { created } = enqueueJob(this.o.db, { kind: s.kind, key: `${s.name}@${due.toISOString()}`, payload: s.payload ?? {}, runAt: due, schedule: s.name, dueAt: due });
        s.handledDue = due.getTime();
        if (created) {
          fired = due;
          this.o.log.info({ schedule: s.name, dueAt: due.toISOString() }, 'schedule fired');
        }
      }
      // nextRun is strictly after `now`.
      const next = s.cronJob.nextRun(now);
      if (fired || next?.getTime() !== s.savedNext) {
        saveSchedule(this.o.db, { name: s.name, kind: s.kind, cron: s.cron, timezone: this.o.timeZone, nextRunAt: next, ...(fired ? { lastDueAt: fired } : {}), now });
        s.savedNext = next?.getTime();
      }
    }
  }

  private claimAvailable(): void {
    while (this.active.size < this.concurrency) {
      const perKind = new Map<string, number>();
      for (const a of this.active.values()) perKind.set(a.job.kind, (perKind.get(a.job.kind) ?? 0) + 1);
      const kinds = [...this.kinds].filter(([kind, h]) => (perKind.get(kind) ?? 0) < (h.concurrency ?? 1)).map(([kind]) => kind);
      const now = this.now();
      const job = claimJob(this.o.db, kinds, this.owner, now, new Date(now.getTime() + this.leaseMs));
      if (!job) return;
      const handler = this.kinds.get(job.kind)!;
      if (job.attempts > (handler.maxAttempts ?? 5)) {
        this.fail(job, handler, job.error ?? 'attempts used up (the process running it kept dying)');
        continue;
      }
      this.launch(job, handler);
    }
  }

  private launch(job: JobRow, handler: JobKind<never, never>): void {
    const controller = new AbortController();
    const active: Active = { job, controller, done: Promise.resolve() };
    active.done = this.execute(job, handler, controller)
      // Only bookkeeping can throw here (a busy database): the lease runs out and another pass takes the job again.
      .catch((error: unknown) => this.o.log.error({ err: error, jobId: job.id, kind: job.kind }, 'job bookkeeping failed'))
      .finally(() => {
        this.active.delete(job.id);
        // A slot is free: take the next job now.
        this.wake();
      });
    this.active.set(job.id, active);
  }

  private async execute(job: JobRow, handler: JobKind<never, never>, controller: AbortController): Promise<void> {
    const { db, log } = this.o;
    let checkpoint = job.checkpoint ?? null;
    const ctx: JobContext<never, never> = {
      id: job.id,
      kind: job.kind,
      key: job.key,
      payload: job.payload as never,
      attempts: job.attempts,
      schedule: job.schedule,
      dueAt: job.dueAt,
      checkpoint: checkpoint as never,
      signal: controller.signal,
      now: () => this.now(),
      commit: <T>(work: (tx: DbOrTx) => { checkpoint: never; value: T }): T => {
        if (controller.signal.aborted && controller.signal.reason instanceof LeaseLostError) throw controller.signal.reason;
        const value = transact(db, (tx) => {
          const now = this.now();
          const out = work(tx);
          if (!saveCheckpoint(tx, job.id, this.owner, out.checkpoint, new Date(now.getTime() + this.leaseMs), now)) throw new LeaseLostError(job.id);
          return out;
        });
        checkpoint = value.checkpoint;
        return value.value;
      },
      pause: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        if (controller.signal.aborted) throw controller.signal.reason instanceof LeaseLostError ? controller.signal.reason : new JobStoppedError();
      },
    };
    if (job.attempts > 1) log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, checkpoint }, 'resuming a job');
    try {
      const outcome = (await handler.run(ctx)) ?? {};
      finishJob(db, job.id, this.owner, { status: outcome.status ?? 'done', result: outcome.result ?? null, at: this.now() });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn({ jobId: job.id, kind: job.kind }, 'job lease lost: another process has it');
        return;
      }
      if (error instanceof JobStoppedError || (controller.signal.aborted && !this.running)) {
        // A clean stop: hand it back at once, for this or another process to go on with.
        releaseJob(db, job.id, this.owner, { runAt: this.now(), countAttempt: false, at: this.now() });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (job.attempts >= (handler.maxAttempts ?? 5)) {
        log.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed for good');
        this.fail(job, handler, message);
        return;
      }
      const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (job.attempts - 1));
      log.warn({ err: error, jobId: job.id, kind: job.kind, attempts: job.attempts, retryInMs: exp }, 'job failed; will retry');
      releaseJob(db, job.id, this.owner, { runAt: new Date(this.now().getTime() + exp), error: message, countAttempt: true, at: this.now() });
    }
  }

  private fail(job: JobRow, handler: JobKind<never, never>, error: string): void {
    transact(this.o.db, (tx) => {
      if (finishJob(tx, job.id, this.owner, { status: 'failed', error, at: this.now() })) handler.onFailed?.(tx, job, error);
    });
  }

  private renewLeases(): void {
    const now = this.now();
    for (const a of this.active.values()) {
      try {
        if (!renewLease(this.o.db, a.job.id, this.owner, new Date(now.getTime() + this.leaseMs), now)) a.controller.abort(new LeaseLostError(a.job.id));
      } catch (error) {
        // Busy database: the next beat tries again, well within the lease.
        this.o.log.warn({ err: error, jobId: a.job.id }, 'could not renew a job lease');
      }
    }
  }

  private prune(): void {
    const keep = this.o.keepFinishedMs ?? 30 * 86_400_000;
    const now = this.now().getTime();
    if (now - this.lastPrune < 3600_000) return;
    this.lastPrune = now;
    pruneFinishedJobs(this.o.db, new Date(now - keep));
  }
}
