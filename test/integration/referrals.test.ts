import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TReferralSettingsInput } from '../../shared/api/referrals.ts';
import { transact } from '../../bot-server/db/client.ts';
import { coupons, outbox, referralRewards, referrals } from '../../bot-server/db/schema.ts';
import { publish } from '../../bot-server/events/bus.ts';
import { updateMember } from '../../bot-server/members/member.repo.ts';
import { defaultTemplate, renderNotification } from '../../shared/notifications/render.ts';
import { issueCoupon, makeMember, makeTemplate, type Auth } from '../helpers/factories.ts';
import { registerMember, requestSmsCode, signInAs, signInNewUser, uniqueMobile } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'U0000000000000000000000000000a005';
const STAFF = 'U0000000000000000000000000000a004'; // 信義店 and 南西店 in the demo

let server: TestServer;
let admin: Auth;
let staff: Auth;
let xinyi: number;
let referrerTemplate: number;
let friendTemplate: number;
let friendCoupon: number;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
  admin = (await signInAs(server, ADMIN)).auth;
  staff = (await signInAs(server, STAFF)).auth;
  xinyi = (await server.client.call('consoleListStores', { headers: admin })).body.items.find((s) => s.code === 'XINYI')!.id;
  referrerTemplate = (await makeTemplate(server, admin, { name: '推薦人 NT$100' })).id;
  friendTemplate = (await makeTemplate(server, admin, { name: '新朋友 NT$50', amountOff: 50 })).id;
  friendCoupon = (await makeTemplate(server, admin, { name: '好友的咖啡券', amountOff: 30 })).id;
});
afterAll(async () => {
  await server.stop();
});

async function setProgramme(patch: Partial<TReferralSettingsInput> = {}) {
  const body: TReferralSettingsInput = { enabled: true, trigger: 'registration', referrerReward: { templateId: referrerTemplate, bundleId: null }, friendReward: { templateId: friendTemplate, bundleId: null }, monthlyCap: null, ...patch };
  const res = await server.client.call('consoleSaveReferralSettings', { headers: admin, body });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}
beforeEach(async () => {
  await setProgramme();
});

const inviteOf = async (auth: Auth) => (await server.client.call('myInvite', { headers: auth })).body;
const visit = async (auth: Auth, code: string) => (await server.client.call('recordInvite', { headers: auth, body: { code } })).body.counted;
const rewardsOf = (memberId: number) =>
  server.db.db.select({ templateId: coupons.templateId, status: coupons.status }).from(coupons).where(and(eq(coupons.memberId, memberId), eq(coupons.source, 'referral'))).all();
const referralOf = (friendId: number) => server.db.db.select().from(referrals).where(eq(referrals.friendMemberId, friendId)).get();

/** A LINE user who opens the invite link, then registers (SMS code read from the sandbox inbox). */
async function friendVia(code: string, mobile = uniqueMobile()) {
  const user = await signInNewUser(server, 'Friend');
  const counted = await visit(user.auth, code);
  const me = (await registerMember(server, user.auth, { mobile })) as { id: number };
  return { ...user, memberId: me.id, counted, mobile };
}

describe('the invite link', () => {
  it('every member has one; a friend who registers through it earns both rewards on registration, each told in LINE', async () => {
    const referrer = await makeMember(server);
    const invite = await inviteOf(referrer.auth);
    expect(invite.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(invite.url).toContain(`/app/register?ref=${invite.code}`);
    expect(invite).toMatchObject({ enabled: true, trigger: 'registration', referrerReward: '推薦人 NT$100', friendReward: '新朋友 NT$50' });
    expect((await inviteOf(referrer.auth)).code).toBe(invite.code);

    const friend = await friendVia(invite.code);
    expect(friend.counted).toBe(true);
    expect(referralOf(friend.memberId)).toMatchObject({ referrerMemberId: referrer.memberId, status: 'rewarded', trigger: 'registration' });
    expect(rewardsOf(referrer.memberId)).toEqual([{ templateId: referrerTemplate, status: 'active' }]);
    expect(rewardsOf(friend.memberId)).toEqual([{ templateId: friendTemplate, status: 'active' }]);
    const told = server.db.db.select({ memberId: outbox.memberId }).from(outbox).where(eq(outbox.kind, 'referral_reward')).all().map((r) => r.memberId);
    expect(told).toEqual(expect.arrayContaining([referrer.memberId, friend.memberId]));
    expect((await inviteOf(referrer.auth)).stats).toEqual({ registered: 1, rewarded: 1, pending: 0 });
  });

  it('names the rewards in English to an English-language member, in the invite and in the notification (zh-TW where none was written)', async () => {
    const latte = (await makeTemplate(server, admin, { name: '推薦拿鐵券', nameEn: 'Referral latte' })).id;
    const cake = (await makeTemplate(server, admin, { name: '無英文名蛋糕券' })).id;
    const bundle = await server.client.call('consoleCreateBundle', { headers: admin, body: { name: '新朋友禮包', nameEn: 'Welcome pack', description: '', items: [{ templateId: latte, quantity: 1 }, { templateId: cake, quantity: 2 }] } });
    expect(bundle.status).toBe(201);
    await setProgramme({ referrerReward: { templateId: latte, bundleId: null }, friendReward: { templateId: null, bundleId: bundle.body.id } });
    const referrer = await makeMember(server);
    updateMember(server.db.db, referrer.memberId, { language: 'en' });
    const invite = (await server.client.call('myInvite', { headers: { ...referrer.auth, 'accept-language': 'en' } })).body;
    expect(invite).toMatchObject({ referrerReward: 'Referral latte', friendReward: 'Welcome pack' });
    const settings = (await server.client.call('consoleReferralSettings', { headers: { ...admin, 'accept-language': 'en' } })).body;
    expect(settings.friendRewardLabel).toMatchObject({ name: 'Welcome pack', summary: 'Referral latte, 無英文名蛋糕券 ×2' });

    const friend = await friendVia(invite.code);
    const told = (memberId: number) => server.db.db.select().from(outbox).where(and(eq(outbox.kind, 'referral_reward'), eq(outbox.memberId, memberId))).get()!;
    const ctx = { timeZone: server.config.brandTimezone, brandName: 'Brand', liffUrl: (path: string) => `https://liff.example${path}` };
    const en = (memberId: number) => renderNotification(defaultTemplate('referral_reward'), told(memberId).variables as Record<string, unknown>, { ...ctx, lang: 'en' });
    expect(en(referrer.memberId).body).toContain('"Referral latte"');
    expect(en(friend.memberId).body).toContain('"Welcome pack"');
    const zh = renderNotification(defaultTemplate('referral_reward'), told(referrer.memberId).variables as Record<string, unknown>, { ...ctx, lang: 'zh-TW' });
    expect(zh.body).toContain('推薦拿鐵券');
    expect(zh.body).not.toContain('Referral latte');
  });

  it('one\'s own link does not count, and a registered member opening a link changes nothing', async () => {
    const member = await makeMember(server);
    const invite = await inviteOf(member.auth);
    expect(await visit(member.auth, invite.code)).toBe(false);
    const other = await makeMember(server);
    expect(await visit(other.auth, invite.code)).toBe(false);
    expect(await visit(other.auth, 'NOSUCHCD')).toBe(false);
    expect(rewardsOf(member.memberId)).toEqual([]);
  });

  it('the first link wins', async () => {
    const first = await makeMember(server);
    const second = await makeMember(server);
    const user = await signInNewUser(server, 'Twice');
    expect(await visit(user.auth, (await inviteOf(first.auth)).code)).toBe(true);
    expect(await visit(user.auth, (await inviteOf(second.auth)).code)).toBe(false);
    const me = (await registerMember(server, user.auth)) as { id: number };
    expect(referralOf(me.id)?.referrerMemberId).toBe(first.memberId);
    expect(rewardsOf(first.memberId)).toHaveLength(1);
    expect(rewardsOf(second.memberId)).toHaveLength(0);
  });

  it('a number that was registered before earns nothing', async () => {
    const referrer = await makeMember(server);
    const code = (await inviteOf(referrer.auth)).code;
    const mover = await makeMember(server);
    const next = uniqueMobile();
    const moved = await server.client.call('updateProfile', { headers: mover.auth, body: { mobile: next, code: await requestSmsCode(server, mover.auth, next) } });
    expect(moved.status).toBe(200);
    // mover's old number is free again: a second account registering it is not a new friend.
    const friend = await friendVia(code, mover.mobile);
    expect(referralOf(friend.memberId)).toMatchObject({ status: 'ineligible', reason: 'mobile_seen' });
    expect(rewardsOf(referrer.memberId)).toEqual([]);
    expect(rewardsOf(friend.memberId)).toEqual([]);
  });

  it('a gift sent to a non-member\'s number counts as an invite for that number', async () => {
    const sender = await makeMember(server);
    const mobile = uniqueMobile();
    transact(server.db.db, (tx) => publish(tx, { type: 'gift.sent', transferId: 987_654, senderMemberId: sender.memberId, recipientMobile: `+886${mobile.slice(1)}`, recipientMemberId: null, at: new Date() }));
    const user = await signInNewUser(server, 'Gifted');
    const me = (await registerMember(server, user.auth, { mobile })) as { id: number };
    expect(referralOf(me.id)).toMatchObject({ referrerMemberId: sender.memberId, status: 'rewarded' });
    expect(rewardsOf(sender.memberId)).toHaveLength(1);
  });
});

describe('caps, the first-redemption trigger and reversal', () => {
  it('the referrer\'s rewards are capped per month; friends still get theirs', async () => {
    await setProgramme({ monthlyCap: 2 });
    const referrer = await makeMember(server);
    const code = (await inviteOf(referrer.auth)).code;
    const friends = [];
    for (let i = 0; i < 3; i += 1) friends.push(await friendVia(code));
    expect(rewardsOf(referrer.memberId)).toHaveLength(2);
    for (const f of friends) expect(rewardsOf(f.memberId)).toHaveLength(1);
    const skipped = server.db.db.select().from(referralRewards).where(and(eq(referralRewards.memberId, referrer.memberId), eq(referralRewards.status, 'skipped'))).all();
    expect(skipped).toEqual([expect.objectContaining({ reason: 'monthly_cap', beneficiary: 'referrer' })]);
  });

  it('on the friend\'s first redemption; undoing it voids the unused rewards, and the next use earns them again', async () => {
    await setProgramme({ trigger: 'first_redemption' });
    const referrer = await makeMember(server);
    const friend = await friendVia((await inviteOf(referrer.auth)).code);
    expect(referralOf(friend.memberId)?.status).toBe('pending');
    expect(rewardsOf(referrer.memberId)).toEqual([]);

    const coupon = await issueCoupon(server, admin, friendCoupon, friend.mobile);
    const first = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: xinyi, code: coupon.code } });
    expect(first.status).toBe(201);
    expect(referralOf(friend.memberId)).toMatchObject({ status: 'rewarded', qualifyingRedemptionId: first.body.id });
    expect(rewardsOf(referrer.memberId)).toEqual([{ templateId: referrerTemplate, status: 'active' }]);
    expect(rewardsOf(friend.memberId)).toEqual([{ templateId: friendTemplate, status: 'active' }]);

    const undone = await server.client.call('staffUndo', { headers: staff, params: { id: first.body.id } });
    expect(undone.status).toBe(200);
    expect(referralOf(friend.memberId)?.status).toBe('pending');
    expect(rewardsOf(referrer.memberId)).toEqual([{ templateId: referrerTemplate, status: 'voided' }]);
    expect(rewardsOf(friend.memberId)).toEqual([{ templateId: friendTemplate, status: 'voided' }]);

    const again = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: xinyi, code: coupon.code } });
    expect(again.status).toBe(201);
    expect(referralOf(friend.memberId)?.qualifyingRedemptionId).toBe(again.body.id);
    expect(rewardsOf(referrer.memberId).map((c) => c.status).sort()).toEqual(['active', 'voided']);
  });
});

describe('the console', () => {
  it('refuses a programme turned on with no reward, and reports invites, registrations and rewards by day', async () => {
    const bad = await server.client.call('consoleSaveReferralSettings', { headers: admin, untypedBody: { enabled: true, trigger: 'registration', referrerReward: null, friendReward: null, monthlyCap: null } });
    expect(bad.status).toBe(400);
    const settings = await server.client.call('consoleReferralSettings', { headers: admin });
    expect(settings.body).toMatchObject({ enabled: true, referrerRewardLabel: { kind: 'template', name: '推薦人 NT$100' } });
    const report = await server.client.call('consoleReferralReport', { headers: admin, query: { days: 30 } });
    expect(report.status).toBe(200);
    expect(report.body.series).toHaveLength(30);
    const t = report.body.totals;
    expect(t.invites).toBeGreaterThanOrEqual(8);
    expect(t.registrations).toBeGreaterThanOrEqual(8);
    expect(t.ineligible).toBeGreaterThanOrEqual(1);
    expect(t.rewardsReversed).toBeGreaterThanOrEqual(2);
    expect(report.body.series.reduce((n, d) => n + d.registrations, 0)).toBe(t.registrations);
    expect(report.body.topReferrers[0]!.registrations).toBeGreaterThanOrEqual(3);
  });
});
