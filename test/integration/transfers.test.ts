import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../bot-server/db/client.ts';
import { couponEvents, coupons, jobs, outbox, redemptions, transfers } from '../../bot-server/db/schema.ts';
import { publish } from '../../bot-server/events/bus.ts';
import { enqueueJob, findJobByKey } from '../../bot-server/jobs/jobs.repo.ts';
import { JobRunner } from '../../bot-server/jobs/runner.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { updateMember } from '../../bot-server/members/member.repo.ts';
import { giftReturnsJob, GIFT_RETURNS_JOB } from '../../bot-server/transfers/gift-returns.job.ts';
import type { TSendGiftResponse } from '../../shared/api/transfers.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import { defaultTemplate, renderNotification } from '../../shared/notifications/render.ts';
import { randomBytes } from 'node:crypto';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { DEMO_ADMIN } from '../../bot-server/demo/seed.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { issueCoupon, makeApiKey, makeStore, makeTemplate, type Auth, type MemberFixture } from '../helpers/factories.ts';
import { signInAs, uniqueMobile } from '../helpers/members.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

type Err = { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } };
const DAY = 86_400_000;

let server: TestServer;
let admin: Auth;
let staff: MemberFixture & { storeIds: number[] };
let giftTemplate: number;

beforeAll(async () => {
  // The schedule is driven by hand here (and in a process of its own below).
  server = await startTestServer({ WORKERS: 'off', NOTIFY_DISPATCHER: 'off' });
  admin = (await signInAs(server, DEMO_ADMIN)).auth;
  const store = await makeStore(server, admin);
  staff = { ...member({ name: '測試店員' }), storeIds: [store.id] };
  await server.client.call('consoleSetRoles', { headers: admin, params: { id: staff.memberId }, body: { isAdmin: false, staffStoreIds: [store.id] } });
  giftTemplate = (await makeTemplate(server, admin, { name: '草莓蛋糕兌換券', kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '草莓蛋糕' }, transferable: true })).id;
});
afterAll(async () => {
  await server.stop();
});

let seq = 0;
/**
 * A registered member with a session, written straight to the database (as
 * registeredMembersWithSessions does): the registration flow is the mobiles feature's, and a
 * gift only needs a registered member with a verified number (or, with `mobile: null`, none yet).
 */
function member(options: { name?: string; mobile?: string | null; mobileVerified?: boolean } = {}): MemberFixture {
  seq += 1;
  const typed = options.mobile === null ? '' : (options.mobile ?? uniqueMobile());
  const e164 = typed ? (normalizeMobile(typed) as { e164: string }).e164 : null;
  const now = new Date();
  const token = randomBytes(32).toString('base64url');
  const row = transact(server.db.db, (tx) => {
    const m = insertMember(tx, { lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: `Gift ${seq}`, name: options.name ?? `會員${seq}`, mobile: e164, mobileVerifiedAt: e164 && options.mobileVerified !== false ? now : null, birthday: '1990-06-15', registeredAt: now, consentAt: now, isFollowing: true });
    insertSession(tx, { tokenHash: hashToken(token), memberId: m.id, expiresAt: new Date(Date.now() + 3600_000) });
    return m;
  });
  return { userId: row.lineUserId, memberId: row.id, auth: { authorization: `Bearer ${token}` }, token, name: row.name!, mobile: typed };
}

async function couponFor(owner: MemberFixture, templateId = giftTemplate): Promise<{ id: number; code: string }> {
  const c = await issueCoupon(server, admin, templateId, owner.mobile);
  return { id: c.id, code: c.code };
}

async function send(from: MemberFixture, body: { couponId: number; mobile: string; message?: string; uses?: number }) {
  return server.client.call('giftSend', { headers: from.auth, body });
}

async function sendOk(from: MemberFixture, body: { couponId: number; mobile: string; message?: string; uses?: number }): Promise<TSendGiftResponse> {
  const res = await send(from, body);
  if (res.status !== 201) throw new Error(`send: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const coupon = (id: number) => server.db.db.select().from(coupons).where(eq(coupons.id, id)).get()!;
const transfer = (id: number) => server.db.db.select().from(transfers).where(eq(transfers.id, id)).get()!;
const ledger = (couponId: number) => server.db.db.select().from(couponEvents).where(eq(couponEvents.couponId, couponId)).all();
const notices = (memberId: number, kind: string) => server.db.db.select().from(outbox).where(and(eq(outbox.memberId, memberId), eq(outbox.kind, kind))).all();

/** As the SMS verification does: the number and its confirmation, and `member.mobile_verified`, in one transaction. */
function verifyMobile(memberId: number, typed: string): void {
  const mobile = normalizeMobile(typed);
  if (!mobile.ok) throw new Error('bad mobile');
  const at = new Date();
  transact(server.db.db, (tx) => {
    updateMember(tx, memberId, { mobile: mobile.e164, mobileVerifiedAt: at });
    publish(tx, { type: 'member.mobile_verified', memberId, mobile: mobile.e164, at });
  });
}

describe('sending a gift', () => {
  it('locks the coupon (轉贈中), tells a member friend at once, and the friend accepts: the coupon is theirs under a new code', async () => {
    const sender = member({ name: '王小明' });
    const friend = member({ name: '陳美玲' });
    const c = await couponFor(sender);
    expect((await server.client.call('walletCoupon', { headers: sender.auth, params: { id: c.id } })).body.canGive).toBe(true);
    const sent = await sendOk(sender, { couponId: c.id, mobile: friend.mobile.replace(/^0/, '+886 '), message: '生日快樂 🎂' });
    expect(sent.gift).toMatchObject({ state: 'pending', direction: 'sent', message: '生日快樂 🎂', counterpart: `${friend.mobile.slice(0, 4)}***${friend.mobile.slice(-3)}` });
    expect(sent.share.url).toContain('/app/gifts');
    expect(coupon(c.id).status).toBe('transferring');
    const wallet = await server.client.call('walletCoupon', { headers: sender.auth, params: { id: c.id } });
    expect(wallet.body).toMatchObject({ status: 'transferring', canGive: false });
    const qr = await server.client.call('walletQr', { headers: sender.auth, params: { id: c.id } });
    expect((qr.body as unknown as Err).error.code).toBe('COUPON_TRANSFER_PENDING');
    expect(notices(friend.memberId, 'gift_received')).toHaveLength(1);

    const inbox = await server.client.call('giftList', { headers: friend.auth, query: { tab: 'received' } });
    expect(inbox.body.pendingReceived).toBe(1);
    expect(inbox.body.items[0]).toMatchObject({ id: sent.gift.id, counterpart: '王小明', state: 'pending', coupon: { id: null, name: '草莓蛋糕兌換券' } });

    const accepted = await server.client.call('giftAccept', { headers: friend.auth, params: { id: sent.gift.id } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', coupon: { id: c.id } });
    const moved = coupon(c.id);
    expect(moved).toMatchObject({ memberId: friend.memberId, status: 'active', usesLeft: 1 });
    expect(moved.code).not.toBe(c.code);
    expect(ledger(c.id).map((e) => e.type)).toEqual(['issued', 'transfer_locked', 'transferred_out', 'transferred_in']);
    expect(notices(sender.memberId, 'coupon_transferred')).toHaveLength(1);
    // The sender no longer sees it; the friend can show its QR.
    expect((await server.client.call('walletCoupon', { headers: sender.auth, params: { id: c.id } })).status).toBe(404);
    expect((await server.client.call('walletQr', { headers: friend.auth, params: { id: c.id } })).status).toBe(200);
    // Given once already (max gives 1): the friend's wallet does not offer it as giftable.
    const received = await server.client.call('walletList', { headers: friend.auth, query: { tab: 'active' } });
    expect(received.body.items.find((i) => i.id === c.id)).toMatchObject({ canGive: false });
    // The second step on the same gift loses.
    const again = await server.client.call('giftCancel', { headers: sender.auth, params: { id: sent.gift.id } });
    expect(again.status).toBe(409);
    expect((again.body as unknown as Err).error.code).toBe('GIFT_NOT_PENDING');
    // Given once: the friend cannot give it on (max gives 1).
    const third = member();
    const onward = await send(friend, { couponId: c.id, mobile: third.mobile });
    expect((onward.body as unknown as Err).error).toMatchObject({ code: 'GIFT_NOT_ALLOWED', details: { reason: 'MAX_GIVES' } });
  });

  it('declined or cancelled, the coupon is the sender\'s again (declined tells the sender)', async () => {
    const sender = member();
    const friend = member();
    const a = await couponFor(sender);
    const b = await couponFor(sender);
    const ga = await sendOk(sender, { couponId: a.id, mobile: friend.mobile });
    const gb = await sendOk(sender, { couponId: b.id, mobile: friend.mobile });
    const declined = await server.client.call('giftDecline', { headers: friend.auth, params: { id: ga.gift.id } });
    expect(declined.body.state).toBe('declined');
    expect(coupon(a.id)).toMatchObject({ memberId: sender.memberId, status: 'active' });
    expect(notices(sender.memberId, 'gift_declined')).toHaveLength(1);
    // Only the friend declines, only the sender cancels.
    expect((await server.client.call('giftCancel', { headers: friend.auth, params: { id: gb.gift.id } })).status).toBe(404);
    const cancelled = await server.client.call('giftCancel', { headers: sender.auth, params: { id: gb.gift.id } });
    expect(cancelled.body.state).toBe('cancelled');
    expect(coupon(b.id)).toMatchObject({ memberId: sender.memberId, status: 'active', code: b.code });
    expect((await server.client.call('giftAccept', { headers: friend.auth, params: { id: gb.gift.id } })).status).toBe(409);
    // Back to normal: it can be redeemed at the counter.
    const redeemed = await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId: staff.storeIds[0]!, code: b.code, uses: 1 } });
    expect(redeemed.status).toBe(201);
  });

  it('names the coupon in English to English-language members (gift received, delivered, declined) and in the English inbox', async () => {
    const tpl = (await makeTemplate(server, admin, { name: '芒果冰兌換券', nameEn: 'Mango shaved ice', kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '芒果冰' }, transferable: true })).id;
    const sender = member({ name: 'Sam' });
    const friend = member({ name: 'Fay' });
    for (const m of [sender, friend]) updateMember(server.db.db, m.memberId, { language: 'en' });
    const ctx = { timeZone: server.config.brandTimezone, brandName: 'Brand', liffUrl: (path: string) => `https://liff.example${path}` };
    const rendered = (memberId: number, kind: 'gift_received' | 'coupon_transferred' | 'gift_declined', lang: 'en' | 'zh-TW' = 'en') => {
      const [row] = notices(memberId, kind);
      expect(row, kind).toBeDefined();
      return renderNotification(defaultTemplate(kind), row!.variables as Record<string, unknown>, { ...ctx, lang }).body;
    };
    const a = await couponFor(sender, tpl);
    const ga = await sendOk(sender, { couponId: a.id, mobile: friend.mobile });
    expect(rendered(friend.memberId, 'gift_received')).toContain('Mango shaved ice');
    expect(rendered(friend.memberId, 'gift_received')).not.toContain('芒果冰兌換券');
    expect(rendered(friend.memberId, 'gift_received', 'zh-TW')).toContain('芒果冰兌換券');
    const inbox = await server.client.call('giftList', { headers: { ...friend.auth, 'accept-language': 'en' }, query: { tab: 'received' } });
    expect(inbox.body.items.find((g) => g.id === ga.gift.id)?.coupon.name).toBe('Mango shaved ice');
    await server.client.call('giftDecline', { headers: friend.auth, params: { id: ga.gift.id } });
    expect(rendered(sender.memberId, 'gift_declined')).toContain('Mango shaved ice');
    const b = await couponFor(sender, tpl);
    const gb = await sendOk(sender, { couponId: b.id, mobile: friend.mobile });
    expect((await server.client.call('giftAccept', { headers: friend.auth, params: { id: gb.gift.id } })).status).toBe(200);
    expect(rendered(sender.memberId, 'coupon_transferred')).toContain('Mango shaved ice');
  });

  it('only the friend holding the verified number accepts; the answer is the gift as the inbox shows it', async () => {
    const sender = member({ name: '王小明' });
    const friend = member();
    const stranger = member();
    const c = await couponFor(sender);
    const sent = await sendOk(sender, { couponId: c.id, mobile: friend.mobile, message: '給你' });
    const accept = (who: MemberFixture) => server.client.call('giftAccept', { headers: who.auth, params: { id: sent.gift.id } });
    const code = async (who: MemberFixture) => {
      const res = await accept(who);
      return `${res.status} ${(res.body as unknown as Err).error?.code}`;
    };
    // Another member's gift answers like a missing one; so does the sender's own.
    expect(await code(stranger)).toBe('404 GIFT_NOT_FOUND');
    expect(await code(sender)).toBe('404 GIFT_NOT_FOUND');
    // The friend's number no longer confirmed: verify first.
    updateMember(server.db.db, friend.memberId, { mobileVerifiedAt: null });
    expect(await code(friend)).toBe('403 MOBILE_NOT_VERIFIED');
    // The friend now holds another (verified) number: the gift was for the old one.
    const other = normalizeMobile(uniqueMobile()) as { e164: string };
    updateMember(server.db.db, friend.memberId, { mobile: other.e164, mobileVerifiedAt: new Date() });
    expect(await code(friend)).toBe('404 GIFT_NOT_FOUND');
    expect(transfer(sent.gift.id).state).toBe('pending');
    expect(coupon(c.id)).toMatchObject({ memberId: sender.memberId, status: 'transferring' });
    // Back on the number it was sent to: accepted, once.
    updateMember(server.db.db, friend.memberId, { mobile: (normalizeMobile(friend.mobile) as { e164: string }).e164, mobileVerifiedAt: new Date() });
    const accepted = await accept(friend);
    expect(accepted.status).toBe(200);
    const inbox = await server.client.call('giftList', { headers: friend.auth, query: { tab: 'received' } });
    expect(accepted.body).toEqual(inbox.body.items.find((g) => g.id === sent.gift.id));
    expect(accepted.body).toMatchObject({ state: 'accepted', direction: 'received', counterpart: '王小明', message: '給你', coupon: { id: c.id, name: '草莓蛋糕兌換券' } });
    expect(await code(friend)).toBe('409 GIFT_NOT_PENDING');
    expect(ledger(c.id).filter((e) => e.type === 'transferred_in')).toHaveLength(1);
  });

  it('refuses what may not be given, in words people can act on', async () => {
    const sender = member();
    const friend = member();
    const plain = (await makeTemplate(server, admin, { name: '不可轉贈券' })).id;
    const notTransferable = await couponFor(sender, plain);
    const r1 = await send(sender, { couponId: notTransferable.id, mobile: friend.mobile });
    expect((r1.body as unknown as Err).error).toMatchObject({ code: 'GIFT_NOT_ALLOWED', details: { reason: 'NOT_TRANSFERABLE' } });
    const c = await couponFor(sender);
    const self = await send(sender, { couponId: c.id, mobile: sender.mobile });
    expect(self.status).toBe(400);
    expect((self.body as unknown as Err).error.code).toBe('GIFT_TO_SELF');
    const long = await send(sender, { couponId: c.id, mobile: friend.mobile, message: '好'.repeat(61) });
    expect(long.status).toBe(400);
    expect((await send(sender, { couponId: c.id, mobile: friend.mobile, message: '🎂'.repeat(60) })).status).toBe(201);
    const notMine = await send(friend, { couponId: c.id, mobile: sender.mobile });
    expect((notMine.body as unknown as Err).error.code).toBe('COUPON_NOT_FOUND');
    const multi = (await makeTemplate(server, admin, { name: '咖啡 5 杯', transferable: true, usesPerCoupon: 5 })).id;
    const used = await couponFor(sender, multi);
    await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId: staff.storeIds[0]!, code: used.code, uses: 1 } });
    const r2 = await send(sender, { couponId: used.id, mobile: friend.mobile });
    expect((r2.body as unknown as Err).error).toMatchObject({ code: 'GIFT_NOT_ALLOWED', details: { reason: 'NOT_UNUSED' } });
    // The wallet's 「可轉贈」 follows the same rule: not on a used, untransferable or nearly expired coupon.
    const soon = (await makeTemplate(server, admin, { name: '今晚到期券', transferable: true, validity: { type: 'fixed', from: new Date(Date.now() - DAY).toISOString(), until: new Date(Date.now() + 12 * 3600_000).toISOString() } })).id;
    const expiring = await couponFor(sender, soon);
    expect((await send(sender, { couponId: expiring.id, mobile: friend.mobile })).body).toMatchObject({ error: { details: { reason: 'EXPIRING' } } });
    const fresh = await couponFor(sender, multi);
    const listed = new Map((await server.client.call('walletList', { headers: sender.auth, query: { tab: 'active' } })).body.items.map((i) => [i.id, i.canGive]));
    expect([listed.get(used.id), listed.get(notTransferable.id), listed.get(expiring.id), listed.get(fresh.id)]).toEqual([false, false, false, true]);
    // Unverified mobiles: the sender is sent to verify.
    const unverified = member({ mobileVerified: false });
    const c2 = await couponFor(unverified);
    const r3 = await send(unverified, { couponId: c2.id, mobile: friend.mobile });
    expect(r3.status).toBe(403);
    expect((r3.body as unknown as Err).error).toMatchObject({ code: 'MOBILE_NOT_VERIFIED', details: { verifyAt: '/profile' } });
  });

  it('a partial gift splits the coupon: 3 of the 8 uses left travel (10 − 2 used), totals stay 10, the ledger shows both halves', async () => {
    const sender = member();
    const friend = member();
    const t = (await makeTemplate(server, admin, { name: '寄杯 10 杯', transferable: true, allowPartialTransfer: true, usesPerCoupon: 10 })).id;
    const c = await couponFor(sender, t);
    await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId: staff.storeIds[0]!, code: c.code, uses: 2 } });
    const tooMany = await send(sender, { couponId: c.id, mobile: friend.mobile, uses: 9 });
    expect((tooMany.body as unknown as Err).error.field).toBe('uses');
    const sent = await sendOk(sender, { couponId: c.id, mobile: friend.mobile, uses: 3 });
    expect(sent.gift).toMatchObject({ isPartial: true, coupon: { uses: 3 } });
    const row = transfer(sent.gift.id);
    const part = coupon(row.giftCouponId);
    const rest = coupon(c.id);
    expect(rest).toMatchObject({ status: 'active', usesTotal: 7, usesLeft: 5 });
    expect(part).toMatchObject({ status: 'transferring', usesTotal: 3, usesLeft: 3, validUntil: rest.validUntil, memberId: sender.memberId });
    expect(rest.usesTotal + part.usesTotal).toBe(10);
    expect(ledger(c.id).map((e) => e.type)).toEqual(['issued', 'redeemed', 'split_out']);
    expect(ledger(c.id).at(-1)!.uses).toBe(3);
    expect(ledger(part.id).map((e) => [e.type, e.uses])).toEqual([['split_in', 3], ['transfer_locked', 3]]);
    // The rest is still usable while the part is on its way.
    expect((await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId: staff.storeIds[0]!, code: c.code, uses: 1 } })).status).toBe(201);
    const refused = await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId: staff.storeIds[0]!, code: part.code, uses: 1 } });
    expect((refused.body as unknown as Err).error.code).toBe('COUPON_TRANSFER_PENDING');
    await server.client.call('giftAccept', { headers: friend.auth, params: { id: sent.gift.id } });
    expect(coupon(part.id)).toMatchObject({ memberId: friend.memberId, status: 'active', usesLeft: 3 });
    const all = [coupon(c.id), coupon(part.id)];
    const redeemedUses = server.db.db.select().from(redemptions).where(inArray(redemptions.couponId, [c.id, part.id])).all().reduce((s, r) => s + r.uses, 0);
    expect(all.reduce((s, x) => s + x.usesTotal, 0)).toBe(10);
    expect(all.reduce((s, x) => s + x.usesLeft, 0) + redeemedUses).toBe(10);
  });
});

describe('at the counter', () => {
  it('POS and staff refuse a pending coupon with 「票券轉贈中，無法使用」', async () => {
    const sender = member();
    const friend = member();
    const c = await couponFor(sender);
    await sendOk(sender, { couponId: c.id, mobile: friend.mobile });
    const key = await makeApiKey(server, admin, { scopes: ['pos'], storeIds: staff.storeIds });
    const storeId = staff.storeIds[0]!;
    const pos = await server.client.call('posRedeem', { headers: { ...key.auth, 'idempotency-key': `gift-${c.id}-pos` }, body: { storeId, code: c.code, uses: 1 } });
    expect(pos.status).toBe(409);
    expect((pos.body as unknown as Err).error).toMatchObject({ code: 'COUPON_TRANSFER_PENDING', message: '票券轉贈中，無法使用' });
    const check = await server.client.call('posValidate', { headers: key.auth, body: { storeId, code: c.code } });
    expect(check.body.verdict).toMatchObject({ ok: false, reason: 'TRANSFER_PENDING', message: '票券轉贈中，無法使用' });
    const scanner = await server.client.call('staffRedeem', { headers: staff.auth, body: { storeId, code: c.code, uses: 1 } });
    expect((scanner.body as unknown as Err).error).toMatchObject({ code: 'COUPON_TRANSFER_PENDING', message: '票券轉贈中，無法使用' });
    expect(coupon(c.id).usesLeft).toBe(1);
  });
});

describe('friends who are not members yet', () => {
  it('the gift is held for the number; the friend registers, verifies it, finds it waiting and accepts', async () => {
    const sender = member({ name: '林大同' });
    const number = uniqueMobile();
    const c = await couponFor(sender);
    const sent = await sendOk(sender, { couponId: c.id, mobile: number, message: '一起喝咖啡' });
    expect(transfer(sent.gift.id).recipientMemberId).toBeNull();
    expect(sent.share.text).toContain('草莓蛋糕兌換券');
    // Registered with the number but not verified yet: nothing to accept.
    const friend = member({ mobile: null });
    expect((await server.client.call('giftList', { headers: friend.auth })).body).toMatchObject({ items: [], mobileVerified: false });
    verifyMobile(friend.memberId, number);
    const inbox = await server.client.call('giftList', { headers: friend.auth });
    expect(inbox.body).toMatchObject({ pendingReceived: 1, mobileVerified: true, items: [{ id: sent.gift.id, counterpart: '林大同', message: '一起喝咖啡' }] });
    expect(notices(friend.memberId, 'gift_received')).toHaveLength(1);
    const accepted = await server.client.call('giftAccept', { headers: friend.auth, params: { id: sent.gift.id } });
    expect(accepted.body.state).toBe('accepted');
    const wallet = await server.client.call('walletList', { headers: friend.auth, query: { tab: 'active' } });
    expect(wallet.body.items.map((i) => i.id)).toContain(c.id);
    expect(notices(sender.memberId, 'coupon_transferred')).toHaveLength(1);
  });

  it('the send answer is the same for a member\'s number and a stranger\'s', async () => {
    const sender = member();
    const friend = member();
    const stranger = uniqueMobile();
    const [a, b] = [await couponFor(sender), await couponFor(sender)];
    const toMember = await send(sender, { couponId: a.id, mobile: friend.mobile, message: 'hi' });
    const toStranger = await send(sender, { couponId: b.id, mobile: stranger, message: 'hi' });
    expect(toMember.status).toBe(toStranger.status);
    const shape = (r: TSendGiftResponse) => ({ ...r, gift: { ...r.gift, id: 0, counterpart: 'x', sentAt: 'x', returnAt: 'x', coupon: { ...r.gift.coupon, id: 0, validUntil: 'x' } } });
    expect(shape(toMember.body)).toEqual(shape(toStranger.body));
    expect(Object.keys(toMember.body.gift).sort()).toEqual(Object.keys(toStranger.body.gift).sort());
  });
});

describe('returns', () => {
  const runJob = async (at: Date, key: string) => {
    const runner = new JobRunner({ db: server.db.db, log: createLogger('silent'), timeZone: 'Asia/Taipei', pollMs: 20, now: () => at });
    runner.define(GIFT_RETURNS_JOB, giftReturnsJob(server.services.transfers));
    enqueueJob(server.db.db, { kind: GIFT_RETURNS_JOB, key, payload: {} });
    runner.start();
    try {
      return await waitFor(() => {
        const job = findJobByKey(server.db.db, key)!;
        return job.status === 'done' ? job : undefined;
      }, 10_000);
    } finally {
      await runner.stop();
    }
  };

  it('reminds the friend a day ahead, then returns an unaccepted gift after the brand\'s window; a late accept is refused', async () => {
    expect((await server.client.call('consoleSaveGiftSettings', { headers: admin, body: { pendingDays: 3 } })).body).toEqual({ pendingDays: 3 });
    const sender = member();
    const friend = member();
    const c = await couponFor(sender);
    const sent = await sendOk(sender, { couponId: c.id, mobile: friend.mobile });
    const sentAt = Date.parse(sent.gift.sentAt);
    expect(Date.parse(sent.gift.returnAt) - sentAt).toBe(3 * DAY);
    await runJob(new Date(sentAt + 2.5 * DAY), `returns-remind-${c.id}`);
    expect(transfer(sent.gift.id).state).toBe('pending');
    expect(notices(friend.memberId, 'gift_returning')).toHaveLength(1);
    const done = await runJob(new Date(sentAt + 3 * DAY + 1000), `returns-${c.id}`);
    expect(done.result).toMatchObject({ returned: expect.any(Number) });
    expect(transfer(sent.gift.id)).toMatchObject({ state: 'returned', returnReason: 'window' });
    expect(coupon(c.id)).toMatchObject({ memberId: sender.memberId, status: 'active' });
    expect(notices(sender.memberId, 'gift_returned')).toHaveLength(1);
    expect(notices(friend.memberId, 'gift_returning')).toHaveLength(1);
    expect((await server.client.call('giftAccept', { headers: friend.auth, params: { id: sent.gift.id } })).status).toBe(409);
    await server.client.call('consoleSaveGiftSettings', { headers: admin, body: { pendingDays: 7 } });
  });

  it('a gift whose coupon would expire while pending returns a day before the coupon expires', async () => {
    const sender = member();
    const friend = member();
    const shortLived = (await makeTemplate(server, admin, { name: '三日券', transferable: true, validity: { type: 'relative', days: 3 } })).id;
    const c = await couponFor(sender, shortLived);
    const sent = await sendOk(sender, { couponId: c.id, mobile: friend.mobile });
    expect(Date.parse(sent.gift.returnAt)).toBe(coupon(c.id).validUntil.getTime() - DAY);
    await runJob(new Date(Date.parse(sent.gift.returnAt) + 1000), `returns-expiring-${c.id}`);
    expect(transfer(sent.gift.id)).toMatchObject({ state: 'returned', returnReason: 'coupon_expiring' });
  });

  it('the return job SIGKILLed mid-run and resumed by another process returns each gift once', async () => {
    const sender = member();
    const friend = member();
    const ids: number[] = [];
    for (let i = 0; i < 10; i += 1) ids.push((await sendOk(sender, { couponId: (await couponFor(sender)).id, mobile: friend.mobile })).gift.id);
    server.db.db.update(transfers).set({ returnAt: new Date(Date.now() - 1000) }).where(inArray(transfers.id, ids)).run();
    const key = `returns-crash-${ids[0]}`;
    enqueueJob(server.db.db, { kind: GIFT_RETURNS_JOB, key, payload: {} });
    const children: ChildProcess[] = [];
    const start = () => {
      const child = spawn(process.execPath, [resolve(import.meta.dirname, 'fixtures/gift-return-worker.ts')], {
        env: { PATH: process.env.PATH, DATABASE_PATH: server.config.databasePath, LEASE_MS: '1500', CHUNK: '2', UNIT_MS: '150', TZ: 'UTC' },
        stdio: 'ignore',
      });
      children.push(child);
      return child;
    };
    const returned = () => server.db.db.select().from(transfers).where(and(inArray(transfers.id, ids), eq(transfers.state, 'returned'))).all().length;
    try {
      const first = start();
      await waitFor(() => returned() >= 4, 20_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(returned()).toBeLessThan(10);
      expect(findJobByKey(server.db.db, key)).toMatchObject({ status: 'running', attempts: 1 });
      start();
      const done = await waitFor(() => {
        const job = findJobByKey(server.db.db, key)!;
        return job.status === 'done' ? job : undefined;
      }, 20_000);
      expect(done).toMatchObject({ attempts: 2, result: { resumed: true } });
      expect(returned()).toBe(10);
      for (const id of ids) {
        const t = transfer(id);
        expect(ledger(t.giftCouponId).filter((e) => e.type === 'transfer_unlocked')).toHaveLength(1);
        expect(coupon(t.giftCouponId)).toMatchObject({ status: 'active', memberId: sender.memberId });
      }
      expect(notices(sender.memberId, 'gift_returned')).toHaveLength(10);
      expect(server.db.db.select().from(jobs).where(eq(jobs.key, key)).all()).toHaveLength(1);
    } finally {
      for (const c of children) c.kill('SIGKILL');
    }
  }, 45_000);
});

describe('races', () => {
  it('accept × cancel × redeem × return fired at once on one coupon: exactly one step wins and the ledger adds up', async () => {
    const sender = member();
    const friend = member();
    const storeId = staff.storeIds[0]!;
    const winners: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      const c = await couponFor(sender);
      const sent = await sendOk(sender, { couponId: c.id, mobile: friend.mobile });
      const row = transfer(sent.gift.id);
      const steps: Promise<{ step: string; ok: boolean; code?: string }>[] = [
        server.client.call('giftAccept', { headers: friend.auth, params: { id: row.id } }).then((r) => ({ step: 'accept', ok: r.status === 200, code: (r.body as unknown as Err).error?.code })),
        server.client.call('giftCancel', { headers: sender.auth, params: { id: row.id } }).then((r) => ({ step: 'cancel', ok: r.status === 200, code: (r.body as unknown as Err).error?.code })),
        server.client.call('staffRedeem', { headers: staff.auth, body: { storeId, code: c.code, uses: 1 } }).then((r) => ({ step: 'redeem', ok: r.status === 201, code: (r.body as unknown as Err).error?.code })),
        new Promise((r) => setTimeout(r, round)).then(() => ({ step: 'return', ok: transact(server.db.db, (tx) => server.services.transfers.returnDue(tx, row, Date.now())) })),
      ];
      // Vary who goes first.
      if (round % 2) steps.reverse();
      const results = await Promise.all(steps);
      const moves = results.filter((r) => r.step !== 'redeem' && r.ok);
      expect(moves, JSON.stringify(results)).toHaveLength(1);
      winners.push(moves[0]!.step);
      const redeem = results.find((r) => r.step === 'redeem')!;
      const t = transfer(row.id);
      const now = coupon(c.id);
      const events = ledger(c.id);
      expect(events.filter((e) => e.type === 'transfer_locked')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'transfer_unlocked' || e.type === 'transferred_out')).toHaveLength(1);
      if (t.state === 'accepted') {
        // Before the accept the coupon was locked; after it the old code no longer exists.
        expect(redeem.ok).toBe(false);
        expect(['COUPON_TRANSFER_PENDING', 'COUPON_NOT_FOUND']).toContain(redeem.code);
        expect(now.memberId).toBe(friend.memberId);
      } else {
        expect(now.memberId).toBe(sender.memberId);
        if (!redeem.ok) expect(redeem.code).toBe('COUPON_TRANSFER_PENDING');
      }
      const redeemed = events.filter((e) => e.type === 'redeemed').reduce((s, e) => s + e.uses, 0);
      expect(redeemed).toBe(redeem.ok ? 1 : 0);
      expect(now.usesLeft).toBe(now.usesTotal - redeemed);
    }
    expect(winners.length).toBe(6);
  });
});

describe('the demo showcase', () => {
  it('gives 王小明 a pending gift from 陳美玲 to find in 收到的禮物, once, and makes afternoon tea giftable in part', async () => {
    const { findMemberByLineUserId } = await import('../../bot-server/members/member.repo.ts');
    const { SHOWCASE, seedShowcaseGift } = await import('../../bot-server/demo/showcase.ts');
    const deps = { transfers: server.services.transfers, actorOf: (m: Parameters<typeof server.services.auth.actorFor>[0]) => server.services.auth.actorFor(m) };
    await seedShowcaseGift(server.db.db, deps);
    await seedShowcaseGift(server.db.db, deps);
    const wang = findMemberByLineUserId(server.db.db, SHOWCASE.birthdayMember)!;
    const chen = findMemberByLineUserId(server.db.db, SHOWCASE.giftSender)!;
    const held = server.db.db.select().from(transfers).where(eq(transfers.senderMemberId, chen.id)).all();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ state: 'pending', recipientMemberId: wang.id, message: SHOWCASE.giftMessage });
    expect(coupon(held[0]!.giftCouponId)).toMatchObject({ memberId: chen.id, status: 'transferring' });
    expect(notices(wang.id, 'gift_received')).toHaveLength(1);
    const { listTemplates } = await import('../../bot-server/coupons/coupon.repo.ts');
    expect(listTemplates(server.db.db).find((t) => t.name === SHOWCASE.partialGiftTemplate)).toMatchObject({ transferable: true, allowPartialTransfer: true });
  });
});
