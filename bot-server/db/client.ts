import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;
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

export interface OpenOptions {
  /** The busy timeout (config DB_BUSY_TIMEOUT_MS); defaults to DEFAULT_BUSY_TIMEOUT_MS. */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the SQLite file with the pragmas a busy server wants. */
export function openDatabase(path: string, options: OpenOptions = {}): DbHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
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

const nativeTransactions = new WeakMap<object, (run: () => unknown) => unknown>();

/**
 * Runs `fn` in one SQLite transaction (a savepoint when already inside one), rolling back if it
 * throws. The transaction begins IMMEDIATE: it takes the write lock up front, waiting for it
 * within the busy timeout. A deferred transaction that reads and then writes cannot wait — when
 * another process (a second web server, the dispatcher) wrote in between, SQLite refuses the
 * lock upgrade at once with SQLITE_BUSY, whatever the busy timeout. When the lock stays taken
 * past the timeout, SQLITE_BUSY is thrown before anything was written (the HTTP layer answers
 * 503 DATABASE_BUSY). Use this, not Drizzle's `db.transaction` (deferred unless told
 * `{ behavior: 'immediate' }`). The better-sqlite3 transaction function is built once per
 * connection instead of on every call — it is the hot path of every claim and redemption.
 */
export function transact<T, D extends DbOrTx>(db: D, fn: (tx: D) => T): T {
  const session = (db as unknown as { session: { client: Database.Database } }).session;
  let native = nativeTransactions.get(session);
  if (!native) {
    native = session.client.transaction((run: () => unknown) => run()).immediate as (run: () => unknown) => unknown;
    nativeTransactions.set(session, native);
  }
  return native(() => fn(db)) as T;
}
