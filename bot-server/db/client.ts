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

/** Opens (creating if needed) the SQLite file with the pragmas a busy server wants. */
export function openDatabase(path: string): DbHandle {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
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

/** Applies the committed migrations in drizzle/ (idempotent). */
export function migrateDatabase(handle: DbHandle): void {
  migrate(handle.db, { migrationsFolder: MIGRATIONS_FOLDER });
}

const nativeTransactions = new WeakMap<object, (run: () => unknown) => unknown>();

/**
 * Runs `fn` in one SQLite transaction (a savepoint when already inside one), rolling back if it
 * throws. Same semantics as `db.transaction`, but the better-sqlite3 transaction function is
 * built once per connection instead of on every call — it is the hot path of every claim and
 * redemption.
 */
export function transact<T, D extends DbOrTx>(db: D, fn: (tx: D) => T): T {
  const session = (db as unknown as { session: { client: Database.Database } }).session;
  let native = nativeTransactions.get(session);
  if (!native) {
    native = session.client.transaction((run: () => unknown) => run()) as (run: () => unknown) => unknown;
    nativeTransactions.set(session, native);
  }
  return native(() => fn(db)) as T;
}
