import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { insertSession } from '../../bot-server/auth/session.repo.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';
import { isNoExpiry } from '../../shared/coupons/validity.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The member's views of the mall (engineer P): the product's facts (units, 即將開賣, 履約保障, the
// 寄杯 refund value, pictures) and the order's tickets with their uses left and state.

type Auth = Record<string, string>;
type Member = { memberId: number; auth: Auth; mobile: string };
let server: TestServer;
let admin: Auth;
let seq = 0;
const base = 100_000 + Math.floor(Math.random() * 800_000);

function member(): Member {
  seq += 1;
  const now = new Date();
  const mobile = `+8869${String((base + seq) % 100_000_000).padStart(8, '0')}`;
  const m = insertMember(server.db.db, { lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: `Views ${seq}`, name: `會員${seq}`, mobile, mobileVerifiedAt: now, birthday: '1990-03-15', registeredAt: now, consentAt: now });
  const token = randomBytes(32).toString('base64url');
  insertSession(server.db.db, { tokenHash: hashToken(token), memberId: m.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { memberId: m.id, auth: { authorization: `Bearer ${token}` }, mobile };
}

const LATTE = { kind: 'exchange', exchangeItem: { sku: null, name: '拿鐵' }, usesPerCoupon: 10, unit: 'cup', validity: { type: 'none' }, transferable: true };

async function product(body: Record<string, unknown>, template: Record<string, unknown> = LATTE) {
  const t = await createTemplate(server, admin, { name: `寄杯拿鐵 ${seq++}`, ...template } as never);
  const res = await server.client.call('consoleCreateProduct', { headers: admin, untypedBody: { kind: 'multi_pickup', status: 'active', name: `拿鐵 10 杯 ${seq}`, priceMode: 'cash', priceCash: 1500, listPrice: 1800, items: [{ templateId: t.id, quantity: 1 }], ...body } } as never);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { product: { id: number } }).product.id;
}

const one = <T>(sql: string, ...args: unknown[]) => server.db.sqlite.prepare(sql).get(...args) as T;

async function paidOrder(auth: Auth, productId: number, extra: Record<string, unknown> = {}): Promise<number> {
  const created = (await server.client.call('mallCreateOrder', { headers: auth, body: { productId, quantity: 1, ...extra } } as never)) as { status: number; body: any };
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.order.id as number;
  const { p } = one<{ p: string }>('select provider_order_id as p from order_payments where order_id = ? order by id desc', id);
  const approved = await server.json<{ confirmUrl: string }>('/sandbox/linepay/api/approve', { body: { orderId: p } });
  expect(approved.status).toBe(200);
  const res = await fetch(approved.body.confirmUrl.replace(/^https?:\/\/[^/]+/, server.origin), { redirect: 'manual' });
  expect(res.status).toBe(303);
  return id;
}

type Ticket = { couponId: number; status: string; usesLeft: number | null; usesTotal: number | null; unit: string; validUntil: string; giftState: string | null; refunded: boolean };
const ticketsOf = async (auth: Auth, orderId: number) => {
  const res = await server.client.call('mallOrder', { headers: auth, params: { id: orderId } });
  expect(res.status).toBe(200);
  return (res.body as { tickets: Ticket[] }).tickets;
};

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off', WORKERS: 'off' });
  const a = member();
  const u = one<{ u: string }>('select line_user_id as u from members where id = ?', a.memberId);
  server.services.roles.grantAdminFromCli(u.u, true);
  admin = a.auth;
});
afterAll(async () => server?.stop());

describe('the member product view', () => {
  it('answers the ticket units, no expiry, 履約保障 (without the internal note), the 寄杯 refund value and the pictures', async () => {
    const id = await product({ imageUrl: 'https://example.com/latte.png', guarantee: { type: 'bank_trust', reference: '台灣銀行信託專戶 0123', note: '合約到 2027 年，內部備註' } });
    const m = member();
    const res = await server.client.call('mallProduct', { headers: m.auth, params: { id } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = (res.body as { product: any }).product;
    expect(p.items).toEqual([expect.objectContaining({ quantity: 1, usesPerCoupon: 10, unit: 'cup', noExpiry: true })]);
    expect(p.guarantee).toEqual({ type: 'bank_trust', reference: '台灣銀行信託專戶 0123' });
    expect(JSON.stringify(res.body)).not.toContain('內部備註');
    // No refund value set: the list price over the units (1,800 ÷ 10), as the refund computes it.
    expect(p.refundUnitValue).toBe(180);
    expect(p.images).toEqual(['https://example.com/latte.png']);
    expect(p.saleStartsAt).toBeNull();

    const set = await product({ refundUnitValue: 150 });
    const voucher = await product({ kind: 'voucher', listPrice: null }, { kind: 'amount_off', amountOff: 100, validity: { type: 'relative', days: 30 } });
    const list = (await server.client.call('mallProducts', { headers: m.auth })).body as { items: any[] };
    expect(list.items.find((x) => x.id === set).refundUnitValue).toBe(150);
    const v = list.items.find((x) => x.id === voucher);
    expect(v).toMatchObject({ refundUnitValue: null, images: [], guarantee: { type: 'none', reference: null } });
    expect(v.items[0]).toMatchObject({ usesPerCoupon: 1, unit: 'use', noExpiry: false });
  });

  it('lists a product whose sale has not started with its start, and refuses to sell it until then', async () => {
    const starts = new Date(Date.now() + 86_400_000).toISOString();
    const id = await product({ saleStartsAt: starts });
    const m = member();
    const list = (await server.client.call('mallProducts', { headers: m.auth })).body as { items: { id: number; saleStartsAt: string | null }[] };
    expect(list.items.find((x) => x.id === id)?.saleStartsAt).toBe(starts);
    const detail = await server.client.call('mallProduct', { headers: m.auth, params: { id } });
    expect(detail.status).toBe(200);
    const created = (await server.client.call('mallCreateOrder', { headers: m.auth, body: { productId: id, quantity: 1 } } as never)) as { status: number; body: any };
    expect(created.body.error?.code).toBe('PRODUCT_NOT_AVAILABLE');
    expect(one<{ n: number }>('select count(*) as n from orders where member_id = ?', m.memberId).n).toBe(0);
  });
});

describe('the order view tickets', () => {
  it('carry uses left, unit, no-expiry validity and the state: active, used, refunded', async () => {
    const id = await product({ perMemberLimit: 5 });
    const m = member();
    const orderId = await paidOrder(m.auth, id, { quantity: 3 });
    const first = await ticketsOf(m.auth, orderId);
    expect(first).toHaveLength(3);
    for (const t of first) {
      expect(t).toMatchObject({ status: 'active', usesLeft: 10, usesTotal: 10, unit: 'cup', refunded: false });
      expect(isNoExpiry(t.validUntil)).toBe(true);
    }
    const [a, b, c] = first.map((t) => t.couponId) as [number, number, number];
    // Collected at the counter: 3 cups from one, all of another (the redemption itself is tested in coupons).
    server.db.sqlite.prepare('update coupons set uses_left = 7 where id = ?').run(a);
    server.db.sqlite.prepare("update coupons set uses_left = 0, status = 'used' where id = ?").run(b);
    const refund = (await server.client.call('mallRequestRefund', { headers: { ...m.auth, 'idempotency-key': `r-${randomBytes(6).toString('hex')}` }, params: { id: orderId }, body: { couponIds: [c] } } as never)) as { status: number; body: any };
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const after = await ticketsOf(m.auth, orderId);
    expect(after.map((t) => [t.couponId, t.status, t.usesLeft])).toEqual([
      [a, 'active', 7],
      [b, 'used', 0],
      [c, 'refunded', 10],
    ]);
  });

  it('a gift: pending while the friend has not accepted, then transferred without the friend’s uses', async () => {
    const id = await product({ perMemberLimit: 5 });
    const buyer = member();
    const friend = member();
    const orderId = await paidOrder(buyer.auth, id, { quantity: 2, recipient: { type: 'gift', mobile: `0${friend.mobile.slice(4)}` } });
    expect((await ticketsOf(buyer.auth, orderId)).map((t) => [t.status, t.giftState])).toEqual([
      ['transferring', 'pending'],
      ['transferring', 'pending'],
    ]);
    const inbox = (await server.client.call('giftList', { headers: friend.auth, query: { tab: 'received' } } as never)).body as { items: { id: number }[] };
    const accepted = await server.client.call('giftAccept', { headers: friend.auth, params: { id: inbox.items[0]!.id } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const tickets = await ticketsOf(buyer.auth, orderId);
    const given = tickets.find((t) => t.giftState === 'accepted')!;
    expect(given).toMatchObject({ status: 'transferred', usesLeft: null, usesTotal: null, unit: 'cup' });
    expect(tickets.find((t) => t.giftState === 'pending')).toMatchObject({ status: 'transferring', usesLeft: 10 });
  });
});
