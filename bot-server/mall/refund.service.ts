import type { Logger } from 'pino';
import type { TConsoleRefundView, TRefundQuote, TRefundView } from '../../shared/api/mall.ts';
import { AppError, type Lang } from '../../shared/errors.ts';
import { bilingualNames, localized, type Bilingual } from '../../shared/i18n/localized.ts';
import { groupUnits, quoteUnit, refundDeadline, type LineTerms, type RefundRefusal, type TicketState, type UnitQuote } from '../../shared/mall/refund-rules.ts';
import { actorRef, type Actor } from '../auth/actor.ts';
import { requireAdmin, requireRegisteredMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import type { CouponIssuer } from '../coupons/issuing.port.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import { commitGrouped } from '../db/group-commit.ts';
import { findIdempotentResult, requestHash, storeIdempotentResult } from '../idempotency/idempotency.repo.ts';
import { queueJob } from '../jobs/queue.ts';
import type { JobKind } from '../jobs/runner.ts';
import { notify } from '../notifications/notify.ts';
import { PaymentError, type PaymentProvider } from '../payments/payment-provider.ts';
import type { PointsSpending } from '../points/spending.port.ts';
import { findOrder, findPayment, linesOf, type OrderLineRow, type OrderRow } from './order.repo.ts';
import { removeMemberUnits } from './product.repo.ts';
import type { PendingGiftRecall } from './refund-ports.ts';
import {
  addRefundedToPayment,
  bookRefundOnOrder,
  capturedPaymentOf,
  completeRefund,
  failRefund,
  findRefund,
  insertRefund,
  markCalling,
  markTicketsRefunded,
  recordRefundError,
  refundsOf,
  reopenRefund,
  returnSoldStock,
  ticketCoupons,
  type RefundPart,
  type RefundRow,
} from './refund.repo.ts';

export const MALL_REFUND_JOB = 'mall_refund';

type As = 'member' | 'admin';
interface UnitPlan extends UnitQuote {
  line: OrderLineRow;
  tickets: (TicketState & { transferring: boolean })[];
}

/**
 * Refunds of paid mall orders (購、退票). One request is one outcome in one transaction: the
 * tickets voided by conditional updates (a redemption or a gift's accept in the same instant
 * wins or loses cleanly), a pending gift of a ticket called back (transfers' port), the points
 * returned (points' port), the stock restored, the order booked and the member told. The NT$
 * part is owed to LINE Pay: the refund commits as `refund_pending` and the `mall_refund` job
 * makes the provider refund with retries, checking the provider's refunded total before any
 * retry, so a refund is never sent twice.
 */
export class RefundService {
  private readonly d: { db: Db; config: Config; coupons: CouponIssuer; points: PointsSpending; gifts: PendingGiftRecall; payments: PaymentProvider | undefined; log: Logger };

  constructor(deps: { db: Db; config: Config; coupons: CouponIssuer; points: PointsSpending; gifts: PendingGiftRecall; payments: PaymentProvider | undefined; log: Logger }) {
    this.d = deps;
  }

  /** What refunding everything refundable would give back now, unit by unit. */
  quote(caller: Actor | undefined, orderId: number, as: As, lang: Lang): TRefundQuote {
    const order = this.orderFor(this.d.db, caller, orderId, as);
    const plans = this.plan(this.d.db, order, new Date());
    const ok = plans.filter((p) => p.ok);
    const deadlines = linesOf(this.d.db, [order.id])
      .map((l) => (order.paidAt ? refundDeadline(order.paidAt, l.refundWindowDays, this.d.config.brandTimezone) : null))
      .filter((x): x is Date => x !== null);
    return {
      orderId: order.id,
      units: plans.map((p) => ({
        orderLineId: p.line.id,
        name: localized(p.line.name, p.line.nameEn, lang),
        kind: p.line.kind,
        couponIds: p.couponIds,
        refundable: p.ok,
        reason: p.reason,
        collected: p.collected,
        usesTotal: p.usesTotal,
        deduction: p.deduction,
        cash: p.cash,
        points: p.points,
        recallsGift: p.ok && p.tickets.some((t) => t.transferring),
      })),
      cash: ok.reduce((s, p) => s + p.cash, 0),
      points: ok.reduce((s, p) => s + p.points, 0),
      deadline: deadlines.length ? new Date(Math.min(...deadlines.map((x) => x.getTime()))).toISOString() : null,
    };
  }

  /**
   * Refunds the tickets asked for (or every refundable one). With an idempotency key a replay
   * answers the first result; a refusal changes nothing.
   */
  async request(caller: Actor | undefined, orderId: number, input: { couponIds?: number[] | undefined; reason: string }, options: { as: As; idempotencyKey?: string | undefined; lang: Lang }): Promise<{ status: number; body: TRefundView }> {
    const actor = options.as === 'admin' ? requireAdmin(caller) : requireRegisteredMember(caller);
    const scope = `mall-refund:${actor.memberId}:${orderId}`;
    const hash = options.idempotencyKey ? requestHash(input) : '';
    if (options.idempotencyKey) {
      const previous = findIdempotentResult(this.d.db, scope, options.idempotencyKey, hash);
      if (previous) return { status: previous.status, body: previous.response as TRefundView };
    }
    const now = new Date();
    // One transaction, sharing its commit with the other money-path writes of the moment (group commit); the LINE Pay refund runs after it, in the job.
    const body = await commitGrouped(this.d.db, (tx) => {
      if (options.idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, options.idempotencyKey, hash);
        if (previous) return previous.response as TRefundView;
      }
      const order = this.orderFor(tx, caller, orderId, options.as);
      if (order.status !== 'paid' && order.status !== 'partially_refunded') throw new AppError('ORDER_NOT_REFUNDABLE', { details: { status: order.status } });
      const plans = this.plan(tx, order, now);
      const chosen = this.choose(plans, input.couponIds, order);
      const row = this.commitRefund(tx, order, plans, chosen, { reason: input.reason, as: options.as, actor, now });
      if (options.as === 'admin') {
        writeAudit(tx, actor, {
          action: 'order.refund',
          targetType: 'order',
          targetId: order.id,
          targetName: order.reference,
          memberId: order.memberId,
          details: { refundId: row.id, cash: row.cash, points: row.points, units: row.units, couponIds: row.couponIds, reason: input.reason },
        });
      }
      const view = presentRefund(row);
      if (options.idempotencyKey) storeIdempotentResult(tx, scope, options.idempotencyKey, hash, 201, view);
      return view;
    });
    return { status: 201, body };
  }

  list(caller: Actor | undefined, orderId: number): { items: TRefundView[] } {
    const order = this.orderFor(this.d.db, caller, orderId, 'member');
    return { items: refundsOf(this.d.db, order.id).map(presentRefund) };
  }

  consoleList(caller: Actor | undefined, orderId: number): { items: TConsoleRefundView[] } {
    const order = this.orderFor(this.d.db, caller, orderId, 'admin');
    return { items: refundsOf(this.d.db, order.id).map(presentConsoleRefund) };
  }

  /** An admin sends a refund the job gave up on to the provider again (audited). */
  retry(caller: Actor | undefined, refundId: number): TConsoleRefundView {
    const admin = requireAdmin(caller);
    const now = new Date();
    return transact(this.d.db, (tx) => {
      const r = findRefund(tx, refundId);
      if (!r) throw new AppError('NOT_FOUND', { message: '找不到這筆退款', messageEn: 'No such refund' });
      if (!reopenRefund(tx, r.id, now)) throw new AppError('REFUND_NOT_FAILED', { details: { state: r.state } });
      queueJob(tx, { kind: MALL_REFUND_JOB, key: `refund:${r.id}:retry:${now.getTime()}`, payload: { refundId: r.id } });
      const order = findOrder(tx, r.orderId)!;
      writeAudit(tx, admin, { action: 'order.refund_retry', targetType: 'order', targetId: r.orderId, targetName: order.reference, memberId: r.memberId, details: { refundId: r.id, cash: r.cash, lastError: r.lastError } });
      return presentConsoleRefund(findRefund(tx, r.id)!);
    });
  }

  /** The order as this caller may see it: the buyer's own, or any for an admin; another's answers like a missing one. */
  private orderFor(db: DbOrTx, caller: Actor | undefined, orderId: number, as: As): OrderRow {
    const actor = as === 'admin' ? requireAdmin(caller) : requireRegisteredMember(caller);
    const order = findOrder(db, orderId);
    if (!order || (as === 'member' && order.memberId !== actor.memberId)) throw new AppError('ORDER_NOT_FOUND');
    return order;
  }

  /** Every unit of the order with its verdict, as things stand in `db`. */
  private plan(db: DbOrTx, order: OrderRow, now: Date): UnitPlan[] {
    const lines = linesOf(db, [order.id]);
    const tickets = ticketCoupons(db, order.id);
    const out: UnitPlan[] = [];
    for (const line of lines) {
      const states = tickets
        .filter((t) => t.orderLineId === line.id)
        .map((t) => ({
          couponId: t.couponId,
          templateId: t.templateId,
          heldByBuyer: t.memberId === order.memberId,
          status: t.status,
          usesTotal: t.usesTotal,
          usesLeft: t.usesLeft,
          refunded: t.refundedAt !== null,
          transferring: t.status === 'transferring',
        }));
      // A pending gift is called back by the refund: priced as the buyer's active ticket.
      const asPriced = states.map((t) => (t.transferring && t.heldByBuyer ? { ...t, status: 'active' as const } : t));
      const terms: LineTerms = { kind: line.kind, quantity: line.quantity, unitCash: line.unitCash, unitPoints: line.unitPoints, listPrice: line.listPrice, refundUnitValue: line.refundUnitValue, refundable: line.refundable };
      const deadline = order.paidAt ? refundDeadline(order.paidAt, line.refundWindowDays, this.d.config.brandTimezone) : null;
      for (const unit of groupUnits(asPriced, line.quantity)) {
        let q = quoteUnit(unit, terms);
        if (q.ok && deadline && now.getTime() >= deadline.getTime()) q = { ...q, ok: false, reason: 'WINDOW_PASSED', cash: 0, points: 0 };
        out.push({ ...q, line, tickets: unit.map((u) => states.find((s) => s.couponId === u.couponId)!) });
      }
    }
    return out;
  }

  /** The units a request refunds, or the refusal that says why not — in the words a member can act on. */
  private choose(plans: UnitPlan[], couponIds: number[] | undefined, order: OrderRow): UnitPlan[] {
    if (couponIds) {
      const known = new Set(plans.flatMap((p) => p.couponIds));
      const unknown = couponIds.find((id) => !known.has(id));
      if (unknown !== undefined) throw new AppError('VALIDATION_FAILED', { message: `couponIds: 票券 ${unknown} 不屬於這筆訂單`, messageEn: `couponIds: ticket ${unknown} is not part of this order`, field: 'couponIds' });
      const chosen = plans.filter((p) => p.couponIds.some((id) => couponIds.includes(id)));
      const refused = chosen.find((p) => !p.ok);
      if (refused) throw this.refusal(refused.reason!, order, refused);
      return chosen;
    }
    const ok = plans.filter((p) => p.ok);
    if (ok.length) return ok;
    const open = plans.filter((p) => p.reason !== 'REFUNDED');
    if (!open.length) throw new AppError('ORDER_NOT_REFUNDABLE', { details: { status: order.status } });
    if (open.every((p) => p.reason === 'NOT_REFUNDABLE')) throw new AppError('REFUND_NOT_ALLOWED');
    if (open.every((p) => p.reason === 'WINDOW_PASSED')) throw this.refusal('WINDOW_PASSED', order, open[0]!);
    throw new AppError('NOTHING_TO_REFUND', { details: { reasons: open.map((p) => ({ couponIds: p.couponIds, reason: p.reason })) } });
  }

  private refusal(reason: RefundRefusal, order: OrderRow, p: UnitPlan): AppError {
    if (reason === 'NOT_REFUNDABLE') return new AppError('REFUND_NOT_ALLOWED');
    if (reason === 'WINDOW_PASSED') {
      const deadline = refundDeadline(order.paidAt!, p.line.refundWindowDays, this.d.config.brandTimezone)!;
      const lastDay = new Date(deadline.getTime() - 1).toLocaleDateString('zh-TW', { timeZone: this.d.config.brandTimezone });
      const lastDayEn = new Date(deadline.getTime() - 1).toLocaleDateString('en-CA', { timeZone: this.d.config.brandTimezone });
      return new AppError('REFUND_WINDOW_PASSED', {
        message: `已超過退款期限（付款後 ${p.line.refundWindowDays} 天內，至 ${lastDay} 止）`,
        messageEn: `The refund period ended: refunds were possible within ${p.line.refundWindowDays} days of payment, until ${lastDayEn}`,
        details: { deadline: deadline.toISOString(), couponIds: p.couponIds },
      });
    }
    const words: Record<Exclude<RefundRefusal, 'NOT_REFUNDABLE' | 'WINDOW_PASSED'>, [string, string]> = {
      USED: ['這張票券已使用，無法退款', 'This ticket has been used, so it cannot be refunded'],
      GIFT_ACCEPTED: ['這張票券已由好友收下，無法退款', 'A friend has accepted this ticket, so it cannot be refunded'],
      REFUNDED: ['這張票券已退款', 'This ticket has already been refunded'],
      NOT_ACTIVE: ['這張票券已失效，無法退款', 'This ticket is no longer valid, so it cannot be refunded'],
      BUNDLE_PARTLY_USED: ['套票中已有票券使用或轉出，整組無法退款', 'A ticket of this set was used or given away, so the set cannot be refunded'],
    };
    const [zh, en] = words[reason];
    return new AppError('TICKET_NOT_REFUNDABLE', { message: zh, messageEn: en, details: { reason, couponIds: p.couponIds } });
  }

  /** The local part of the refund, in `tx`; throws (rolling it all back) when a ticket changed under it. */
  private commitRefund(tx: DbOrTx, order: OrderRow, plans: UnitPlan[], chosen: UnitPlan[], ctx: { reason: string; as: As; actor: Actor; now: Date }): RefundRow {
    const { now } = ctx;
    const couponIds = chosen.flatMap((p) => p.couponIds);
    for (const p of chosen) {
      for (const t of p.tickets) {
        if (t.transferring && !this.d.gifts.recallInTx(tx, { couponId: t.couponId, senderMemberId: order.memberId, reason: 'refund' })) throw this.refusal('GIFT_ACCEPTED', order, p);
        if (!this.d.coupons.voidForRefundInTx(tx, { couponId: t.couponId, memberId: order.memberId, usesLeft: t.usesLeft, reason: `refund of order ${order.reference}`, actor: ctx.actor })) {
          throw new AppError('TICKET_NOT_REFUNDABLE', { message: '票券剛剛被使用或轉贈，請重新整理後再試', messageEn: 'The ticket was just used or given away; reload and try again', details: { reason: 'CHANGED', couponIds: p.couponIds } });
        }
      }
    }
    if (markTicketsRefunded(tx, order.id, couponIds, now) !== couponIds.length) throw new AppError('TICKET_NOT_REFUNDABLE', { details: { reason: 'REFUNDED' } });
    const cashLeft = order.totalCash - order.refundedCash;
    const pointsLeft = order.totalPoints - order.refundedPoints;
    const cash = Math.min(cashLeft, chosen.reduce((s, p) => s + p.cash, 0));
    const points = Math.min(pointsLeft, chosen.reduce((s, p) => s + p.points, 0));
    const payment = cash > 0 ? capturedPaymentOf(tx, order.id) : undefined;
    if (cash > 0 && !payment) throw new AppError('INTERNAL', { message: '找不到這筆訂單的付款紀錄', messageEn: 'No captured payment for this order' });
    const parts: RefundPart[] = chosen.map((p) => ({ orderLineId: p.line.id, kind: p.line.kind, couponIds: p.couponIds, unitCash: p.line.unitCash, unitPoints: p.line.unitPoints, collected: p.collected, usesTotal: p.usesTotal, deduction: p.deduction, cash: p.cash, points: p.points }));
    const row = insertRefund(tx, {
      orderId: order.id,
      memberId: order.memberId,
      state: cash > 0 ? 'refund_pending' : 'refunded',
      cash,
      points,
      units: chosen.length,
      couponIds,
      parts,
      reason: ctx.reason,
      requestedBy: ctx.as,
      requestedByMemberId: ctx.actor.kind === 'member' ? ctx.actor.memberId : null,
      paymentId: payment?.id ?? null,
      createdAt: now,
      completedAt: cash > 0 ? null : now,
      updatedAt: now,
    });
    if (points > 0) this.d.points.returnInTx(tx, { memberId: order.memberId, points, spentRef: `mall:order:${order.id}`, returnId: `refund:${row.id}`, reason: `商城訂單 ${order.reference} 退款`, actor: actorRef(ctx.actor), at: now });
    const unitsByProduct = new Map<number, number>();
    for (const p of chosen) unitsByProduct.set(p.line.productId, (unitsByProduct.get(p.line.productId) ?? 0) + 1);
    for (const [productId, units] of unitsByProduct) {
      returnSoldStock(tx, productId, units);
      removeMemberUnits(tx, productId, order.memberId, units);
    }
    const allRefunded = plans.every((p) => p.reason === 'REFUNDED' || chosen.includes(p));
    if (!bookRefundOnOrder(tx, { orderId: order.id, cash, points, allRefunded, at: now })) throw new AppError('ORDER_NOT_REFUNDABLE', { details: { status: order.status } });
    const variables = { orderNo: order.reference, refundCash: cash, refundPoints: points, itemName: chosenName(chosen) };
    if (cash > 0) {
      notify(tx, { memberId: order.memberId, kind: 'order_refund_accepted', variables, cta: { url: `/mall/orders/${order.id}` } });
      queueJob(tx, { kind: MALL_REFUND_JOB, key: `refund:${row.id}`, payload: { refundId: row.id } });
    } else {
      notify(tx, { memberId: order.memberId, kind: 'order_refund_completed', variables, cta: { url: `/mall/orders/${order.id}` } });
    }
    return row;
  }

  // ── the provider step (the mall_refund job) ──

  /**
   * Sends one refund's NT$ to the provider. Before any call after the first, the provider's
   * refunded total for the payment says whether an earlier call (timed out, or cut by a crash)
   * went through; a repeat the provider answers ALREADY_REFUNDED counts as done.
   */
  async sendToProvider(refundId: number, commit: <T>(work: (tx: DbOrTx) => T) => T): Promise<'refunded' | 'skipped'> {
    const r = findRefund(this.d.db, refundId);
    if (!r || r.state !== 'refund_pending' || r.cash <= 0) return 'skipped';
    const provider = this.d.payments;
    if (!provider) throw new Error('PAYMENT_PROVIDER is not configured: the refund waits');
    const payment = findPayment(this.d.db, r.paymentId!);
    if (!payment?.transactionId) throw new Error(`refund ${r.id}: the payment has no transaction id`);
    if (r.providerAttempts > 0 && provider.details) {
      const details = await provider.details(payment.transactionId, payment.providerOrderId);
      if (details.refundedAmount >= payment.refundedAmount + r.cash) {
        const found = details.refunds.filter((x) => x.amount === r.cash).at(-1);
        commit((tx) => this.complete(tx, r, found?.refundTransactionId ?? null));
        return 'refunded';
      }
    }
    commit((tx) => markCalling(tx, r.id, new Date()));
    try {
      const { refundTransactionId } = await provider.refund(payment.transactionId, r.cash);
      commit((tx) => this.complete(tx, r, refundTransactionId));
      return 'refunded';
    } catch (error) {
      if (error instanceof PaymentError && error.code === 'ALREADY_REFUNDED') {
        commit((tx) => this.complete(tx, r, null));
        return 'refunded';
      }
      const message = error instanceof PaymentError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
      // A timeout leaves the outcome unknown: the next try checks the provider's total first (providerAttempts > 0).
      commit((tx) => recordRefundError(tx, r.id, message, new Date()));
      throw error;
    }
  }

  private complete(tx: DbOrTx, r: RefundRow, refundTransactionId: string | null): void {
    const now = new Date();
    if (!completeRefund(tx, r.id, { refundTransactionId, at: now })) return;
    if (r.paymentId !== null) addRefundedToPayment(tx, r.paymentId, r.cash, refundTransactionId, now);
    const order = findOrder(tx, r.orderId)!;
    const names = linesOf(tx, [order.id]).filter((l) => r.parts.some((p) => p.orderLineId === l.id));
    notify(tx, {
      memberId: r.memberId,
      kind: 'order_refund_completed',
      variables: { orderNo: order.reference, refundCash: r.cash, refundPoints: r.points, itemName: bilingualNames(names) },
      cta: { url: `/mall/orders/${order.id}` },
    });
  }

  /** The job kind: retried with backoff (1 s, 2 s, 4 s … ≤ 5 min) for about half an hour, then `failed` for an admin to retry. */
  jobKind(): JobKind<{ refundId: number }, { tries: number }> {
    return {
      maxAttempts: 12,
      concurrency: 1,
      run: async (ctx) => {
        let tries = ctx.checkpoint?.tries ?? 0;
        const outcome = await this.sendToProvider(ctx.payload.refundId, (work) =>
          ctx.commit((tx) => {
            tries += 1;
            return { checkpoint: { tries }, value: work(tx) };
          }),
        );
        return { result: { refundId: ctx.payload.refundId, outcome } };
      },
      onFailed: (tx, job, error) => {
        const id = Number((job.payload as { refundId?: number }).refundId);
        if (failRefund(tx, id, error, new Date())) this.d.log.error({ refundId: id, error }, 'mall refund gave up: an admin can retry it from the console');
      },
    };
  }
}

function chosenName(chosen: UnitPlan[]): Bilingual {
  const lines = [...new Map(chosen.map((p) => [p.line.id, p.line])).values()];
  return bilingualNames(lines);
}

function presentRefund(r: RefundRow): TRefundView {
  return {
    id: r.id,
    orderId: r.orderId,
    state: r.state,
    cash: r.cash,
    points: r.points,
    units: r.units,
    couponIds: r.couponIds,
    reason: r.reason,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt ? r.completedAt.toISOString() : null,
  };
}

function presentConsoleRefund(r: RefundRow): TConsoleRefundView {
  return { ...presentRefund(r), providerAttempts: r.providerAttempts, refundTransactionId: r.refundTransactionId, lastError: r.lastError, parts: r.parts };
}

