import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMissionInput } from '../../shared/api/missions.ts';
import type { TPointsSettings } from '../../shared/api/points.ts';
import { addDays, localDate } from '../../shared/dates.ts';
import { openDatabase } from '../../bot-server/db/client.ts';
import { missionCompletions, missionProgress, missions, pointsEntries } from '../../bot-server/db/schema.ts';
import { makeAdmin, makeApiKey, makeMember, makeStore, type Auth, type MemberFixture } from '../helpers/factories.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: Auth;
let store: { id: number };
let pos: Auth;

const POINTS: TPointsSettings = {
  enabled: true,
  base: { spend: 1000, points: 1 },
  groups: [],
  pendingDays: 0,
  expiry: { kind: 'monthEnd', months: 12 },
  reminderDaysBefore: 10,
  redeem: { points: 1, value: 1 },
};

const today = () => localDate(new Date(), 'Asia/Taipei');

function hotpot(name: string, patch: Partial<TMissionInput['rules']> = {}): TMissionInput {
  return {
    name,
    nameEn: 'Winter hotpot',
    description: '購買指定鍋物套餐並加購冷凍即食商品，獲得 100 點',
    status: 'active',
    rules: {
      startsOn: addDays(today(), -1),
      endsOn: addDays(today(), 30),
      audience: { kind: 'all' },
      steps: [
        { label: '購買指定鍋物套餐', labelEn: 'Buy the hotpot set', condition: { kind: 'sku', skus: [`HOTPOT-${name}`] } },
        { label: '加購冷凍即食商品', labelEn: 'Add a frozen ready meal', condition: { kind: 'category', categories: [`frozen-${name}`] } },
      ],
      combine: { kind: 'all' },
      order: 'any',
      repeat: 1,
      reward: { kind: 'points', points: 100 },
      refundPolicy: 'keep',
      notifySteps: true,
      ...patch,
    },
  };
}

let seq = 0;
function sale(m: MemberFixture, lines: { sku: string; category?: string; unitPrice: number }[]) {
  seq += 1;
  const total = lines.reduce((s, l) => s + l.unitPrice, 0);
  return { storeId: store.id, orderNo: `M${Date.now()}-${seq}`, member: { mobile: m.mobile }, lines: lines.map((l) => ({ ...l, quantity: 1 })), total, paid: total };
}
const set = (name: string) => ({ sku: `HOTPOT-${name}`, category: 'hotpot', unitPrice: 880 });
const frozen = (name: string) => ({ sku: `FROZEN-${name}`, category: `frozen-${name}`, unitPrice: 199 });

async function createMission(input: TMissionInput): Promise<number> {
  const res = await server.client.call('consoleCreateMission', { headers: admin, body: input });
  expect(res.status).toBe(200);
  return res.body.id;
}
const rewardEntries = (memberId: number) => server.db.db.select().from(pointsEntries).where(eq(pointsEntries.memberId, memberId)).all().filter((e) => e.reason.startsWith('完成任務'));
const completions = (missionId: number, memberId: number) => server.db.db.select().from(missionCompletions).where(and(eq(missionCompletions.missionId, missionId), eq(missionCompletions.memberId, memberId))).all();

beforeAll(async () => {
  server = await startTestServer({ WORKERS: 'off' });
  admin = (await makeAdmin(server)).auth;
  store = await makeStore(server, admin);
  pos = (await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [store.id] })).auth;
  expect((await server.client.call('consoleSavePointsSettings', { headers: admin, body: POINTS })).status).toBe(200);
});
afterAll(async () => {
  await server.stop();
});

describe('冬日愛吃鍋 through the POS purchase API', () => {
  it('the hotpot set, then a frozen ready meal: 100 points, the reward notice in the chat, the page and the funnel', async () => {
    const id = await createMission(hotpot('E2E'));
    const m = await makeMember(server, { following: true, mobileVerified: true });
    const mine0 = await server.client.call('myMissions', { headers: m.auth });
    expect(mine0.body.items.find((x) => x.id === id)).toMatchObject({ state: 'joinable', remaining: 2, reward: '100 點' });

    expect((await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('E2E')]) })).status).toBe(201);
    const mine1 = (await server.client.call('myMissions', { headers: m.auth })).body.items.find((x) => x.id === id)!;
    expect(mine1).toMatchObject({ state: 'joined', remaining: 1, steps: [{ done: true }, { done: false }] });
    expect(rewardEntries(m.memberId)).toHaveLength(0);

    expect((await server.client.call('posPurchase', { headers: pos, body: sale(m, [frozen('E2E')]) })).status).toBe(201);
    expect(rewardEntries(m.memberId).map((e) => e.delta)).toEqual([100]);
    const chat = await waitFor(async () => (await server.messagesTo(m.userId)).find((x) => JSON.stringify(x.message).includes('完成了「E2E」')));
    expect(JSON.stringify(chat.message)).toContain('100 點');
    expect(JSON.stringify(chat.message)).toContain('/missions');

    const mine2 = (await server.client.call('myMissions', { headers: m.auth })).body.items.find((x) => x.id === id)!;
    expect(mine2).toMatchObject({ state: 'completed', completions: 1, earned: [{ reward: '100 點', status: 'granted' }] });
    const funnel = await server.client.call('consoleMissionFunnel', { headers: admin, params: { id } });
    expect(funnel.body).toMatchObject({ joined: 1, steps: [{ reached: 1 }, { reached: 1 }], completed: 1, rewardsGranted: 1, pointsGranted: 100 });
    // Once: another full basket earns nothing more.
    await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('E2E'), frozen('E2E')]) });
    expect(rewardEntries(m.memberId)).toHaveLength(1);
  });

  it('20 parallel purchases completing the same mission grant one reward', async () => {
    const id = await createMission(hotpot('RACE'));
    const m = await makeMember(server, { mobileVerified: true });
    const answers = await Promise.all(Array.from({ length: 20 }, () => server.client.call('posPurchase', { headers: pos, body: sale(m, [set('RACE'), frozen('RACE')]) })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(completions(id, m.memberId)).toHaveLength(1);
    expect(rewardEntries(m.memberId).map((e) => e.delta)).toEqual([100]);
  });

  it('a repeatable mission rewards up to its limit', async () => {
    const id = await createMission(hotpot('REP', { repeat: 2 }));
    const m = await makeMember(server, { mobileVerified: true });
    for (let i = 0; i < 3; i += 1) await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('REP'), frozen('REP')]) });
    expect(completions(id, m.memberId).map((c) => c.cycle)).toEqual([1, 2]);
    expect(rewardEntries(m.memberId)).toHaveLength(2);
  });
});

describe('one purchase, several missions', () => {
  it('20 parallel full baskets moving three missions at once: each mission rewarded once, every progress row written once per round', async () => {
    const a = await createMission(hotpot('MA'));
    const b = await createMission(hotpot('MB', { repeat: 3 }));
    // Spend over the window (NT$1,079 a basket): this one is still open after all of them, its refs counting each sale once.
    const spend = hotpot('MC', { steps: [{ label: '', labelEn: '', condition: { kind: 'totalSpend', amount: 1_000_000 } }], notifySteps: false });
    const c = await createMission(spend);
    const m = await makeMember(server, { mobileVerified: true });
    const basket = [set('MA'), frozen('MA'), set('MB'), frozen('MB')];
    const answers = await Promise.all(Array.from({ length: 20 }, () => server.client.call('posPurchase', { headers: pos, body: sale(m, basket) })));
    expect(answers.map((x) => x.status)).toEqual(Array(20).fill(201));
    expect(completions(a, m.memberId).map((x) => x.cycle)).toEqual([1]);
    expect(completions(b, m.memberId).map((x) => x.cycle).sort()).toEqual([1, 2, 3]);
    expect(rewardEntries(m.memberId)).toHaveLength(4);
    const rows = server.db.db.select().from(missionProgress).where(eq(missionProgress.memberId, m.memberId)).all();
    const row = (id: number) => rows.find((r) => r.missionId === id)!;
    expect(row(a)).toMatchObject({ completions: 1, cycle: 2 });
    expect(row(b)).toMatchObject({ completions: 3, cycle: 4 });
    // 20 sales, each counted once toward the open spend step (the row was written 20 times: versions 0..19).
    expect(row(c).state[0]!.refs).toHaveLength(20);
    expect(new Set(row(c).state[0]!.refs.map((r) => r.ref)).size).toBe(20);
    expect(row(c).version).toBe(19);
    // Ended, so the later tests' sales do not count toward it.
    expect((await server.client.call('consoleUpdateMission', { headers: admin, params: { id: c }, body: { ...spend, status: 'ended' } })).status).toBe(200);
  });

  it('a mission changed by another process is read anew on the next purchase (its cached steps are dropped)', async () => {
    const id = await createMission(hotpot('XP', { steps: [{ label: '', labelEn: '', condition: { kind: 'sku', skus: ['OLD-XP'] } }], repeat: 5, notifySteps: false }));
    const m = await makeMember(server, { mobileVerified: true });
    expect((await server.client.call('posPurchase', { headers: pos, body: sale(m, [{ sku: 'OLD-XP', unitPrice: 100 }]) })).status).toBe(201);
    expect(completions(id, m.memberId)).toHaveLength(1);
    // Another process (a second server, a script) edits the mission in the file: a connection of its own.
    const other = openDatabase(server.config.databasePath);
    try {
      const rules = other.db.select().from(missions).where(eq(missions.id, id)).get()!.rules;
      other.db.update(missions).set({ rules: { ...rules, steps: [{ label: '', labelEn: '', condition: { kind: 'sku', skus: ['NEW-XP'] } }] }, updatedAt: new Date(Date.now() + 1) }).where(eq(missions.id, id)).run();
    } finally {
      other.close();
    }
    expect((await server.client.call('posPurchase', { headers: pos, body: sale(m, [{ sku: 'OLD-XP', unitPrice: 100 }]) })).status).toBe(201);
    expect(completions(id, m.memberId)).toHaveLength(1);
    expect((await server.client.call('posPurchase', { headers: pos, body: sale(m, [{ sku: 'NEW-XP', unitPrice: 100 }]) })).status).toBe(201);
    expect(completions(id, m.memberId)).toHaveLength(2);
  });
});

describe('refunds', () => {
  it('before the reward: the step rolls back, so the second purchase does not complete it', async () => {
    const id = await createMission(hotpot('RB'));
    const m = await makeMember(server, { mobileVerified: true });
    const first = await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('RB')]) });
    expect((await server.client.call('posRefund', { headers: pos, params: { id: first.body.id }, body: { refundNo: 'R1' } })).status).toBe(201);
    const progress = server.db.db.select().from(missionProgress).where(and(eq(missionProgress.missionId, id), eq(missionProgress.memberId, m.memberId))).get()!;
    expect(progress.state[0]).toMatchObject({ refs: [], doneAt: null });
    await server.client.call('posPurchase', { headers: pos, body: sale(m, [frozen('RB')]) });
    expect(completions(id, m.memberId)).toHaveLength(0);
    const mine = (await server.client.call('myMissions', { headers: m.auth })).body.items.find((x) => x.id === id)!;
    expect(mine).toMatchObject({ state: 'joined', remaining: 1, steps: [{ done: false }, { done: true }] });
  });

  it('a partial return that keeps the hotpot set keeps the step', async () => {
    const id = await createMission(hotpot('PART'));
    const m = await makeMember(server, { mobileVerified: true });
    const first = await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('PART'), { sku: 'TEA', unitPrice: 60 }]) });
    await server.client.call('posRefund', { headers: pos, params: { id: first.body.id }, body: { refundNo: 'R1', lines: [{ line: 1, quantity: 1 }] } });
    await server.client.call('posPurchase', { headers: pos, body: sale(m, [frozen('PART')]) });
    expect(completions(id, m.memberId)).toHaveLength(1);
  });

  it('after the reward, policy keep: the points stay', async () => {
    const id = await createMission(hotpot('KEEP'));
    const m = await makeMember(server, { mobileVerified: true });
    const p = await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('KEEP'), frozen('KEEP')]) });
    await server.client.call('posRefund', { headers: pos, params: { id: p.body.id }, body: { refundNo: 'R1' } });
    expect(completions(id, m.memberId).map((c) => c.status)).toEqual(['granted']);
    expect(server.db.db.select().from(pointsEntries).where(and(eq(pointsEntries.memberId, m.memberId), eq(pointsEntries.ref, `mission:${id}:${m.memberId}:1:clawback`))).all()).toHaveLength(0);
  });

  it('after the reward, policy claw back: the 100 points are taken back and the round can be earned again', async () => {
    const id = await createMission(hotpot('CLAW', { refundPolicy: 'clawback' }));
    const m = await makeMember(server, { mobileVerified: true });
    const p = await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('CLAW'), frozen('CLAW')]) });
    await server.client.call('posRefund', { headers: pos, params: { id: p.body.id }, body: { refundNo: 'R1' } });
    expect(completions(id, m.memberId).map((c) => c.status)).toEqual(['clawed_back']);
    const back = server.db.db.select().from(pointsEntries).where(and(eq(pointsEntries.memberId, m.memberId), eq(pointsEntries.ref, `mission:${id}:${m.memberId}:1:clawback`))).all();
    expect(back.reduce((s, e) => s + e.delta, 0)).toBe(-100);
    await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('CLAW'), frozen('CLAW')]) });
    expect(completions(id, m.memberId).map((c) => c.status).sort()).toEqual(['clawed_back', 'granted']);
  });
});

describe('the console', () => {
  it('refuses a mission that cannot work, with the field, and locks the steps once members have progress', async () => {
    const bad = hotpot('BAD', { combine: { kind: 'nOf', n: 3 } });
    const res = await server.client.call('consoleCreateMission', { headers: admin, body: bad });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'rules.combine' } });
    const id = await createMission(hotpot('LOCK'));
    const m = await makeMember(server, { mobileVerified: true });
    await server.client.call('posPurchase', { headers: pos, body: sale(m, [set('LOCK')]) });
    const changed = hotpot('LOCK', { combine: { kind: 'nOf', n: 1 } });
    expect((await server.client.call('consoleUpdateMission', { headers: admin, params: { id }, body: changed })).body).toMatchObject({ error: { code: 'MISSION_STEPS_LOCKED' } });
    const renamed = { ...hotpot('LOCK'), name: 'LOCK 2', rules: { ...hotpot('LOCK').rules, refundPolicy: 'clawback' as const } };
    expect((await server.client.call('consoleUpdateMission', { headers: admin, params: { id }, body: renamed })).body).toMatchObject({ name: 'LOCK 2', stepsLocked: true });
  });
});
