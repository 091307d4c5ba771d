import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import { findJobByKey, finishJob, markLapsedLoops, markLoopRunning, saveCheckpoint } from './jobs.repo.ts';
import { WakeableSleep } from './wakeable-sleep.ts';

/** How long a job stays held without its holder renewing the lease, unless a runner says otherwise. */
export const DEFAULT_LEASE_MS = 15_000;

/** This process, as a lease holder: `host:pid:nonce` (the nonce tells a restarted pid apart). */
export function processOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * A long-running job kind: work that never finishes but runs as long as its process does (the
 * notification dispatcher). The loop calls `tick` again and again; each tick says how long to
 * wait before the next (0: at once), and `wake()` cuts the wait short.
 */
export interface LoopJob {
  /** One pass of the work; resolves to the milliseconds to wait before the next pass. */
  tick(): Promise<number> | number;
  /** Waits for work a tick started that is still in flight once the loop stopped. */
  drain?(): Promise<void>;
  /** What the console shows while it runs (counters). */
  progress?(): Record<string, unknown>;
}

export interface JobLoopOptions {
  kind: string;
  job: LoopJob;
  log: Logger;
  /** With a database, the loop is listed among the jobs (running, holder, lease) for the console. */
  db?: Db;
  owner?: string;
  leaseMs?: number;
  /** Wait after a tick that threw. */
  errorBackoffMs?: number;
}

/**
 * Drives a LoopJob: start, stop (waiting for what is in flight), wake, and a tick that throws
 * does not end the loop. With a database it keeps a row in `jobs` for this process (kind, holder,
 * a lease renewed while it runs): a process that died shows as lapsed once its lease expires.
 * Several processes may each run a loop of the same kind; the loop's work brings its own
 * guarantees (the dispatcher: row leases on the outbox and LINE's retry keys).
 */
export class JobLoop {
  readonly kind: string;
  readonly owner: string;
  private readonly o: JobLoopOptions;
  private readonly leaseMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly idle = new WakeableSleep();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(options: JobLoopOptions) {
    this.o = options;
    this.kind = options.kind;
    this.owner = options.owner ?? processOwner();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private get key(): string {
    return `${this.kind}@${this.owner}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.record(() => {
      const now = new Date();
      markLapsedLoops(this.o.db!, this.kind, now);
      markLoopRunning(this.o.db!, { kind: this.kind, key: this.key, owner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs), now });
    });
    if (this.o.db) {
      this.heartbeat = setInterval(() => this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
      this.heartbeat.unref();
    }
    this.loop = this.run();
  }

  /** Stops ticking, then waits for the work in flight to be recorded. */
  async stop(): Promise<void> {
    if (!this.running) {
      await this.loop;
      return;
    }
    this.running = false;
    this.idle.interrupt();
    await this.loop;
    await this.o.job.drain?.();
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.record(() => {
      const id = this.rowId();
      if (id !== undefined) finishJob(this.o.db!, id, this.owner, { status: 'done', result: this.o.job.progress?.() ?? null, at: new Date() });
    });
  }

  /** Cuts the current wait short (new work arrived). */
  wake(): void {
    this.idle.wake();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let waitMs: number;
      try {
        waitMs = await this.o.job.tick();
      } catch (error) {
        this.o.log.error({ err: error, kind: this.kind }, 'job loop tick failed');
        waitMs = this.o.errorBackoffMs ?? 500;
      }
      if (!this.running) break;
      if (waitMs > 0) await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.idle.sleep(ms);
  }

  private rowIdCache: number | undefined;
  private rowId(): number | undefined {
    if (this.rowIdCache === undefined && this.o.db) this.rowIdCache = findJobByKey(this.o.db, this.key)?.id;
    return this.rowIdCache;
  }

  private renew(): void {
    this.record(() => {
      const id = this.rowId();
      if (id === undefined) return;
      const now = new Date();
      if (!saveCheckpoint(this.o.db!, id, this.owner, this.o.job.progress?.() ?? null, new Date(now.getTime() + this.leaseMs), now)) {
        // Someone marked it lapsed (this process was stalled past its lease): say it runs again.
        markLoopRunning(this.o.db!, { kind: this.kind, key: this.key, owner: this.owner, leaseUntil: new Date(now.getTime() + this.leaseMs), now });
      }
    });
  }

  /** Bookkeeping for the console never stops the work: a busy or closed database is logged and skipped. */
  private record(write: () => void): void {
    if (!this.o.db) return;
    try {
      write();
    } catch (error) {
      this.o.log.warn({ err: error, kind: this.kind }, 'could not record the job loop');
    }
  }
}
