import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { groupCommitStats } from '../../bot-server/db/group-commit.ts';
import { Checkout } from '../../bot-server/mall/checkout.service.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { LinePayProvider } from '../../bot-server/payments/linepay.ts';
import { SANDBOX_LINEPAY_CREDENTIALS } from '../../bot-server/sandbox/index.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The coupon mall's checkout: stock, limits, points holds, LINE Pay (the sandbox stand-in) and reconciliation.

type Auth = Record<string, string>;
let server: TestServer;
let admin: Auth;
let seq = 0;
const base = 100_000 + Math.floor(Math.random() * 800_000);

function member(): { memberId: number; auth: Auth } {
  seq += 1;
  const now = new Date();
  const m = insertMember(server.db.db, { lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: `Mall ${seq}`, name: `商城會員${seq}`, mobile: `+8869${String((base + seq) % 100_000_000).padStart(8, '0')}`, mobileVerifiedAt: now, birthday: '1990-03-15', registeredAt: now, consentAt: now });
  const token = randomBytes(32).toString('base64url');
  insertSession(server.db.db, { tokenHash: hashToken(token), memberId: m.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { memberId: m.id, auth: { authorization: `Bearer ${token}` } };
}

async function product(body: Record<string, unknown>) {
  const t = await createTemplate(server, admin, { name: `商城券 ${seq++}` });
  const res = await server.client.call('consoleCreateProduct', { headers: admin, untypedBody: { kind: 'voucher', status: 'active', name: `商品 ${seq}`, priceMode: 'cash', priceCash: 100, items: [{ templateId: t.id, quantity: 1 }], ...body } } as never);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { product: { id: number }; warnings: { code: string }[] };
}

async function order(auth: Auth, productId: number, extra: Record<string, unknown> = {}) {
  return server.client.call('mallCreateOrder', { headers: auth, body: { productId, quantity: 1, ...extra } } as never) as Promise<{ status: number; body: any }>;
}

const sandboxPayments = async (orderId?: string) => (await server.json<{ payments: { orderId: string; status: string; captures: unknown[]; capturedAmount: number; refundedAmount: number }[] }>(`/sandbox/linepay/api/payments${orderId ? `?orderId=${encodeURIComponent(orderId)}` : ''}`)).body.payments;
const providerOrderIdOf = (orderId: number) => (server.db.sqlite.prepare('select provider_order_id as p, transaction_id as t from order_payments where order_id = ? order by id desc').get(orderId) as { p: string; t: string });
async function approve(orderId: number) {
  const { p } = providerOrderIdOf(orderId);
  const res = await server.json<{ confirmUrl: string }>('/sandbox/linepay/api/approve', { body: { orderId: p } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.confirmUrl;
}
const follow = (url: string, headers: Auth = {}) => fetch(url.replace(/^https?:\/\/[^/]+/, server.origin), { redirect: 'manual', headers });

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
  const a = member();
  const u = server.db.sqlite.prepare('select line_user_id as u from members where id = ?').get(a.memberId) as { u: string };
  server.services.roles.grantAdminFromCli(u.u, true);
  admin = a.auth;
});
afterAll(async () => server?.stop());

describe('mall checkout', () => {
  it('warns when a paid ticket expires or no 履約保障 is recorded', async () => {
    const saved = await product({});
    expect(saved.warnings.map((w) => w.code)).toContain('NO_GUARANTEE');
  });

  it('checkout → LINE Pay approve → confirm → paid, tickets issued, one capture, order_paid enqueued', async () => {
    const p = await product({ stock: 5, guarantee: { type: 'bank_trust', reference: '台銀信託 123', note: null } });
    const m = member();
    const created = await order(m.auth, p.product.id);
    expect(created.status).toBe(201);
    expect(created.body.paymentUrl).toMatch(/^http/);
    expect(created.body.order.status).toBe('pending');
    const confirmUrl = await approve(created.body.order.id);
    const res = await follow(confirmUrl);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/app/mall/orders/${created.body.order.id}`);
    const detail = await server.client.call('mallOrder', { headers: m.auth, params: { id: created.body.order.id } });
    expect((detail.body as any).status).toBe('paid');
    expect((detail.body as any).tickets).toHaveLength(1);
    const wallet = server.db.sqlite.prepare("select count(*) as n from coupons where member_id = ? and source = 'mall'").get(m.memberId) as { n: number };
    expect(wallet.n).toBe(1);
    const pays = await sandboxPayments(providerOrderIdOf(created.body.order.id).p);
    expect(pays[0]!.captures).toHaveLength(1);
    const outbox = server.db.sqlite.prepare("select count(*) as n from outbox where member_id = ? and kind = 'order_paid'").get(m.memberId) as { n: number };
    expect(outbox.n).toBe(1);
  });

  it('parallel duplicate confirms → one paid order and one capture; a tampered transaction id is refused', async () => {
    const p = await product({});
    const m = member();
    const created = await order(m.auth, p.product.id);
    const confirmUrl = await approve(created.body.order.id);
    const bad = new URL(confirmUrl.replace(/^https?:\/\/[^/]+/, server.origin));
    bad.searchParams.set('transactionId', '1234567890123456789');
    expect((await follow(bad.toString())).status).toBe(400);
    const other = member();
    expect((await follow(confirmUrl, other.auth)).status).toBe(400);
    const results = await Promise.all(Array.from({ length: 8 }, () => follow(confirmUrl)));
    expect(results.every((r) => r.status === 303)).toBe(true);
    const pays = await sandboxPayments(providerOrderIdOf(created.body.order.id).p);
    expect(pays[0]!.captures).toHaveLength(1);
    const tickets = server.db.sqlite.prepare('select count(*) as n from order_tickets where order_id = ?').get(created.body.order.id) as { n: number };
    expect(tickets.n).toBe(1);
  });

  it('the member never returns from LINE Pay → reconciliation confirms', async () => {
    const p = await product({});
    const m = member();
    const created = await order(m.auth, p.product.id);
    await approve(created.body.order.id);
    const counts = await server.services.checkout.reconcile({ minAgeMs: 0 });
    expect(counts.paid).toBeGreaterThanOrEqual(1);
    expect((server.db.sqlite.prepare('select status from orders where id = ?').get(created.body.order.id) as { status: string }).status).toBe('paid');
  });

  it('zero-amount (all points) is paid at once; the same points cannot back two pending orders', async () => {
    expect((await server.client.call('consoleSavePointsSettings', { headers: admin, body: { enabled: true, base: { spend: 50, points: 1 }, groups: [], pendingDays: 0, expiry: { kind: 'monthEnd', months: 12 }, reminderDaysBefore: 10, redeem: { points: 1, value: 1 } } } as never)).status).toBe(200);
    const free = await product({ priceMode: 'points', priceCash: 0, pricePoints: 300 });
    const mixed = await product({ priceMode: 'points_cash', priceCash: 1680, pricePoints: 300 });
    const m = member();
    expect((await server.client.call('consoleAdjustPoints', { headers: admin, params: { id: m.memberId }, body: { delta: 400, reason: '測試' } })).status).toBe(200);
    const pending = await order(m.auth, mixed.product.id, { points: 300 });
    expect(pending.status).toBe(201);
    const refused = await order(m.auth, free.product.id, { points: 300 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('INSUFFICIENT_POINTS');
    expect((await server.client.call('mallCancelOrder', { headers: m.auth, params: { id: pending.body.order.id } })).status).toBe(200);
    const paid = await order(m.auth, free.product.id, { points: 300 });
    expect(paid.status).toBe(201);
    expect(paid.body.order.status).toBe('paid');
    expect(paid.body.paymentUrl).toBeNull();
    expect((await server.client.call('pointsSummary', { headers: m.auth })).body).toMatchObject({ balance: 100 });
  });

  it('flash sale: 400 parallel buyers for stock 20 → exactly 20 reserved, per-member limit holds under a race', async () => {
    const p = await product({ stock: 20, perMemberLimit: 1 });
    const buyers = Array.from({ length: 100 }, () => member());
    const results = await Promise.all(buyers.flatMap((b) => Array.from({ length: 4 }, () => order(b.auth, p.product.id))));
    const ok = results.filter((r) => r.status === 201);
    expect(ok).toHaveLength(20);
    expect(new Set(ok.map((r) => r.body.order.id)).size).toBe(20);
    const perMember = server.db.sqlite.prepare('select max(n) as m from (select count(*) as n from orders o join order_lines l on l.order_id = o.id where l.product_id = ? group by o.member_id)').get(p.product.id) as { m: number };
    expect(perMember.m).toBe(1);
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
  });
});

// Engineer A's review of the payment path: a confirm before the approval, our credentials refused,
// the public cancel link, attempts we cancelled that LINE Pay later sees otherwise, ALREADY_CONFIRMED.
describe('mall payment path (review fixes)', () => {
  const attemptOf = (orderId: number) => server.db.sqlite.prepare('select id, provider_order_id as p, transaction_id as t, state, last_error as lastError, amount from order_payments where order_id = ? order by id desc').get(orderId) as { id: number; p: string; t: string; state: string; lastError: string | null; amount: number };
  const statusOf = (orderId: number) => (server.db.sqlite.prepare('select status from orders where id = ?').get(orderId) as { status: string }).status;
  const outboxOf = (memberId: number, kind: string) => server.db.sqlite.prepare('select cta, variables from outbox where member_id = ? and kind = ?').all(memberId, kind) as { cta: string; variables: string }[];
  const returnUrl = (kind: 'confirm' | 'cancel', orderId: number) => {
    const a = attemptOf(orderId);
    return `${server.origin}/api/mall/linepay/${kind}?orderId=${encodeURIComponent(a.p)}&transactionId=${a.t}`;
  };

  it('a confirm before the member approved (NOT_APPROVED) puts the attempt back to requested; approving later pays once', async () => {
    const p = await product({});
    const m = member();
    const created = await order(m.auth, p.product.id);
    const id = created.body.order.id as number;
    expect((await follow(returnUrl('confirm', id))).status).toBe(303);
    expect(attemptOf(id)).toMatchObject({ state: 'requested', lastError: 'NOT_APPROVED' });
    expect(statusOf(id)).toBe('pending');
    expect(outboxOf(m.memberId, 'order_payment_failed')).toHaveLength(0);
    expect((await follow(await approve(id))).status).toBe(303);
    expect(statusOf(id)).toBe('paid');
    expect((await sandboxPayments(attemptOf(id).p))[0]!.captures).toHaveLength(1);
  });

  it('our credentials refused on confirm (AUTH): not failed — left confirming, an error logged, and the reconciler pays it', async () => {
    const p = await product({});
    const m = member();
    const created = await order(m.auth, p.product.id);
    const id = created.body.order.id as number;
    await approve(id);
    const errors: unknown[] = [];
    const misconfigured = new Checkout({
      db: server.db.db,
      payments: new LinePayProvider({ ...SANDBOX_LINEPAY_CREDENTIALS, channelSecret: 'not-the-channel-secret', baseUrl: `${server.origin}/sandbox/linepay` }),
      points: server.services.points.spending,
      coupons: server.services.coupons.issuing,
      baseUrl: () => server.origin,
      log: { error: (...args: unknown[]) => void errors.push(args), warn: () => undefined } as never,
    });
    expect(await misconfigured.settle(attemptOf(id).id)).toBe('unknown');
    expect(attemptOf(id)).toMatchObject({ state: 'confirming', lastError: 'AUTH' });
    expect(errors).toHaveLength(1);
    expect(statusOf(id)).toBe('pending');
    // The release job leaves an order being confirmed alone; the reconciler (right credentials) confirms it.
    expect(server.services.checkout.dueReleases(server.db.db, new Date(Date.now() + 16 * 60_000), 0, 1000).map((o) => o.id)).not.toContain(id);
    const counts = await server.services.checkout.reconcile({ minAgeMs: 0 });
    expect(counts.paid).toBeGreaterThanOrEqual(1);
    expect(statusOf(id)).toBe('paid');
    expect(outboxOf(m.memberId, 'order_payment_failed')).toHaveLength(0);
  });

  it('the public cancel link does not cancel an attempt the member approved; before approval it does', async () => {
    const p = await product({});
    const m = member();
    const approvedOrder = (await order(m.auth, p.product.id)).body.order.id as number;
    const confirmUrl = await approve(approvedOrder);
    // Anyone holding the link (no session): LINE Pay says authorized, so nothing changes.
    expect((await follow(returnUrl('cancel', approvedOrder))).status).toBe(303);
    expect(attemptOf(approvedOrder)).toMatchObject({ state: 'requested' });
    expect((await follow(confirmUrl)).status).toBe(303);
    expect(statusOf(approvedOrder)).toBe('paid');
    // Not approved yet: LINE Pay says awaiting, the attempt ends (the order stays pending to pay again).
    const other = member();
    const waiting = (await order(other.auth, p.product.id)).body.order.id as number;
    expect((await follow(returnUrl('cancel', waiting))).status).toBe(303);
    expect(attemptOf(waiting)).toMatchObject({ state: 'cancelled', lastError: 'MEMBER_CANCELLED' });
    expect(statusOf(waiting)).toBe('pending');
  });

  it('reconciliation re-asks LINE Pay about attempts we cancelled: authorized lapses (nothing taken), captured is refunded at once', async () => {
    const p = await product({ stock: 5 });
    const m = member();
    const lapsing = (await order(m.auth, p.product.id)).body.order.id as number;
    const captured = (await order(m.auth, p.product.id)).body.order.id as number;
    await approve(lapsing);
    await approve(captured);
    // The member cancels both orders on our side after approving in LINE Pay.
    for (const id of [lapsing, captured]) expect((await server.client.call('mallCancelOrder', { headers: m.auth, params: { id } })).status).toBe(200);
    expect(attemptOf(captured)).toMatchObject({ state: 'cancelled', lastError: 'ORDER_CANCELLED' });
    // LINE Pay captures one anyway (a confirm that was already on its way).
    await server.payments!.confirm(attemptOf(captured).t, attemptOf(captured).amount, 'TWD');
    await server.services.checkout.reconcile({ minAgeMs: 0 });
    expect(attemptOf(captured)).toMatchObject({ state: 'refunded', lastError: 'CAPTURED_AFTER_CANCEL' });
    const [refunded] = await sandboxPayments(attemptOf(captured).p);
    expect(refunded).toMatchObject({ capturedAmount: 100, refundedAmount: 100 });
    // Authorized only: never confirmed by us, nothing taken; asked again on the next run.
    expect(attemptOf(lapsing)).toMatchObject({ state: 'cancelled', lastError: 'ORDER_CANCELLED' });
    expect((await sandboxPayments(attemptOf(lapsing).p))[0]!.captures).toHaveLength(0);
    expect(statusOf(lapsing)).toBe('cancelled');
    expect(statusOf(captured)).toBe('cancelled');
  });

  it('ALREADY_CONFIRMED is success only for our amount: another captured amount is not delivered against', async () => {
    const p = await product({});
    const m = member();
    const ours = (await order(m.auth, p.product.id)).body.order.id as number;
    const confirmUrl = await approve(ours);
    // Captured at LINE Pay before the member's return (e.g. a confirm whose answer was lost): the return completes it.
    await server.payments!.confirm(attemptOf(ours).t, 100, 'TWD');
    expect((await follow(confirmUrl)).status).toBe(303);
    expect(statusOf(ours)).toBe('paid');
    const odd = (await order(m.auth, p.product.id)).body.order.id as number;
    const oddConfirm = await approve(odd);
    await server.payments!.confirm(attemptOf(odd).t, 100, 'TWD');
    // Our record says NT$101: LINE Pay's NT$100 capture is not this attempt's amount.
    server.db.sqlite.prepare('update order_payments set amount = 101 where id = ?').run(attemptOf(odd).id);
    expect((await follow(oddConfirm)).status).toBe(303);
    expect(attemptOf(odd)).toMatchObject({ state: 'confirming', lastError: 'AMOUNT_MISMATCH' });
    expect(statusOf(odd)).toBe('pending');
    expect(server.db.sqlite.prepare('select count(*) as n from order_tickets where order_id = ?').get(odd)).toEqual({ n: 0 });
  });

  it('an order created twice with one Idempotency-Key (in parallel) is one order with one payment attempt; a later replay answers its payment URL', async () => {
    const p = await product({ stock: 5 });
    const m = member();
    const key = `order-${randomBytes(6).toString('hex')}`;
    // In parallel: one order, one attempt (a replay never starts a second LINE Pay payment for the same order).
    const [a, b] = await Promise.all([order({ ...m.auth, 'idempotency-key': key }, p.product.id), order({ ...m.auth, 'idempotency-key': key }, p.product.id)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.order.id).toBe(b.body.order.id);
    expect(server.db.sqlite.prepare('select count(*) as n from order_payments where order_id = ?').get(a.body.order.id)).toEqual({ n: 1 });
    // Replayed afterwards: the same payment URL.
    const url = a.body.paymentUrl ?? b.body.paymentUrl;
    expect(url).toMatch(/^http/);
    expect((await order({ ...m.auth, 'idempotency-key': key }, p.product.id)).body.paymentUrl).toBe(url);
  });

  it('sold out with an Idempotency-Key (as the member app sends one): refused before any write transaction; a replay and an in-flight retry still answer their order', async () => {
    const p = await product({ stock: 1 });
    const a = member();
    const key = `order-${randomBytes(6).toString('hex')}`;
    // The original and its retry in flight together for the last unit: both read 1 left, neither is told "sold out".
    const [first, retry] = await Promise.all([order({ ...a.auth, 'idempotency-key': key }, p.product.id), order({ ...a.auth, 'idempotency-key': key }, p.product.id)]);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.order.id).toBe(first.body.order.id);
    // Sold out now. Another member's keyed attempt is refused from the stock read: no group-commit request ran for it.
    const before = groupCommitStats(server.db.db).requests;
    expect(before).toBeGreaterThan(0);
    const refused = await order({ ...member().auth, 'idempotency-key': `order-${randomBytes(6).toString('hex')}` }, p.product.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PRODUCT_SOLD_OUT');
    expect(groupCommitStats(server.db.db).requests).toBe(before);
    // The buyer's replay after the sell-out is their order, not "sold out".
    const replay = await order({ ...a.auth, 'idempotency-key': key }, p.product.id);
    expect(replay.status).toBe(201);
    expect(replay.body.order.id).toBe(first.body.order.id);
    expect(server.db.sqlite.prepare('select count(*) as n from order_lines where product_id = ?').get(p.product.id)).toEqual({ n: 1 });
  });

  it('a declined payment sends order_payment_failed with the CTA to the order page; the order stays pending to pay again', async () => {
    const p = await product({});
    const m = member();
    const id = (await order(m.auth, p.product.id)).body.order.id as number;
    const confirmUrl = await approve(id);
    await server.json('/sandbox/linepay/api/settings', { body: { confirmDeclines: 1 } });
    expect((await follow(confirmUrl)).status).toBe(303);
    expect(attemptOf(id)).toMatchObject({ state: 'failed', lastError: 'DECLINED' });
    expect(statusOf(id)).toBe('pending');
    const sent = outboxOf(m.memberId, 'order_payment_failed');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.cta)).toMatchObject({ url: `/mall/orders/${id}` });
    expect(JSON.parse(sent[0]!.variables)).toMatchObject({ orderNo: expect.stringMatching(/^M\d{8}-/) });
    expect(outboxOf(m.memberId, 'order_paid')).toHaveLength(0);
  });
});
