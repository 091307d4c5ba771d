import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSaveTiersRequest } from '../../shared/api/tiers.ts';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { auditLog, coupons, memberTiers, outbox, tierEvaluations } from '../../bot-server/db/schema.ts';
import { enqueueJob, findJobByKey } from '../../bot-server/jobs/jobs.repo.ts';
import { JobRunner } from '../../bot-server/jobs/runner.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { TIER_EVALUATION_JOB } from '../../bot-server/tiers/tier.service.ts';
import { localDate } from '../../shared/dates.ts';
import { addMonths } from '../../shared/tiers/rules.ts';
import { makeApiKey, makeCampaign, makeStore, makeTemplate, type Auth } from '../helpers/factories.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let admin: Auth;
let store: { id: number };
let pos: Auth;
let giftTemplateId: number;
let tierIds: Record<string, number> = {};

let seq = 0;
const base = 100_000 + Math.floor(Math.random() * 800_000);
/** A registered member with a session, written directly (registration is another suite's). */
function member(): { memberId: number; auth: Auth; mobile: string; userId: string } {
  seq += 1;
  const national = `0944${String((base + seq) % 1_000_000).padStart(6, '0')}`;
  const now = new Date();
  const userId = `U${randomBytes(16).toString('hex')}`;
  const m = insertMember(server.db.db, { lineUserId: userId, displayName: `Tier ${seq}`, name: `等級會員${seq}`, mobile: `+886${national.slice(1)}`, mobileVerifiedAt: now, birthday: '1990-03-15', registeredAt: now, consentAt: now });
  const token = randomBytes(32).toString('base64url');
  insertSession(server.db.db, { tokenHash: hashToken(token), memberId: m.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { memberId: m.id, auth: { authorization: `Bearer ${token}` }, mobile: national, userId };
}

let order = 0;
async function buy(mobile: string, paid: number, units = 1) {
  order += 1;
  const res = await server.client.call('posPurchase', { headers: pos, body: { storeId: store.id, orderNo: `T${Date.now()}-${order}`, member: { mobile }, lines: [{ sku: 'SET', quantity: units, unitPrice: paid / units }], total: paid, paid } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const PROGRAM = (giftId: number): TSaveTiersRequest => ({
  program: { basis: 'spend', window: { kind: 'rolling', months: 12 }, evaluation: { kind: 'anniversary' }, graceDays: 0, noticeDays: 30 },
  tiers: [
    { name: '一般', nameEn: 'Member', threshold: 0, retainAt: 0, multiplier: 1, benefits: '消費累點' },
    { name: '銀卡', nameEn: 'Silver', threshold: 5000, retainAt: 4000, multiplier: 1.5, benefits: '點數 1.5 倍' },
    { name: '金卡', nameEn: 'Gold', threshold: 15000, retainAt: 12000, multiplier: 2, upgradeGift: { templateId: giftId }, benefits: '點數 2 倍\n升等禮' },
    { name: 'VIP', nameEn: 'VIP', threshold: 40000, retainAt: 30000, multiplier: 3, benefits: '點數 3 倍' },
  ],
});

const tierOf = (memberId: number) => server.db.db.select().from(memberTiers).where(eq(memberTiers.memberId, memberId)).get();
const kindsFor = (memberId: number) => server.db.db.select({ kind: outbox.kind, variables: outbox.variables }).from(outbox).where(eq(outbox.memberId, memberId)).all();

async function runEvaluation(today: string) {
  const key = `tier-eval-${today}-${Math.random()}`;
  enqueueJob(server.db.db, { kind: TIER_EVALUATION_JOB, key, payload: { today } });
  const runner = new JobRunner({ db: server.db.db, log: createLogger('silent'), timeZone: 'Asia/Taipei', pollMs: 20 });
  runner.define(TIER_EVALUATION_JOB, server.services.tiers.evaluationJob() as never);
  runner.start();
  try {
    return await waitFor(() => {
      const row = findJobByKey(server.db.db, key)!;
      return row.status === 'done' || row.status === 'failed' ? row : undefined;
    }, 10_000);
  } finally {
    await runner.stop();
  }
}

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
  const a = member();
  server.services.roles.grantAdminFromCli(a.userId, true);
  admin = a.auth;
  store = await makeStore(server, admin);
  pos = (await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [store.id] })).auth;
  await server.client.call('consoleSavePointsSettings', { headers: admin, body: { enabled: true, base: { spend: 100, points: 1 }, groups: [], pendingDays: 0, expiry: { kind: 'never' }, reminderDaysBefore: 10, redeem: { points: 1, value: 1 } } as never });
  giftTemplateId = (await makeTemplate(server, admin, { name: '金卡升等禮' })).id;
  const saved = await server.client.call('consoleSaveTiers', { headers: admin, body: PROGRAM(giftTemplateId) });
  expect(saved.status).toBe(200);
  tierIds = Object.fromEntries((saved.body as { tiers: { id: number; name: string }[] }).tiers.map((t) => [t.name, t.id]));
});
afterAll(async () => {
  await server?.close();
});

describe('tiers through the POS purchase API', () => {
  it('upgrades the moment a purchase crosses a threshold, with the notification and the page progress', async () => {
    const m = member();
    await buy(m.mobile, 4999);
    expect(tierOf(m.memberId)).toBeUndefined();
    await buy(m.mobile, 1);
    expect(tierOf(m.memberId)?.tierId).toBe(tierIds['銀卡']);
    const upgrade = kindsFor(m.memberId).filter((k) => k.kind === 'tier_upgrade');
    expect(upgrade).toHaveLength(1);
    expect(JSON.stringify(upgrade[0]!.variables)).toContain('銀卡');
    const page = await server.client.call('myTier', { headers: m.auth });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ enabled: true, current: { name: '銀卡' }, qualifying: 5000, next: { tier: { name: '金卡' }, shortBy: 10_000 }, evaluateOn: addMonths(localDate(new Date(), 'Asia/Taipei'), 12) });
  });

  it('jumps two levels at once, gives the upgrade gift and a higher points multiplier after', async () => {
    const m = member();
    await buy(m.mobile, 16_000);
    expect(tierOf(m.memberId)?.tierId).toBe(tierIds['金卡']);
    expect(kindsFor(m.memberId).filter((k) => k.kind === 'tier_upgrade')).toHaveLength(1);
    const gifts = server.db.db.select().from(coupons).where(and(eq(coupons.memberId, m.memberId), eq(coupons.templateId, giftTemplateId))).all();
    expect(gifts).toHaveLength(1);
    // Gold earns 2×: NT$1,000 → 10 base points + 10 tier points.
    order += 1;
    const res = await server.client.call('posPurchase', { headers: pos, body: { storeId: store.id, orderNo: `M${Date.now()}-${order}`, member: { mobile: m.mobile }, lines: [{ sku: 'SET', quantity: 1, unitPrice: 1000 }], total: 1000, paid: 1000 } });
    expect((res.body as { pointsEarned: number }).pointsEarned).toBe(20);
  });

  it('a refund does not lower at once; the evaluation does', async () => {
    const m = member();
    const p = await buy(m.mobile, 5000, 5);
    expect(tierOf(m.memberId)?.tierId).toBe(tierIds['銀卡']);
    const refund = await server.client.call('posRefund', { headers: pos, params: { id: p.id }, body: { refundNo: 'R1', lines: [{ line: 0, quantity: 2 }] } });
    expect(refund.status).toBe(201);
    expect(tierOf(m.memberId)?.tierId).toBe(tierIds['銀卡']);
    const row = tierOf(m.memberId)!;
    const job = await runEvaluation(row.evaluateOn);
    expect(job.status).toBe('done');
    // NT$3,000 net is below 銀卡's NT$4,000 retention: back to the lowest tier.
    expect(tierOf(m.memberId)).toBeUndefined();
    expect(kindsFor(m.memberId).map((k) => k.kind)).toContain('tier_lowered');
    const evals = server.db.db.select().from(tierEvaluations).where(eq(tierEvaluations.memberId, m.memberId)).all();
    expect(evals).toMatchObject([{ action: 'down', qualifying: 3000, fromTierId: tierIds['銀卡'], toTierId: tierIds['一般'] }]);
  });

  it('keeps the tier at evaluation when the retention amount is met, and tells the member', async () => {
    const m = member();
    await buy(m.mobile, 5000);
    const row = tierOf(m.memberId)!;
    await runEvaluation(row.evaluateOn);
    const after = tierOf(m.memberId)!;
    expect(after.tierId).toBe(tierIds['銀卡']);
    expect(after.evaluateOn).toBe(addMonths(row.evaluateOn, 12));
    expect(kindsFor(m.memberId).map((k) => k.kind)).toContain('tier_kept');
  });

  it('manual assignment needs an admin and a reason, and is audited', async () => {
    const m = member();
    const denied = await server.client.call('consoleAssignTier', { headers: m.auth, params: { id: m.memberId }, body: { tierId: tierIds['VIP']!, reason: '合作夥伴' } });
    expect(denied.status).toBe(403);
    const noReason = await server.client.call('consoleAssignTier', { headers: admin, params: { id: m.memberId }, body: { tierId: tierIds['VIP']!, reason: '' } });
    expect(noReason.status).toBe(400);
    const res = await server.client.call('consoleAssignTier', { headers: admin, params: { id: m.memberId }, body: { tierId: tierIds['VIP']!, reason: '品牌大使' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tierName: 'VIP' });
    const audit = server.db.db.select().from(auditLog).where(and(eq(auditLog.action, 'tier.assign'), eq(auditLog.targetId, String(m.memberId)))).all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).toContain('品牌大使');
  });

  it('a tier-only campaign is visible to and claimable by that tier only', async () => {
    const gold = member();
    await buy(gold.mobile, 15_000);
    const silver = member();
    await buy(silver.mobile, 6000);
    const campaign = await makeCampaign(server, admin, { name: '金卡專屬禮', audienceTierId: tierIds['金卡']! });
    const seen = async (auth: Auth) => ((await server.client.call('claimCentre', { headers: auth })).body as { items: { id: number }[] }).items.some((i) => i.id === campaign.id);
    expect(await seen(gold.auth)).toBe(true);
    expect(await seen(silver.auth)).toBe(false);
    const refused = await server.client.call('claimCampaign' as never, { headers: silver.auth, params: { id: campaign.id } } as never);
    expect((refused as { status: number }).status).toBe(403);
    const claimed = await server.client.call('claimCampaign' as never, { headers: gold.auth, params: { id: campaign.id } } as never);
    expect((claimed as { status: number }).status).toBeLessThan(300);
  });

  it('the console shows members per tier and an evaluation preview', async () => {
    const res = await server.client.call('consoleTiers', { headers: admin });
    const dist = (res.body as { distribution: { tierId: number; members: number }[] }).distribution;
    expect(dist.find((d) => d.tierId === tierIds['金卡'])!.members).toBeGreaterThanOrEqual(2);
    const preview = await server.client.call('consoleTierPreview', { headers: admin });
    expect(preview.status).toBe(200);
    const p = preview.body as { up: number; kept: number; down: number; perTier: { now: number; after: number }[] };
    // The VIP assigned by hand has no spend: an evaluation today would lower them.
    expect(p.down).toBeGreaterThanOrEqual(1);
    expect(p.perTier.reduce((s, t) => s + t.now, 0)).toBe(p.perTier.reduce((s, t) => s + t.after, 0));
  });
});

describe('the evaluation job', () => {
  it('killed mid-run and resumed evaluates each member once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tier-eval-'));
    const path = join(dir, 'app.db');
    const handle = openDatabase(path);
    migrateDatabase(handle);
    const children: ChildProcess[] = [];
    try {
      const s = handle.sqlite;
      const MEMBERS = 300;
      const day = '2026-03-10';
      s.transaction(() => {
        s.prepare("insert into stores (code, name) values ('T', 't')").run();
        const t = s.prepare('insert into tiers (rank, name, threshold, retain_at) values (?, ?, ?, ?)');
        t.run(0, '一般', 0, 0);
        t.run(1, '銀卡', 5000, 4000);
        t.run(2, '金卡', 15000, 12000);
        s.prepare('insert into tier_settings (id, settings) values (1, ?)').run(JSON.stringify({ basis: 'spend', window: { kind: 'rolling', months: 12 }, evaluation: { kind: 'anniversary' }, graceDays: 0, noticeDays: 30 }));
        const m = s.prepare("insert into members (line_user_id, registered_at) values (?, 1)");
        const mt = s.prepare("insert into member_tiers (member_id, tier_id, since, evaluate_on) values (?, 3, '2025-03-10', ?)");
        const p = s.prepare("insert into points_purchases (id, store_id, order_no, member_id, total, paid, lines, line_weights, returned, total_weight, coupon_redemptions, points_earned, response, occurred_at) values (?, 1, ?, ?, ?, ?, '[]', '[]', '[]', 0, '[]', 0, '{}', ?)");
        const at = Date.parse('2025-09-01T04:00:00Z');
        for (let i = 1; i <= MEMBERS; i += 1) {
          const id = Number(m.run(`Ueval${i}`).lastInsertRowid);
          mt.run(id, day);
          // A third keep 金卡, a third fall to 銀卡, a third to 一般.
          const spend = i % 3 === 0 ? 13_000 : i % 3 === 1 ? 4500 : 1000;
          p.run(`p${i}`, `o${i}`, id, spend, spend, at);
        }
      })();
      enqueueJob(handle.db, { kind: TIER_EVALUATION_JOB, key: 'eval-kill', payload: { today: day } });
      const start = () => {
        const child = spawn(process.execPath, [resolve(import.meta.dirname, 'fixtures/tier-evaluation-worker.ts')], { env: { PATH: process.env.PATH, DATABASE_PATH: path, LEASE_MS: '1500', CHUNK: '20', PAUSE_MS: '40' }, stdio: 'ignore' });
        children.push(child);
        return child;
      };
      const evaluated = () => Number((s.prepare('select count(*) as n from tier_evaluations').get() as { n: number }).n);
      const first = start();
      await waitFor(() => evaluated() >= 60, 20_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(evaluated()).toBeLessThan(MEMBERS);
      start();
      const done = await waitFor(() => {
        const row = findJobByKey(handle.db, 'eval-kill')!;
        return row.status === 'done' ? row : undefined;
      }, 30_000);
      expect(done.attempts).toBe(2);
      expect(evaluated()).toBe(MEMBERS);
      expect(s.prepare('select member_id from tier_evaluations group by member_id, evaluate_on having count(*) > 1').all()).toEqual([]);
      // One message per member: kept, or lowered.
      expect(s.prepare("select member_id from outbox where kind in ('tier_kept', 'tier_lowered') group by member_id having count(*) > 1").all()).toEqual([]);
      expect(Number((s.prepare("select count(*) as n from outbox where kind in ('tier_kept', 'tier_lowered')").get() as { n: number }).n)).toBe(MEMBERS);
      const per = Object.fromEntries((s.prepare('select tier_id, count(*) as n from member_tiers group by tier_id').all() as { tier_id: number; n: number }[]).map((r) => [r.tier_id, r.n]));
      expect(per).toEqual({ 2: MEMBERS / 3, 3: MEMBERS / 3 });
      expect(done.result).toMatchObject({ evaluated: MEMBERS, kept: MEMBERS / 3, down: (2 * MEMBERS) / 3 });
    } finally {
      for (const c of children) c.kill('SIGKILL');
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
