/**
 * What a refund gives back (購、退票), as pure rules the server, the member's order page and the
 * console all show the same way. Amounts are whole NT$ and whole points.
 *
 * - A ticket is refunded only while unused — except a 寄杯 (multi-pickup) ticket, which refunds
 *   what was not collected: paid − unit value × units collected, never below zero.
 * - A bundle (福袋, 節慶套票) refunds by whole units: every ticket of the unit unused, or none.
 * - A unit's points come back whole; for a 寄杯 ticket whose deduction is larger than its cash
 *   part, the points come back in proportion to the units not collected.
 */
import { addDays, localDate, zonedTime } from '../dates.ts';

export type RefundRefusal =
  /** The product was sold as non-refundable. */
  | 'NOT_REFUNDABLE'
  /** Past the refund window (days after payment). */
  | 'WINDOW_PASSED'
  /** Already refunded. */
  | 'REFUNDED'
  /** Used (or, for 寄杯, every unit collected). */
  | 'USED'
  /** Given to a friend who accepted it: it is theirs now. */
  | 'GIFT_ACCEPTED'
  /** Voided or expired. */
  | 'NOT_ACTIVE'
  /** Part of a bundle unit some ticket of which was used or given away. */
  | 'BUNDLE_PARTLY_USED';

export interface TicketState {
  couponId: number;
  templateId: number;
  /** The coupon's holder is still the buyer. */
  heldByBuyer: boolean;
  status: 'active' | 'used' | 'expired' | 'voided' | 'transferring';
  usesTotal: number;
  usesLeft: number;
  refunded: boolean;
}

export interface LineTerms {
  kind: 'voucher' | 'multi_pickup' | 'bundle' | 'pass';
  quantity: number;
  unitCash: number;
  unitPoints: number;
  listPrice: number | null;
  refundUnitValue: number | null;
  refundable: boolean;
}

export interface UnitQuote {
  couponIds: number[];
  ok: boolean;
  reason: RefundRefusal | null;
  collected: number;
  usesTotal: number;
  deduction: number;
  cash: number;
  points: number;
}

/**
 * The tickets of one order line as units: a unit is one of what was bought (a 福袋 with three
 * templates is three tickets). Each template's tickets in issue order, the u-th of each (or the
 * u-th group, when a unit holds several of one template) make unit u — whatever order they were
 * issued in.
 */
export function groupUnits(tickets: TicketState[], quantity: number): TicketState[][] {
  const units: TicketState[][] = Array.from({ length: Math.max(1, quantity) }, () => []);
  const byTemplate = new Map<number, TicketState[]>();
  for (const t of [...tickets].sort((a, b) => a.couponId - b.couponId)) {
    const list = byTemplate.get(t.templateId) ?? [];
    list.push(t);
    byTemplate.set(t.templateId, list);
  }
  for (const list of byTemplate.values()) {
    const per = Math.max(1, Math.round(list.length / units.length));
    list.forEach((t, i) => units[Math.min(units.length - 1, Math.floor(i / per))]!.push(t));
  }
  return units.filter((u) => u.length > 0);
}

/** Why one ticket cannot be refunded as it stands, or null (a pending gift is refundable: it is called back). */
export function ticketRefusal(t: TicketState, kind: LineTerms['kind']): RefundRefusal | null {
  if (t.refunded) return 'REFUNDED';
  if (!t.heldByBuyer) return 'GIFT_ACCEPTED';
  if (t.status === 'voided' || t.status === 'expired') return 'NOT_ACTIVE';
  if (t.status === 'used' || t.usesLeft <= 0) return 'USED';
  if (kind !== 'multi_pickup' && t.usesLeft !== t.usesTotal) return 'USED';
  return null;
}

/**
 * The 寄杯 formula for one ticket: the value of one unit is the product's refund unit value,
 * else the list price over the units, else the price paid over the units.
 */
export function multiPickupUnitValue(terms: Pick<LineTerms, 'refundUnitValue' | 'listPrice' | 'unitCash'>, usesTotal: number): number {
  if (terms.refundUnitValue !== null) return terms.refundUnitValue;
  const base = terms.listPrice ?? terms.unitCash;
  return usesTotal > 0 ? Math.round(base / usesTotal) : 0;
}

/** What refunding one unit gives back now, or why it cannot be refunded. */
export function quoteUnit(unit: TicketState[], terms: LineTerms): UnitQuote {
  const couponIds = unit.map((t) => t.couponId);
  const refuse = (reason: RefundRefusal): UnitQuote => ({ couponIds, ok: false, reason, collected: 0, usesTotal: 0, deduction: 0, cash: 0, points: 0 });
  if (!terms.refundable) return refuse('NOT_REFUNDABLE');
  const reasons = unit.map((t) => ticketRefusal(t, terms.kind));
  const first = reasons.find((r) => r !== null);
  if (first) {
    if (terms.kind === 'bundle' && unit.length > 1 && reasons.some((r) => r === null) && first !== 'REFUNDED') return refuse('BUNDLE_PARTLY_USED');
    return refuse(first);
  }
  if (terms.kind === 'multi_pickup') {
    const t = unit[0]!;
    const collected = t.usesTotal - t.usesLeft;
    const deduction = multiPickupUnitValue(terms, t.usesTotal) * collected;
    const cash = Math.max(0, terms.unitCash - deduction);
    const points = deduction <= terms.unitCash ? terms.unitPoints : Math.floor((terms.unitPoints * t.usesLeft) / t.usesTotal);
    return { couponIds, ok: true, reason: null, collected, usesTotal: t.usesTotal, deduction: Math.min(deduction, terms.unitCash), cash, points };
  }
  return { couponIds, ok: true, reason: null, collected: 0, usesTotal: unit.reduce((s, t) => s + t.usesTotal, 0), deduction: 0, cash: terms.unitCash, points: terms.unitPoints };
}

/**
 * The first instant a refund may no longer be asked for: the end of the brand-local day `days`
 * days after payment (0 = the day of payment); null = any time.
 */
export function refundDeadline(paidAt: Date, days: number | null, timeZone: string): Date | null {
  if (days === null) return null;
  return zonedTime(addDays(localDate(paidAt, timeZone), days), 24 * 60, timeZone);
}
