import type { TOrderTicketStatus, TOrderTicketView } from '../../shared/api/mall.ts';
import type { Lang } from '../../shared/errors.ts';
import { localized } from '../../shared/i18n/localized.ts';
import type { DbOrTx } from '../db/client.ts';
import { ticketHoldings, type TicketHolding } from './order-ticket.repo.ts';
import type { ticketsOf } from './order.repo.ts';

type TicketRow = ReturnType<typeof ticketsOf>[number];

/**
 * A ticket's state for the buyer's order page: refunded first (the refund voided it), then
 * `transferred` once the coupon is someone else's (a friend accepted the gift, or the buyer gave
 * it on later), else the coupon's own status (an active coupon past its end reads `expired`
 * before the expiry job has run).
 */
export function ticketStatus(buyerId: number, refunded: boolean, c: TicketHolding | undefined, now: Date): TOrderTicketStatus {
  if (refunded) return 'refunded';
  if (!c) return 'void';
  if (c.memberId !== buyerId) return 'transferred';
  if (c.status === 'voided') return 'void';
  if (c.status === 'active' && c.validUntil.getTime() <= now.getTime()) return 'expired';
  return c.status;
}

/**
 * The order's tickets with uses left, status, unit and validity, read in one query, so the page
 * needs no wallet request per row (and a gifted ticket still shows whether the friend took it).
 * The uses of a ticket that is now someone else's are not shown to the buyer.
 */
export function orderTicketViews(db: DbOrTx, buyerId: number, tickets: TicketRow[], lang: Lang, now = new Date()): TOrderTicketView[] {
  const held = ticketHoldings(db, tickets.map((t) => t.couponId));
  return tickets.map((t) => {
    const c = held.get(t.couponId);
    const status = ticketStatus(buyerId, t.refundedAt !== null, c, now);
    const mine = c !== undefined && c.memberId === buyerId;
    return {
      couponId: t.couponId,
      templateId: t.templateId,
      name: localized(t.templateName, t.templateNameEn, lang),
      giftState: t.giftState,
      refunded: t.refundedAt !== null,
      status,
      usesLeft: mine ? c.usesLeft : null,
      usesTotal: mine ? c.usesTotal : null,
      unit: c?.unit ?? 'use',
      validUntil: (c?.validUntil ?? t.createdAt).toISOString(),
    };
  });
}
