import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../../bot-server/auth/actor.ts';
import { loadConfig } from '../../bot-server/config.ts';
import { insertTemplate } from '../../bot-server/coupons/coupon.repo.ts';
import { CouponService } from '../../bot-server/coupons/coupon.service.ts';
import { loadQrSecret } from '../../bot-server/coupons/qr-token.ts';
import { afterCommit, migrateDatabase, openDatabase, transact, type DbHandle } from '../../bot-server/db/client.ts';
import { commitGrouped, groupCommitStats } from '../../bot-server/db/group-commit.ts';
import { attachEventBus, EventBus } from '../../bot-server/events/bus.ts';
import { findIdempotentResult, storeIdempotentResult } from '../../bot-server/idempotency/idempotency.repo.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { insertStore } from '../../bot-server/stores/store.repo.ts';

// Real SQLite files with the real migrations at synchronous=FULL; a second connection stands for
// another process (it sees only what was committed, and can hold the write lock).
let dir: string;
let db: DbHandle;
let other: DbHandle;
let bus: EventBus;

const system: Actor = { kind: 'system', label: 'cli' };
const count = (h: DbHandle, sql: string, ...args: unknown[]) => (h.sqlite.prepare(sql).get(...args) as { n: number }).n;
const insertStoreRow = (code: string) => (h: DbHandle) => h.sqlite.prepare('insert into stores (code, name) values (?, ?)').run(code, code);
const storesNamed = (h: DbHandle, prefix: string) => (h.sqlite.prepare('select code from stores where code like ? order by code').all(`${prefix}%`) as { code: string }[]).map((r) => r.code);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-group-commit-'));
  db = openDatabase(join(dir, 'app.db'), { busyTimeoutMs: 100, autoCheckpoint: false });
  migrateDatabase(db);
  other = openDatabase(join(dir, 'app.db'));
  bus = new EventBus({ onHookError: (error) => { throw error; } });
  attachEventBus(db.db, bus);
});
afterEach(() => {
  db.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('runs requests of one turn in one commit; a failing one rolls back only its own writes and hooks, and is answered alone', async () => {
    const before = groupCommitStats(db.db);
    const hooks: string[] = [];
    const ok1 = commitGrouped(db.db, (tx) => {
      insertStoreRow('GC-A')(db);
      afterCommit(tx, () => hooks.push(`A sees ${storesNamed(other, 'GC-').join(',')}`));
      return 'a';
    });
    const bad = commitGrouped(db.db, (tx) => {
      insertStoreRow('GC-B')(db);
      afterCommit(tx, () => hooks.push('B'));
      // A nested transact() is a savepoint of this request, as everywhere else.
      transact(tx, () => insertStoreRow('GC-B2')(db));
      throw new AppError('COUPON_ALREADY_USED');
    });
    const ok2 = commitGrouped(db.db, () => {
      insertStoreRow('GC-C')(db);
      return 'c';
    });
    // Nothing is answered or visible before the commit.
    expect(storesNamed(other, 'GC-')).toEqual([]);
    const results = await Promise.allSettled([ok1, bad, ok2]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'a' });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'COUPON_ALREADY_USED' } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'c' });
    expect(storesNamed(other, 'GC-')).toEqual(['GC-A', 'GC-C']);
    // A's hook ran after the batch's COMMIT (another connection already saw both rows); B's was dropped.
    expect(hooks).toEqual(['A sees GC-A,GC-C']);
    const after = groupCommitStats(db.db);
    expect(after.batches - before.batches).toBe(1);
    expect(after.sizes[3]).toBe((before.sizes[3] ?? 0) + 1);
  });

  it('a batch that cannot commit answers every request DATABASE_BUSY (retryable) and writes nothing', async () => {
    // Another process holds the write lock past the busy timeout: BEGIN IMMEDIATE cannot start.
    other.sqlite.exec('BEGIN IMMEDIATE');
    const held = [1, 2, 3].map((i) => commitGrouped(db.db, () => insertStoreRow(`GC-BUSY${i}`)(db)));
    const answers = await Promise.allSettled(held);
    other.sqlite.exec('ROLLBACK');
    for (const a of answers) expect(a).toMatchObject({ status: 'rejected', reason: { code: 'DATABASE_BUSY', status: 503 } });
    expect(storesNamed(other, 'GC-BUSY')).toEqual([]);

    // The COMMIT itself fails (a deferred foreign key still violated): nothing of the batch stays.
    const hooks: string[] = [];
    const batch = [
      commitGrouped(db.db, (tx) => {
        insertStoreRow('GC-FK1')(db);
        afterCommit(tx, () => hooks.push('1'));
      }),
      commitGrouped(db.db, () => {
        db.sqlite.pragma('defer_foreign_keys = ON');
        db.sqlite.prepare("insert into coupon_templates (name, kind, amount_off, scope, min_spend, validity, uses_per_coupon, code_pattern) values ('x', 'amount_off', 1, '{\"type\":\"order\"}', 0, '{\"type\":\"relative\",\"days\":1}', 1, '{\"prefix\":\"X\",\"charset\":\"digits\",\"length\":8,\"suffix\":\"\"}')").run();
        db.sqlite.prepare("insert into coupons (template_id, member_id, code, status, uses_total, uses_left, valid_from, valid_until, source, issued_at, updated_at) values (last_insert_rowid(), 999999, 'FKFAIL', 'active', 1, 1, 0, 1, 'test', 0, 0)").run();
      }),
    ];
    const failed = await Promise.allSettled(batch);
    for (const a of failed) expect(a).toMatchObject({ status: 'rejected', reason: { code: 'DATABASE_BUSY' } });
    expect(storesNamed(other, 'GC-FK')).toEqual([]);
    expect(count(other, "select count(*) as n from coupons where code = 'FKFAIL'")).toBe(0);
    expect(hooks).toEqual([]);
    expect(db.sqlite.inTransaction).toBe(false);
    // The repeat succeeds.
    await commitGrouped(db.db, () => insertStoreRow('GC-FK1')(db));
    expect(storesNamed(other, 'GC-FK')).toEqual(['GC-FK1']);
  });

  it('an idempotency key answers the first result in the same batch and in later batches', async () => {
    const attempt = (n: number) =>
      commitGrouped(db.db, (tx) => {
        const previous = findIdempotentResult(tx, 'test', 'key-12345678', 'h');
        if (previous) return previous.response as { n: number };
        insertStoreRow(`GC-IDEM${n}`)(db);
        storeIdempotentResult(tx, 'test', 'key-12345678', 'h', 201, { n });
        return { n };
      });
    const first = await Promise.all([attempt(1), attempt(2), attempt(3)]);
    const later = await Promise.all([attempt(4), attempt(5)]);
    expect([...first, ...later]).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }]);
    expect(storesNamed(other, 'GC-IDEM')).toEqual(['GC-IDEM1']);
  });

  it('redemptions in one batch: two of the last use → exactly one wins; a throwing subscriber rolls back only its own request', async () => {
    const coupons = new CouponService({ db: db.db, config: loadConfig({ DATABASE_PATH: join(dir, 'app.db'), LOG_LEVEL: 'error' }), qrSecret: loadQrSecret(db.db) });
    const store = insertStore(db.db, { code: 'GC', name: '群組提交店' });
    const template = insertTemplate(db.db, {
      name: 'NT$50', kind: 'amount_off', amountOff: 50, scope: { type: 'order' }, validity: { type: 'relative', days: 30 },
      codePattern: { prefix: 'GC', charset: 'digits', length: 10, suffix: '' },
    });
    const member = (i: number) => insertMember(db.db, { lineUserId: `U${String(i).repeat(32)}`, displayName: `m${i}`, isFollowing: true });
    const issue = (memberId: number) => transact(db.db, (tx) => coupons.issuing.issueInTx(tx, { templateId: template.id, memberId, source: 'test', actor: system, notify: false }));
    const [a, b, c] = [member(1), member(2), member(3)];
    const last = issue(a.id);
    const cursed = issue(b.id);
    const fine = issue(c.id);
    bus.subscribe('coupon.redeemed', (_tx, event) => {
      if (event.memberId === b.id) throw new Error('points could not be credited');
    });
    const counter = coupons.redemption.authorize(system, store.id);
    const redeem = (code: string) => coupons.redemption.redeem(counter, { storeId: store.id, code, orderAmount: 300, uses: 1 }, { lang: 'en' });
    const before = groupCommitStats(db.db);
    // Called in one turn: all four are read and verdicted before any of them runs, and share one commit.
    const answers = await Promise.allSettled([redeem(last.code), redeem(cursed.code), redeem(last.code), redeem(fine.code)]);
    expect(groupCommitStats(db.db).batches - before.batches).toBe(1);
    expect(answers[0]).toMatchObject({ status: 'fulfilled', value: { status: 201 } });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { message: 'points could not be credited' } });
    expect(answers[2]).toMatchObject({ status: 'rejected', reason: { code: 'COUPON_ALREADY_USED' } });
    expect(answers[3]).toMatchObject({ status: 'fulfilled', value: { status: 201 } });
    const uses = (id: number) => count(other, 'select uses_left as n from coupons where id = ?', id);
    expect([uses(last.id), uses(cursed.id), uses(fine.id)]).toEqual([0, 1, 0]);
    expect(count(other, 'select count(*) as n from redemptions where coupon_id = ?', last.id)).toBe(1);
    expect(count(other, 'select count(*) as n from redemptions where coupon_id = ?', cursed.id)).toBe(0);
    expect(count(other, "select count(*) as n from outbox where kind = 'coupon_redeemed' and member_id = ?", b.id)).toBe(0);
    expect(count(other, "select count(*) as n from outbox where kind = 'coupon_redeemed'")).toBe(2);
  });

  it('inside an open transaction, a grouped request runs at once as a savepoint of it', async () => {
    let inner: Promise<string> | undefined;
    transact(db.db, () => {
      insertStoreRow('GC-OUT')(db);
      inner = commitGrouped(db.db, () => {
        insertStoreRow('GC-IN')(db);
        return 'in';
      });
      expect(storesNamed(db, 'GC-')).toEqual(['GC-IN', 'GC-OUT']);
    });
    await expect(inner).resolves.toBe('in');
    expect(storesNamed(other, 'GC-')).toEqual(['GC-IN', 'GC-OUT']);
  });
});
