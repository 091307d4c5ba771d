import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QR_WINDOW_MS } from '../../bot-server/coupons/qr-token.ts';
import { outbox, redemptions } from '../../bot-server/db/schema.ts';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { followingMember, registerMember, signInAs, signInNewUser, uniqueMobile } from '../helpers/members.ts';
import { settled } from '../helpers/outbox.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';
import { makeAdmin } from '../helpers/factories.ts';

const STAFF = 'U0000000000000000000000000000a004'; // staff at 信義店 and 南西店 in the demo
let server: TestServer;
let admin: Record<string, string>;
let staff: Record<string, string>;
let stores: Record<string, number>;

type Err = { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } };

async function newOwner(name = '持券人') {
  const { userId } = await followingMember(server, name);
  const { auth } = await signInAs(server, userId);
  const mobile = uniqueMobile();
  await registerMember(server, auth, { name, mobile });
  return { userId, auth, mobile };
}

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_BACKOFF_BASE_MS: '20' });
  admin = (await makeAdmin(server)).auth;
  staff = (await signInAs(server, STAFF)).auth;
  const list = await server.client.call('consoleListStores', { headers: admin });
  stores = Object.fromEntries(list.body.items.map((s) => [s.code, s.id]));
});
afterAll(async () => {
  await server.stop();
});

describe('templates and issuing', () => {
  it('refuses a code pattern too small for the stock, saying so with the numbers', async () => {
    const res = await server.client.call('consoleCreateCouponTemplate', { headers: admin, body: { name: '小券', kind: 'amount_off', amountOff: 10, validity: { type: 'relative', days: 7 }, totalStock: 5000, codePattern: { prefix: 'T', charset: 'digits', length: 4 } } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('codePattern.length');
    expect(res.body.error.message).toContain('此規則最多 10,000 組號碼，庫存 5,000 張需要至少 50,000 組');
  });

  it('refuses incomplete rules with a field message', async () => {
    const res = await server.client.call('consoleCreateCouponTemplate', { headers: admin, body: { name: '缺金額', kind: 'amount_off', validity: { type: 'relative', days: 7 } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ field: 'amountOff', message: 'amountOff: 請輸入折抵金額' });
  });

  it('issues by mobile with a code from the pattern, notifies the owner, and locks the rules', async () => {
    const owner = await newOwner();
    const t = await createTemplate(server, admin, { name: 'AA 券', codePattern: { prefix: 'AA', charset: 'digits', length: 10 } });
    const coupon = await issueByMobile(server, admin, t.id, owner.mobile.replace(/^0/, '+886 '));
    expect(coupon.code).toMatch(/^AA\d{10}$/);
    const row = await waitFor(() => server.db.db.select().from(outbox).where(eq(outbox.kind, 'coupon_received')).all().find((r) => JSON.stringify(r.variables).includes('AA 券')));
    await settled(server, [row.id]);
    expect(JSON.stringify((await server.messagesTo(owner.userId)).at(-1)!.message)).toContain('「AA 券」已放入您的票券夾');
    const locked = await server.client.call('consoleUpdateCouponTemplate', { headers: admin, body: { name: 'AA 券', kind: 'amount_off', amountOff: 999, validity: { type: 'relative', days: 30 }, codePattern: { prefix: 'AA', charset: 'digits', length: 10 } }, params: { id: t.id } });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('TEMPLATE_LOCKED');
    const renamed = await server.client.call('consoleUpdateCouponTemplate', { headers: admin, body: { name: 'AA 券（新名）', kind: 'amount_off', amountOff: 100, validity: { type: 'relative', days: 30 }, codePattern: { prefix: 'AA', charset: 'digits', length: 10 } }, params: { id: t.id } });
    expect(renamed.body.name).toBe('AA 券（新名）');
  });

  it('respects stock and the per-member limit', async () => {
    const owner = await newOwner();
    const t = await createTemplate(server, admin, { name: '限量', totalStock: 2, perMemberLimit: 1 });
    await issueByMobile(server, admin, t.id, owner.mobile);
    const again = await server.client.call('consoleIssueCoupon', { headers: admin, body: { templateId: t.id, mobile: owner.mobile } });
    expect(again.body.error.code).toBe('MEMBER_LIMIT_REACHED');
    const other = await newOwner();
    await issueByMobile(server, admin, t.id, other.mobile);
    const third = await newOwner();
    const gone = await server.client.call('consoleIssueCoupon', { headers: admin, body: { templateId: t.id, mobile: third.mobile } });
    expect(gone.body.error.code).toBe('OUT_OF_STOCK');
  });

  it('imports partner codes: bad files are reported whole and nothing is imported; good codes are consumed once each', async () => {
    const t = await createTemplate(server, admin, { name: 'C 品牌合作券', codeMode: 'imported' });
    const post = (csv: string) => fetch(server.url(`/api/console/coupon-templates/${t.id}/codes`), { method: 'POST', headers: { ...admin, 'content-type': 'text/csv' }, body: csv });
    const bad = await post('code\nPARTNER-0001\n\nPARTNER-0002\nPARTNER-0001\nbad code!\n');
    expect(bad.status).toBe(422);
    const report = (await bad.json()) as { imported: number; problems: { line: number; problem: string }[] };
    expect(report.imported).toBe(0);
    expect(report.problems.map((p) => p.line)).toEqual([3, 5, 6]);
    expect(report.problems[1]!.problem).toContain('與第 2 行重複');
    const good = await post('code\nPARTNER-0001\nPARTNER-0002\n');
    expect(good.status).toBe(201);
    expect(((await good.json()) as { imported: number }).imported).toBe(2);
    const clash = await post('PARTNER-0002\n');
    expect(((await clash.json()) as { problems: { problem: string }[] }).problems[0]!.problem).toContain('已有此券號');
    const a = await newOwner();
    const b = await newOwner();
    const c = await newOwner();
    expect((await issueByMobile(server, admin, t.id, a.mobile)).code).toBe('PARTNER-0001');
    expect((await issueByMobile(server, admin, t.id, b.mobile)).code).toBe('PARTNER-0002');
    const none = await server.client.call('consoleIssueCoupon', { headers: admin, body: { templateId: t.id, mobile: c.mobile } });
    expect(none.body.error.code).toBe('OUT_OF_STOCK');
    const csv = await fetch(server.url(`/api/console/coupon-templates/${t.id}/codes.csv`), { headers: admin });
    const text = await csv.text();
    expect(text).toContain('PARTNER-0001,active,1,');
    expect(text.trim().split('\n')).toHaveLength(3);
  });
});

describe('the wallet', () => {
  it('lists by tab, sorted by expiry, and hides other members\' coupons', async () => {
    const owner = await newOwner();
    const soon = await createTemplate(server, admin, { name: '快到期', validity: { type: 'relative', days: 2 } });
    const later = await createTemplate(server, admin, { name: '晚到期', validity: { type: 'relative', days: 60 } });
    await issueByMobile(server, admin, later.id, owner.mobile);
    const c = await issueByMobile(server, admin, soon.id, owner.mobile);
    const wallet = await server.client.call('walletList', { headers: owner.auth });
    expect(wallet.body.items.map((i) => i.template.name)).toEqual(['快到期', '晚到期']);
    expect(wallet.body.counts).toEqual({ active: 2, used: 0, expired: 0 });
    const stranger = await newOwner();
    const peek = await server.client.call('walletCoupon', { headers: stranger.auth, params: { id: c.id } });
    expect(peek.status).toBe(404);
    const qr = await server.client.call('walletQr', { headers: stranger.auth, params: { id: c.id } });
    expect(qr.status).toBe(404);
    const unregistered = await signInNewUser(server);
    expect((await server.client.call('walletList', { headers: unregistered.auth })).body.error.code).toBe('REGISTRATION_REQUIRED');
  });
});

describe('at the counter', () => {
  it('the rotating QR token: current and previous window accepted, older or tampered refused, another coupon\'s refused', async () => {
    const owner = await newOwner();
    const t = await createTemplate(server, admin, { name: 'QR 券' });
    const c1 = await issueByMobile(server, admin, t.id, owner.mobile);
    const c2 = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: 'QR 券 2' })).id, owner.mobile);
    const { body } = await server.client.call('walletQr', { headers: owner.auth, params: { id: c1.id } });
    const check = (code: string) => server.client.call('staffValidate', { headers: staff, untypedBody: { storeId: stores.XINYI, code } });
    expect((await check(body.token)).body.coupon.id).toBe(c1.id);
    expect(Date.parse(body.expiresAt) - Date.parse(body.refreshAt)).toBe(QR_WINDOW_MS);
    const [prefix, id, window, sig] = body.token.split('.') as [string, string, string, string];
    const previous = (parseInt(window, 36) - 1).toString(36);
    const old = (parseInt(window, 36) - 2).toString(36);
    // Tokens for other windows must be signed by the server; forge by swapping fields and expect refusal.
    expect((await check(`${prefix}.${id}.${old}.${sig}`)).body.error.code).toBe('COUPON_NOT_FOUND');
    expect((await check(`${prefix}.${c2.id.toString(36)}.${window}.${sig}`)).body.error.code).toBe('COUPON_NOT_FOUND');
    expect((await check(`${prefix}.${id}.${window}.${sig.slice(0, -2)}AA`)).body.error.code).toBe('COUPON_NOT_FOUND');
    // Genuinely signed tokens for the previous window pass, older ones are expired.
    const { issueQrToken, loadQrSecret } = await import('../../bot-server/coupons/qr-token.ts');
    const secret = loadQrSecret(server.db.db);
    const prev = issueQrToken(secret, c1.id, Date.now() - QR_WINDOW_MS).token;
    expect(prev.split('.')[2]).toBe(previous);
    expect((await check(prev)).body.coupon.id).toBe(c1.id);
    const stale = issueQrToken(secret, c1.id, Date.now() - 2 * QR_WINDOW_MS).token;
    const staleRes = await check(stale);
    expect(staleRes.status).toBe(400);
    expect(staleRes.body.error).toMatchObject({ code: 'QR_EXPIRED', message: 'QR Code 已逾時，請會員重新開啟票券' });
  });

  it('explains why a coupon cannot be used here: 「差 NT$120 才達滿額」, 「本券限信義店使用」', async () => {
    const owner = await newOwner();
    const min = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '滿千折百', minSpend: 1000 })).id, owner.mobile);
    const xinyi = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '信義限定', kind: 'percent_off', amountOff: null, percentOff: 30, storeIds: [stores.XINYI!] })).id, owner.mobile);
    const short = await server.client.call('staffValidate', { headers: staff, untypedBody: { storeId: stores.XINYI, code: min.code, orderAmount: 880 } });
    expect(short.body.verdict).toMatchObject({ ok: false, shortBy: 120, message: '差 NT$120 才達滿額（滿 NT$1,000 可用）' });
    const wrong = await server.client.call('staffValidate', { headers: staff, untypedBody: { storeId: stores.NANXI, code: xinyi.code, orderAmount: 500 } });
    expect(wrong.body.verdict.message).toBe('本券限信義店使用');
    const refused = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.NANXI, code: xinyi.code, orderAmount: 500 } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'COUPON_NOT_USABLE', message: '本券限信義店使用', details: { reason: 'WRONG_STORE' } });
    const ok = await server.client.call('staffValidate', { headers: staff, untypedBody: { storeId: stores.XINYI, code: xinyi.code.toLowerCase(), orderAmount: 500 } });
    expect(ok.body.verdict).toMatchObject({ ok: true, discount: 150 });
  });

  it('authorisation: members, staff of another store and revoked or store-limited POS keys are refused', async () => {
    const owner = await newOwner();
    const c = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '授權測試' })).id, owner.mobile);
    const asMember = await server.client.call('staffRedeem', { headers: owner.auth, untypedBody: { storeId: stores.XINYI, code: c.code } });
    expect(asMember.status).toBe(403);
    const otherStore = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.TAICHUNG, code: c.code } });
    expect(otherStore.status).toBe(403);
    expect(otherStore.body.error.message).toContain('台中勤美店');
    const key = await server.client.call('consoleCreateApiKey', { headers: admin, untypedBody: { name: 'POS 信義', scopes: ['pos'], storeIds: [stores.XINYI] } });
    const pos = { authorization: `Bearer ${key.body.key}` };
    expect((await server.client.call('posValidate', { headers: pos, untypedBody: { storeId: stores.NANXI, code: c.code } })).status).toBe(403);
    expect((await server.client.call('posValidate', { headers: pos, untypedBody: { storeId: stores.XINYI, code: c.code } })).status).toBe(200);
    const partnerOnly = await server.client.call('consoleCreateApiKey', { headers: admin, body: { name: '只通知', scopes: ['partner'] } });
    expect((await server.client.call('posValidate', { headers: { authorization: `Bearer ${partnerOnly.body.key}` }, untypedBody: { storeId: stores.XINYI, code: c.code } })).status).toBe(403);
    await server.client.call('consoleRevokeApiKey', { headers: admin, params: { id: key.body.apiKey.id } });
    const revoked = await server.client.call('posRedeem', { headers: pos, untypedBody: { storeId: stores.XINYI, code: c.code } });
    expect(revoked.body.error.code).toBe('API_KEY_REVOKED');
  });

  it('50 parallel redemptions of a 5-use coupon: exactly 5 succeed, the rest hear "already used"', async () => {
    const owner = await newOwner();
    const c = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '五次券', kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '精油體驗' }, usesPerCoupon: 5 })).id, owner.mobile);
    const results = await Promise.all(Array.from({ length: 50 }, () => server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.XINYI, code: c.code } })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    const losers = results.filter((r) => r.status !== 201);
    expect(losers.every((r) => r.status === 409 && r.body.error.code === 'COUPON_ALREADY_USED')).toBe(true);
    const rows = server.db.db.select().from(redemptions).where(eq(redemptions.couponId, c.id)).all();
    expect(rows).toHaveLength(5);
    const wallet = await server.client.call('walletList', { headers: owner.auth, query: { tab: 'used' } });
    expect(wallet.body.items.find((i) => i.id === c.id)).toMatchObject({ usesLeft: 0, status: 'used' });
  });

  it('POS redemption with an Idempotency-Key: a replay returns the first result; void restores the use once', async () => {
    const owner = await newOwner();
    const c = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: 'POS 券', amountOff: 50, usesPerCoupon: 2 })).id, owner.mobile);
    const key = await server.client.call('consoleCreateApiKey', { headers: admin, body: { name: 'POS 全店', scopes: ['pos'] } });
    const headers = { authorization: `Bearer ${key.body.key}`, 'idempotency-key': `order-${randomUUID()}` };
    const body = { storeId: stores.XINYI, code: c.code, orderAmount: 300 };
    const all = await Promise.all(Array.from({ length: 8 }, () => server.client.call('posRedeem', { headers, untypedBody: body })));
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1);
    expect(all[0]!.body).toMatchObject({ usesLeft: 1, discount: 50 });
    const voided = await server.client.call('posVoidRedemption', { headers: { authorization: headers.authorization }, body: { reason: '退貨' }, params: { id: all[0]!.body.id } });
    expect(voided.body).toMatchObject({ usesLeft: 2, voidedAt: expect.any(String) });
    const twice = await server.client.call('posVoidRedemption', { headers: { authorization: headers.authorization }, body: { reason: '退貨' }, params: { id: all[0]!.body.id } });
    expect(twice.body.usesLeft).toBe(2);
  });

  it('staff undo within 10 minutes restores the use and stops the unsent notification; after 10 minutes it is refused', async () => {
    const owner = await newOwner();
    const c = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '可撤銷券' })).id, owner.mobile);
    const dispatcher = server.dispatcher()!;
    await dispatcher.stop();
    let redemptionId = '';
    try {
      const r = await server.client.call('staffRedeem', { headers: { ...staff, 'idempotency-key': randomUUID() }, untypedBody: { storeId: stores.XINYI, code: c.code } });
      expect(r.status).toBe(201);
      redemptionId = r.body.id;
      expect(Date.parse(r.body.undoUntil!) - Date.now()).toBeGreaterThan(9 * 60_000);
      const undone = await server.client.call('staffUndo', { headers: staff, params: { id: redemptionId } });
      expect(undone.body).toMatchObject({ usesLeft: 1, voidedAt: expect.any(String) });
      // The counter names the uses by the template's unit (here 次: a plain coupon).
      expect([r.body.unit, undone.body.unit]).toEqual(['use', 'use']);
      expect(server.db.db.select().from(outbox).where(eq(outbox.id, redemptionId)).get()).toMatchObject({ status: 'skipped', reason: 'redemption undone before sending' });
    } finally {
      dispatcher.start();
    }
    const r2 = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.XINYI, code: c.code } });
    // Today's list is read before the redemption is backdated: 11 minutes earlier can be
    // yesterday in brand time (just after midnight in Taipei).
    const today = await server.client.call('staffRedemptions', { headers: staff, query: { storeId: stores.XINYI } });
    server.db.db.update(redemptions).set({ createdAt: new Date(Date.now() - 11 * 60_000) }).where(eq(redemptions.id, r2.body.id)).run();
    const late = await server.client.call('staffUndo', { headers: staff, params: { id: r2.body.id } });
    expect(late.body.error.code).toBe('UNDO_WINDOW_PASSED');
    expect(today.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([redemptionId, r2.body.id]));
  });

  it('the owner is told when their coupon is redeemed', async () => {
    const owner = await newOwner('草莓控');
    const c = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '草莓蛋糕兌換券', kind: 'exchange', amountOff: null, exchangeItem: { sku: 'CAKE-STRAWBERRY', name: '草莓蛋糕' } })).id, owner.mobile);
    const r = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.NANXI, code: c.code } });
    await settled(server, [r.body.id]);
    const last = JSON.stringify((await server.messagesTo(owner.userId)).at(-1)!.message);
    expect(last).toContain('「草莓蛋糕兌換券」已於');
    expect(last).toContain('在南西店使用');
  });

  it('locks out guessing after repeated unknown codes', async () => {
    const guesser = await signInNewUser(server, 'Guesser');
    const me = await server.client.call('getMe', { headers: guesser.auth });
    await server.client.call('consoleSetRoles', { headers: admin, untypedBody: { isAdmin: false, staffStoreIds: [stores.TAICHUNG] }, params: { id: me.body.id } });
    let last: { status: number; body: Err } | undefined;
    for (let i = 0; i < 21; i += 1) last = await server.client.call('staffValidate', { headers: guesser.auth, untypedBody: { storeId: stores.TAICHUNG, code: `GUESS${i}XYZ` } });
    expect(last!.status).toBe(429);
    expect(last!.body.error.message).toContain('錯誤次數過多');
  });

  it('an admin voids a coupon with a reason; it stops working and moves out of the usable tab', async () => {
    const owner = await newOwner();
    const c = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '將作廢' })).id, owner.mobile);
    const noReason = await server.client.call('consoleVoidCoupon', { headers: admin, body: { reason: '' }, params: { id: c.id } });
    expect(noReason.status).toBe(400);
    expect((await server.client.call('consoleVoidCoupon', { headers: admin, body: { reason: '重複發送' }, params: { id: c.id } })).body.status).toBe('voided');
    const v = await server.client.call('staffValidate', { headers: staff, untypedBody: { storeId: stores.XINYI, code: c.code } });
    expect(v.body.verdict.message).toBe('本券已作廢');
    const wallet = await server.client.call('walletList', { headers: owner.auth });
    expect(wallet.body.counts).toMatchObject({ active: 0, expired: 1 });
  });
});

describe('amount-dependent rules', () => {
  it('refuses to redeem a minimum-spend or percent coupon without the order amount', async () => {
    const owner = await newOwner();
    const min = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '門檻券', minSpend: 1000 })).id, owner.mobile);
    const blind = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.XINYI, code: min.code } });
    expect(blind.status).toBe(409);
    expect(blind.body.error).toMatchObject({ code: 'COUPON_NOT_USABLE', field: 'orderAmount', details: { reason: 'AMOUNT_REQUIRED' } });
    const ok = await server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: stores.XINYI, code: min.code, orderAmount: 1200 } });
    expect(ok.body.discount).toBe(100);
  });
});
