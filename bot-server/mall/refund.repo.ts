/** Refund queries (bot-server/mall refund*): the refund rows, and the order-side updates a refund makes. */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { coupons, orderPayments, orderRefunds, orders, orderTickets, productStock, type RefundPart } from '../db/schema.ts';

export type RefundRow = typeof orderRefunds.$inferSelect;

/** The order's tickets with their coupons as they stand now (holder, status, uses). */
export function ticketCoupons(db: DbOrTx, orderId: number) {
  return db
    .select({
      ticketId: orderTickets.id,
      orderLineId: orderTickets.orderLineId,
      couponId: orderTickets.couponId,
      templateId: orderTickets.templateId,
      refundedAt: orderTickets.refundedAt,
      memberId: coupons.memberId,
      status: coupons.status,
      usesTotal: coupons.usesTotal,
      usesLeft: coupons.usesLeft,
    })
    .from(orderTickets)
    .innerJoin(coupons, eq(coupons.id, orderTickets.couponId))
    .where(eq(orderTickets.orderId, orderId))
    .orderBy(asc(orderTickets.id))
    .all();
}

/** Marks tickets refunded, each once: false (nothing changed for that ticket) when one already was. */
export function markTicketsRefunded(db: DbOrTx, orderId: number, couponIds: number[], at: Date): number {
  if (!couponIds.length) return 0;
  return db
    .update(orderTickets)
    .set({ refundedAt: at })
    .where(and(eq(orderTickets.orderId, orderId), inArray(orderTickets.couponId, couponIds), isNull(orderTickets.refundedAt)))
    .run().changes;
}

/**
 * Books a refund on the order: the amounts added, and `refunded` once every ticket is, else
 * `partially_refunded` — only while the order is paid (or partly refunded): one conditional update.
 */
export function bookRefundOnOrder(db: DbOrTx, input: { orderId: number; cash: number; points: number; allRefunded: boolean; at: Date }): boolean {
  return (
    db
      .update(orders)
      .set({
        refundedCash: sql`${orders.refundedCash} + ${input.cash}`,
        refundedPoints: sql`${orders.refundedPoints} + ${input.points}`,
        status: input.allRefunded ? 'refunded' : 'partially_refunded',
        updatedAt: input.at,
      })
      .where(and(eq(orders.id, input.orderId), inArray(orders.status, ['paid', 'partially_refunded'])))
      .run().changes === 1
  );
}

/** Refunded units go back on sale: sold goes down (never below zero). */
export function returnSoldStock(db: DbOrTx, productId: number, units: number): void {
  db.update(productStock)
    .set({ sold: sql`max(0, ${productStock.sold} - ${units})`, updatedAt: new Date() })
    .where(eq(productStock.productId, productId))
    .run();
}

export function insertRefund(db: DbOrTx, row: typeof orderRefunds.$inferInsert): RefundRow {
  return db.insert(orderRefunds).values(row).returning().get();
}

export function findRefund(db: DbOrTx, id: number): RefundRow | undefined {
  return db.select().from(orderRefunds).where(eq(orderRefunds.id, id)).get();
}

export function refundsOf(db: DbOrTx, orderId: number): RefundRow[] {
  return db.select().from(orderRefunds).where(eq(orderRefunds.orderId, orderId)).orderBy(desc(orderRefunds.id)).all();
}

/**
 * Notes that a provider call is about to be made (committed before the call): the attempt is
 * counted and `callingAt` set, only while the refund is still pending.
 */
export function markCalling(db: DbOrTx, id: number, at: Date): boolean {
  return (
    db
      .update(orderRefunds)
      .set({ callingAt: at, providerAttempts: sql`${orderRefunds.providerAttempts} + 1`, updatedAt: at })
      .where(and(eq(orderRefunds.id, id), eq(orderRefunds.state, 'refund_pending')))
      .run().changes === 1
  );
}

/** The provider refunded: `refunded`, once (a second completion changes nothing). */
export function completeRefund(db: DbOrTx, id: number, input: { refundTransactionId: string | null; at: Date }): boolean {
  return (
    db
      .update(orderRefunds)
      .set({ state: 'refunded', refundTransactionId: input.refundTransactionId, callingAt: null, lastError: null, completedAt: input.at, updatedAt: input.at })
      .where(and(eq(orderRefunds.id, id), eq(orderRefunds.state, 'refund_pending')))
      .run().changes === 1
  );
}

/** A provider call failed for sure (nothing was refunded): the error is kept and the call is no longer in flight. */
export function recordRefundError(db: DbOrTx, id: number, error: string, at: Date): void {
  db.update(orderRefunds).set({ lastError: error, callingAt: null, updatedAt: at }).where(eq(orderRefunds.id, id)).run();
}

/** The job gave up: `failed`, for an admin to retry. */
export function failRefund(db: DbOrTx, id: number, error: string, at: Date): boolean {
  return db.update(orderRefunds).set({ state: 'failed', lastError: error, callingAt: null, updatedAt: at }).where(and(eq(orderRefunds.id, id), eq(orderRefunds.state, 'refund_pending'))).run().changes === 1;
}

/** An admin retries a failed refund: pending again. */
export function reopenRefund(db: DbOrTx, id: number, at: Date): boolean {
  return db.update(orderRefunds).set({ state: 'refund_pending', updatedAt: at }).where(and(eq(orderRefunds.id, id), eq(orderRefunds.state, 'failed'))).run().changes === 1;
}

/** What was refunded through the provider on a payment (completed refunds). */
export function addRefundedToPayment(db: DbOrTx, paymentId: number, amount: number, refundTransactionId: string | null, at: Date): void {
  db.update(orderPayments)
    .set({
      refundedAmount: sql`${orderPayments.refundedAmount} + ${amount}`,
      refundTransactionId: sql`coalesce(${refundTransactionId}, ${orderPayments.refundTransactionId})`,
      state: sql`case when ${orderPayments.refundedAmount} + ${amount} >= ${orderPayments.amount} then 'refunded' else ${orderPayments.state} end`,
      updatedAt: at,
    })
    .where(eq(orderPayments.id, paymentId))
    .run();
}

/** The captured payment of an order (at most one is). */
export function capturedPaymentOf(db: DbOrTx, orderId: number) {
  return db
    .select()
    .from(orderPayments)
    .where(and(eq(orderPayments.orderId, orderId), inArray(orderPayments.state, ['captured', 'refunded'])))
    .orderBy(desc(orderPayments.id))
    .limit(1)
    .get();
}

export type { RefundPart };
