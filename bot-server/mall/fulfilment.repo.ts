/** Fulfilment queries (bot-server/mall fulfilment*): the admin's ready / delayed history of an order. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { orderFulfilmentEvents, orders } from '../db/schema.ts';

export type FulfilmentEventRow = typeof orderFulfilmentEvents.$inferSelect;

export function insertFulfilmentEvent(db: DbOrTx, row: typeof orderFulfilmentEvents.$inferInsert): FulfilmentEventRow {
  return db.insert(orderFulfilmentEvents).values(row).returning().get();
}

export function fulfilmentEventsOf(db: DbOrTx, orderId: number): FulfilmentEventRow[] {
  return db.select().from(orderFulfilmentEvents).where(eq(orderFulfilmentEvents.orderId, orderId)).orderBy(asc(orderFulfilmentEvents.id)).all();
}

/** Sets the order's fulfilment status while it is paid (or partly refunded): one conditional update. */
export function setFulfilment(db: DbOrTx, orderId: number, status: 'ready' | 'delayed', at: Date): boolean {
  return (
    db
      .update(orders)
      .set({ fulfilment: status, updatedAt: at })
      .where(and(eq(orders.id, orderId), inArray(orders.status, ['paid', 'partially_refunded'])))
      .run().changes === 1
  );
}
