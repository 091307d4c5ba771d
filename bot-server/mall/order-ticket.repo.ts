/** The coupons an order's tickets became, as they stand now (engineer P: the order page's ticket rows). */
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { coupons, couponTemplates } from '../db/schema.ts';

export type TicketHolding = Pick<typeof coupons.$inferSelect, 'id' | 'memberId' | 'status' | 'usesLeft' | 'usesTotal' | 'validUntil'> & { unit: (typeof couponTemplates.$inferSelect)['unit'] };

/** Holder, status, uses and validity of these coupons, with their template's unit (杯), by coupon id. */
export function ticketHoldings(db: DbOrTx, couponIds: number[]): Map<number, TicketHolding> {
  if (!couponIds.length) return new Map();
  const rows = db
    .select({ id: coupons.id, memberId: coupons.memberId, status: coupons.status, usesLeft: coupons.usesLeft, usesTotal: coupons.usesTotal, validUntil: coupons.validUntil, unit: couponTemplates.unit })
    .from(coupons)
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(inArray(coupons.id, couponIds))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}
