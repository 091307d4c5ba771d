import { AppError } from '../../shared/errors.ts';
import { inTransaction, transact, type Db, type DbOrTx } from './client.ts';

/** The most requests one commit holds; more queued wait for the next batch (in arrival order). */
export const MAX_BATCH = 256;
/**
 * How long one batch may run its requests before it commits what it has: the event loop is held
 * for the whole batch, so under a rush (500 connections claiming) an unbounded batch made every
 * other request wait hundreds of ms. The rest stay first in the queue for the next batch.
 */
export const BATCH_BUDGET_MS = 8;
/**
 * A batch runs at least this many requests before the budget can stop it: a handful of money
 * requests sent together (the race tests' two redemptions of the last use) share one commit
 * even on a loaded machine, where the first of them, preparing its statements, can take 8 ms.
 */
export const BATCH_MIN_BEFORE_BUDGET = 16;

interface Request {
  fn: (tx: DbOrTx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What a connection's writer has done, for benchmarks and (later) metrics. */
export interface GroupCommitStats {
  /** Commits the writer made (each holds one or more requests). */
  batches: number;
  /** Requests answered after a successful commit (including those whose own savepoint rolled back). */
  requests: number;
  /** Batches whose BEGIN or COMMIT failed: every request in them was refused as DATABASE_BUSY. */
  failedBatches: number;
  /** The largest batch. */
  largest: number;
  /** Batches by size: `sizes[n]` = how many batches held n requests, up to MAX_BATCH. */
  sizes: Record<number, number>;
}

/** Told of every batch: its size and whether it committed (metrics). Must not throw. */
export type BatchObserver = (size: number, committed: boolean) => void;

interface Writer {
  queue: Request[];
  scheduled: boolean;
  stats: GroupCommitStats;
  observer?: BatchObserver | undefined;
}

const writers = new WeakMap<object, Writer>();

function writerOf(db: Db): Writer {
  let writer = writers.get(db);
  if (!writer) {
    writer = { queue: [], scheduled: false, stats: { batches: 0, requests: 0, failedBatches: 0, largest: 0, sizes: {} } };
    writers.set(db, writer);
  }
  return writer;
}

/** Reports each batch of this connection's writer to `observer` (the metrics' batch-size histogram). */
export function observeGroupCommit(db: Db, observer: BatchObserver): void {
  writerOf(db).observer = observer;
}

/** The writer's counters for this connection (zeros before its first batch). */
export function groupCommitStats(db: Db): GroupCommitStats {
  const { stats } = writerOf(db);
  return { ...stats, sizes: { ...stats.sizes } };
}

/**
 * Runs `fn` like transact(), but shares the commit with the other money-path requests that
 * arrive in the same turn of the event loop (group commit): the queued requests run, in arrival
 * order, in ONE `BEGIN IMMEDIATE` transaction, each in its own savepoint, then ONE COMMIT (one
 * fsync at synchronous=FULL) and each promise settles with its own result. A request that
 * throws — a lost race, a rule refusal, a subscriber of its event — rolls back only its own
 * savepoint (its writes and its after-commit hooks) and rejects only its promise. After-commit
 * hooks run after the batch's COMMIT; nothing is answered before the commit that holds it.
 *
 * When BEGIN or COMMIT fails (another process kept the lock past the busy timeout, a disk
 * error), nothing of the batch was written and every request in it is refused with a
 * retryable 503 DATABASE_BUSY. Inside an open transact() on this connection, `fn` simply runs
 * there as a savepoint (the enclosing transaction owns the commit) and a throw is thrown there,
 * at once: a synchronous caller cannot await the promise, and must not go on to commit as if
 * the nested work had been done.
 *
 * `fn` must be synchronous: a savepoint cannot span an await (the rest of an async fn would run
 * after the commit, outside any transaction). The type refuses a promise-returning `fn`, and at
 * run time its request is rejected (TypeError) with its savepoint rolled back.
 *
 * Batching is across event-loop turns: the caller must await the promise before answering.
 * The batch is taken at setImmediate — after the I/O phase delivered every request that was
 * ready — so a lone request waits for no timer, and requests that arrived while the previous
 * commit's fsync held the thread share the next commit.
 */
export function commitGrouped<T, D extends DbOrTx>(db: D, fn: (tx: D) => T & NotAPromise<T>): Promise<T> {
  const client = (db as Partial<Db>).$client;
  // Nested: runs now, in the enclosing transaction; a throw goes to it (see above).
  if (!client || inTransaction(db)) return Promise.resolve(transact(db, fn));
  const writer = writerOf(db as Db);
  return new Promise<T>((resolve, reject) => {
    writer.queue.push({ fn: fn as (tx: DbOrTx) => unknown, resolve: resolve as (value: unknown) => void, reject });
    if (!writer.scheduled) {
      writer.scheduled = true;
      setImmediate(() => flush(db as Db, writer));
    }
  });
}

/** `never` for a promise: commitGrouped's `fn` must do all its work before it returns. */
type NotAPromise<T> = T extends PromiseLike<unknown> ? never : unknown;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Metrics must never keep a batch from being answered (the commit already happened, or failed). */
function tell(writer: Writer, size: number, committed: boolean): void {
  try {
    writer.observer?.(size, committed);
  } catch (error) {
    process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'GroupCommitObserverError');
  }
}

/** Thrown inside the batch when SQLite itself ended the transaction (it rolls back the whole of it on some errors). */
class TransactionLost extends Error {}

function flush(db: Db, writer: Writer): void {
  let batch = writer.queue.splice(0, MAX_BATCH);
  if (writer.queue.length > 0) setImmediate(() => flush(db, writer));
  else writer.scheduled = false;
  if (batch.length === 0) return;

  const outcomes: Outcome[] = [];
  const started = performance.now();
  try {
    transact(db, (tx) => {
      for (const request of batch) {
        try {
          outcomes.push({ ok: true, value: transact(tx, request.fn) });
        } catch (error) {
          outcomes.push({ ok: false, error });
          // SQLITE_FULL, IOERR, NOMEM … may roll back the whole transaction, not just the savepoint.
          if (!db.$client.inTransaction) throw new TransactionLost('the batch transaction was rolled back by SQLite', { cause: error });
        }
        if (outcomes.length >= BATCH_MIN_BEFORE_BUDGET && outcomes.length < batch.length && performance.now() - started > BATCH_BUDGET_MS) break;
      }
    });
  } catch (error) {
    writer.stats.failedBatches += 1;
    tell(writer, batch.length, false);
    const refusal = new AppError('DATABASE_BUSY', { cause: error instanceof TransactionLost ? error.cause : error });
    for (const request of batch) request.reject(refusal);
    return;
  }
  if (outcomes.length < batch.length) {
    // Out of time: the requests not run go back to the front of the queue, in their order.
    writer.queue.unshift(...batch.slice(outcomes.length));
    batch = batch.slice(0, outcomes.length);
    if (!writer.scheduled) {
      writer.scheduled = true;
      setImmediate(() => flush(db, writer));
    }
  }
  const { stats } = writer;
  stats.batches += 1;
  stats.requests += batch.length;
  stats.largest = Math.max(stats.largest, batch.length);
  stats.sizes[batch.length] = (stats.sizes[batch.length] ?? 0) + 1;
  tell(writer, batch.length, true);
  batch.forEach((request, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) request.resolve(outcome.value);
    else request.reject(outcome.error);
  });
}
