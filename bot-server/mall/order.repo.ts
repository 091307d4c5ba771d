import { and, asc, desc, eq, gte, inArray, isNotNull, lte, sql, sum } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { couponTemplates, members, orderLines, orderPayments, orderPointHolds, orders, orderTickets, transfers, type OrderStatus, type PaymentState } from '../db/schema.ts';

export type OrderRow = typeof orders.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderPaymentRow = typeof orderPayments.$inferSelect;
export type OrderTicketRow = typeof orderTickets.$inferSelect;

/** The columns checkout writes on a new order (one prepared statement: the flash sale's hot insert). */
export type NewOrder = Pick<NewOrderRow, 'reference' | 'memberId' | 'totalCash' | 'totalPoints' | 'recipient' | 'giftMobile' | 'giftMessage' | 'invoiceCarrier' | 'lang' | 'holdUntil' | 'createdAt' | 'updatedAt'>;
export type NewOrderLine = Omit<typeof orderLines.$inferInsert, 'orderId' | 'id'>;

const ph = sql.placeholder;

export function insertOrder(db: DbOrTx, row: NewOrder, lines: NewOrderLine[]): OrderRow {
  const order = prepared(db, 'mall.order.insert', (d) =>
    d
      .insert(orders)
      .values({
        reference: ph('reference'),
        memberId: ph('memberId'),
        totalCash: ph('totalCash'),
        totalPoints: ph('totalPoints'),
        recipient: ph('recipient'),
        giftMobile: ph('giftMobile'),
        giftMessage: ph('giftMessage'),
        invoiceCarrier: ph('invoiceCarrier'),
        lang: ph('lang'),
        holdUntil: ph('holdUntil'),
        createdAt: ph('createdAt'),
        updatedAt: ph('updatedAt'),
      })
      .returning()
      .prepare(),
  ).get({ giftMobile: null, giftMessage: null, invoiceCarrier: null, recipient: 'self', totalPoints: 0, lang: 'zh-TW', ...row })!;
  const insertLine = prepared(db, 'mall.orderLine.insert', (d) =>
    d
      .insert(orderLines)
      .values({
        orderId: ph('orderId'),
        productId: ph('productId'),
        kind: ph('kind'),
        name: ph('name'),
        nameEn: ph('nameEn'),
        quantity: ph('quantity'),
        unitCash: ph('unitCash'),
        unitPoints: ph('unitPoints'),
        listPrice: ph('listPrice'),
        refundUnitValue: ph('refundUnitValue'),
        refundable: ph('refundable'),
        refundWindowDays: ph('refundWindowDays'),
      })
      .prepare(),
  );
  for (const l of lines) insertLine.run({ nameEn: null, listPrice: null, refundUnitValue: null, refundWindowDays: null, ...l, orderId: order.id });
  return order;
}

export function findOrder(db: DbOrTx, id: number): OrderRow | undefined {
  return prepared(db, 'mall.order.byId', (d) => d.select().from(orders).where(eq(orders.id, ph('id'))).prepare()).get({ id });
}

export function linesOf(db: DbOrTx, orderIds: number[]): OrderLineRow[] {
  if (!orderIds.length) return [];
  if (orderIds.length === 1) return prepared(db, 'mall.orderLines.ofOrder', (d) => d.select().from(orderLines).where(eq(orderLines.orderId, ph('orderId'))).orderBy(asc(orderLines.id)).prepare()).all({ orderId: orderIds[0] });
  return db.select().from(orderLines).where(inArray(orderLines.orderId, orderIds)).orderBy(asc(orderLines.id)).all();
}

export function ticketsOf(db: DbOrTx, orderIds: number[]): (OrderTicketRow & { templateName: string; templateNameEn: string | null; giftState: string | null })[] {
  if (!orderIds.length) return [];
  const query = (d: DbOrTx, where: ReturnType<typeof eq>) =>
    d
      .select({ t: orderTickets, templateName: couponTemplates.name, templateNameEn: couponTemplates.nameEn, giftState: transfers.state })
      .from(orderTickets)
      .innerJoin(couponTemplates, eq(couponTemplates.id, orderTickets.templateId))
      .leftJoin(transfers, eq(transfers.id, orderTickets.transferId))
      .where(where)
      .orderBy(asc(orderTickets.id));
  const rows = orderIds.length === 1 ? prepared(db, 'mall.tickets.ofOrder', (d) => query(d, eq(orderTickets.orderId, ph('orderId'))).prepare()).all({ orderId: orderIds[0] }) : query(db, inArray(orderTickets.orderId, orderIds)).all();
  return rows.map((r) => ({ ...r.t, templateName: r.templateName, templateNameEn: r.templateNameEn, giftState: r.giftState }));
}

export function paymentsOf(db: DbOrTx, orderIds: number[]): OrderPaymentRow[] {
  if (!orderIds.length) return [];
  if (orderIds.length === 1) return prepared(db, 'mall.payments.ofOrder', (d) => d.select().from(orderPayments).where(eq(orderPayments.orderId, ph('orderId'))).orderBy(asc(orderPayments.id)).prepare()).all({ orderId: orderIds[0] });
  return db.select().from(orderPayments).where(inArray(orderPayments.orderId, orderIds)).orderBy(asc(orderPayments.id)).all();
}

export function listMemberOrders(db: DbOrTx, memberId: number, status?: OrderStatus): OrderRow[] {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.memberId, memberId), status ? eq(orders.status, status) : undefined))
    .orderBy(desc(orders.id))
    .limit(100)
    .all();
}

export function listOrders(db: DbOrTx, q: { status?: OrderStatus | undefined; memberId?: number | undefined; productId?: number | undefined; from?: Date | undefined; until?: Date | undefined; limit: number }): (OrderRow & { memberName: string })[] {
  const where = [
    q.status ? eq(orders.status, q.status) : undefined,
    q.memberId ? eq(orders.memberId, q.memberId) : undefined,
    q.productId ? sql`exists (select 1 from order_lines l where l.order_id = ${orders.id} and l.product_id = ${q.productId})` : undefined,
    q.from ? gte(orders.createdAt, q.from) : undefined,
    q.until ? lte(orders.createdAt, q.until) : undefined,
  ].filter((w) => w !== undefined);
  return db
    .select({ o: orders, name: members.name, displayName: members.displayName })
    .from(orders)
    .innerJoin(members, eq(members.id, orders.memberId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(orders.id))
    .limit(q.limit)
    .all()
    .map((r) => ({ ...r.o, memberName: r.name ?? r.displayName ?? '' }));
}

/** Points this member's pending orders hold (not spendable by another order). */
export function heldPoints(db: DbOrTx, memberId: number): number {
  const row = prepared(db, 'mall.pointHolds.ofMember', (d) => d.select({ total: sum(orderPointHolds.points) }).from(orderPointHolds).where(eq(orderPointHolds.memberId, ph('memberId'))).prepare()).get({ memberId });
  return Number(row?.total ?? 0);
}

export function holdPoints(db: DbOrTx, orderId: number, memberId: number, points: number): void {
  db.insert(orderPointHolds).values({ orderId, memberId, points }).run();
}

/** Drops the order's points hold; true the one time it was there. */
export function dropPointHold(db: DbOrTx, orderId: number): boolean {
  return prepared(db, 'mall.pointHolds.drop', (d) => d.delete(orderPointHolds).where(eq(orderPointHolds.orderId, ph('orderId'))).prepare()).run({ orderId }).changes === 1;
}

/**
 * Moves an order out of `pending` (paid, cancelled, expired): one conditional update, so
 * confirm, cancel and the release job cannot both win. False when it was no longer pending.
 */
export function leavePending(db: DbOrTx, id: number, to: Exclude<OrderStatus, 'pending'>, at: Date, reason: string | null): boolean {
  const set = to === 'paid' ? { status: to, paidAt: at, updatedAt: at } : { status: to, cancelledAt: at, cancelReason: reason, updatedAt: at };
  return db.update(orders).set(set).where(and(eq(orders.id, id), eq(orders.status, 'pending'))).run().changes === 1;
}

/** Pending orders whose hold ended and that no payment is being confirmed for (those are the reconciler's). */
export function listDueReleases(db: DbOrTx, now: Date, afterId: number, limit: number): OrderRow[] {
  return db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.status, 'pending'),
        lte(orders.holdUntil, now),
        sql`${orders.id} > ${afterId}`,
        sql`not exists (select 1 from order_payments p where p.order_id = ${orders.id} and p.state = 'confirming')`,
      ),
    )
    .orderBy(asc(orders.id))
    .limit(limit)
    .all();
}

export function hasConfirmingPayment(db: DbOrTx, orderId: number): boolean {
  return !!prepared(db, 'mall.payments.confirming', (d) =>
    d
      .select({ id: orderPayments.id })
      .from(orderPayments)
      .where(and(eq(orderPayments.orderId, ph('orderId')), eq(orderPayments.state, 'confirming')))
      .limit(1)
      .prepare(),
  ).get({ orderId });
}

export function insertPayment(db: DbOrTx, row: { orderId: number; providerOrderId: string; amount: number }): OrderPaymentRow {
  return prepared(db, 'mall.payment.insert', (d) => d.insert(orderPayments).values({ orderId: ph('orderId'), providerOrderId: ph('providerOrderId'), amount: ph('amount') }).returning().prepare()).get(row)!;
}

export function findPaymentByProviderOrderId(db: DbOrTx, providerOrderId: string): OrderPaymentRow | undefined {
  return prepared(db, 'mall.payment.byProviderOrderId', (d) => d.select().from(orderPayments).where(eq(orderPayments.providerOrderId, ph('providerOrderId'))).prepare()).get({ providerOrderId });
}

export function findPayment(db: DbOrTx, id: number): OrderPaymentRow | undefined {
  return prepared(db, 'mall.payment.byId', (d) => d.select().from(orderPayments).where(eq(orderPayments.id, ph('id'))).prepare()).get({ id });
}

export function countPayments(db: DbOrTx, orderId: number): number {
  return prepared(db, 'mall.payments.count', (d) => d.select({ n: sql<number>`count(*)` }).from(orderPayments).where(eq(orderPayments.orderId, ph('orderId'))).prepare()).get({ orderId })?.n ?? 0;
}

/** One conditional step of a payment attempt's state; false when it was not in `from`. */
export function movePayment(db: DbOrTx, id: number, from: PaymentState[], to: PaymentState, extra: Partial<typeof orderPayments.$inferInsert> = {}): boolean {
  return (
    db
      .update(orderPayments)
      .set({ ...extra, state: to, updatedAt: new Date() })
      .where(and(eq(orderPayments.id, id), inArray(orderPayments.state, from)))
      .run().changes === 1
  );
}

/** LINE Pay answered the payment request: the attempt's transaction id and payment URL (one prepared statement). */
export function setPaymentRequested(db: DbOrTx, id: number, transactionId: string, paymentUrl: string): boolean {
  return (
    prepared(db, 'mall.payment.requested', (d) =>
      d
        .update(orderPayments)
        .set({ transactionId: sql`${ph('transactionId')}`, paymentUrl: sql`${ph('paymentUrl')}`, updatedAt: sql`${ph('at')}` })
        .where(and(eq(orderPayments.id, ph('id')), eq(orderPayments.state, 'requested')))
        .prepare(),
    ).run({ id, transactionId, paymentUrl, at: Date.now() }).changes === 1
  );
}

/** Why WE cancelled an attempt (as opposed to LINE Pay reporting it cancelled: PROVIDER_*). */
export const OUR_CANCEL_REASONS = ['MEMBER_CANCELLED', 'ORDER_CLOSED', 'ORDER_EXPIRED', 'ORDER_CANCELLED', 'POINTS_INSUFFICIENT'] as const;

/**
 * Attempts we cancelled that LINE Pay had a transaction for, requested since `createdSince` (its
 * approval window) and last looked at before `before`, least recently looked at first (the
 * reconciler re-asks LINE Pay about them, and touches those still open so the next run takes others).
 */
export function listOurCancelledPayments(db: DbOrTx, createdSince: Date, before: Date, limit: number): OrderPaymentRow[] {
  return db
    .select()
    .from(orderPayments)
    .where(and(eq(orderPayments.state, 'cancelled'), inArray(orderPayments.lastError, [...OUR_CANCEL_REASONS]), isNotNull(orderPayments.transactionId), gte(orderPayments.createdAt, createdSince), lte(orderPayments.updatedAt, before)))
    .orderBy(asc(orderPayments.updatedAt), asc(orderPayments.id))
    .limit(limit)
    .all();
}

/** Attempts the reconciler looks at: started (with a transaction id) or mid-confirm, older than `before`. */
export function listOpenPayments(db: DbOrTx, before: Date, limit: number): OrderPaymentRow[] {
  return db
    .select()
    .from(orderPayments)
    .where(and(inArray(orderPayments.state, ['requested', 'confirming', 'refund_pending']), isNotNull(orderPayments.transactionId), lte(orderPayments.updatedAt, before)))
    .orderBy(asc(orderPayments.id))
    .limit(limit)
    .all();
}

export function insertTicket(db: DbOrTx, row: typeof orderTickets.$inferInsert): void {
  db.insert(orderTickets).values(row).run();
}

export function setTicketTransfer(db: DbOrTx, couponId: number, transferId: number): void {
  db.update(orderTickets).set({ transferId }).where(eq(orderTickets.couponId, couponId)).run();
}

export function memberFacts(db: DbOrTx, memberId: number): { id: number; registeredAt: Date | null; createdAt: Date; mobile: string | null; mobileVerifiedAt: Date | null } | undefined {
  return db.select({ id: members.id, registeredAt: members.registeredAt, createdAt: members.createdAt, mobile: members.mobile, mobileVerifiedAt: members.mobileVerifiedAt }).from(members).where(eq(members.id, memberId)).get();
}
