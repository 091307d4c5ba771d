import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { orderLines, orderTickets, productItems, products } from '../db/schema.ts';

/** The product whose order issued this coupon (order_tickets → order_lines), if the mall sold it. */
export function productOfTicket(db: DbOrTx, couponId: number): number | null {
  const row = db.select({ productId: orderLines.productId }).from(orderTickets).innerJoin(orderLines, eq(orderLines.id, orderTickets.orderLineId)).where(eq(orderTickets.couponId, couponId)).get();
  return row?.productId ?? null;
}

/** The newest product on sale that issues this template (a gifted or re-issued pass has no ticket row of its own). */
export function activeProductIssuing(db: DbOrTx, templateId: number): number | null {
  const row = db
    .select({ id: products.id })
    .from(productItems)
    .innerJoin(products, eq(products.id, productItems.productId))
    .where(and(eq(productItems.templateId, templateId), eq(products.status, 'active')))
    .orderBy(desc(products.id))
    .get();
  return row?.id ?? null;
}
