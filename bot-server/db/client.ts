import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

/** The connection's Drizzle handle; `$client` (Drizzle's public handle on the driver) is for transact() alone. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle; repos accept either a Db or a Tx. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  /** The underlying connection, for pragmas, benchmarks and closing. Repos never see it. */
  sqlite: Database.Database;
  close(): void;
}

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** How long a write waits for another connection's write lock before SQLITE_BUSY (ms). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * How SQLite syncs commits in WAL mode (README "Durability"): `full` (the default) fsyncs the
 * WAL at every commit, so an acknowledged write survives an OS crash or a power loss; `normal`
 * fsyncs only at checkpoints, so a kill loses nothing but a power loss may lose the last commits.
 */
export type SynchronousMode = 'full' | 'normal';

export interface OpenOptions {
  /** The busy timeout (config DB_BUSY_TIMEOUT_MS); defaults to DEFAULT_BUSY_TIMEOUT_MS. */
  busyTimeoutMs?: number;
  /** Config DB_SYNCHRONOUS; defaults to `full`. */
  synchronous?: SynchronousMode;
  /**
   * False turns SQLite's automatic checkpoint off (`wal_autocheckpoint = 0`): the committing
   * request would otherwise pay for copying the WAL into the database every 1,000 pages. The
   * server does that instead in the background (db/checkpointer.ts). Default true.
   */
  autoCheckpoint?: boolean;
}

/** What a WAL may keep on disk after a checkpoint reset it (`journal_size_limit`), so one spike does not leave a large file behind. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Opens (creating if needed) the SQLite file with the pragmas a busy server wants. */
export function openDatabase(path: string, options: OpenOptions = {}): DbHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // Savepoint (sub-)journals in memory: group commit runs every request of a batch in its own
  // savepoint, and each saves the ~10 pages it touches; past 64 KiB SQLite spills that journal to
  // a temp file, ~35 extra pwrite calls per claim (measured with strace). Temp tables and sorts
  // without an index (a large CSV export) then use memory instead of a temp file too.
  sqlite.pragma('temp_store = MEMORY');
  if (options.autoCheckpoint === false) sqlite.pragma('wal_autocheckpoint = 0');
  const db = drizzle(sqlite, { schema });
  return {
    db,
    sqlite,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * True for SQLite's "another connection holds the lock" errors (SQLITE_BUSY and its extended
 * codes, "database is locked"): the work was not done and may simply be tried again.
 */
export function isDatabaseBusy(error: unknown): boolean {
  // Drizzle wraps some driver errors; the SqliteError is then the cause.
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
    if (typeof message === 'string' && message.includes('database is locked')) return true;
  }
  return false;
}

/**
 * The unique index a write ran into, as SQLite names it (`coupons.code`), or undefined for
 * any other error. Repos turn it into a domain error; services never read SQLite's messages.
 */
export function violatedUnique(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    const { message } = e as { message?: unknown };
    const match = typeof message === 'string' ? /UNIQUE constraint failed: ([\w.]+)/.exec(message) : null;
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Applies the committed migrations in drizzle/ (idempotent). Several processes may start on
 * one file at once (web server and dispatcher): Drizzle's migrator reads what was applied
 * before it takes the write lock, so the loser of that race fails (busy, or "already exists"
 * once the winner committed) and looks again, finding the migrations applied.
 */
export function migrateDatabase(handle: DbHandle): void {
  const lastApplied = (): unknown => {
    try {
      return (handle.sqlite.prepare('SELECT max(created_at) AS m FROM __drizzle_migrations').get() as { m: unknown }).m;
    } catch {
      return null;
    }
  };
  for (let attempt = 1; ; attempt += 1) {
    const before = lastApplied();
    try {
      migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
      return;
    } catch (error) {
      const raced = isDatabaseBusy(error) || lastApplied() !== before;
      if (!raced || attempt >= 5) throw error;
    }
  }
}

interface Connection {
  /** better-sqlite3's transaction function, built once per connection (IMMEDIATE; a savepoint when nested). */
  native: (run: () => unknown) => unknown;
  /** How many transact() calls are open on this connection; 1 = the outermost. */
  depth: number;
  /** What runs once the outermost transaction commits (dropped if it, or the savepoint that queued it, rolls back). */
  afterCommit: (() => void)[];
}

const connections = new WeakMap<object, Connection>();

function connectionOf(db: DbOrTx): Connection | undefined {
  let connection = connections.get(db);
  if (!connection) {
    // `$client` is Drizzle's public handle on the driver; a Drizzle transaction object has none.
    const client = (db as Partial<Db>).$client;
    if (!client) return undefined;
    connection = { native: client.transaction((run: () => unknown) => run()).immediate as (run: () => unknown) => unknown, depth: 0, afterCommit: [] };
    connections.set(db, connection);
  }
  return connection;
}

/**
 * Runs `fn` in one SQLite transaction (a savepoint when already inside one), rolling back if it
 * throws. The transaction begins IMMEDIATE: it takes the write lock up front, waiting for it
 * within the busy timeout. A deferred transaction that reads and then writes cannot wait — when
 * another process (a second web server, the dispatcher) wrote in between, SQLite refuses the
 * lock upgrade at once with SQLITE_BUSY, whatever the busy timeout. When the lock stays taken
 * past the timeout, SQLITE_BUSY is thrown before anything was written (the HTTP layer answers
 * 503 DATABASE_BUSY). Hooks queued with afterCommit() run once the outermost call committed.
 *
 * Why not Drizzle's public `db.transaction(fn, { behavior: 'immediate' })`: it wraps a new
 * better-sqlite3 transaction function and a new transaction object on every call, runs
 * savepoints as freshly prepared SQL, and — the expensive part — hands `fn` a new object each
 * time, so the per-connection statement cache of prepared() (keyed by the handle) would miss
 * on every claim and redemption (~3x per query). Instead the transaction is better-sqlite3's
 * own, reached through Drizzle's public `db.$client`, built once per connection, and `fn`
 * gets the connection's Db itself (inside the transaction, the Db *is* the transaction).
 */
export function transact<T, D extends DbOrTx>(db: D, fn: (tx: D) => T): T {
  const connection = connectionOf(db);
  // A Drizzle transaction object (tests open some with db.transaction): nest in it as Drizzle does.
  if (!connection) return (db as Tx).transaction(() => fn(db)) as T;
  const outermost = connection.depth === 0;
  const mark = connection.afterCommit.length;
  connection.depth += 1;
  let result: T;
  try {
    result = connection.native(() => fn(db)) as T;
  } catch (error) {
    connection.afterCommit.length = outermost ? 0 : mark;
    throw error;
  } finally {
    connection.depth -= 1;
  }
  if (outermost && connection.afterCommit.length > 0) {
    const hooks = connection.afterCommit.splice(0);
    for (const hook of hooks) {
      try {
        hook();
      } catch (error) {
        // The transaction committed; a failing hook must neither undo that nor stop the others.
        process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'AfterCommitHookError');
      }
    }
  }
  return result;
}

/** True inside a transact() call on this handle's connection. */
export function inTransaction(db: DbOrTx): boolean {
  return (connectionOf(db)?.depth ?? 0) > 0;
}

/**
 * Runs `hook` once the outermost transact() on this connection commits; never if it (or the
 * savepoint the hook was queued in) rolls back. Hooks must not throw (a throw is reported as
 * a process warning). Throws when not inside transact(): there would be nothing to wait for.
 */
export function afterCommit(db: DbOrTx, hook: () => void): void {
  const connection = connectionOf(db);
  if (!connection || connection.depth === 0) throw new Error('afterCommit() needs a transaction opened with transact()');
  connection.afterCommit.push(hook);
}
