import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDatabaseBusy, migrateDatabase, openDatabase, transact, type DbHandle } from '../../bot-server/db/client.ts';
import { runtimeFlags } from '../../bot-server/db/schema.ts';

// Two connections on one real SQLite file stand for two processes.
let dir: string;
let a: DbHandle;
let b: DbHandle;

const keys = (h: DbHandle) => h.db.select().from(runtimeFlags).all().map((r) => r.key).sort();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-tx-'));
  a = openDatabase(join(dir, 'app.db'), { busyTimeoutMs: 100 });
  migrateDatabase(a);
  b = openDatabase(join(dir, 'app.db'), { busyTimeoutMs: 150 });
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('transact', () => {
  it('takes the write lock up front: a read-then-write transaction cannot be refused half-way', () => {
    a.db.insert(runtimeFlags).values({ key: 'seen', value: 1 }).run();
    // b reads, another connection writes, b writes. Deferred, a's write would commit and b's write
    // be refused at once (SQLITE_BUSY_SNAPSHOT, no waiting). Immediate, b holds the lock from its
    // first read: a is the one that waits (here past its short timeout), and b's work goes through.
    const result = transact(b.db, (tx) => {
      const before = tx.select().from(runtimeFlags).all().length;
      expect(() => a.db.insert(runtimeFlags).values({ key: 'other', value: 1 }).run()).toThrow(/database is locked/);
      tx.insert(runtimeFlags).values({ key: 'mine', value: before }).run();
      return before;
    });
    expect(result).toBe(1);
    expect(keys(a)).toEqual(['mine', 'seen']);
  });

  it('waits at most the busy timeout for another holder of the lock, then throws SQLITE_BUSY having written nothing', () => {
    a.sqlite.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    let error: unknown;
    try {
      transact(b.db, (tx) => tx.insert(runtimeFlags).values({ key: 'never', value: 1 }).run());
    } catch (e) {
      error = e;
    }
    const waited = Date.now() - started;
    a.sqlite.exec('ROLLBACK');
    expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
    expect(isDatabaseBusy(error)).toBe(true);
    expect(isDatabaseBusy(new Error('wrapped', { cause: error }))).toBe(true);
    expect(isDatabaseBusy(new Error('UNIQUE constraint failed'))).toBe(false);
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(2000);
    expect(b.sqlite.inTransaction).toBe(false);
    expect(keys(b)).toEqual([]);
  });

  it('nested calls are savepoints: an inner failure rolls back only the inner work', () => {
    transact(a.db, (tx) => {
      tx.insert(runtimeFlags).values({ key: 'outer', value: 1 }).run();
      expect(() =>
        transact(tx, (sp) => {
          sp.insert(runtimeFlags).values({ key: 'inner', value: 1 }).run();
          throw new Error('inner refused');
        }),
      ).toThrow('inner refused');
      transact(tx, (sp) => sp.insert(runtimeFlags).values({ key: 'inner-ok', value: 1 }).run());
    });
    expect(keys(a)).toEqual(['inner-ok', 'outer']);
  });
});
