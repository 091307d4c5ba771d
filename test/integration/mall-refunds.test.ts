import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { DEMO_STAFF } from '../../bot-server/demo/seed.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { quoteUnit } from '../../shared/mall/refund-rules.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Mall refunds (購、退票), order status actions and the sales report, over real HTTP with the sandbox's LINE Pay.
// Paid orders are made through B's checkout: order → LINE Pay approve (sandbox) → confirm return.

type Auth = Record<string, string>;
let server: TestServer;
let admin: Auth;
let staff: Auth;
let storeId: number;
let seq = 0;
const base = 300_000 + Math.floor(Math.random() * 600_000);

function member(): { memberId: number; auth: Auth; mobile: string } {
  seq += 1;
  const now = new Date();
  const mobile = `+8869${String((base + seq) % 100_000_000).padStart(8, '0')}`;
  const m = insertMember(server.db.db, { lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: `Refund ${seq}`, name: `退款會員${seq}`, mobile, mobileVerifiedAt: now, birthday: '1990-03-15', registeredAt: now, consentAt: now });
  const token = randomBytes(32).toString('base64url');
  insertSession(server.db.db, { tokenHash: hashToken(token), memberId: m.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { memberId: m.id, auth: { authorization: `Bearer ${token}` }, mobile };
}

async function product(body: Record<string, unknown>, template: Record<string, unknown> = {}) {
  const t = await createTemplate(server, admin, { name: `退款券 ${seq++}`, ...template });
  const res = await server.client.call('consoleCreateProduct', { headers: admin, untypedBody: { kind: 'voucher', status: 'active', name: `退款商品 ${seq}`, priceMode: 'cash', priceCash: 500, stock: 10, items: [{ templateId: t.id, quantity: 1 }], ...body } } as never);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { product: { id: number } }).product.id;
}

const one = <T>(sql: string, ...args: unknown[]) => server.db.sqlite.prepare(sql).get(...args) as T;
const all = <T>(sql: string, ...args: unknown[]) => server.db.sqlite.prepare(sql).all(...args) as T[];

/** A paid order through checkout and the sandbox's LINE Pay (or at once for an all-points order). */
async function paidOrder(auth: Auth, productId: number, extra: Record<string, unknown> = {}): Promise<{ id: number; reference: string; couponIds: number[] }> {
  const created = (await server.client.call('mallCreateOrder', { headers: auth, body: { productId, quantity: 1, ...extra } } as never)) as { status: number; body: any };
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.order.id as number;
  if (created.body.paymentUrl) {
    const { p } = one<{ p: string }>('select provider_order_id as p from order_payments where order_id = ? order by id desc', id);
    const approved = await server.json<{ confirmUrl: string }>('/sandbox/linepay/api/approve', { body: { orderId: p } });
    expect(approved.status).toBe(200);
    const res = await fetch(approved.body.confirmUrl.replace(/^https?:\/\/[^/]+/, server.origin), { redirect: 'manual' });
    expect(res.status).toBe(303);
  }
  expect(one<{ status: string }>('select status from orders where id = ?', id).status).toBe('paid');
  return { id, reference: created.body.order.reference, couponIds: all<{ c: number }>('select coupon_id as c from order_tickets where order_id = ? order by id', id).map((r) => r.c) };
}

const sandboxRefunded = async (orderId: number) => {
  const { p } = one<{ p: string }>("select provider_order_id as p from order_payments where order_id = ? and state in ('captured','refunded')", orderId);
  const pays = (await server.json<{ payments: { refundedAmount: number; refunds: unknown[] }[] }>(`/sandbox/linepay/api/payments?orderId=${encodeURIComponent(p)}`)).body.payments;
  return { amount: pays[0]!.refundedAmount, count: pays[0]!.refunds.length };
};

async function refundDone(refundId: number) {
  await expect.poll(() => one<{ state: string }>('select state from order_refunds where id = ?', refundId).state, { timeout: 10_000 }).toBe('refunded');
}

const refund = (auth: Auth, orderId: number, body: Record<string, unknown> = {}, key = `refund-${randomBytes(6).toString('hex')}`) =>
  server.client.call('mallRequestRefund', { headers: { ...auth, 'idempotency-key': key }, params: { id: orderId }, body } as never) as Promise<{ status: number; body: any }>;

const pointsOf = (memberId: number) => one<{ b: number } | undefined>('select balance as b from points_accounts where member_id = ?', memberId)?.b ?? 0;
const codeOf = (couponId: number) => one<{ code: string }>('select code from coupons where id = ?', couponId).code;

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off' });
  const a = member();
  server.services.roles.grantAdminFromCli(one<{ u: string }>('select line_user_id as u from members where id = ?', a.memberId).u, true);
  admin = a.auth;
  staff = (await signInAs(server, DEMO_STAFF)).auth;
  storeId = one<{ id: number }>("select id from stores where code = 'XINYI'").id;
  const settings = await server.client.call('consoleSavePointsSettings', { headers: admin, body: { enabled: true, base: { spend: 50, points: 1 }, groups: [], pendingDays: 0, expiry: { kind: 'monthEnd', months: 12 }, reminderDaysBefore: 10, redeem: { points: 1, value: 1 } } } as never);
  expect(settings.status).toBe(200);
});
afterAll(async () => server?.stop());

describe('mall refunds', () => {
  it('points plus cash: the tickets are voided, the points and the LINE Pay money come back once, stock is restored, both notices enqueued', async () => {
    const productId = await product({ priceMode: 'points_cash', priceCash: 1680, pricePoints: 300, stock: 3 });
    const m = member();
    expect((await server.client.call('consoleAdjustPoints', { headers: admin, params: { id: m.memberId }, body: { delta: 400, reason: '測試' } })).status).toBe(200);
    const order = await paidOrder(m.auth, productId, { points: 300 });
    expect(pointsOf(m.memberId)).toBe(100);
    const quote = await server.client.call('mallRefundQuote', { headers: m.auth, params: { id: order.id }, query: {} } as never);
    expect((quote.body as any).cash).toBe(1680);
    expect((quote.body as any).points).toBe(300);
    const key = 'refund-pc-0001';
    const res = await refund(m.auth, order.id, { reason: '不想要了' }, key);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ state: 'refund_pending', cash: 1680, points: 300, units: 1 });
    // A replay with the same key answers the first result and refunds nothing more.
    const replay = await refund(m.auth, order.id, { reason: '不想要了' }, key);
    expect(replay.body.id).toBe(res.body.id);
    expect(pointsOf(m.memberId)).toBe(400);
    expect(one<{ status: string }>('select status from coupons where id = ?', order.couponIds[0]).status).toBe('voided');
    expect(one<{ sold: number }>('select sold from product_stock where product_id = ?', productId).sold).toBe(0);
    await refundDone(res.body.id);
    expect(await sandboxRefunded(order.id)).toEqual({ amount: 1680, count: 1 });
    const o = one<{ status: string; c: number; p: number }>('select status, refunded_cash as c, refunded_points as p from orders where id = ?', order.id);
    expect(o).toEqual({ status: 'refunded', c: 1680, p: 300 });
    const notices = all<{ kind: string; variables: string; cta: string }>("select kind, variables, cta from outbox where member_id = ? and kind like 'order_refund_%' order by created_at", m.memberId);
    expect(notices.map((n) => n.kind)).toEqual(['order_refund_accepted', 'order_refund_completed']);
    expect(JSON.parse(notices[0]!.variables)).toMatchObject({ orderNo: order.reference, refundCash: 1680, refundPoints: 300 });
    expect(JSON.parse(notices[0]!.cta).url).toBe(`/mall/orders/${order.id}`);
    // Nothing is left to refund.
    expect((await refund(m.auth, order.id)).body.error.code).toBe('ORDER_NOT_REFUNDABLE');
  });

  it('LINE Pay failing the refund: a 500 is retried by the job; a refund made whose answer was lost is not made twice', async () => {
    const productId = await product({ priceCash: 700, stock: 5 });
    const m = member();
    const failing = await paidOrder(m.auth, productId);
    await server.json('/sandbox/linepay/api/settings', { body: { refundServerErrors: 1 } });
    const first = await refund(m.auth, failing.id);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await refundDone(first.body.id);
    expect(await sandboxRefunded(failing.id)).toEqual({ amount: 700, count: 1 });
    expect(one<{ a: number }>('select attempts as a from jobs where kind = ? and payload like ? order by id desc', 'mall_refund', `%"refundId":${first.body.id}%`).a).toBeGreaterThanOrEqual(2);

    const lost = await paidOrder(m.auth, productId);
    await server.json('/sandbox/linepay/api/settings', { body: { refundTimeouts: 1, hangMs: 200 } });
    const second = await refund(m.auth, lost.id);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await refundDone(second.body.id);
    // The sandbox refunded on the first call (its answer was cut); the retry read the refunded total and sent nothing more.
    expect(await sandboxRefunded(lost.id)).toEqual({ amount: 700, count: 1 });
    await server.json('/sandbox/linepay/api/settings', { body: { hangMs: 45_000 } });
  });

  it('寄杯: collected 2 of 10 → paid − 2 × unit value; the formula never goes below zero', async () => {
    const productId = await product({ kind: 'multi_pickup', priceCash: 1500, listPrice: 1800, refundUnitValue: 150 }, { kind: 'exchange', exchangeItem: { sku: null, name: '拿鐵' }, usesPerCoupon: 10 } as never);
    const m = member();
    const order = await paidOrder(m.auth, productId);
    const redeemed = await server.client.call('staffRedeem', { headers: { ...staff, 'idempotency-key': `redeem-${randomBytes(6).toString('hex')}` }, body: { storeId, code: codeOf(order.couponIds[0]!), uses: 2 } } as never);
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    const res = await refund(m.auth, order.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.cash).toBe(1500 - 2 * 150);
    await refundDone(res.body.id);
    expect((await sandboxRefunded(order.id)).amount).toBe(1200);
    expect(one<{ status: string }>('select status from orders where id = ?', order.id).status).toBe('refunded');
    // Collected 8 at NT$200 each is more than was paid: nothing comes back, never a negative amount.
    const q = quoteUnit([{ couponId: 1, templateId: 1, heldByBuyer: true, status: 'active', usesTotal: 10, usesLeft: 2, refunded: false }], { kind: 'multi_pickup', quantity: 1, unitCash: 1500, unitPoints: 0, listPrice: null, refundUnitValue: 200, refundable: true });
    expect(q).toMatchObject({ ok: true, cash: 0, deduction: 1500, collected: 8 });
  });

  it('refund × redeem × gift on one ticket in parallel: exactly one of refund and redeem wins and the books balance', async () => {
    for (let round = 0; round < 3; round += 1) {
      const productId = await product({}, { transferable: true } as never);
      const m = member();
      const friend = member();
      const order = await paidOrder(m.auth, productId);
      const couponId = order.couponIds[0]!;
      const [r, d, g] = await Promise.all([
        refund(m.auth, order.id),
        server.client.call('staffRedeem', { headers: { ...staff, 'idempotency-key': `race-${randomBytes(6).toString('hex')}` }, body: { storeId, code: codeOf(couponId), uses: 1 } } as never),
        server.client.call('giftSend', { headers: { ...m.auth, 'idempotency-key': `gift-${randomBytes(6).toString('hex')}` }, body: { couponId, mobile: `0${friend.mobile.slice(4)}` } } as never),
      ]);
      const refunded = r.status === 201;
      const redeemed = d.status === 201;
      expect([refunded, redeemed].filter(Boolean)).toHaveLength(1);
      const coupon = one<{ status: string; member_id: number }>('select status, member_id from coupons where id = ?', couponId);
      const refunds = one<{ n: number }>('select count(*) as n from order_refunds where order_id = ?', order.id).n;
      if (refunded) {
        expect(coupon.status).toBe('voided');
        expect(refunds).toBe(1);
        expect(one<{ status: string }>('select status from orders where id = ?', order.id).status).toBe('refunded');
        // A gift that was sent first was called back in the refund's outcome.
        if (g.status === 201) expect(one<{ state: string }>('select state from transfers where gift_coupon_id = ?', couponId).state).toBe('cancelled');
        await refundDone(r.body.id);
        expect((await sandboxRefunded(order.id)).amount).toBe(500);
      } else {
        expect(coupon.status).toBe('used');
        expect(refunds).toBe(0);
        expect(one<{ status: string }>('select status from orders where id = ?', order.id).status).toBe('paid');
        expect((await sandboxRefunded(order.id)).amount).toBe(0);
      }
      expect(coupon.member_id).toBe(m.memberId);
    }
  });

  it('a gift the friend accepted is not refundable; a pending gift is refunded to the buyer and called back', async () => {
    const productId = await product({}, { transferable: true } as never);
    const buyer = member();
    const friend = member();
    const accepted = await paidOrder(buyer.auth, productId);
    const sent = await server.client.call('giftSend', { headers: { ...buyer.auth, 'idempotency-key': `gift-${randomBytes(6).toString('hex')}` }, body: { couponId: accepted.couponIds[0], mobile: `0${friend.mobile.slice(4)}` } } as never);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const giftId = (sent.body as any).gift.id;
    expect((await server.client.call('giftAccept', { headers: friend.auth, params: { id: giftId } })).status).toBe(200);
    const refused = await refund(buyer.auth, accepted.id, { couponIds: accepted.couponIds });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'TICKET_NOT_REFUNDABLE', details: { reason: 'GIFT_ACCEPTED' } });
    // The friend cannot refund the buyer's order either: it answers like a missing one.
    expect((await refund(friend.auth, accepted.id)).body.error.code).toBe('ORDER_NOT_FOUND');

    const pending = await paidOrder(buyer.auth, productId);
    const sent2 = await server.client.call('giftSend', { headers: { ...buyer.auth, 'idempotency-key': `gift-${randomBytes(6).toString('hex')}` }, body: { couponId: pending.couponIds[0], mobile: `0${friend.mobile.slice(4)}` } } as never);
    expect(sent2.status).toBe(201);
    const ok = await refund(buyer.auth, pending.id);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(one<{ state: string }>('select state from transfers where id = ?', (sent2.body as any).gift.id).state).toBe('cancelled');
    expect(one<{ status: string; member_id: number }>('select status, member_id from coupons where id = ?', pending.couponIds[0])).toEqual({ status: 'voided', member_id: buyer.memberId });
    expect((await server.client.call('giftAccept', { headers: friend.auth, params: { id: (sent2.body as any).gift.id } })).status).toBe(409);
    await refundDone(ok.body.id);
    expect((await sandboxRefunded(pending.id)).amount).toBe(500);
  });

  it('outside the refund window the refund is refused with the last day; a non-refundable product says so', async () => {
    const productId = await product({ refundWindowDays: 7 });
    const m = member();
    const order = await paidOrder(m.auth, productId);
    server.db.sqlite.prepare('update orders set paid_at = ? where id = ?').run(Date.now() - 10 * 86_400_000, order.id);
    const res = await refund(m.auth, order.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('REFUND_WINDOW_PASSED');
    expect(res.body.error.message).toMatch(/7 天/);
    const fixed = await product({ refundable: false });
    const o2 = await paidOrder(m.auth, fixed);
    expect((await refund(m.auth, o2.id)).body.error.code).toBe('REFUND_NOT_ALLOWED');
    expect(one<{ n: number }>('select count(*) as n from order_refunds where order_id in (?, ?)', order.id, o2.id).n).toBe(0);
  });
});

describe('order status actions and the sales report', () => {
  it('mark ready / delayed: admins only, audited, the member told with the note and date', async () => {
    const productId = await product({});
    const m = member();
    const order = await paidOrder(m.auth, productId);
    expect((await server.client.call('consoleMarkOrderDelayed', { headers: m.auth, params: { id: order.id }, body: { note: '缺貨', expectedDate: '2026-12-05' } })).status).toBe(403);
    const delayed = await server.client.call('consoleMarkOrderDelayed', { headers: admin, params: { id: order.id }, body: { note: '原物料缺貨', expectedDate: '2026-12-05' } });
    expect(delayed.status, JSON.stringify(delayed.body)).toBe(200);
    expect(delayed.body).toMatchObject({ fulfilment: 'delayed', latest: { note: '原物料缺貨', expectedDate: '2026-12-05' } });
    const ready = await server.client.call('consoleMarkOrderReady', { headers: admin, params: { id: order.id }, body: { note: '請至信義店取貨' } });
    expect(ready.body).toMatchObject({ fulfilment: 'ready' });
    const mine = await server.client.call('mallOrderFulfilment', { headers: m.auth, params: { id: order.id } });
    expect((mine.body as any).events).toHaveLength(2);
    const notices = all<{ kind: string; variables: string }>("select kind, variables from outbox where member_id = ? and kind in ('order_delayed','order_ready') order by created_at", m.memberId);
    expect(notices.map((n) => n.kind)).toEqual(['order_delayed', 'order_ready']);
    expect(JSON.parse(notices[0]!.variables)).toMatchObject({ orderNo: order.reference, note: '原物料缺貨', expectedDate: '2026-12-04T16:00:00.000Z' });
    const audit = all<{ action: string }>("select action from audit_log where target_type = 'order' and target_id = ? order by id", String(order.id));
    expect(audit.map((a) => a.action)).toEqual(['order.mark_delayed', 'order.mark_ready']);
    const pendingOrder = (await server.client.call('mallCreateOrder', { headers: m.auth, body: { productId, quantity: 1 } } as never)) as { body: any };
    expect((await server.client.call('consoleMarkOrderReady', { headers: admin, params: { id: pendingOrder.body.order.id }, body: {} })).body).toMatchObject({ error: { code: 'ORDER_NOT_PAID' } });
  });

  it('the sales report counts revenue, units and refunds by day and product; the CSV lists the orders, formula-safe', async () => {
    const name = '=HYPERLINK("x")';
    const productId = await product({ name, priceCash: 700 });
    const m = member();
    const a = await paidOrder(m.auth, productId);
    await paidOrder(m.auth, productId);
    const r = await refund(m.auth, a.id);
    expect(r.status).toBe(201);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const report = await server.client.call('consoleSalesReport', { headers: admin, query: { from: today, until: today, productId } } as never);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const body = report.body as any;
    expect(body.totals).toMatchObject({ orders: 2, units: 2, revenueCash: 1400, refunds: 1, refundedUnits: 1, refundedCash: 700, netCash: 700 });
    expect(body.days).toHaveLength(1);
    expect(body.products).toEqual([expect.objectContaining({ productId, units: 2, revenueCash: 1400, refundedCash: 700 })]);
    const csv = await fetch(server.url(`/api/console/mall/orders.csv?from=${today}&until=${today}&status=refunded`), { headers: admin });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain(a.reference);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });
});
