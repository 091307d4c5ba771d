import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPointsSettings } from '../../shared/api/points.ts';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { members, outbox, pointsAccounts, pointsEntries, pointsLots } from '../../bot-server/db/schema.ts';
import { enqueueJob, findJobByKey } from '../../bot-server/jobs/jobs.repo.ts';
import { POINTS_EXPIRY_JOB } from '../../bot-server/points/points.jobs.ts';
import { randomBytes } from 'node:crypto';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { makeApiKey, makeStore, type Auth } from '../helpers/factories.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: Auth;
let store: { id: number };
let otherStore: { id: number };
let pos: Auth;

const SETTINGS: TPointsSettings = {
  enabled: true,
  base: { spend: 50, points: 1 },
  groups: [
    { name: '指定商品', combine: 'best', rules: [{ kind: 'sku', name: '指定商品點數加倍', skus: ['LATTE'], multiplier: 2 }] },
    { name: '滿額禮', combine: 'best', rules: [{ kind: 'threshold', name: '滿 NT$3,000 加贈 100 點', minSpend: 3000, bonus: 100 }] },
  ],
  pendingDays: 0,
  expiry: { kind: 'monthEnd', months: 12 },
  reminderDaysBefore: 10,
  redeem: { points: 1, value: 1 },
};

async function saveSettings(patch: Partial<TPointsSettings> = {}) {
  const res = await server.client.call('consoleSavePointsSettings', { headers: admin, body: { ...SETTINGS, ...patch } });
  expect(res.status).toBe(200);
}

let seq = 0;
const base = 100_000 + Math.floor(Math.random() * 800_000);
/**
 * A registered member with a session, written directly (registration over HTTP is another
 * feature's; this suite is about points). `mobileVerified` as the SMS check would leave it.
 */
function makeMember(_server: TestServer, options: { mobileVerified?: boolean; birthday?: string } = {}): { memberId: number; auth: Auth; mobile: string; userId: string } {
  seq += 1;
  const national = `0933${String((base + seq) % 1_000_000).padStart(6, '0')}`;
  const now = new Date();
  const userId = `U${randomBytes(16).toString('hex')}`;
  const member = insertMember(server.db.db, { lineUserId: userId, displayName: `Points ${seq}`, name: `點數會員${seq}`, mobile: `+886${national.slice(1)}`, mobileVerifiedAt: options.mobileVerified ? now : null, birthday: options.birthday ?? '1990-03-15', registeredAt: now, consentAt: now });
  const token = randomBytes(32).toString('base64url');
  insertSession(server.db.db, { tokenHash: hashToken(token), memberId: member.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { memberId: member.id, auth: { authorization: `Bearer ${token}` }, mobile: national, userId };
}
async function makeAdmin(s: TestServer) {
  const m = makeMember(s);
  s.services.roles.grantAdminFromCli(m.userId, true);
  return m;
}

let order = 0;
function purchase(mobile: string, paid: number, extra: Record<string, unknown> = {}) {
  order += 1;
  return { storeId: store.id, orderNo: `A${Date.now()}-${order}`, member: { mobile }, lines: [{ sku: 'BEAN', category: '咖啡豆', quantity: 1, unitPrice: paid }], total: paid, paid, ...extra };
}

const balanceOf = (memberId: number) => server.db.db.select().from(pointsAccounts).where(eq(pointsAccounts.memberId, memberId)).get() ?? { balance: 0, pending: 0 };
const ledgerSum = (memberId: number) => Number(server.db.db.select({ s: sql<number>`coalesce(sum(${pointsEntries.delta}), 0)` }).from(pointsEntries).where(eq(pointsEntries.memberId, memberId)).get()!.s);

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
  admin = (await makeAdmin(server)).auth;
  store = await makeStore(server, admin);
  otherStore = await makeStore(server, admin);
  pos = (await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [store.id] })).auth;
  await saveSettings();
});
afterAll(async () => {
  await server.stop();
});

describe('POS purchases', () => {
  it('NT$1,000 earns 20 points, tells the member why, and shows on 我的點數', async () => {
    const m = await makeMember(server, { mobileVerified: true });
    const res = await server.client.call('posPurchase', { headers: pos, body: purchase(m.mobile, 1000) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pointsEarned: 20, balance: 20, told: { kind: 'points_earned', text: expect.stringContaining('消費 NT$1,000 獲得 20 點') } });
    const note = server.db.db.select().from(outbox).where(and(eq(outbox.memberId, m.memberId), eq(outbox.kind, 'points_earned'))).all();
    expect(note).toHaveLength(1);
    // The reason in both languages: the dispatcher renders the member's at send time.
    expect(note[0]!.variables).toMatchObject({ reason: { 'zh-TW': '消費 NT$1,000', en: 'Purchase of NT$1,000' } });
    const summary = await server.client.call('pointsSummary', { headers: m.auth });
    expect(summary.body).toMatchObject({ balance: 20, pending: 0, nextExpiry: { points: 20, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    const history = await server.client.call('pointsHistory', { headers: m.auth });
    expect(history.body.items[0]).toMatchObject({ type: 'earn', delta: 20, reason: '消費 NT$1,000' });
  });

  it('a purchase replayed in parallel × 20 earns once', async () => {
    const m = await makeMember(server, { mobileVerified: true });
    const body = purchase(m.mobile, 1500);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => server.client.call('posPurchase', { headers: { ...pos, 'idempotency-key': `replay-${body.orderNo}-${i % 3}` }, body })),
    );
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const earns = server.db.db.select().from(pointsEntries).where(and(eq(pointsEntries.memberId, m.memberId), eq(pointsEntries.type, 'earn'))).all();
    expect(earns).toHaveLength(1);
    expect(balanceOf(m.memberId).balance).toBe(30);
    // The same order number with a different sale is refused, not merged.
    const clash = await server.client.call('posPurchase', { headers: pos, body: { ...body, paid: 10, total: 10, lines: [] } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('ORDER_NUMBER_REUSED');
    // Paying more than the total is refused with its own code, and nothing is recorded.
    const overpaid = await server.client.call('posPurchase', { headers: pos, body: { ...purchase(m.mobile, 100), paid: 101 } });
    expect(overpaid.status).toBe(422);
    expect(overpaid.body.error.code).toBe('PAID_EXCEEDS_TOTAL');
    expect(balanceOf(m.memberId).balance).toBe(30);
  });

  it('a key limited to one store cannot record at another; an unknown member is one uniform 404', async () => {
    const m = await makeMember(server, { mobileVerified: true });
    const elsewhere = await server.client.call('posPurchase', { headers: pos, body: { ...purchase(m.mobile, 100), storeId: otherStore.id } });
    expect(elsewhere.status).toBe(403);
    const unverified = await makeMember(server, { mobileVerified: false });
    const a = await server.client.call('posPurchase', { headers: pos, body: purchase(unverified.mobile, 100) });
    const b = await server.client.call('posPurchase', { headers: pos, body: { ...purchase(m.mobile, 100), member: { cardCode: '999999999999' } } });
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(a.body.error.code).toBe('MEMBER_NOT_FOUND');
    expect(b.body.error.message).toBe(a.body.error.message);
  });

  it('members not found are counted against the till and lock it out, while a replay still answers', async () => {
    const till = (await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [store.id] })).auth;
    const m = await makeMember(server, { mobileVerified: true });
    const sale = purchase(m.mobile, 100);
    const first = await server.client.call('posPurchase', { headers: till, body: sale });
    expect(first.status).toBe(201);
    const codes: string[] = [];
    for (let i = 0; i < 20; i += 1) codes.push((await server.client.call('posPurchase', { headers: till, body: purchase(`0955${String(900000 + i)}`, 100) })).body.error.code);
    expect(codes.slice(0, 19)).toEqual(Array(19).fill('MEMBER_NOT_FOUND'));
    expect(codes[19]).toBe('RATE_LIMITED');
    const locked = await server.client.call('posPurchase', { headers: till, body: purchase(m.mobile, 100) });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    const replay = await server.client.call('posPurchase', { headers: till, body: sale });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.body.id);
    expect(balanceOf(m.memberId).balance).toBe(first.body.balance);
  });

  it('double points on a named SKU and the threshold bonus, explained line by line', async () => {
    const m = await makeMember(server, { mobileVerified: true });
    const body = { ...purchase(m.mobile, 3000), lines: [{ sku: 'LATTE', quantity: 10, unitPrice: 100 }, { sku: 'BEAN', quantity: 1, unitPrice: 2000 }] };
    const res = await server.client.call('posPurchase', { headers: pos, body });
    // 3000/50 = 60, LATTE 1000 doubled +20, 滿 3000 +100
    expect(res.body.pointsEarned).toBe(180);
    expect(res.body.explain.map((l) => l.points)).toEqual([60, 20, 100]);
  });
});

describe('refunds', () => {
  it('a return after the points were spent makes the balance negative; the next purchase settles it', async () => {
    const m = await makeMember(server, { mobileVerified: true });
    const first = await server.client.call('posPurchase', { headers: pos, body: { ...purchase(m.mobile, 1000), lines: [{ sku: 'A', quantity: 2, unitPrice: 500 }] } });
    expect(first.body.pointsEarned).toBe(20);
    const spent = await server.client.call('posRedeemPoints', { headers: pos, body: { storeId: store.id, member: { mobile: m.mobile }, points: 15 } });
    expect(spent.status).toBe(201);
    // One of the two returned: half the points.
    const half = await server.client.call('posRefund', { headers: pos, params: { id: first.body.id }, body: { refundNo: 'R1', lines: [{ line: 0, quantity: 1 }] } });
    expect(half.body).toMatchObject({ pointsReversed: 10, balance: -5, told: { kind: 'points_reversed' } });
    const again = await server.client.call('posRefund', { headers: pos, params: { id: first.body.id }, body: { refundNo: 'R1', lines: [{ line: 0, quantity: 1 }] } });
    expect(again.body.id).toBe(half.body.id);
    const rest = await server.client.call('posRefund', { headers: pos, params: { id: first.body.id }, body: { refundNo: 'R2' } });
    expect(rest.body).toMatchObject({ pointsReversed: 10, balance: -15 });
    const over = await server.client.call('posRefund', { headers: pos, params: { id: first.body.id }, body: { refundNo: 'R3' } });
    expect(over.body.error.code).toBe('REFUND_EXCEEDS_PURCHASE');
    // The next purchase settles the debt first.
    const next = await server.client.call('posPurchase', { headers: pos, body: purchase(m.mobile, 1000) });
    expect(next.body.balance).toBe(5);
    const lots = server.db.db.select().from(pointsLots).where(eq(pointsLots.memberId, m.memberId)).all();
    expect(lots.reduce((s, l) => s + (l.status === 'active' ? l.remaining : 0), 0)).toBe(5);
    expect(ledgerSum(m.memberId)).toBe(5);
    // 5 spendable, so 6 is refused and the balance is untouched.
    const tooMuch = await server.client.call('posRedeemPoints', { headers: pos, body: { storeId: store.id, member: { mobile: m.mobile }, points: 6 } });
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_POINTS');
  });
});

describe('pending points and POS points redemptions', () => {
  it('pending points (the return window) cannot be spent', async () => {
    await saveSettings({ pendingDays: 7 });
    try {
      const m = await makeMember(server, { mobileVerified: true });
      const res = await server.client.call('posPurchase', { headers: pos, body: purchase(m.mobile, 1000) });
      expect(res.body).toMatchObject({ pointsEarned: 20, balance: 0, pendingUntil: expect.any(String) });
      const summary = await server.client.call('pointsSummary', { headers: m.auth });
      expect(summary.body).toMatchObject({ balance: 0, pending: 20 });
      const spend = await server.client.call('posRedeemPoints', { headers: pos, body: { storeId: store.id, member: { mobile: m.mobile }, points: 1 } });
      expect(spend.status).toBe(409);
      expect(spend.body.error.code).toBe('INSUFFICIENT_POINTS');
      // Once the window has passed the points unlock (here: the lot's date moved back).
      server.db.db.update(pointsLots).set({ unlocksAt: Date.now() - 1000 }).where(eq(pointsLots.memberId, m.memberId)).run();
      const later = await server.client.call('posRedeemPoints', { headers: pos, body: { storeId: store.id, member: { mobile: m.mobile }, points: 20 } });
      expect(later.body).toMatchObject({ points: 20, balance: 0 });
      expect(balanceOf(m.memberId)).toMatchObject({ balance: 0, pending: 0 });
    } finally {
      await saveSettings();
    }
  });

  it('redemptions in parallel never take the balance below zero; a key replays; a reversal gives the points back once', async () => {
    const m = await makeMember(server, { mobileVerified: true });
    await server.client.call('posPurchase', { headers: pos, body: purchase(m.mobile, 5000) }); // 100 + 100 bonus
    expect(balanceOf(m.memberId).balance).toBe(200);
    const tries = await Promise.all(
      Array.from({ length: 10 }, (_, i) => server.client.call('posRedeemPoints', { headers: { ...pos, 'idempotency-key': `redeem-${m.memberId}-${i}` }, body: { storeId: store.id, member: { mobile: m.mobile }, points: 60 } })),
    );
    expect(tries.filter((t) => t.status === 201)).toHaveLength(3);
    expect(tries.filter((t) => t.status === 409).every((t) => t.body.error.code === 'INSUFFICIENT_POINTS')).toBe(true);
    expect(balanceOf(m.memberId).balance).toBe(20);
    const ok = tries.find((t) => t.status === 201)!;
    const key = `redeem-${m.memberId}-${tries.indexOf(ok)}`;
    const replay = await server.client.call('posRedeemPoints', { headers: { ...pos, 'idempotency-key': key }, body: { storeId: store.id, member: { mobile: m.mobile }, points: 60 } });
    expect(replay.body.id).toBe(ok.body.id);
    expect(balanceOf(m.memberId).balance).toBe(20);
    const [r1, r2] = await Promise.all([1, 2].map(() => server.client.call('posReversePointsRedemption', { headers: pos, params: { id: ok.body.id }, body: {} })));
    expect(r1!.body.reversedAt).not.toBeNull();
    expect(r2!.body.reversedAt).toBe(r1!.body.reversedAt);
    expect(balanceOf(m.memberId).balance).toBe(80);
    expect(ledgerSum(m.memberId)).toBe(80);
  });
});

describe('console', () => {
  it('an admin adjusts with a reason (audited); the calculator explains a basket; the report counts', async () => {
    const m = await makeMember(server, { mobileVerified: true });
    const adj = await server.client.call('consoleAdjustPoints', { headers: admin, params: { id: m.memberId }, body: { delta: 50, reason: '客訴補償' } });
    expect(adj.body.summary.balance).toBe(50);
    expect(adj.body.history[0]).toMatchObject({ type: 'adjust', delta: 50, reason: '客訴補償' });
    const down = await server.client.call('consoleAdjustPoints', { headers: admin, params: { id: m.memberId }, body: { delta: -60, reason: '誤植' } });
    expect(down.body.error.code).toBe('INSUFFICIENT_POINTS');
    const audit = await server.client.call('consoleAuditLog', { headers: admin, query: {} });
    expect(JSON.stringify(audit.body)).toContain('points.adjust');
    const calc = await server.client.call('consolePointsCalculate', { headers: admin, body: { lines: [{ sku: 'X', quantity: 1, unitPrice: 1000 }], paid: 1000, date: '2026-06-10', birthday: '1990-06-01', settings: { ...SETTINGS, groups: [{ name: '壽星', combine: 'best', rules: [{ kind: 'birthday', name: '壽星 30 倍', multiplier: 30 }] }] } } });
    expect(calc.body.points).toBe(600);
    const report = await server.client.call('consolePointsReport', { headers: admin, query: {} });
    expect(report.body.totals.issued).toBeGreaterThan(0);
    expect(report.body.outstanding).toBeGreaterThan(0);
    const cfg = await server.client.call('getConfig', {});
    expect(cfg.body.pointsEnabled).toBe(true);
  });
});

describe('monthly expiry', () => {
  it('killed mid-run and resumed by another process, each lot is expired once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'points-expiry-'));
    const path = join(dir, 'app.db');
    const handle = openDatabase(path);
    migrateDatabase(handle);
    const children: ChildProcess[] = [];
    try {
      const db = handle.db;
      const MEMBERS = 40;
      const LOTS = 1200;
      handle.sqlite.transaction(() => {
        for (let i = 1; i <= MEMBERS; i += 1) db.insert(members).values({ lineUserId: `Uexp${i}` }).run();
        const lot = handle.sqlite.prepare("insert into points_lots (member_id, status, points, remaining, expires_at, created_at) values (?, 'active', 10, ?, ?, 0)");
        const acct = handle.sqlite.prepare('insert into points_accounts (member_id, balance, pending) values (?, ?, 0) on conflict(member_id) do update set balance = balance + excluded.balance');
        const entry = handle.sqlite.prepare("insert into points_entries (member_id, type, delta, lot_id, reason, actor_kind, created_at) values (?, 'earn', 10, ?, 'seed', 'system', 0)");
        for (let i = 0; i < LOTS; i += 1) {
          const memberId = (i % MEMBERS) + 1;
          // Every fourth lot is not due yet; one lot in ten was partly spent.
          const remaining = i % 10 === 0 ? 4 : 10;
          const id = lot.run(memberId, remaining, i % 4 === 3 ? 4_000_000_000_000 : 1_000).lastInsertRowid;
          entry.run(memberId, id);
          if (remaining < 10) handle.sqlite.prepare("insert into points_entries (member_id, type, delta, lot_id, reason, actor_kind, created_at) values (?, 'spend', -6, ?, 'seed', 'system', 0)").run(memberId, id);
          acct.run(memberId, remaining);
        }
      })();
      enqueueJob(db, { kind: POINTS_EXPIRY_JOB, key: 'expiry-test', payload: { cutoff: 2_000_000_000_000 } });
      const job = findJobByKey(db, 'expiry-test')!;
      const start = () => {
        const child = spawn(process.execPath, [resolve(import.meta.dirname, 'fixtures/points-expiry-worker.ts')], { env: { PATH: process.env.PATH, DATABASE_PATH: path, LEASE_MS: '1500', CHUNK: '50', PAUSE_MS: '40' }, stdio: 'ignore' });
        children.push(child);
        return child;
      };
      const expiredCount = () => Number(handle.sqlite.prepare("select count(*) as n from points_entries where type = 'expire'").get()!['n' as never]);
      const first = start();
      await waitFor(() => expiredCount() >= 200, 20_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const cut = expiredCount();
      const due = (LOTS * 3) / 4;
      expect(cut).toBeLessThan(due);
      start();
      const done = await waitFor(() => {
        const row = findJobByKey(db, 'expiry-test')!;
        return row.status === 'done' ? row : undefined;
      }, 30_000);
      expect(done.attempts).toBe(2);
      // Each due lot once: one expire entry per lot, none for the lots not yet due.
      const perLot = handle.sqlite.prepare("select lot_id, count(*) as n from points_entries where type = 'expire' group by lot_id having n > 1").all();
      expect(perLot).toEqual([]);
      expect(expiredCount()).toBe(due);
      expect(done.result).toMatchObject({ expired: due });
      const notDue = db.select().from(pointsLots).where(eq(pointsLots.status, 'active')).all();
      expect(notDue).toHaveLength(LOTS / 4);
      // Balance equals the ledger for every member.
      const mismatch = handle.sqlite.prepare('select a.member_id from points_accounts a where a.balance + a.pending != (select coalesce(sum(delta),0) from points_entries e where e.member_id = a.member_id)').all();
      expect(mismatch).toEqual([]);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
