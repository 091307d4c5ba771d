import type { TFulfilmentView } from '../../shared/api/mall.ts';
import { zonedTime } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { bilingualNames } from '../../shared/i18n/localized.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin, requireRegisteredMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { commitGrouped } from '../db/group-commit.ts';
import { notify } from '../notifications/notify.ts';
import { findOrder, linesOf, type OrderRow } from './order.repo.ts';
import { fulfilmentEventsOf, insertFulfilmentEvent, setFulfilment, type FulfilmentEventRow } from './fulfilment.repo.ts';

/**
 * 訂單動態 after payment: an admin marks a pre-order ready for pickup, or delayed by a stock-out
 * with a note and a new expected date. Each is one transaction: the order's status, the history
 * row, the audit entry and the member's notification (order_ready / order_delayed).
 */
export class FulfilmentService {
  private readonly d: { db: Db; config: Config };

  constructor(deps: { db: Db; config: Config }) {
    this.d = deps;
  }

  markReady(caller: Actor | undefined, orderId: number, input: { note: string }): Promise<TFulfilmentView> {
    return this.mark(caller, orderId, 'ready', input.note, null);
  }

  markDelayed(caller: Actor | undefined, orderId: number, input: { note: string; expectedDate: string }): Promise<TFulfilmentView> {
    return this.mark(caller, orderId, 'delayed', input.note, input.expectedDate);
  }

  /** The member's own order's fulfilment (another's answers like a missing one). */
  forMember(caller: Actor | undefined, orderId: number): TFulfilmentView {
    const me = requireRegisteredMember(caller);
    const order = findOrder(this.d.db, orderId);
    if (!order || order.memberId !== me.memberId) throw new AppError('ORDER_NOT_FOUND');
    return this.view(this.d.db, order);
  }

  forAdmin(caller: Actor | undefined, orderId: number): TFulfilmentView {
    requireAdmin(caller);
    const order = findOrder(this.d.db, orderId);
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    return this.view(this.d.db, order);
  }

  private mark(caller: Actor | undefined, orderId: number, status: 'ready' | 'delayed', note: string, expectedDate: string | null): Promise<TFulfilmentView> {
    const admin = requireAdmin(caller);
    const now = new Date();
    return commitGrouped(this.d.db, (tx) => {
      const order = findOrder(tx, orderId);
      if (!order) throw new AppError('ORDER_NOT_FOUND');
      const before = order.fulfilment;
      if (!setFulfilment(tx, orderId, status, now)) throw new AppError('ORDER_NOT_PAID', { details: { status: order.status } });
      insertFulfilmentEvent(tx, { orderId, status, note, expectedDate, actorMemberId: admin.memberId, at: now });
      const audit = { targetType: 'order', targetId: order.id, targetName: order.reference, memberId: order.memberId, details: { note, expectedDate, diff: [{ field: 'status', before, after: status }] } };
      if (status === 'ready') writeAudit(tx, admin, { action: 'order.mark_ready', ...audit });
      else writeAudit(tx, admin, { action: 'order.mark_delayed', ...audit });
      const lines = linesOf(tx, [order.id]);
      const productName = bilingualNames(lines);
      const cta = { url: `/mall/orders/${order.id}` };
      if (status === 'ready') notify(tx, { memberId: order.memberId, kind: 'order_ready', variables: { orderNo: order.reference, productName, ...(note ? { note } : {}) }, cta });
      else notify(tx, { memberId: order.memberId, kind: 'order_delayed', variables: { orderNo: order.reference, productName, note, expectedDate: zonedTime(expectedDate!, 0, this.d.config.brandTimezone).toISOString() }, cta });
      return this.view(tx, findOrder(tx, orderId)!);
    });
  }

  private view(db: DbOrTx, order: OrderRow): TFulfilmentView {
    const events = fulfilmentEventsOf(db, order.id).map(present);
    return { orderId: order.id, fulfilment: order.fulfilment, latest: events.at(-1) ?? null, events };
  }
}

function present(e: FulfilmentEventRow) {
  return { status: e.status, note: e.note, expectedDate: e.expectedDate, at: e.at.toISOString() };
}
