import type Database from 'better-sqlite3';

export interface CheckpointerOptions {
  /** How often a PASSIVE checkpoint runs (default 1 s): each copies only what was written since the last. */
  intervalMs?: number;
  /** The busy timeout to restore after a TRUNCATE (which runs with none, so it never waits on another process). */
  busyTimeoutMs: number;
}

export interface Checkpointer {
  /** Checkpoints done (PASSIVE runs that copied something, and TRUNCATEs), for tests and metrics. */
  readonly stats: { passive: number; truncate: number };
  /** Runs one round now (tests); the timer does it on its own. */
  tick(): void;
  stop(): void;
}

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * WAL checkpoints off the request path. The server's connection opens with SQLite's automatic
 * checkpoint off (a commit crossing 1,000 WAL pages would otherwise copy them all into the
 * database inside that request). Instead this timer, between requests, runs a PASSIVE
 * checkpoint every second — small, since it copies only the last second's pages, and it never
 * waits for a lock — so the next write transaction can start the WAL over from its beginning
 * and the file stays bounded under sustained load (journal_size_limit trims it after a spike).
 * When a round finds nothing new written since the previous one (idle), it TRUNCATEs the WAL
 * to zero bytes once, without waiting: if another process holds a lock, it tries next round.
 */
/** Over this many WAL pages after a round (~8 MB at 4 KiB pages), the next round comes sooner. */
const BUSY_LOG_PAGES = 2000;
const BUSY_INTERVAL_MS = 200;

export function startCheckpointer(sqlite: Database.Database, options: CheckpointerOptions): Checkpointer {
  const stats = { passive: 0, truncate: 0 };
  let lastLog = -1;
  let truncated = false;
  /** The last round left a long log: the next comes sooner. */
  let busy = false;
  const tick = () => {
    if (!sqlite.open || sqlite.inTransaction) return;
    try {
      const [r] = sqlite.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
      if (!r || r.log <= 0) {
        lastLog = 0;
        return;
      }
      const idle = r.log === lastLog && r.checkpointed === r.log;
      if (r.log !== lastLog) {
        stats.passive += 1;
        truncated = false;
      }
      lastLog = r.log;
      // A busy second left a long log: come back sooner, so the next restart of the WAL finds it short.
      busy = r.log > BUSY_LOG_PAGES;
      if (idle && !truncated) {
        sqlite.pragma('busy_timeout = 0');
        try {
          const [t] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[];
          if (t && t.busy === 0) {
            stats.truncate += 1;
            truncated = true;
            lastLog = 0;
          }
        } finally {
          sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
        }
      }
    } catch {
      // Busy or closing: the next round tries again; a checkpoint is never needed for correctness.
    }
  };
  const interval = options.intervalMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        tick();
        schedule();
      },
      busy ? Math.min(interval, BUSY_INTERVAL_MS) : interval,
    );
    timer.unref();
  };
  schedule();
  return {
    stats,
    tick,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
