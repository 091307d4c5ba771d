import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../bot-server/db/schema.ts';
import { DEMO_USERS } from '../../bot-server/demo/seed.ts';
import { SHOWCASE, seedShowcase, showcaseRedemptionCode } from '../../bot-server/demo/showcase.ts';
import { findMemberByLineUserId } from '../../bot-server/members/member.repo.ts';
import { MARKETING_OPTED_OUT } from '../../bot-server/notifications/dispatcher.ts';
import { localDate } from '../../shared/dates.ts';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { makeAdmin, makeCampaign } from '../helpers/factories.ts';
import { followingMember, registerMember, signInAs, uniqueMobile } from '../helpers/members.ts';
import { enqueue, settled } from '../helpers/outbox.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

/**
 * Issue 16 (items 1, 10, 11, 12): the welcomes promise only what is switched on; notices drop
 * 「剩餘 0 次」 and can say the discount; a test send says it is one; the demo showcase has what
 * the README's tour describes; marketing messages follow the member's choice.
 */

const STAFF = DEMO_USERS[3].userId; // staff at 信義店 and 南西店
const TZ = 'Asia/Taipei';
let server: TestServer;
let admin: Record<string, string>;
let adminUserId: string;

/** A registered member who follows the account (so pushes reach them). */
async function friend(name: string, overrides: Record<string, unknown> = {}) {
  const { userId, memberId } = await followingMember(server, name);
  const { auth } = await signInAs(server, userId);
  const mobile = uniqueMobile();
  await registerMember(server, auth, { name, mobile, ...overrides });
  return { userId, memberId, auth, mobile };
}

/** The Flex message's visible texts (header, body, button), as the member reads them. */
function textsOf(message: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      if (typeof o.label === 'string') out.push(o.label);
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(message);
  return out.join('\n');
}

/** Points on or off in the console (they are on by default). */
async function setPoints(enabled: boolean) {
  const current = (await server.client.call('consolePointsSettings', { headers: admin })).body;
  const saved = await server.client.call('consoleSavePointsSettings', { headers: admin, body: { ...current, enabled } });
  expect(saved.status).toBe(200);
}

async function pushedKind(userId: string, id: string) {
  const messages = await server.messagesTo(userId);
  return messages.filter((m) => m.retryKey === id);
}

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_BACKOFF_BASE_MS: '20' });
  const a = await makeAdmin(server);
  admin = a.auth;
  adminUserId = a.userId;
});
afterAll(async () => {
  await server.stop();
});

describe('consent: marketing messages follow the member’s choice', () => {
  it('registration stores the unticked default as “no”; a marketing push is skipped with a reason, a transactional one is sent', async () => {
    const m = await friend('不要行銷');
    expect((await server.client.call('getMe', { headers: m.auth })).body).toMatchObject({ marketingOptIn: false });
    const row = findMemberByLineUserId(server.db.db, m.userId)!;
    expect(row.marketingOptIn).toBe(false);
    expect(row.marketingConsentAt).toBeInstanceOf(Date);

    const marketing = enqueue(server, { memberId: m.memberId, kind: 'coupon_expiring', variables: { couponName: 'A', expiresAt: '2027-12-31T00:00:00Z', daysLeft: 3 } });
    // A bulk job's notice: a transactional kind sent at marketing priority (campaigns/bulk issuing).
    const bulk = enqueue(server, { memberId: m.memberId, kind: 'coupon_received', variables: { couponName: '群發券' }, priority: 'marketing' });
    const transactional = enqueue(server, { memberId: m.memberId, kind: 'coupon_received', variables: { couponName: '到帳券' } });
    const done = await settled(server, [marketing, bulk, transactional]);
    const byId = new Map(done.map((r) => [r.id, r]));
    expect(byId.get(marketing)).toMatchObject({ status: 'skipped', reason: MARKETING_OPTED_OUT });
    expect(byId.get(bulk)).toMatchObject({ status: 'skipped', reason: MARKETING_OPTED_OUT });
    expect(byId.get(transactional)).toMatchObject({ status: 'sent' });
    expect(await pushedKind(m.userId, marketing)).toHaveLength(0);
    expect(await pushedKind(m.userId, transactional)).toHaveLength(1);

    // The delivery log says why, in the brand's console.
    const log = await server.client.call('consoleDeliveries', { headers: admin, query: { memberId: m.memberId } });
    expect(log.body.items.find((i) => i.id === marketing)).toMatchObject({ status: 'skipped', reason: MARKETING_OPTED_OUT, priority: 'marketing' });
  });

  it('ticked at registration, marketing is sent; switched off on the profile, a notice already queued is skipped', async () => {
    const m = await friend('要行銷', { marketingOptIn: true });
    expect((await server.client.call('getMe', { headers: m.auth })).body.marketingOptIn).toBe(true);
    const first = enqueue(server, { memberId: m.memberId, kind: 'coupon_expiring', variables: { couponName: 'B', expiresAt: '2027-12-31T00:00:00Z', daysLeft: 2 } });
    expect((await settled(server, [first]))[0]).toMatchObject({ status: 'sent' });

    const dispatcher = server.dispatcher()!;
    await dispatcher.stop();
    let queued: string;
    try {
      queued = enqueue(server, { memberId: m.memberId, kind: 'birthday_pack', variables: { campaignName: '壽星禮' } });
      const off = await server.client.call('updateProfile', { headers: m.auth, body: { marketingOptIn: false } });
      expect(off.status).toBe(200);
      expect(off.body.marketingOptIn).toBe(false);
    } finally {
      dispatcher.start();
    }
    expect((await settled(server, [queued]))[0]).toMatchObject({ status: 'skipped', reason: MARKETING_OPTED_OUT });
    const before = findMemberByLineUserId(server.db.db, m.userId)!.marketingConsentAt!;

    const on = await server.client.call('updateProfile', { headers: m.auth, body: { marketingOptIn: true } });
    expect(on.body.marketingOptIn).toBe(true);
    expect(findMemberByLineUserId(server.db.db, m.userId)!.marketingConsentAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const again = enqueue(server, { memberId: m.memberId, kind: 'birthday_pack', variables: { campaignName: '壽星禮' } });
    expect((await settled(server, [again]))[0]).toMatchObject({ status: 'sent' });
  });

  it('refuses a marketing choice that is not a boolean (400), and an unregistered member cannot set one', async () => {
    const m = await friend('格式');
    const bad = await server.client.call('updateProfile', { headers: m.auth, body: { marketingOptIn: 'yes' as unknown as boolean } });
    expect(bad.status).toBe(400);
  });
});

describe('say only what is true: the welcomes follow what the brand switched on', () => {
  it('with nothing switched on, neither the follow reply nor the welcome notice promises coupons, points or a birthday gift', async () => {
    await setPoints(false);
    const { userId } = await followingMember(server, '什麼都沒開');
    const reply = (await server.messagesTo(userId)).find((m) => m.via === 'reply')!;
    const replyText = textsOf(reply.message);
    expect(replyText).not.toMatch(/點數|生日禮|入會禮|專屬優惠/);
    expect(replyText).toContain('完成會員註冊，即可使用票券夾與領券中心。');

    const { auth } = await signInAs(server, userId);
    await registerMember(server, auth, { name: '沒開' });
    const member = findMemberByLineUserId(server.db.db, userId)!;
    const row = await waitFor(() => server.db.db.select().from(outbox).where(and(eq(outbox.memberId, member.id), eq(outbox.kind, 'welcome'))).get());
    expect(row.variables).toEqual({});
    await settled(server, [row.id]);
    const text = textsOf((await pushedKind(userId, row.id))[0]!.message);
    expect(text).toContain('感謝您完成註冊。');
    expect(text).not.toMatch(/點數|生日|入會禮|專屬優惠已準備好/);
  });

  it('with the welcome coupon, a birthday campaign and points on, all say so; the welcome names the coupon actually issued, in one message', async () => {
    await setPoints(true);
    const gift = await createTemplate(server, admin, { name: '入會見面禮 NT$80', amountOff: 80 });
    expect((await server.client.call('consoleSetAutoIssue', { headers: admin, body: { enabled: true, templateId: gift.id, bundleId: null } })).status).toBe(200);
    const year = localDate(new Date(), TZ).slice(0, 4);
    await makeCampaign(server, admin, { name: '壽星好禮', templateId: gift.id, audience: { type: 'birth_month' }, startsAt: `${year}-01-01T00:00:00+08:00` });
    try {
      const { userId } = await followingMember(server, '全都開');
      const replyText = textsOf((await server.messagesTo(userId)).find((m) => m.via === 'reply')!.message);
      expect(replyText).toContain('完成會員註冊，即可領取入會禮「入會見面禮 NT$80」、在生日當月領取生日禮、消費累積點數。');

      const { auth } = await signInAs(server, userId);
      await registerMember(server, auth, { name: '全開' });
      const member = findMemberByLineUserId(server.db.db, userId)!;
      const rows = await waitFor(() => {
        const r = server.db.db.select().from(outbox).where(eq(outbox.memberId, member.id)).all();
        return r.length > 0 ? r : undefined;
      });
      // One message: the welcome names the gift; no separate 「您獲得了一張票券」.
      expect(rows.map((r) => r.kind)).toEqual(['welcome']);
      expect(rows[0]!.variables).toEqual({ welcomeGift: '入會見面禮 NT$80', birthdayGift: '壽星好禮', pointsOn: '1' });
      await settled(server, [rows[0]!.id]);
      const text = textsOf((await pushedKind(userId, rows[0]!.id))[0]!.message);
      expect(text).toContain('入會禮「入會見面禮 NT$80」已放入您的票券夾');
      expect(text).toContain('生日當月還可以到領券中心領取「壽星好禮」');
      expect(text).toContain('消費即可累積點數。');
      const wallet = await server.client.call('walletList', { headers: auth });
      expect(wallet.body.items.map((i) => i.template.name)).toEqual(['入會見面禮 NT$80']);
    } finally {
      await server.client.call('consoleSetAutoIssue', { headers: admin, body: { enabled: false, templateId: null, bundleId: null } });
    }
  });

  it("a brand's own edited welcome template still wins", async () => {
    const templates = await server.client.call('consoleListTemplates', { headers: admin });
    const welcome = templates.body.items.find((t) => t.kind === 'welcome')!;
    const content = { ...welcome.content, 'zh-TW': { ...welcome.content['zh-TW'], body: '{{memberName}}，謝謝您加入我們的大家庭。' } };
    const saved = await server.client.call('consoleSaveTemplate', { headers: admin, params: { kind: 'welcome' }, body: { enabled: true, content, ctaTarget: welcome.ctaTarget, heroImageUrl: null, accentColor: welcome.accentColor } });
    expect(saved.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100)); // the dispatcher keeps a template for 2 s
    try {
      const m = await friend('自訂');
      const row = await waitFor(() => server.db.db.select().from(outbox).where(and(eq(outbox.memberId, m.memberId), eq(outbox.kind, 'welcome'))).get());
      await settled(server, [row.id]);
      expect(textsOf((await pushedKind(m.userId, row.id))[0]!.message)).toContain('自訂，謝謝您加入我們的大家庭。');
    } finally {
      await server.client.call('consoleResetTemplate', { headers: admin, params: { kind: 'welcome' } });
    }
  });
});

describe('notification wording', () => {
  it('a single-use coupon’s redeemed notice has no 「剩餘 0 次」 and says the discount; a multi-use one says what is left', async () => {
    const stores = Object.fromEntries((await server.client.call('consoleListStores', { headers: admin })).body.items.map((s) => [s.code, s.id]));
    const staff = (await signInAs(server, STAFF)).auth;
    const owner = await friend('核銷通知');
    const once = await createTemplate(server, admin, { name: '單次 NT$50', amountOff: 50 });
    const multi = await createTemplate(server, admin, { name: '三次 NT$20', amountOff: 20, usesPerCoupon: 3 });
    const results: Record<string, string> = {};
    for (const t of [once, multi]) {
      const coupon = await issueByMobile(server, admin, t.id, owner.mobile);
      const redeemed = await server.client.call('staffRedeem', { headers: staff, body: { storeId: stores.XINYI!, code: coupon.code, uses: 1 } });
      expect(redeemed.status).toBe(201);
      const [row] = await settled(server, [redeemed.body.id]);
      expect(row!.status).toBe('sent');
      results[t.name] = textsOf((await pushedKind(owner.userId, redeemed.body.id))[0]!.message);
    }
    expect(results['單次 NT$50']).toContain('在信義店使用，折抵 NT$50。');
    expect(results['單次 NT$50']).not.toContain('剩餘');
    expect(results['三次 NT$20']).toContain('折抵 NT$20，剩餘 2 次。');
  });

  it('a test send from the console is marked as a test in its title and notification text', async () => {
    const res = await server.client.call('consoleTestSend', { headers: admin, params: { kind: 'coupon_received' }, body: { lang: 'zh-TW' } });
    expect(res.body.status).toBe('sent');
    const pushed = (await pushedKind(adminUserId, res.body.id))[0]!.message as { altText: string };
    expect(pushed.altText.startsWith('【測試】')).toBe(true);
    expect(textsOf(pushed)).toMatch(/^【測試】您獲得了一張票券$/m);
    const en = await server.client.call('consoleTestSend', { headers: admin, params: { kind: 'coupon_received' }, body: { lang: 'en' } });
    const pushedEn = (await pushedKind(adminUserId, en.body.id))[0]!.message as { altText: string };
    expect(pushedEn.altText.startsWith('[TEST] ')).toBe(true);
    expect(textsOf(pushedEn)).toMatch(/^\[TEST\] A coupon for you$/m);
  });
});

describe('first impression: the demo showcase', () => {
  it('seeds a running claim campaign with 23 left, the birthday pack for 王小明 born this month, and a working redemption code; idempotent', async () => {
    seedShowcase(server.db.db, TZ);
    seedShowcase(server.db.db, TZ);
    const wang = findMemberByLineUserId(server.db.db, SHOWCASE.birthdayMember)!;
    expect(wang.birthday!.slice(5, 7)).toBe(localDate(new Date(), TZ).slice(5, 7));
    const { auth } = await signInAs(server, SHOWCASE.birthdayMember);
    const centre = (await server.client.call('claimCentre', { headers: auth })).body.items;
    expect(centre.filter((c) => c.name === SHOWCASE.claimCampaign)).toHaveLength(1);
    expect(centre.find((c) => c.name === SHOWCASE.claimCampaign)).toMatchObject({ remaining: 23, isLow: true, canClaim: true, offer: { couponKind: 'exchange' } });
    expect(centre.find((c) => c.name === SHOWCASE.birthdayCampaign)).toMatchObject({ isBirthday: true, canClaim: true, offer: { kind: 'bundle', couponKind: null } });
    const code = showcaseRedemptionCode(server.db.db)!;
    expect(code).toMatch(/^DEMO\d{6}$/);
    const redeemed = await server.client.call('redeemCode', { headers: auth, body: { code } });
    expect(redeemed.status).toBe(201);
    expect(showcaseRedemptionCode(server.db.db)).not.toBe(code);
  });
});
