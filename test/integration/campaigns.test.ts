import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkJobs, coupons, couponTemplates, members, outbox } from '../../bot-server/db/schema.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { registeredMembersWithSessions, registerMember, signInAs } from '../helpers/members.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

const ADMIN = 'U0000000000000000000000000000a005';
let server: TestServer;
let admin: Record<string, string>;
type Err = { error: { code: string; message: string; field?: string; requestId?: string } };

const open = () => ({ startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });

async function campaign(body: Record<string, unknown>) {
  const res = await server.client.call('consoleCreateCampaign', { headers: admin, untypedBody: { mode: 'claim', ...open(), ...body } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

function couponCount(templateId: number, memberId?: number): number {
  return server.db.db.select({ n: sql<number>`count(*)` }).from(coupons).where(and(eq(coupons.templateId, templateId), ...(memberId ? [eq(coupons.memberId, memberId)] : []))).get()!.n;
}

beforeAll(async () => {
  server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off' });
  admin = (await signInAs(server, ADMIN)).auth;
});
afterAll(async () => {
  await server.stop();
});

describe('the claim centre under a rush', () => {
  it('500 parallel claims (250 members, each tapping twice) for stock 100: exactly 100 coupons, stock 0, nobody over the limit', async () => {
    const t = await createTemplate(server, admin, { name: '限量 T-shirt 9 折', kind: 'percent_off', amountOff: null, percentOff: 10 });
    const c = await campaign({ name: 'T-shirt 搶券', templateId: t.id, totalStock: 100, perMemberLimit: 1 });
    const people = registeredMembersWithSessions(server, 250);
    const attempts = people.flatMap((p) => [p, p]);
    const results = await Promise.all(attempts.map((p) => server.client.call('claimCampaign', { headers: p.auth, params: { id: c.id } })));
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(100);
    const codes = new Set(results.filter((r) => r.status !== 201).map((r) => r.body.error.code));
    expect([...codes].every((code) => code === 'OUT_OF_STOCK' || code === 'ALREADY_CLAIMED')).toBe(true);
    expect(couponCount(t.id)).toBe(100);
    for (const p of people) expect(couponCount(t.id, p.memberId)).toBeLessThanOrEqual(1);
    const list = await server.client.call('consoleCampaigns', { headers: admin });
    expect(list.body.items.find((x) => (x as unknown as { id: number }).id === c.id)).toMatchObject({ remaining: 0, claimedCount: 100 });
    const centre = await server.client.call('claimCentre', { headers: people[0]!.auth });
    expect(centre.body.items.find((x) => x.id === c.id)).toMatchObject({ remaining: 0, canClaim: false });
  });

  it('shows 「剩 N 張」 when low', async () => {
    const t = await createTemplate(server, admin, { name: '少量券' });
    const c = await campaign({ name: '少量', templateId: t.id, totalStock: 23 });
    const [p] = registeredMembersWithSessions(server, 1);
    const centre = await server.client.call('claimCentre', { headers: p!.auth });
    expect(centre.body.items.find((x) => x.id === c.id)).toMatchObject({ remaining: 23, isLow: true, canClaim: true });
    const claimed = await server.client.call('claimCampaign', { headers: p!.auth, params: { id: c.id } });
    expect(claimed.body.coupons).toEqual([expect.objectContaining({ name: '少量券' })]);
    const told = server.db.db.select().from(outbox).where(eq(outbox.memberId, p!.memberId)).all().find((r) => r.kind === 'coupon_received');
    expect(told).toBeDefined();
    // The message names the coupon's last valid day (the instant before validUntil), as the wallet does.
    const coupon = server.db.db.select().from(coupons).where(eq(coupons.memberId, p!.memberId)).get()!;
    expect((told!.variables as Record<string, unknown>).expiresAt).toBe(new Date(coupon.validUntil.getTime() - 1).toISOString());
  });

  it('a bundle is all or nothing: when one template is out of stock, nothing is issued and nothing is counted', async () => {
    const a = await createTemplate(server, admin, { name: '禮包 A' });
    const b = await createTemplate(server, admin, { name: '禮包 B（只剩 1）', totalStock: 1 });
    const bundle = await server.client.call('consoleCreateBundle', { headers: admin, body: { name: '生日大禮包', items: [{ templateId: a.id, quantity: 2 }, { templateId: b.id, quantity: 1 }] } });
    const c = await campaign({ name: '禮包活動', bundleId: bundle.body.id });
    const [first, second] = registeredMembersWithSessions(server, 2);
    const ok = await server.client.call('claimCampaign', { headers: first!.auth, params: { id: c.id } });
    expect(ok.body.coupons).toHaveLength(3);
    const kinds = server.db.db.select().from(outbox).where(eq(outbox.memberId, first!.memberId)).all().map((r) => r.kind);
    expect(kinds).toEqual(['bundle_received']);
    const refused = await server.client.call('claimCampaign', { headers: second!.auth, params: { id: c.id } });
    expect(refused.body.error.code).toBe('OUT_OF_STOCK');
    expect(couponCount(a.id, second!.memberId)).toBe(0);
    expect(server.db.db.select().from(couponTemplates).where(eq(couponTemplates.id, a.id)).get()!.issuedCount).toBe(2);
    const list = await server.client.call('consoleCampaigns', { headers: admin });
    expect(list.body.items.find((x) => x.id === c.id)!.claimedCount).toBe(1);
  });

  it('audiences: invited mobiles (with a report of bad numbers) and closed windows', async () => {
    const t = await createTemplate(server, admin, { name: '邀請券' });
    const [invited, outsider] = registeredMembersWithSessions(server, 2);
    const invitedMobile = server.services.members.get(invited!.memberId).mobile!;
    const c = await campaign({ name: 'VIP 邀請', templateId: t.id, audience: { type: 'mobiles' }, mobiles: [invitedMobile.replace('+886', '0'), '02-2345-6789', ''] });
    expect(c.mobileReport).toEqual([{ line: 2, input: '02-2345-6789', problem: expect.stringContaining('手機號碼格式不正確') }]);
    expect((await server.client.call('claimCampaign', { headers: invited!.auth, params: { id: c.id } })).status).toBe(201);
    const no = await server.client.call('claimCampaign', { headers: outsider!.auth, params: { id: c.id } });
    expect(no.body.error).toMatchObject({ code: 'NOT_IN_AUDIENCE', message: '此優惠限受邀會員領取' });
    const centre = await server.client.call('claimCentre', { headers: outsider!.auth });
    expect(centre.body.items.map((x) => x.id)).not.toContain(c.id);
    const later = await campaign({ name: '未開始', templateId: t.id, startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    expect((await server.client.call('claimCampaign', { headers: outsider!.auth, params: { id: later.id } })).body.error.code).toBe('CAMPAIGN_NOT_OPEN');
  });
});

describe('redemption codes', () => {
  it('a shared code (e.g. KOL gift box) works once per member and is capped in total', async () => {
    const t = await createTemplate(server, admin, { name: 'KOL 聯名商品兌換券', kind: 'exchange', amountOff: null, exchangeItem: { sku: 'KOL-BOX', name: 'KOL 聯名禮盒' } });
    await campaign({ name: 'KOL 禮盒', mode: 'code', templateId: t.id, sharedCode: 'winter2026', totalStock: 2 });
    const [a, b, c] = registeredMembersWithSessions(server, 3);
    const first = await server.client.call('redeemCode', { headers: a!.auth, body: { code: ' Winter2026 ' } });
    expect(first.status).toBe(201);
    expect(first.body.coupons[0]!.name).toBe('KOL 聯名商品兌換券');
    expect((await server.client.call('redeemCode', { headers: a!.auth, body: { code: 'WINTER2026' } })).body.error.code).toBe('ALREADY_CLAIMED');
    expect((await server.client.call('redeemCode', { headers: b!.auth, body: { code: 'WINTER2026' } })).status).toBe(201);
    expect((await server.client.call('redeemCode', { headers: c!.auth, body: { code: 'WINTER2026' } })).body.error.code).toBe('OUT_OF_STOCK');
  });

  it('single-use codes: exported as CSV, each works once; wrong and used codes get one answer', async () => {
    const t = await createTemplate(server, admin, { name: '序號兌換券' });
    const c = await campaign({ name: '序號活動', mode: 'code', templateId: t.id, generateCodes: 5 });
    const csv = await (await fetch(server.url(`/api/console/campaigns/${c.id}/codes.csv`), { headers: admin })).text();
    const codes = csv.replace(/^\uFEFF/, '').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
    expect(codes).toHaveLength(5);
    const [a, b] = registeredMembersWithSessions(server, 2);
    expect((await server.client.call('redeemCode', { headers: a!.auth, untypedBody: { code: codes[0] } })).status).toBe(201);
    const used = await server.client.call('redeemCode', { headers: b!.auth, untypedBody: { code: codes[0] } });
    const wrong = await server.client.call('redeemCode', { headers: b!.auth, body: { code: 'NOPE123456' } });
    expect(used.body.error).toEqual({ ...wrong.body.error, requestId: used.body.error.requestId as string });
    expect(used.body.error.message).toBe('兌換碼無效或已被使用，請確認後再試');
  });

  it('guessing is locked out per member after repeated misses', async () => {
    const [guesser] = registeredMembersWithSessions(server, 1);
    let last: { status: number; body: Err } | undefined;
    for (let i = 0; i < 9; i += 1) last = await server.client.call('redeemCode', { headers: guesser!.auth, body: { code: `GUESS${i}AAAA` } });
    expect(last!.status).toBe(429);
    expect(last!.body.error.message).toMatch(/錯誤次數過多，請 \d+ 分鐘後再試/);
  });
});

describe('birthday packs and welcome coupons', () => {
  it('birth-month members claim once per birthday year; on the 1st they are told', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', month: '2-digit' }).format(new Date());
    const other = month === '01' ? '02' : '01';
    const t = await createTemplate(server, admin, { name: '壽星 NT$200' });
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric' }).format(new Date());
    const c = await campaign({ name: '壽星生日禮', templateId: t.id, audience: { type: 'birth_month' }, startsAt: `${year}-${month}-01T00:00:00+08:00` });
    const [born] = registeredMembersWithSessions(server, 1, `1991-${month}-20`);
    const [notBorn] = registeredMembersWithSessions(server, 1, `1991-${other}-20`);
    const centre = await server.client.call('claimCentre', { headers: born!.auth });
    expect(centre.body.items.find((x) => x.id === c.id)).toMatchObject({ isBirthday: true });
    expect((await server.client.call('claimCampaign', { headers: born!.auth, params: { id: c.id } })).status).toBe(201);
    expect((await server.client.call('claimCampaign', { headers: born!.auth, params: { id: c.id } })).body.error.code).toBe('ALREADY_CLAIMED');
    expect((await server.client.call('claimCampaign', { headers: notBorn!.auth, params: { id: c.id } })).body.error).toMatchObject({ code: 'NOT_IN_AUDIENCE', message: '此優惠限本月壽星領取' });
    const firstOfMonth = new Date(`${year}-${month}-01T02:00:00Z`);
    expect(server.services.campaigns.notifyBirthdayPacks(new Date(`${year}-${month}-02T02:00:00Z`))).toBe(0);
    expect(server.services.campaigns.notifyBirthdayPacks(firstOfMonth)).toBeGreaterThanOrEqual(1);
    expect(server.services.campaigns.notifyBirthdayPacks(firstOfMonth)).toBe(0); // once a month
    const told = server.db.db.select().from(outbox).where(and(eq(outbox.memberId, born!.memberId), eq(outbox.kind, 'birthday_pack'))).all();
    expect(told).toHaveLength(1);
    // Both languages are kept; the dispatcher renders the member's (no English name: zh-TW in both).
    expect(told[0]!.variables).toEqual({ campaignName: { 'zh-TW': '壽星生日禮', en: '壽星生日禮' } });
    expect(server.db.db.select().from(outbox).where(and(eq(outbox.memberId, notBorn!.memberId), eq(outbox.kind, 'birthday_pack'))).all()).toHaveLength(0);
  });

  it('the welcome coupon arrives on registration when turned on (off by default)', async () => {
    expect((await server.client.call('consoleAutoIssue', { headers: admin })).body.enabled).toBe(false);
    const t = await createTemplate(server, admin, { name: '新會員見面禮' });
    const set = await server.client.call('consoleSetAutoIssue', { headers: admin, body: { enabled: true, templateId: t.id, bundleId: null } });
    expect(set.body.enabled).toBe(true);
    const user = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: '新朋友' } });
    const { auth } = await signInAs(server, user.body.userId);
    await registerMember(server, auth, { name: '新朋友', mobile: '0955123456', birthday: '2000-01-01' });
    const wallet = await server.client.call('walletList', { headers: auth });
    expect(wallet.body.items.map((i) => i.template.name)).toContain('新會員見面禮');
  });
});

describe('bulk issuing', () => {
  it('a job killed halfway (SIGKILL) and resumed issues to each member exactly once', async () => {
    const host = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
    const children: ChildProcess[] = [];
    const startWorker = () => {
      const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../bot-server/main.ts')], {
        env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: host.config.databasePath, LOG_LEVEL: 'silent', NOTIFY_DISPATCHER: 'off', SANDBOX_SEED_DEMO: 'false' },
        stdio: 'ignore',
      });
      children.push(child);
      return child;
    };
    try {
      const hostAdmin = (await signInAs(host, ADMIN)).auth;
      const t = await host.client.call('consoleCreateCouponTemplate', { headers: hostAdmin, body: { name: '群發券', kind: 'amount_off', amountOff: 30, validity: { type: 'relative', days: 30 } } });
      const people = registeredMembersWithSessions(host, 3000, '1992-03-03');
      // The demo brand has a March birthday too (陳美玲).
      const expected = host.db.db.select({ n: sql<number>`count(*)` }).from(members).where(and(sql`${members.registeredAt} is not null`, sql`substr(${members.birthday}, 6, 2) = '03'`)).get()!.n;
      expect(expected).toBeGreaterThanOrEqual(3000);
      const job = await host.client.call('consoleCreateBulkJob', { headers: hostAdmin, body: { name: '三月壽星', templateId: t.body.id, audience: { type: 'birth_month', month: 3 } } });
      expect(job.body.total).toBe(expected);
      const progress = () => host.db.db.select().from(bulkJobs).where(eq(bulkJobs.id, job.body.id)).get()!;
      const first = startWorker();
      await waitFor(() => progress().processed >= 400, 30_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const halfway = progress();
      expect(halfway.processed).toBeLessThan(expected);
      startWorker();
      await waitFor(() => progress().status === 'done', 60_000);
      const done = progress();
      expect(done).toMatchObject({ processed: expected, issued: expected, skipped: 0 });
      const perMember = host.db.db.select({ memberId: coupons.memberId, n: sql<number>`count(*)` }).from(coupons).where(eq(coupons.templateId, t.body.id)).groupBy(coupons.memberId).all();
      expect(perMember).toHaveLength(expected);
      expect(perMember.every((r) => r.n === 1)).toBe(true);
      expect(people.every((p) => perMember.some((r) => r.memberId === p.memberId))).toBe(true);
      const notices = host.db.db.select({ n: sql<number>`count(*)` }).from(outbox).where(and(eq(outbox.kind, 'coupon_received'), eq(outbox.priority, 1))).get()!.n;
      expect(notices).toBe(expected);
      const csv = await (await fetch(host.url(`/api/console/bulk-jobs/${job.body.id}/result.csv`), { headers: hostAdmin })).text();
      expect(csv.trim().split('\n')).toHaveLength(expected + 1);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      await host.stop();
    }
  }, 120_000);

  it('a mobile list reports unknown and invalid numbers; cancel stops a job', async () => {
    const t = await createTemplate(server, admin, { name: '名單券' });
    const [known] = registeredMembersWithSessions(server, 1);
    const mobile = server.services.members.get(known!.memberId).mobile!.replace('+886', '0');
    const job = await server.client.call('consoleCreateBulkJob', { headers: admin, body: { name: '名單', templateId: t.id, audience: { type: 'mobiles' }, mobiles: [mobile, '0988000111', 'hello'] } });
    expect(job.body.total).toBe(1);
    expect(job.body.report.map((r) => r.line)).toEqual([2, 3]);
    expect(job.body.report[0]!.problem).toContain('不是會員');
    const cancelled = await server.client.call('consoleCancelBulkJob', { headers: admin, params: { id: job.body.id } });
    expect(['cancelled', 'done']).toContain(cancelled.body.status);
  });

  it('the campaign report counts claims and redemptions by day and store', async () => {
    const t = await createTemplate(server, admin, { name: '報表券' });
    const c = await campaign({ name: '報表活動', templateId: t.id });
    const people = registeredMembersWithSessions(server, 3);
    const claimed = await Promise.all(people.map((p) => server.client.call('claimCampaign', { headers: p.auth, params: { id: c.id } })));
    const staff = (await signInAs(server, 'U0000000000000000000000000000a004')).auth;
    const stores = await server.client.call('consoleListStores', { headers: admin });
    const xinyi = stores.body.items.find((s) => s.code === 'XINYI')!.id;
    await server.client.call('staffRedeem', { headers: staff, body: { storeId: xinyi, code: claimed[0]!.body.coupons[0]!.code } });
    const report = await server.client.call('consoleCampaignReport', { headers: admin, params: { id: c.id } });
    expect(report.body).toMatchObject({ claimed: 3, redeemed: 1, byStore: [{ storeName: '信義店', redeemed: 1 }] });
    expect(report.body.perDay.at(-1)).toMatchObject({ claimed: 3, redeemed: 1 });
  });
});
