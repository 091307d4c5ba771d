import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, bulkJobs, campaignClaims, coupons, jobs, members, outbox, redemptions } from '../../bot-server/db/schema.ts';
import { AUDIT_ACTIONS, auditActionLabel } from '../../shared/audit/catalogue.ts';
import { nextMonthlyRun } from '../../shared/campaigns/schedule.ts';
import { addDays, localDate, zonedTime } from '../../shared/dates.ts';
import { transact } from '../../bot-server/db/client.ts';
import { updateMember } from '../../bot-server/members/member.repo.ts';
import { issueCoupon, makeCampaign, makeStore, makeTemplate, type Auth, type MemberFixture } from '../helpers/factories.ts';
import { followingMember, signInAs, signInNewUser, uniqueMobile } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const TZ = 'Asia/Taipei';
const DAY = 86_400_000;
let server: TestServer;
let admin: MemberFixture;
let auth: Auth;
/** Made before any redemption: the coupons domain caches its store list for a while. */
let store: { id: number; name: string };

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off' }, { seedDemo: false });
  admin = await makeAdmin(server, { name: '報表管理員' });
  auth = admin.auth;
  store = await makeStore(server, auth, { name: '360 門市' });
});
afterAll(async () => {
  await server.stop();
});

/**
 * A signed-in member with a completed profile. Registration is written directly (as the admin
 * CLI and bulk helpers do) so these tests do not depend on the registration flow's own steps.
 */
async function makeMember(srv: TestServer, o: { name?: string; displayName?: string; birthday?: string; following?: boolean } = {}): Promise<MemberFixture> {
  const displayName = o.displayName ?? `Insights ${Math.random().toString(36).slice(2, 8)}`;
  const user = o.following ? await signInAs(srv, (await followingMember(srv, displayName)).userId) : await signInNewUser(srv, displayName);
  const row = srv.services.members.findByLineUserId(user.userId)!;
  const mobile = uniqueMobile();
  const name = o.name ?? '測試會員';
  const now = new Date();
  updateMember(srv.db.db, row.id, { name, mobile: `+886${mobile.slice(1)}`, birthday: o.birthday ?? '1992-06-15', registeredAt: now, consentAt: now });
  return { userId: user.userId, memberId: row.id, auth: user.auth, token: user.token, name, mobile };
}

async function makeAdmin(srv: TestServer, o: { name?: string } = {}): Promise<MemberFixture> {
  const m = await makeMember(srv, { name: o.name ?? '測試管理員' });
  srv.services.roles.grantAdminFromCli(m.userId, true);
  return m;
}

async function makeStaff(srv: TestServer, admin: Auth, storeIds: number[]): Promise<MemberFixture> {
  const m = await makeMember(srv, { name: '測試店員' });
  const res = await srv.client.call('consoleSetRoles', { headers: admin, params: { id: m.memberId }, body: { isAdmin: false, staffStoreIds: storeIds } });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return m;
}

/** Noon (brand time) `n` days before today: safely inside that brand-local day. */
const daysAgo = (n: number) => zonedTime(addDays(localDate(new Date(), TZ), -n), 12 * 60, TZ);
const db = () => server.db.db;

describe('the overview dashboard', () => {
  it('counts today, 7 and 30 brand-local days from what the test made, and lists campaigns ending soon', async () => {
    const staff = await makeStaff(server, auth, [store.id]);
    const template = await makeTemplate(server, auth, { name: '報表券' });
    const people = await Promise.all([0, 3, 20, 45].map((n, i) => makeMember(server, { name: `報表會員${i}` }).then((m) => ({ ...m, n }))));
    for (const p of people) db().update(members).set({ createdAt: p.n === 0 ? new Date() : daysAgo(p.n) }).where(eq(members.id, p.memberId)).run();
    // The admin and the staff member joined today as well.
    const issued = [];
    for (const p of people) issued.push({ ...(await issueCoupon(server, auth, template.id, p.mobile)), n: p.n });
    // Redeem today's and the 3-day-old member's coupons (today), then date the coupons.
    for (const c of issued.slice(0, 2)) {
      const res = await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId: store.id, code: c.code } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    for (const c of issued) db().update(coupons).set({ issuedAt: c.n === 0 ? new Date() : daysAgo(c.n) }).where(eq(coupons.id, c.id)).run();
    // One redemption moved 20 days back: redeemed counts by the redemption's day.
    const second = db().select().from(redemptions).where(eq(redemptions.couponId, issued[1]!.id)).get()!;
    db().update(redemptions).set({ createdAt: daysAgo(20) }).where(eq(redemptions.id, second.id)).run();
    // Notifications: mark the coupon-received rows sent / failed, dated like their coupons.
    const rows = db().select().from(outbox).where(eq(outbox.kind, 'coupon_received')).all();
    expect(rows.length).toBe(4);
    const byMember = new Map(people.map((p) => [p.memberId, p.n]));
    for (const row of rows) {
      const n = byMember.get(row.memberId)!;
      db().update(outbox).set({ status: n === 3 ? 'failed' : 'sent', createdAt: n === 0 ? new Date() : daysAgo(n) }).where(eq(outbox.id, row.id)).run();
    }
    const ending = await makeCampaign(server, auth, { name: '三天後結束', templateId: template.id, endsAt: new Date(Date.now() + 3 * DAY).toISOString(), totalStock: 50 });
    await makeCampaign(server, auth, { name: '下個月才結束', templateId: template.id, endsAt: new Date(Date.now() + 30 * DAY).toISOString() });
    const claim = await server.client.call('claimCampaign', { headers: people[0]!.auth, params: { id: ending.id } });
    expect(claim.status).toBe(201);
    db().update(campaignClaims).set({ claimedAt: daysAgo(5) }).where(eq(campaignClaims.campaignId, ending.id)).run();

    const res = await server.client.call('consoleOverview', { headers: auth });
    expect(res.status).toBe(200);
    const { periods, perDay, endingSoon } = res.body;
    // Joined: admin + staff + today's member today; +3-day member in 7; +20-day member in 30 (the 45-day one never).
    expect([periods.today.joined, periods.days7.joined, periods.days30.joined]).toEqual([3, 4, 5]);
    // Issued: by the coupon's day; the claim's coupon was issued today too.
    expect([periods.today.issued, periods.days7.issued, periods.days30.issued]).toEqual([2, 3, 4]);
    expect([periods.today.redeemed, periods.days7.redeemed, periods.days30.redeemed]).toEqual([1, 1, 2]);
    // Of the 30 days' 4 coupons, 2 were used.
    expect(periods.days30.redemptionRate).toBeCloseTo(2 / 4);
    expect(periods.today.redemptionRate).toBeCloseTo(1 / 2);
    expect([periods.today.claims, periods.days7.claims, periods.days30.claims]).toEqual([0, 1, 1]);
    expect([periods.today.notificationsSent, periods.days7.notificationsSent, periods.days30.notificationsSent]).toEqual([1, 1, 2]);
    expect([periods.today.notificationsFailed, periods.days7.notificationsFailed, periods.days30.notificationsFailed]).toEqual([0, 1, 1]);
    expect(perDay).toHaveLength(30);
    expect(perDay.at(-1)!.day).toBe(localDate(new Date(), TZ));
    expect(perDay.reduce((n, d) => n + d.issued, 0)).toBe(4);
    expect(endingSoon.map((c) => c.name)).toEqual(['三天後結束']);
    expect(endingSoon[0]!.remaining).toBe(49);

    const forbidden = await server.client.call('consoleOverview', { headers: people[0]!.auth });
    expect(forbidden.status).toBe(403);
  });
});

describe('find and act', () => {
  it('finds a member by name, by mobile (any format) and by LINE name, and shows their 360° page', async () => {
    const member = await makeMember(server, { name: '林查找', displayName: 'FindMe Lin', following: true });
    const byName = await server.client.call('consoleSearchMembers', { headers: auth, query: { q: '查找' } });
    expect(byName.body.items.map((m) => m.id)).toEqual([member.memberId]);
    const byLine = await server.client.call('consoleSearchMembers', { headers: auth, query: { q: 'findme' } });
    expect(byLine.body.items.map((m) => m.id)).toEqual([member.memberId]);
    const spaced = `${member.mobile.slice(0, 4)}-${member.mobile.slice(4, 7)}-${member.mobile.slice(7)}`;
    const byMobile = await server.client.call('consoleSearchMembers', { headers: auth, query: { q: spaced } });
    expect(byMobile.body.items.map((m) => m.id)).toEqual([member.memberId]);

    const staff = await makeStaff(server, auth, [store.id]);
    const template = await makeTemplate(server, auth, { name: '360 券' });
    const kept = await issueCoupon(server, auth, template.id, member.mobile);
    const voided = await issueCoupon(server, auth, template.id, member.mobile);
    const redeemed = await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId: store.id, code: kept.code } });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    expect((await server.client.call('consoleVoidCoupon', { headers: auth, params: { id: voided.id }, body: { reason: '重複發送' } })).status).toBe(200);
    const campaign = await makeCampaign(server, auth, { name: '360 活動', templateId: template.id });
    expect((await server.client.call('claimCampaign', { headers: member.auth, params: { id: campaign.id } })).status).toBe(201);

    const res = await server.client.call('consoleMember360', { headers: auth, params: { id: member.memberId } });
    expect(res.status).toBe(200);
    const view = res.body;
    expect(view.member.name).toBe('林查找');
    expect(view.wallet).toHaveLength(3);
    expect(view.wallet.map((c) => c.id)).toEqual(expect.arrayContaining([kept.id, voided.id]));
    expect(view.counts).toMatchObject({ coupons: 3, activeCoupons: 1, redemptions: 1, claims: 1 });
    expect(view.wallet.find((c) => c.id === voided.id)!.status).toBe('voided');
    expect(view.redemptions).toMatchObject([{ couponId: kept.id, storeName: '360 門市', isVoided: false }]);
    expect(view.claims).toMatchObject([{ campaignId: campaign.id, campaignName: '360 活動', via: 'claim', coupons: 1 }]);
    expect(view.notifications.map((n) => n.kind)).toContain('coupon_received');
    expect(view.notifications.find((n) => n.kind === 'coupon_received')!.kindLabel).not.toBe('coupon_received');
    expect(view.audit.map((a) => a.action).sort()).toEqual(['coupon.issue', 'coupon.issue', 'coupon.void']);
    expect(view.audit.find((a) => a.action === 'coupon.void')).toMatchObject({ actionLabel: '作廢票券', target: { name: voided.code }, changes: [{ field: 'status', before: 'active', after: 'voided' }] });
  });

  it('filters issued coupons by member (name, mobile, code) and status, and deliveries by kind, status, date and member', async () => {
    const a = await makeMember(server, { name: '篩選甲' });
    const b = await makeMember(server, { name: '篩選乙' });
    const template = await makeTemplate(server, auth, { name: '篩選券' });
    const a1 = await issueCoupon(server, auth, template.id, a.mobile);
    const a2 = await issueCoupon(server, auth, template.id, a.mobile);
    await issueCoupon(server, auth, template.id, b.mobile);
    await server.client.call('consoleVoidCoupon', { headers: auth, params: { id: a2.id }, body: { reason: 'test' } });
    const list = async (query: Record<string, string | number>) => (await server.client.call('consoleCoupons', { headers: auth, query: { templateId: template.id, ...query } })).body;
    expect((await list({ q: '篩選甲' })).items.map((c) => c.id).sort()).toEqual([a1.id, a2.id].sort());
    expect((await list({ q: a.mobile })).items.map((c) => c.id).sort()).toEqual([a1.id, a2.id].sort());
    expect((await list({ q: a1.code })).items.map((c) => c.id)).toEqual([a1.id]);
    expect((await list({ q: '篩選甲', status: 'voided' })).items.map((c) => c.id)).toEqual([a2.id]);
    expect((await list({ q: '篩選', status: 'active' })).total).toBe(2);

    const today = localDate(new Date(), TZ);
    const deliveries = async (query: Record<string, string | number>) => (await server.client.call('consoleDeliveries', { headers: auth, query })).body;
    const mine = await deliveries({ q: '篩選甲', kind: 'coupon_received' });
    expect(mine.total).toBe(2);
    expect(mine.items.every((d) => d.member.id === a.memberId)).toBe(true);
    expect((await deliveries({ q: b.mobile, status: 'pending', from: today, to: today })).total).toBe(1);
    expect((await deliveries({ q: b.mobile, from: addDays(today, -9), to: addDays(today, -1) })).total).toBe(0);
    expect((await deliveries({ q: b.mobile, status: 'sent' })).total).toBe(0);
  });
});

describe('the audit log', () => {
  it('labels every action kind in both languages, names targets with links, and filters by actor, action and date', async () => {
    for (const [action, label] of Object.entries(AUDIT_ACTIONS)) {
      expect(label['zh-TW'], action).toMatch(/\p{Script=Han}/u);
      expect(label.en, action).toMatch(/^[A-Z][A-Za-z -]+$/);
    }
    const store = await makeStore(server, auth, { name: '稽核門市' });
    await server.client.call('consoleUpdateStore', { headers: auth, params: { id: store.id }, body: { name: '稽核門市（新）', phone: '02-1234-5678' } });
    const key = await server.client.call('consoleCreateApiKey', { headers: auth, body: { name: 'POS 收銀機', scopes: ['pos'] } });
    expect(key.status).toBe(201);

    const res = await server.client.call('consoleAuditLog', { headers: auth, query: { pageSize: 100 } });
    const entries = res.body.items;
    // Every entry written by this file's flows has a label (none shows its raw key).
    for (const e of entries) expect(e.actionLabel, e.action).not.toBe(e.action);
    const update = entries.find((e) => e.action === 'store.update' && e.targetId === String(store.id))!;
    expect(update.target).toEqual({ typeLabel: '門市', name: '稽核門市（新）', href: '/console/stores' });
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', label: '名稱', before: '稽核門市', after: '稽核門市（新）' },
        { field: 'phone', label: '電話', before: null, after: '02-1234-5678' },
      ]),
    );
    const apiKey = entries.find((e) => e.action === 'apikey.create')!;
    expect(apiKey).toMatchObject({ actionLabel: '建立 API 金鑰', target: { name: 'POS 收銀機', href: '/console/api-keys' } });
    const en = await server.client.call('consoleAuditLog', { headers: auth, query: { lang: 'en', action: 'apikey.create' } });
    expect(en.body.items[0]).toMatchObject({ actionLabel: 'API key created', target: { typeLabel: 'API key' } });
    expect(en.body.items.every((e) => e.action === 'apikey.create')).toBe(true);
    expect(res.body.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['store.update', 'apikey.create', 'coupon.issue']));

    const other = await makeAdmin(server, { name: '另一位管理員' });
    await makeStore(server, other.auth, { name: '別人的門市' });
    const byOther = await server.client.call('consoleAuditLog', { headers: auth, query: { actor: `member:${other.memberId}` } });
    expect(byOther.body.items.map((e) => e.target.name)).toEqual(['別人的門市']);
    const today = localDate(new Date(), TZ);
    expect((await server.client.call('consoleAuditLog', { headers: auth, query: { from: today, to: today, action: 'store.create' } })).body.total).toBeGreaterThanOrEqual(2);
    expect((await server.client.call('consoleAuditLog', { headers: auth, query: { from: addDays(today, -10), to: addDays(today, -1) } })).body.total).toBe(0);
    expect((await server.client.call('consoleAuditLog', { headers: auth, query: { actor: 'nobody' } as never })).status).toBe(400);
  });

  it('records a notification template edit of title, body and colour as before → after', async () => {
    const before = await server.client.call('consoleListTemplates', { headers: auth });
    const tpl = before.body.items.find((t) => t.kind === 'coupon_received')!;
    const input = {
      enabled: tpl.enabled,
      content: { ...tpl.content, 'zh-TW': { ...tpl.content['zh-TW'], title: '新票券到了！', body: '{{memberName}}，送您一張 {{couponName}}' } },
      ctaTarget: tpl.ctaTarget,
      heroImageUrl: tpl.heroImageUrl,
      accentColor: '#0B7A3E',
    };
    const saved = await server.client.call('consoleSaveTemplate', { headers: auth, params: { kind: 'coupon_received' }, untypedBody: input });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const log = await server.client.call('consoleAuditLog', { headers: auth, query: { action: 'template.update' } });
    const entry = log.body.items[0]!;
    expect(entry.actionLabel).toBe('更新通知範本');
    expect(entry.target.name).toBe(tpl.label);
    const byField = Object.fromEntries(entry.changes.map((c) => [c.field, c]));
    expect(byField['zh-TW.title']).toEqual({ field: 'zh-TW.title', label: '標題（中文）', before: tpl.content['zh-TW'].title, after: '新票券到了！' });
    expect(byField['zh-TW.body']!.after).toBe('{{memberName}}，送您一張 {{couponName}}');
    expect(byField.accentColor).toMatchObject({ before: tpl.accentColor, after: '#0B7A3E', label: '主色' });
    expect(entry.changes.map((c) => c.field).sort()).toEqual(['accentColor', 'zh-TW.body', 'zh-TW.title']);
    expect(auditActionLabel('template.update', 'en')).toBe('Notification template updated');
  });
});

describe('bulk issuing with a preview and a schedule', () => {
  it('previews the audience, a sample, the messages and their share of the monthly quota, writing nothing', async () => {
    const template = await makeTemplate(server, auth, { name: '預覽券' });
    const following = await makeMember(server, { name: '預覽甲', birthday: '1990-11-02', following: true });
    const silent = await makeMember(server, { name: '預覽乙', birthday: '1991-11-20' });
    await makeMember(server, { name: '預覽丙', birthday: '1991-04-20' });
    await server.json('/sandbox/api/settings', { body: { monthlyQuota: 1000 } });
    const jobsBefore = db().select().from(bulkJobs).all().length;
    const res = await server.client.call('consolePreviewBulkJob', { headers: auth, body: { templateId: template.id, audience: { type: 'birth_month', month: 11 } } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const eleven = db().select({ id: members.id }).from(members).all().length; // sanity: many members exist
    expect(eleven).toBeGreaterThan(3);
    expect(res.body.audience).toBe(2);
    expect(res.body.sample.map((s) => s.id).sort()).toEqual([following.memberId, silent.memberId].sort());
    expect(res.body.sample.find((s) => s.id === silent.memberId)!.mobile).toBe(silent.mobile);
    expect(res.body.messages).toBe(1);
    expect(res.body.quota).toMatchObject({ limit: 1000 });
    expect(res.body.quota!.shareOfRemaining).toBeCloseTo(1 / (1000 - res.body.quota!.used));
    expect(db().select().from(bulkJobs).all().length).toBe(jobsBefore);

    const list = await server.client.call('consolePreviewBulkJob', { headers: auth, body: { templateId: template.id, audience: { type: 'mobiles' }, mobiles: [following.mobile, '0900000001', 'abc'] } });
    expect(list.body).toMatchObject({ audience: 1, messages: 1, problems: 2 });
  });

  it('starts a job at a brand-local date and time, and runs a monthly schedule on day N', async () => {
    const template = await makeTemplate(server, auth, { name: '排程券' });
    await makeMember(server, { name: '排程會員' });
    const startAt = new Date(Date.now() + 2 * DAY);
    const created = await server.client.call('consoleCreateBulkJob', { headers: auth, body: { name: '後天發', templateId: template.id, audience: { type: 'all' }, startAt: startAt.toISOString() } });
    expect(created.status).toBe(201);
    expect(created.body.startAt).toBe(startAt.toISOString());
    const runnerJob = db().select().from(jobs).where(eq(jobs.key, `bulk_issue:${created.body.id}`)).get()!;
    expect(runnerJob.runAt.getTime()).toBe(startAt.getTime());
    expect(runnerJob.status).toBe('pending');
    const bad = await server.client.call('consoleCreateBulkJob', { headers: auth, untypedBody: { name: 'x', templateId: template.id, audience: { type: 'all' }, startAt: 'tomorrow' } });
    expect(bad.status).toBe(400);

    const schedule = await server.client.call('consoleCreateBulkSchedule', { headers: auth, body: { name: '每月壽星', templateId: template.id, audience: { type: 'birth_month' }, dayOfMonth: 1, time: '09:30' } });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    const next = nextMonthlyRun(new Date(), 1, 9 * 60 + 30, TZ);
    expect(schedule.body.nextRunAt).toBe(next.toISOString());
    // Brand time: 09:30 in Taipei is 01:30 UTC on the 1st.
    expect(next.toISOString()).toMatch(/-01T01:30:00\.000Z$/);
    const firing = db().select().from(jobs).where(eq(jobs.kind, 'bulk_schedule')).get()!;
    expect(firing.runAt.getTime()).toBe(next.getTime());

    // The firing, as the runner would run it at the due time: a bulk job for that month's birthdays, and the next firing queued.
    const job = transact(db(), (tx) => server.services.bulk.fireSchedule(tx, schedule.body.id, next));
    expect(job).not.toBeNull();
    const month = Number(localDate(next, TZ).slice(5, 7));
    expect(job!.audience).toEqual({ type: 'birth_month', month });
    expect(job!.scheduleId).toBe(schedule.body.id);
    const firings = db().select().from(jobs).where(eq(jobs.kind, 'bulk_schedule')).all();
    expect(firings.map((f) => f.runAt.getTime())).toContain(nextMonthlyRun(next, 1, 570, TZ).getTime());
    const listed = await server.client.call('consoleBulkSchedules', { headers: auth });
    expect(listed.body.items[0]).toMatchObject({ id: schedule.body.id, lastJobId: job!.id, nextRunAt: nextMonthlyRun(next, 1, 570, TZ).toISOString() });

    const cancelled = await server.client.call('consoleCancelBulkSchedule', { headers: auth, params: { id: schedule.body.id } });
    expect(cancelled.body.status).toBe('cancelled');
    expect(transact(db(), (tx) => server.services.bulk.fireSchedule(tx, schedule.body.id, new Date()))).toBeNull();
    const audit = db().select().from(auditLog).where(inArray(auditLog.action, ['bulk_schedule.create', 'bulk_schedule.cancel'])).all();
    expect(audit.map((a) => a.targetName)).toEqual(['每月壽星', '每月壽星']);
  });
});
