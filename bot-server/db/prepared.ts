import type { DbOrTx } from './client.ts';

const caches = new WeakMap<object, Map<string, unknown>>();

/**
 * A prepared statement built once per connection and reused, for queries on hot paths
 * (rebuilding a Drizzle query and re-preparing its SQL on every call costs ~3x). A
 * transaction shares its database's session, so a statement prepared once serves both.
 * Placeholders in `values()` go through the column's encoder (pass Dates and objects);
 * placeholders in `where` do not (pass epoch milliseconds there).
 */
export function prepared<T>(db: DbOrTx, key: string, build: (db: DbOrTx) => T): T {
  const session = (db as unknown as { session: object }).session;
  let cache = caches.get(session);
  if (!cache) {
    cache = new Map();
    caches.set(session, cache);
  }
  let statement = cache.get(key) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    cache.set(key, statement);
  }
  return statement;
}
