import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPointsSettings } from '../../shared/api/points.ts';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { campaigns, coupons, outbox, pointsAccounts, pointsEntries } from '../../bot-server/db/schema.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { TEST_CHANNEL_SECRET, startTestServer, type TestServer } from '../helpers/server.ts';

// 以點換券: a campaign that costs points takes them in the claim's transaction, with the stock.

type Auth = Record<string, string>;
type Err = { error: { code: string } };

let server: TestServer;
let admin: Auth;
let webB: ChildProcess | undefined;
let originB = '';

const SETTINGS: TPointsSettings = {
  enabled: true,
  base: { spend: 50, points: 1 },
  groups: [],
  pendingDays: 0,
  expiry: { kind: 'monthEnd', months: 12 },
  reminderDaysBefore: 10,
  redeem: { points: 1, value: 1 },
};

let seq = 0;
const base = 100_000 + Math.floor(Math.random() * 800_000);
/** A registered member with a session, written directly (registration is another feature's). */
function makeMember(): { memberId: number; auth: Auth } {
  seq += 1;
  const now = new Date();
  const member = insertMember(server.db.db, { lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: `Claims ${seq}`, name: `換券會員${seq}`, mobile: `+8869${String((base + seq) % 100_000_000).padStart(8, '0')}`, mobileVerifiedAt: now, birthday: '1990-03-15', registeredAt: now, consentAt: now });
  const token = randomBytes(32).toString('base64url');
  insertSession(server.db.db, { tokenHash: hashToken(token), memberId: member.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { memberId: member.id, auth: { authorization: `Bearer ${token}` } };
}

/** A member holding `points` spendable points, granted as an admin adjustment (a real lot and entry). */
async function memberWith(points: number) {
  const m = makeMember();
  if (points > 0) {
    const res = await server.client.call('consoleAdjustPoints', { headers: admin, params: { id: m.memberId }, body: { delta: points, reason: '測試贈點' } });
    expect(res.status).toBe(200);
  }
  return m;
}

const open = () => ({ startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
async function pointsCampaign(body: Record<string, unknown>) {
  const t = await createTemplate(server, admin, { name: `點數換券 ${seq}` });
  const res = await server.client.call('consoleCreateCampaign', { headers: admin, untypedBody: { mode: 'claim', templateId: t.id, ...open(), ...body } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return { campaign: res.body, templateId: t.id };
}

const balanceOf = (memberId: number) => server.db.db.select().from(pointsAccounts).where(eq(pointsAccounts.memberId, memberId)).get()?.balance ?? 0;
const ledgerSum = (memberId: number) => Number(server.db.db.select({ s: sql<number>`coalesce(sum(${pointsEntries.delta}), 0)` }).from(pointsEntries).where(eq(pointsEntries.memberId, memberId)).get()!.s);
const spentFor = (campaignId: number) =>
  Number(server.db.db.select({ s: sql<number>`coalesce(sum(${pointsEntries.delta}), 0)` }).from(pointsEntries).where(and(eq(pointsEntries.type, 'spend'), sql`${pointsEntries.ref} like ${`campaign:${campaignId}:claim:%`}`)).get()!.s);
const couponCount = (templateId: number, memberId?: number) => server.db.db.select({ n: sql<number>`count(*)` }).from(coupons).where(and(eq(coupons.templateId, templateId), ...(memberId ? [eq(coupons.memberId, memberId)] : []))).get()!.n;
const claimedCount = (id: number) => server.db.db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.claimedCount;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

/** A claim over plain HTTP against either process; a 503 DATABASE_BUSY is retried as its Retry-After asks. */
async function claimAt(origin: string, auth: Auth, id: number): Promise<{ status: number; body: Err & { pointsSpent?: number; pointsBalance?: number | null } }> {
  for (let attempt = 0; ; attempt += 1) {
    const res = await fetch(`${origin}/api/claims/${id}`, { method: 'POST', headers: auth });
    const body = (await res.json()) as Err;
    if (res.status === 503 && body.error?.code === 'DATABASE_BUSY' && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    return { status: res.status, body };
  }
}

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
  const a = makeMember();
  const adminUser = server.db.sqlite.prepare('select line_user_id as u from members where id = ?').get(a.memberId) as { u: string };
  server.services.roles.grantAdminFromCli(adminUser.u, true);
  admin = a.auth;
  const saved = await server.client.call('consoleSavePointsSettings', { headers: admin, body: SETTINGS });
  expect(saved.status).toBe(200);
  // A second web process on the same SQLite file, as the README's scale-out runs it: between one
  // process's cheap pre-checks and its transaction, the other may take the stock or the points.
  const port = await freePort();
  originB = `http://127.0.0.1:${port}`;
  webB = spawn(process.execPath, [resolve(import.meta.dirname, '../../bot-server/main.ts')], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET, DATABASE_PATH: resolve(server.dir, 'app.db'), PORT: String(port), HOST: '127.0.0.1', NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false' },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (webB.exitCode !== null) throw new Error(`web B exited ${webB.exitCode}`);
    try {
      if ((await fetch(`${originB}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('web B did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);
afterAll(async () => {
  if (webB && webB.exitCode === null) {
    const exited = new Promise((r) => webB!.once('exit', r));
    webB.kill('SIGTERM');
    await exited;
  }
  await server.stop();
});

describe('points for coupons (以點換券)', () => {
  it('a rush on 5 left across two processes: exactly 5 coupons and exactly 5 × 300 points; nobody short is charged', async () => {
    const { campaign: c, templateId } = await pointsCampaign({ name: '300 點換咖啡券', totalStock: 5, perMemberLimit: 1, pointsCost: 300 });
    expect(c.pointsCost).toBe(300);
    const rich = await Promise.all(Array.from({ length: 30 }, () => memberWith(500)));
    const poor = await Promise.all(Array.from({ length: 8 }, (_, i) => memberWith(i * 40)));
    // Each rich member taps twice (once on each process); the poor ones once each.
    const attempts = [...rich.flatMap((m, i) => [{ m, origin: i % 2 ? originB : server.origin }, { m, origin: i % 2 ? server.origin : originB }]), ...poor.map((m, i) => ({ m, origin: i % 2 ? originB : server.origin }))];
    const results = await Promise.all(attempts.map((a) => claimAt(a.origin, a.m.auth, c.id).then((r) => ({ ...r, m: a.m }))));
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(5);
    expect(ok.every((r) => r.body.pointsSpent === 300 && r.body.pointsBalance === 200)).toBe(true);
    const codes = new Set(results.filter((r) => r.status !== 201).map((r) => r.body.error.code));
    expect([...codes].every((code) => ['OUT_OF_STOCK', 'ALREADY_CLAIMED', 'INSUFFICIENT_POINTS'].includes(code))).toBe(true);
    for (const p of poor) expect(results.find((r) => r.m === p)!.status).not.toBe(201);

    expect(claimedCount(c.id)).toBe(5);
    expect(couponCount(templateId)).toBe(5);
    expect(spentFor(c.id)).toBe(-1500);
    const winners = new Set(ok.map((r) => r.m.memberId));
    expect(winners.size).toBe(5);
    for (const m of rich) {
      expect(balanceOf(m.memberId)).toBe(winners.has(m.memberId) ? 200 : 500);
      expect(couponCount(templateId, m.memberId)).toBe(winners.has(m.memberId) ? 1 : 0);
    }
    poor.forEach((m, i) => expect(balanceOf(m.memberId)).toBe(i * 40));
    for (const m of [...rich, ...poor]) expect(ledgerSum(m.memberId)).toBe(balanceOf(m.memberId));
    // One push per claim: the coupon's; the member saw the points on screen.
    const kinds = server.db.db.select().from(outbox).where(eq(outbox.memberId, ok[0]!.m.memberId)).all().map((r) => r.kind);
    expect(kinds.filter((k) => k === 'coupon_received')).toHaveLength(1);
    expect(kinds).not.toContain('points_spent');
  }, 60_000);

  it('a member who can pay for one of a limit of 3 gets one; the refused taps take neither stock nor points', async () => {
    const { campaign: c, templateId } = await pointsCampaign({ name: '每人 3 次', totalStock: 50, perMemberLimit: 3, pointsCost: 300 });
    const m = await memberWith(700);
    const results = await Promise.all([server.origin, originB, server.origin, originB].map((o) => claimAt(o, m.auth, c.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.filter((r) => r.status !== 201).map((r) => r.body.error.code)).toEqual(['INSUFFICIENT_POINTS', 'INSUFFICIENT_POINTS']);
    expect(balanceOf(m.memberId)).toBe(100);
    expect(claimedCount(c.id)).toBe(2);
    expect(couponCount(templateId, m.memberId)).toBe(2);
    expect(ledgerSum(m.memberId)).toBe(100);
  }, 30_000);

  it('out of stock and over the limit take no points; 我的點數 names what the points bought', async () => {
    const { campaign: c } = await pointsCampaign({ name: '限量 2 張', totalStock: 2, perMemberLimit: 1, pointsCost: 120 });
    const [first, second, third] = await Promise.all([memberWith(1000), memberWith(1000), memberWith(1000)]);
    expect((await server.client.call('claimCampaign', { headers: first.auth, params: { id: c.id } })).status).toBe(201);
    const again = await server.client.call('claimCampaign', { headers: first.auth, params: { id: c.id } });
    expect((again.body as unknown as Err).error.code).toBe('ALREADY_CLAIMED');
    expect((await server.client.call('claimCampaign', { headers: second.auth, params: { id: c.id } })).status).toBe(201);
    const gone = await server.client.call('claimCampaign', { headers: third.auth, params: { id: c.id } });
    expect((gone.body as unknown as Err).error.code).toBe('OUT_OF_STOCK');
    expect([balanceOf(first.memberId), balanceOf(second.memberId), balanceOf(third.memberId)]).toEqual([880, 880, 1000]);
    const history = await server.client.call('pointsHistory', { headers: first.auth, query: {} });
    expect(history.body.items[0]).toMatchObject({ type: 'spend', delta: -120, reason: '兌換「限量 2 張」' });
  });

  it('the claim centre shows the price, the balance and 「點數不足」; free offers are unchanged', async () => {
    const { campaign: dear } = await pointsCampaign({ name: '300 點券', pointsCost: 300 });
    const { campaign: cheap } = await pointsCampaign({ name: '100 點券', pointsCost: 100 });
    const { campaign: free } = await pointsCampaign({ name: '免費券' });
    const m = await memberWith(180);
    const centre = await server.client.call('claimCentre', { headers: m.auth });
    expect(centre.body.points).toEqual({ balance: 180 });
    const item = (id: number) => centre.body.items.find((x) => x.id === id)!;
    expect(item(dear.id)).toMatchObject({ pointsCost: 300, pointsShort: 120, canClaim: false, reason: '點數不足' });
    expect(item(cheap.id)).toMatchObject({ pointsCost: 100, pointsShort: 0, canClaim: true, reason: null });
    expect(item(free.id)).toMatchObject({ pointsCost: null, pointsShort: 0, canClaim: true });
    const en = await server.client.call('claimCentre', { headers: { ...m.auth, 'accept-language': 'en' } });
    expect(en.body.items.find((x) => x.id === dear.id)!.reason).toBe('Not enough points');
    const refused = await server.client.call('claimCampaign', { headers: m.auth, params: { id: dear.id } });
    expect(refused.status).toBe(409);
    expect((refused.body as unknown as Err).error.code).toBe('INSUFFICIENT_POINTS');
    expect(claimedCount(dear.id)).toBe(0);
  });

  it('the console validates the cost: whole points ≥ 1, and code campaigns cost none', async () => {
    const t = await createTemplate(server, admin, { name: '驗證券' });
    const zero = await server.client.call('consoleCreateCampaign', { headers: admin, untypedBody: { name: 'x', mode: 'claim', templateId: t.id, ...open(), pointsCost: 0 } });
    expect(zero.status).toBe(400);
    expect((zero.body as unknown as { error: { field?: string } }).error.field).toBe('pointsCost');
    const code = await server.client.call('consoleCreateCampaign', { headers: admin, untypedBody: { name: 'y', mode: 'code', templateId: t.id, ...open(), sharedCode: 'PTS-CODE-1', pointsCost: 100 } });
    expect(code.status).toBe(400);
  });
});
