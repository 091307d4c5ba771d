import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../bot-server/auth/actor.ts';
import { loadConfig } from '../../bot-server/config.ts';
import { insertTemplate } from '../../bot-server/coupons/coupon.repo.ts';
import { CouponService } from '../../bot-server/coupons/coupon.service.ts';
import { loadQrSecret } from '../../bot-server/coupons/qr-token.ts';
import { migrateDatabase, openDatabase, transact, type DbHandle } from '../../bot-server/db/client.ts';
import { attachEventBus, EventBus, publish } from '../../bot-server/events/bus.ts';
import type { DomainEvent } from '../../bot-server/events/catalogue.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { MemberService } from '../../bot-server/members/member.service.ts';
import { notify } from '../../bot-server/notifications/notify.ts';
import { insertStore } from '../../bot-server/stores/store.repo.ts';

// Real SQLite files with the real migrations; a second connection stands for another process,
// which only ever sees what was committed.
let dir: string;
let db: DbHandle;
let other: DbHandle;
let bus: EventBus;

const system: Actor = { kind: 'system', label: 'cli' };
const count = (h: DbHandle, sql: string, ...args: unknown[]) => (h.sqlite.prepare(sql).get(...args) as { n: number }).n;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-events-'));
  db = openDatabase(join(dir, 'app.db'));
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

function newMember(lineUserId = `U${'1'.repeat(32)}`) {
  return insertMember(db.db, { lineUserId, displayName: 'Event tester', isFollowing: true });
}

describe('subscribers in the transaction', () => {
  it('a subscriber that throws rolls the whole change back: the registration and its welcome notification', () => {
    const members = new MemberService(db.db);
    const member = newMember();
    bus.subscribe('member.registered', () => {
      throw new Error('the welcome offer failed');
    });
    expect(() => members.register(member.id, { name: '王小明', mobile: '+886912000111', birthday: '1990-05-01' })).toThrow('the welcome offer failed');
    expect(members.get(member.id)).toMatchObject({ registeredAt: null, mobile: null, name: null });
    expect(count(db, 'select count(*) as n from outbox where member_id = ?', member.id)).toBe(0);
  });

  it('a throwing subscriber to coupon.redeemed undoes the redemption: uses, redemption row, ledger and notification', async () => {
    const coupons = new CouponService({ db: db.db, config: loadConfig({ DATABASE_PATH: join(dir, 'app.db'), LOG_LEVEL: 'error' }), qrSecret: loadQrSecret(db.db) });
    const store = insertStore(db.db, { code: 'EVT', name: '事件店' });
    const member = newMember();
    const template = insertTemplate(db.db, {
      name: 'NT$50', kind: 'amount_off', amountOff: 50, scope: { type: 'order' }, validity: { type: 'relative', days: 30 },
      codePattern: { prefix: 'EV', charset: 'digits', length: 10, suffix: '' },
    });
    const coupon = transact(db.db, (tx) => coupons.issueInTx(tx, { templateId: template.id, memberId: member.id, source: 'test', actor: system, notify: false }));
    const seen: DomainEvent[] = [];
    bus.subscribe('coupon.redeemed', (_tx, event) => {
      seen.push(event);
      throw new Error('points could not be credited');
    });
    const counter = coupons.redemption.authorize(system, store.id);
    await expect(coupons.redemption.redeem(counter, { storeId: store.id, code: coupon.code, orderAmount: 300, uses: 1 }, { lang: 'en' })).rejects.toThrow('points could not be credited');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'coupon.redeemed', couponId: coupon.id, memberId: member.id, storeId: store.id, uses: 1, usesLeft: 0, discount: 50, orderAmount: 300, channel: 'scanner' });
    expect(count(db, "select uses_left as n from coupons where id = ?", coupon.id)).toBe(1);
    expect(count(db, 'select count(*) as n from redemptions where coupon_id = ?', coupon.id)).toBe(0);
    expect(count(db, "select count(*) as n from coupon_events where coupon_id = ? and type = 'redeemed'", coupon.id)).toBe(0);
    expect(count(db, "select count(*) as n from outbox where kind = 'coupon_redeemed'")).toBe(0);
  });

  it('what a subscriber writes commits with the change, in the same transaction', () => {
    const members = new MemberService(db.db);
    const member = newMember();
    bus.subscribe('member.registered', (tx, event) => {
      notify(tx, { memberId: event.memberId, kind: 'points_earned', variables: { earned: 100 } });
    });
    members.register(member.id, { name: '陳美玲', mobile: '+886922000111', birthday: '1988-03-14' });
    expect(other.sqlite.prepare('select kind from outbox where member_id = ? order by rowid').all(member.id)).toEqual([{ kind: 'welcome' }, { kind: 'points_earned' }]);
  });

  it('publish outside a transaction is refused: the change it announces could no longer roll back with it', () => {
    const member = newMember();
    expect(() => publish(db.db, { type: 'member.unfollowed', memberId: member.id, lineUserId: member.lineUserId, at: new Date() })).toThrow(/inside transact\(\)/);
  });
});

describe('after-commit hooks', () => {
  it('run once, after the commit (another connection already sees the row), and not on rollback', () => {
    const member = newMember();
    const calls: { id: string; committedRows: number }[] = [];
    bus.afterCommit('notification.enqueued', (event) => {
      calls.push({ id: event.notificationId, committedRows: count(other, 'select count(*) as n from outbox where id = ?', event.notificationId) });
    });

    const { id } = transact(db.db, (tx) => {
      const queued = notify(tx, { memberId: member.id, kind: 'points_earned', variables: { earned: 1 } });
      expect(calls).toEqual([]);
      return queued;
    });
    expect(calls).toEqual([{ id, committedRows: 1 }]);

    expect(() =>
      transact(db.db, (tx) => {
        notify(tx, { memberId: member.id, kind: 'points_earned', variables: { earned: 2 } });
        throw new Error('the feature failed after enqueueing');
      }),
    ).toThrow('the feature failed');
    expect(calls).toHaveLength(1);
    expect(count(db, 'select count(*) as n from outbox')).toBe(1);

    // The next transaction on the connection starts clean: nothing left over from the rollback.
    transact(db.db, (tx) => notify(tx, { memberId: member.id, kind: 'points_earned', variables: { earned: 3 } }));
    expect(calls).toHaveLength(2);
  });

  it('nested transactions: the hook runs once, after the outermost commit; a failed savepoint drops its own', () => {
    const member = newMember();
    const calls: number[] = [];
    bus.afterCommit('notification.enqueued', (event) => calls.push(event.memberId));
    const earned = (n: number) => ({ memberId: member.id, kind: 'points_earned' as const, variables: { earned: n } });

    transact(db.db, (outer) => {
      transact(outer, (inner) => {
        transact(inner, (innermost) => notify(innermost, earned(1)));
        expect(calls).toEqual([]);
      });
      expect(() =>
        transact(outer, (sp) => {
          notify(sp, earned(2));
          throw new Error('this savepoint rolls back');
        }),
      ).toThrow('this savepoint rolls back');
      expect(calls).toEqual([]);
      expect(count(other, 'select count(*) as n from outbox')).toBe(0);
    });
    expect(calls).toEqual([member.id]);
    expect(other.sqlite.prepare('select variables from outbox').all()).toEqual([{ variables: '{"earned":1}' }]);
  });

  it('a registration wakes the dispatcher once, after it committed (the composition root wires the hook)', () => {
    const members = new MemberService(db.db);
    const member = newMember();
    const kinds: string[] = [];
    bus.afterCommit('notification.enqueued', (event) => kinds.push(event.kind));
    members.register(member.id, { name: '林雅婷', mobile: '+886933000111', birthday: '1995-07-20' });
    expect(kinds).toEqual(['welcome']);
    expect(() => members.register(member.id, { name: '別人', mobile: '+886933000111', birthday: '1995-07-20' })).toThrow();
    expect(kinds).toEqual(['welcome']);
  });
});
