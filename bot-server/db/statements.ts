import type Database from 'better-sqlite3';
import type { DbOrTx } from './client.ts';
import { prepared } from './prepared.ts';

type Connection = Database.Database;

/** The better-sqlite3 connection behind a Drizzle handle: `$client` on a Db, the session's client on a Drizzle transaction object. */
function connectionOf(db: DbOrTx): Connection {
  const client = (db as { $client?: Connection }).$client ?? (db as unknown as { session?: { client?: Connection } }).session?.client;
  if (!client) throw new Error('statement(): not a better-sqlite3 Drizzle handle');
  return client;
}

/**
 * A plain SQL statement prepared once per handle (and so per connection: transact() runs its
 * callback with the Db itself), for the few queries a rush runs per
 * request (the claim path): even a Drizzle prepared query costs 2–3× the statement's own work
 * per call (placeholders filled from an object, every column mapped), which a claim at 500
 * connections pays a dozen times. Only repos use it, and they return plain values, never the
 * statement: the SQL names the schema's columns, so keep it next to the Drizzle version of
 * the same query's table (bot-server/db/schema). Positional `?` parameters; pass epoch
 * milliseconds for timestamps and JSON text for json columns. A statement's mode sticks
 * (`.raw()`, `.pluck()` change the cached statement): use one SQL text one way.
 */
export function statement(db: DbOrTx, sql: string): Database.Statement {
  // The same per-handle cache as Drizzle's prepared queries (prepared.ts), keyed by the SQL text
  // itself (no string built per call; it can't meet their dotted names such as 'sessions.actor').
  return prepared(db, sql, () => connectionOf(db).prepare(sql));
}
