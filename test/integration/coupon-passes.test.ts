import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASS_RENEWALS_JOB, PassRenewalReminders } from '../../bot-server/coupons/pass-renewals.ts';
import { listRenewalRemindersOf } from '../../bot-server/coupons/pass-renewals.repo.ts';
import { transact } from '../../bot-server/db/client.ts';
import { couponPassDays, outbox } from '../../bot-server/db/schema.ts';
import { enqueueJob } from '../../bot-server/jobs/jobs.repo.ts';
import { JobRunner } from '../../bot-server/jobs/runner.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { addDays, localDate } from '../../shared/dates.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { makeApiKey } from '../helpers/factories.ts';
import { registeredMembersWithSessions, signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'U0000000000000000000000000000a005';
const STAFF = 'U0000000000000000000000000000a004'; // staff at 信義店 in the demo
const DAY = 86_400_000;

let server: TestServer;
let admin: Record<string, string>;
let staff: Record<string, string>;
let pos: Record<string, string>;
let xinyi: number;
let tz: string;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, WORKERS: 'off', NOTIFY_DISPATCHER: 'off' });
  admin = (await signInAs(server, ADMIN)).auth;
  staff = (await signInAs(server, STAFF)).auth;
  pos = (await makeApiKey(server, admin, { scopes: ['pos'] })).auth;
  xinyi = server.services.stores.list({ includeInactive: false }).find((s) => s.code === 'XINYI')!.id;
  tz = server.config.brandTimezone;
});

afterAll(async () => {
  await server?.stop();
});

const coffeePass = (periodDays = 30) =>
  createTemplate(server, admin, { name: `每日咖啡 ${randomUUID().slice(0, 6)}`, nameEn: 'Coffee a day', kind: 'exchange', exchangeItem: { sku: null, name: '美式咖啡' }, unit: 'cup', pass: { periodDays, usesPerDay: 1 }, validity: { type: 'relative', days: 1 } });

function issue(templateId: number, memberId: number, now = new Date()) {
  return transact(server.db.db, (tx) => server.services.coupons.issueInTx(tx, { templateId, memberId, source: 'mall', actor: { kind: 'system', label: 'cli' }, notify: false, now }));
}

const redeem = (code: string, headers = staff, uses = 1) => server.client.call('staffRedeem', { headers: { ...headers, 'idempotency-key': randomUUID() }, untypedBody: { storeId: xinyi, code, uses } });

describe('subscription passes', () => {
  it('runs its period from issue, allows one use a brand day (race-safe), refuses a second with PASS_USED_TODAY, and shows its end date', async () => {
    const t = await coffeePass(30);
    expect(t.usesPerCoupon).toBe(30);
    expect(t.pass).toEqual({ periodDays: 30, usesPerDay: 1 });
    const [m] = registeredMembersWithSessions(server, 1);
    const c = issue(t.id, m!.memberId);
    const lastDay = addDays(localDate(new Date(), tz), 29);

    const wallet = await server.client.call('walletCoupon', { headers: m!.auth, params: { id: String(c.id) } });
    expect(wallet.body.pass).toMatchObject({ lastDay, usesPerDay: 1, usesLeftToday: 1, untilText: `方案至 ${Number(lastDay.slice(5, 7))}/${Number(lastDay.slice(8))}` });
    expect(wallet.body.unit).toEqual({ key: 'cup', label: '杯', usesLeftText: '剩 30 杯' });

    // Two counters at the same moment: one wins, the other is told to come back tomorrow.
    const [a, b] = await Promise.all([redeem(c.code), redeem(c.code)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('PASS_USED_TODAY');
    expect(loser.body.error.message).toBe('今日已使用，明天再來');

    // The POS API says the same, and the scanner's check shows it before anyone presses redeem.
    const viaPos = await server.client.call('posRedeem', { headers: pos, untypedBody: { storeId: xinyi, code: c.code } });
    expect(viaPos.status).toBe(409);
    expect(viaPos.body.error.code).toBe('PASS_USED_TODAY');
    const check = await server.client.call('staffValidate', { headers: staff, untypedBody: { storeId: xinyi, code: c.code } });
    expect(check.body.verdict).toMatchObject({ ok: false, reason: 'USED_TODAY', message: '今日已使用，明天再來' });
    const after = await server.client.call('walletCoupon', { headers: m!.auth, params: { id: String(c.id) } });
    expect(after.body.pass!.usesLeftToday).toBe(0);
    expect(after.body.usesLeft).toBe(29);

    // Undo gives today's use back.
    const won = a.status === 201 ? a : b;
    expect((await server.client.call('staffUndo', { headers: staff, params: { id: won.body.id } })).status).toBe(200);
    const again = await redeem(c.code);
    expect(again.status).toBe(201);

    // The next brand day: today's use counts as yesterday's, and the pass works again.
    const today = localDate(new Date(), tz);
    server.db.db.update(couponPassDays).set({ day: addDays(today, -1) }).where(and(eq(couponPassDays.couponId, c.id), eq(couponPassDays.day, today))).run();
    expect((await redeem(c.code)).status).toBe(201);
  });

  it('寄杯: the wallet API names the unit and the count left; the counter takes several at once', async () => {
    const t = await createTemplate(server, admin, { name: `寄杯拿鐵 ${randomUUID().slice(0, 6)}`, kind: 'exchange', exchangeItem: { sku: null, name: '拿鐵' }, usesPerCoupon: 10, unit: 'cup' });
    const [m] = registeredMembersWithSessions(server, 1);
    const c = issue(t.id, m!.memberId);
    expect((await redeem(c.code, staff, 3)).body.usesLeft).toBe(7);
    const list = await server.client.call('walletList', { headers: m!.auth, query: { tab: 'active' } });
    const mine = list.body.items.find((i) => i.id === c.id)!;
    expect(mine.unit).toEqual({ key: 'cup', label: '杯', usesLeftText: '剩 7 杯' });
    expect(mine.pass).toBeNull();
    const en = await server.client.call('walletList', { headers: m!.auth, query: { tab: 'active', lang: 'en' } });
    expect(en.body.items.find((i) => i.id === c.id)!.unit.usesLeftText).toBe('7 cups left');
  });
});

describe('renewal reminders', () => {
  const renewals = () => new PassRenewalReminders({ db: server.db.db, config: server.config, catalogue: server.services.coupons.catalogue, daysBefore: () => 7 });

  async function runJob(now = new Date()) {
    enqueueJob(server.db.db, { kind: PASS_RENEWALS_JOB, key: `test-${randomUUID()}`, runAt: new Date(now.getTime() - 1000) });
    await new JobRunner({ db: server.db.db, log: createLogger('silent'), timeZone: tz, now: () => now }).define(PASS_RENEWALS_JOB, renewals().jobKind()).runUntilIdle();
  }
  const sent = (memberId: number) =>
    server.db.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.memberId, memberId), inArray(outbox.kind, ['subscription_renewal', 'subscription_last_day'])))
      .all();

  it('reminds 7 days before a pass ends and on its last day, once each however often the job runs, transactional, with the renew button', async () => {
    const t = await coffeePass(30);
    const [m] = registeredMembersWithSessions(server, 1);
    // Issued 22 days ago: its 30th and last day is 7 days from today.
    const c = issue(t.id, m!.memberId, new Date(Date.now() - 22 * DAY));
    // Ten days before its end nothing is due yet.
    await runJob(new Date(Date.now() - 3 * DAY));
    expect(sent(m!.memberId)).toHaveLength(0);
    await runJob();
    await runJob();
    const rows = sent(m!.memberId);
    expect(rows.map((r) => r.kind)).toEqual(['subscription_renewal']);
    expect(rows[0]!.priority).toBe(0);
    expect(rows[0]!.variables).toMatchObject({ planName: { 'zh-TW': t.name }, daysLeft: 7 });
    expect(rows[0]!.cta).toEqual({ url: '/mall' });
    // Its last day (a week later): the last-day reminder, once.
    const lastDay = new Date(c.validUntil.getTime() - 3600_000);
    await runJob(lastDay);
    await runJob(lastDay);
    expect(sent(m!.memberId).map((r) => r.kind)).toEqual(['subscription_renewal', 'subscription_last_day']);
  });

  it('is never sent to a member who renewed first, and one queued but not sent is stopped by a renewal', async () => {
    const t = await coffeePass(30);
    const [early, late] = registeredMembersWithSessions(server, 2);
    issue(t.id, early!.memberId, new Date(Date.now() - 22 * DAY));
    issue(t.id, early!.memberId); // renewed: a new pass running 30 days from today
    await runJob();
    expect(sent(early!.memberId)).toHaveLength(0);
    expect(listRenewalRemindersOf(server.db.db, early!.memberId)).toMatchObject([{ stage: 'before', status: 'cancelled', reason: 'renewed', notificationId: null }]);

    issue(t.id, late!.memberId, new Date(Date.now() - 22 * DAY));
    await runJob();
    const [queued] = sent(late!.memberId);
    expect(queued!.status).toBe('pending');
    issue(t.id, late!.memberId); // renews before the dispatcher sent it
    expect(sent(late!.memberId)[0]!.status).toBe('skipped');
    expect(listRenewalRemindersOf(server.db.db, late!.memberId)[0]).toMatchObject({ status: 'cancelled', reason: 'renewed' });
  });
});
