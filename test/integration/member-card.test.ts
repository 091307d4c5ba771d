import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueRotatingCode, ROTATING_WINDOW_MS } from '../../bot-server/auth/rotating-code.ts';
import { loadQrSecret } from '../../bot-server/coupons/qr-token.ts';
import { transact } from '../../bot-server/db/client.ts';
import { members } from '../../bot-server/db/schema.ts';
import { loadMemberCardSecret } from '../../bot-server/members/member-card.service.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { makeApiKey } from '../helpers/factories.ts';
import { registeredMembersWithSessions, signInAs, signInNewUser } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'U0000000000000000000000000000a005';
const STAFF = 'U0000000000000000000000000000a004'; // 店員 Amy: 信義店 and 南西店

let server: TestServer;
let admin: Record<string, string>;
let staff: Record<string, string>;
let stores: Record<string, number>;

beforeAll(async () => {
  server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN });
  admin = (await signInAs(server, ADMIN)).auth;
  staff = (await signInAs(server, STAFF)).auth;
  stores = Object.fromEntries(server.services.stores.list({ includeInactive: false }).map((s) => [s.code, s.id]));
});

afterAll(async () => {
  await server?.stop();
});

/** A coupon issued straight through the coupons domain's port to a member. */
function issue(templateId: number, memberId: number): { id: number; code: string } {
  const issued = transact(server.db.db, (tx) => server.services.coupons.issueInTx(tx, { templateId, memberId, source: 'admin', actor: { kind: 'system', label: 'cli' }, notify: false }));
  return { id: issued.id, code: issued.code };
}

describe('the member card (會員條碼)', () => {
  it('shows a rotating 18-digit code; the lookup takes the current and previous window, not older or tampered ones', async () => {
    const [m] = registeredMembersWithSessions(server, 1);
    const card = await server.client.call('memberCard', { headers: m!.auth });
    expect(card.status).toBe(200);
    expect(card.headers.get('cache-control')).toBe('no-store');
    expect(card.body.code).toMatch(/^8\d{17}$/);
    expect(card.body.memberNumber).toBe(String(m!.memberId).padStart(8, '0'));
    expect(Date.parse(card.body.expiresAt) - Date.parse(card.body.refreshAt)).toBe(ROTATING_WINDOW_MS);

    const lookup = server.services.memberLookup;
    const db = server.db.db;
    const secret = loadMemberCardSecret(db);
    const now = new Date();
    expect(lookup.byCardCode(db, card.body.code, now)).toBe(m!.memberId);
    const previous = issueRotatingCode(secret, 'member', m!.memberId, now.getTime() - ROTATING_WINDOW_MS).code;
    expect(lookup.byCardCode(db, previous, now)).toBe(m!.memberId);
    const older = issueRotatingCode(secret, 'member', m!.memberId, now.getTime() - 2 * ROTATING_WINDOW_MS).code;
    expect(lookup.byCardCode(db, older, now)).toBeNull();
    const tampered = `${card.body.code.slice(0, -1)}${(Number(card.body.code.at(-1)) + 1) % 10}`;
    expect(lookup.byCardCode(db, tampered, now)).toBeNull();
    // Another member's number in a code signed for this one.
    expect(lookup.byCardCode(db, `8${String(m!.memberId + 1).padStart(9, '0')}${card.body.code.slice(10)}`, now)).toBeNull();
    // The screenshot a minute later.
    expect(lookup.byCardCode(db, card.body.code, new Date(now.getTime() + 2 * ROTATING_WINDOW_MS))).toBeNull();
  });

  it('only a registered member has a card', async () => {
    const visitor = await signInNewUser(server, 'Visitor');
    const res = await server.client.call('memberCard', { headers: visitor.auth });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('REGISTRATION_REQUIRED');
    expect((await server.client.call('memberCard', {})).status).toBe(401);
  });

  it('the counter reads it: staff and a store-limited POS key see the name; expired and forged codes say so', async () => {
    const [m] = registeredMembersWithSessions(server, 1);
    const { code } = (await server.client.call('memberCard', { headers: m!.auth })).body;
    const seen = await server.client.call('staffMemberCard', { headers: staff, body: { storeId: stores.XINYI!, code } });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ member: { memberNumber: String(m!.memberId).padStart(8, '0'), name: expect.stringMatching(/^會員\d+$/) } });
    // Typed by a cashier in groups.
    const typed = code.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect((await server.client.call('staffMemberCard', { headers: staff, body: { storeId: stores.XINYI!, code: typed } })).status).toBe(200);

    const pos = await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [stores.XINYI!] });
    expect((await server.client.call('posMemberCard', { headers: pos.auth, body: { storeId: stores.XINYI!, code } })).body.member.memberNumber).toBe(String(m!.memberId).padStart(8, '0'));
    expect((await server.client.call('posMemberCard', { headers: pos.auth, body: { storeId: stores.NANXI!, code } })).status).toBe(403);
    expect((await server.client.call('staffMemberCard', { headers: staff, body: { storeId: stores.TAICHUNG!, code } })).status).toBe(403);

    const secret = loadMemberCardSecret(server.db.db);
    const stale = issueRotatingCode(secret, 'member', m!.memberId, Date.now() - 3 * ROTATING_WINDOW_MS).code;
    const expired = await server.client.call('posMemberCard', { headers: pos.auth, body: { storeId: stores.XINYI!, code: stale } });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 'MEMBER_CARD_EXPIRED', message: '會員條碼已逾時，請會員重新打開會員條碼' });
    const forged = await server.client.call('posMemberCard', { headers: pos.auth, body: { storeId: stores.XINYI!, code: `${code.slice(0, 12)}000000` } });
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe('MEMBER_CARD_NOT_FOUND');
  });

  it('byMobile names a member only by a verified mobile', () => {
    const [a, b] = registeredMembersWithSessions(server, 2);
    const db = server.db.db;
    const mobileOf = (id: number) => db.select().from(members).where(eq(members.id, id)).get()!.mobile!;
    db.update(members).set({ mobileVerifiedAt: new Date() }).where(eq(members.id, a!.memberId)).run();
    db.update(members).set({ mobileVerifiedAt: null }).where(eq(members.id, b!.memberId)).run();
    expect(server.services.memberLookup.byMobile(db, mobileOf(a!.memberId))).toBe(a!.memberId);
    expect(server.services.memberLookup.byMobile(db, mobileOf(b!.memberId))).toBeNull();
    expect(server.services.memberLookup.byMobile(db, '+886900000000')).toBeNull();
  });
});

describe('the coupon\'s rotating numeric code', () => {
  it('the wallet hands it out with the QR token; the counter takes it (typed too), the previous window, not older or tampered ones', async () => {
    const [m] = registeredMembersWithSessions(server, 1);
    const t = await createTemplate(server, admin, { name: '數字碼券' });
    expect(t.showStaticCode).toBe(false);
    const coupon = issue(t.id, m!.memberId);
    const qr = await server.client.call('walletQr', { headers: m!.auth, params: { id: coupon.id } });
    expect(qr.status).toBe(200);
    expect(qr.body.numericCode).toMatch(/^9\d{17}$/);
    expect(qr.body.showStaticCode).toBe(false);
    expect(qr.body.refreshAt).toBeTruthy();

    const check = (code: string) => server.client.call('staffValidate', { headers: staff, untypedBody: { storeId: stores.XINYI, code } });
    expect((await check(qr.body.numericCode)).body.coupon.id).toBe(coupon.id);
    expect((await check(qr.body.numericCode.replace(/(\d{4})(?=\d)/g, '$1 '))).body.coupon.id).toBe(coupon.id);
    const secret = loadQrSecret(server.db.db);
    expect((await check(issueRotatingCode(secret, 'coupon', coupon.id, Date.now() - ROTATING_WINDOW_MS).code)).body.coupon.id).toBe(coupon.id);
    const older = await check(issueRotatingCode(secret, 'coupon', coupon.id, Date.now() - 2 * ROTATING_WINDOW_MS).code);
    expect(older.status).toBe(400);
    expect(older.body.error.code).toBe('QR_EXPIRED');
    const tampered = await check(`${qr.body.numericCode.slice(0, -2)}${qr.body.numericCode.slice(-2) === '00' ? '01' : '00'}`);
    expect(tampered.status).toBe(404);
    expect(tampered.body.error.code).toBe('COUPON_NOT_FOUND');
    // A member card code is not a coupon.
    const card = (await server.client.call('memberCard', { headers: m!.auth })).body.code;
    expect((await check(card)).body.error.code).toBe('COUPON_NOT_FOUND');

    // The POS redeems with it, once.
    const pos = await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [stores.XINYI!] });
    const redeemed = await server.client.call('posRedeem', { headers: pos.auth, untypedBody: { storeId: stores.XINYI, code: qr.body.numericCode } });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body.couponId).toBe(coupon.id);
    expect((await server.client.call('posRedeem', { headers: pos.auth, untypedBody: { storeId: stores.XINYI, code: qr.body.numericCode } })).body.error.code).toBe('COUPON_ALREADY_USED');
  });

  it('a template may still show the static code (a partner POS reads only that); it is off by default and editable after issue', async () => {
    const [m] = registeredMembersWithSessions(server, 1);
    const t = await createTemplate(server, admin, { name: '夥伴條碼券', showStaticCode: true });
    expect(t.showStaticCode).toBe(true);
    const coupon = issue(t.id, m!.memberId);
    expect((await server.client.call('walletQr', { headers: m!.auth, params: { id: coupon.id } })).body).toMatchObject({ showStaticCode: true, code: coupon.code });
    const { id, isLocked, issuedCount, importedCodesLeft, status, summary, ...rest } = (await server.client.call('consoleGetCouponTemplate', { headers: admin, params: { id: t.id } })).body;
    expect(isLocked).toBe(true);
    const off = await server.client.call('consoleUpdateCouponTemplate', { headers: admin, params: { id: t.id }, untypedBody: { ...rest, showStaticCode: false } });
    expect(off.status).toBe(200);
    expect(off.body.showStaticCode).toBe(false);
    expect((await server.client.call('walletQr', { headers: m!.auth, params: { id: coupon.id } })).body.showStaticCode).toBe(false);
    void [id, issuedCount, importedCodesLeft, status, summary];
  });
});
