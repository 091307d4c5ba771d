/** Mall sales figures for the console's report and CSV (bot-server/mall mall-report*). Reads only. */
import { and, asc, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { members, orderLines, orderRefunds, orders } from '../db/schema.ts';

/** Lines of orders paid in [since, until), with their order's payment time. */
export function paidLinesBetween(db: DbOrTx, since: Date, until: Date, productId?: number) {
  return db
    .select({ orderId: orders.id, paidAt: orders.paidAt, productId: orderLines.productId, name: orderLines.name, kind: orderLines.kind, quantity: orderLines.quantity, unitCash: orderLines.unitCash, unitPoints: orderLines.unitPoints })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(isNotNull(orders.paidAt), gte(orders.paidAt, since), lt(orders.paidAt, until), productId ? eq(orderLines.productId, productId) : undefined))
    .all();
}

/** Refunds made in [since, until). */
export function refundsBetween(db: DbOrTx, since: Date, until: Date) {
  return db.select().from(orderRefunds).where(and(gte(orderRefunds.createdAt, since), lt(orderRefunds.createdAt, until))).orderBy(asc(orderRefunds.id)).all();
}

/** Order lines by id (to put refund parts on their products). */
export function linesById(db: DbOrTx, ids: number[]) {
  if (!ids.length) return [];
  return db.select({ id: orderLines.id, productId: orderLines.productId, name: orderLines.name, kind: orderLines.kind }).from(orderLines).where(inArray(orderLines.id, ids)).all();
}

/** Orders created in [since, until) with their lines and buyer, oldest first (the CSV). */
export function ordersForExport(db: DbOrTx, since: Date, until: Date, status?: (typeof orders.$inferSelect)['status']) {
  return db
    .select({ o: orders, l: orderLines, memberName: members.name, memberDisplayName: members.displayName })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .innerJoin(members, eq(members.id, orders.memberId))
    .where(and(gte(orders.createdAt, since), lt(orders.createdAt, until), status ? eq(orders.status, status) : undefined))
    .orderBy(asc(orders.id), asc(orderLines.id))
    .limit(100_000)
    .all();
}
