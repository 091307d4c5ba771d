import type { DbOrTx } from './client.ts';

const caches = new WeakMap<object, Map<string, unknown>>();

/**
 * A prepared statement built once per connection and reused, for queries on hot paths
 * (rebuilding a Drizzle query and re-preparing its SQL on every call costs ~3x). The cache is
 * keyed by the handle: transact() runs its callback with the connection's Db itself, so one
 * statement serves the Db and its transactions. (A Drizzle transaction object, as some tests
 * open with db.transaction, is a handle of its own: its statements are built for it alone.)
 * Placeholders in `values()` go through the column's encoder (pass Dates and objects);
 * placeholders in `where` do not (pass epoch milliseconds there).
 */
export function prepared<T>(db: DbOrTx, key: string, build: (db: DbOrTx) => T): T {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    cache.set(key, statement);
  }
  return statement;
}
