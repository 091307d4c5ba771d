import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ORDER_HOLD_MINUTES, type TCheckoutResponse, type TConsoleOrderView, type TOrderView, type ZCreateOrderRequest } from '../../shared/api/mall.ts';
import { AppError, type Lang } from '../../shared/errors.ts';
import { bilingual, localized } from '../../shared/i18n/localized.ts';
import { maskMobile, normalizeMobile } from '../../shared/phone.ts';
import type { Actor } from '../auth/actor.ts';
import { actorRef } from '../auth/actor.ts';
import { requireAdmin, requireRegisteredMember } from '../auth/policies.ts';
import type { CouponIssuer } from '../coupons/issuing.port.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import { commitGrouped } from '../db/group-commit.ts';
import { publish } from '../events/bus.ts';
import { findIdempotentResult, requestHash, storeIdempotentResult } from '../idempotency/idempotency.repo.ts';
import { notify } from '../notifications/notify.ts';
import { PaymentError, type PaymentProvider } from '../payments/payment-provider.ts';
import type { PointsSpending } from '../points/spending.port.ts';
import type { TierLookup } from '../tiers/tier-lookup.port.ts';
import type { GiftSending } from '../transfers/gift-sending.port.ts';
import {
  dropPointHold,
  findOrder,
  findPayment,
  findPaymentByProviderOrderId,
  hasConfirmingPayment,
  heldPoints,
  holdPoints,
  insertOrder,
  insertPayment,
  insertTicket,
  leavePending,
  linesOf,
  listDueReleases,
  listMemberOrders,
  listOrders,
  listOpenPayments,
  listOurCancelledPayments,
  setPaymentRequested,
  memberFacts,
  movePayment,
  countPayments,
  paymentsOf,
  setTicketTransfer,
  ticketsOf,
  type NewOrderLine,
  type OrderPaymentRow,
  type OrderRow,
} from './order.repo.ts';
import { addMemberUnits, findProduct, itemsOf, releaseReserved, removeMemberUnits, reserveStock, sellReserved, unitsLeft } from './product.repo.ts';
import { orderTicketViews } from './order-ticket-view.ts';
import { onSaleFor } from './product.service.ts';

type CreateOrderInput = z.output<typeof ZCreateOrderRequest>;

const SYSTEM = { kind: 'system', label: 'worker' } as const;
const HOLD_MS = ORDER_HOLD_MINUTES * 60_000;

export interface CheckoutDeps {
  db: Db;
  /** undefined: PAYMENT_PROVIDER not configured (only all-points orders can be paid). */
  payments: PaymentProvider | undefined;
  points: PointsSpending;
  coupons: CouponIssuer;
  tiers?: TierLookup | undefined;
  /** The transfers domain's gift flow (gift orders); without it, gift tickets stay with the buyer. */
  gifts?: GiftSending | undefined;
  /** This server's public origin, for LINE Pay's confirmUrl / cancelUrl. */
  baseUrl: () => string;
  /** Where payment anomalies are reported (our credentials refused, a captured amount that is not ours). */
  log?: Pick<Logger, 'error' | 'warn'> | undefined;
}

/**
 * How long after we cancelled an attempt on our side (the member's cancelUrl, the order released
 * or cancelled) the reconciler still asks LINE Pay about it: LINE Pay's approval window (20
 * minutes, see the sandbox) plus a margin. Within it, LINE Pay reporting the payment captured
 * means money was taken for nothing we deliver: it is refunded at once. An authorization that is
 * never confirmed lapses by itself (LINE Pay's Online API v3 has no void for a payment requested
 * with capture, which is how the mall requests them).
 */
export const CANCELLED_RECHECK_MS = 30 * 60_000;

/** What settling one payment attempt came to. */
export type SettleOutcome = 'paid' | 'already_paid' | 'in_progress' | 'not_captured' | 'failed' | 'refunded' | 'waiting' | 'unknown';

function reference(now: Date): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `M${d}-${randomBytes(5).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 6)}`;
}

/**
 * Orders, checkout and payment (bot-server/mall). Points are HELD when an order is created (a
 * hold row the next order's check subtracts, so the same points cannot back two pending orders)
 * and TAKEN when it is paid, in the transaction that issues the tickets. Stock is reserved by one
 * conditional update at creation and released once (the conditional move out of `pending`).
 */
export class Checkout {
  private readonly db: Db;
  private readonly d: CheckoutDeps;

  constructor(deps: CheckoutDeps) {
    this.db = deps.db;
    this.d = deps;
  }

  // ── member API ──

  /**
   * Synchronous up to the write: a refusal before it (sold out, gift checks, a reused key)
   * throws here rather than rejecting a promise — in a flash sale that is nine attempts in ten.
   */
  createOrder(caller: Actor | undefined, input: CreateOrderInput, options: { idempotencyKey?: string | undefined; lang: Lang; now?: Date }): Promise<TCheckoutResponse> {
    const me = requireRegisteredMember(caller);
    const lang = options.lang;
    const scope = `mall-order:${me.memberId}`;
    const hash = options.idempotencyKey ? requestHash(input) : '';
    // The cheap refusal in a flash sale (reads, no write): sold out already. Read BEFORE the
    // idempotency row, with no await between them: when the key has no stored result, the order
    // it would replay had not committed when the stock was read either, so that order could not
    // have taken the last units — a retry of an order still in flight is not told "sold out"
    // about units its own original holds. The transaction's conditional update is the real check.
    const left = unitsLeft(this.db, input.productId);
    if (options.idempotencyKey) {
      const previous = findIdempotentResult(this.db, scope, options.idempotencyKey, hash);
      if (previous) return this.replay((previous.response as { orderId: number }).orderId, me.memberId, lang);
    }
    const now = options.now ?? new Date();
    let giftMobile: string | null = null;
    if (input.recipient.type === 'gift') {
      const mobile = normalizeMobile(input.recipient.mobile);
      if (!mobile.ok) throw new AppError('MOBILE_INVALID', { field: 'recipient.mobile' });
      const m = memberFacts(this.db, me.memberId);
      if (!m?.mobile || !m.mobileVerifiedAt) throw new AppError('MOBILE_NOT_VERIFIED', { details: { verifyAt: '/profile' } });
      if (m.mobile === mobile.e164) throw new AppError('GIFT_TO_SELF', { field: 'recipient.mobile' });
      giftMobile = mobile.e164;
    }
    if (left !== null && left < input.quantity) throw new AppError('PRODUCT_SOLD_OUT');
    return this.placeOrder(me.memberId, input, giftMobile, lang, now, options.idempotencyKey ? { scope, key: options.idempotencyKey, hash } : undefined);
  }

  private async placeOrder(memberId: number, input: CreateOrderInput, giftMobile: string | null, lang: Lang, now: Date, idem: { scope: string; key: string; hash: string } | undefined): Promise<TCheckoutResponse> {
    const { order, attempt, line } = await this.reserve(memberId, input, giftMobile, lang, now, idem);
    if (order.status !== 'pending' || !attempt) return this.replayed(order, lang);
    let paymentUrl: string;
    try {
      paymentUrl = await this.startPayment(order, attempt, [line!]);
    } catch (error) {
      // No payment URL reached the member, so nobody can approve this order: its stock, limit and points go back at once
      // (held for 15 minutes they would be lost to the sale). The member may simply order again.
      await commitGrouped(this.db, (tx) => this.releaseInTx(tx, findOrder(tx, order.id)!, 'cancelled', 'payment_unavailable', new Date()));
      throw error;
    }
    // The order read again (it may have moved meanwhile); its line is the one just written.
    return { order: this.view(this.db, findOrder(this.db, order.id)!, lang, [line!]), paymentUrl };
  }

  /** A new payment attempt for a pending order (the hold is not extended). */
  async payAgain(caller: Actor | undefined, orderId: number, lang: Lang): Promise<TCheckoutResponse> {
    const me = requireRegisteredMember(caller);
    const order = this.mine(this.db, orderId, me.memberId);
    if (order.status !== 'pending' || order.holdUntil <= new Date()) throw new AppError('ORDER_NOT_PENDING');
    if (hasConfirmingPayment(this.db, order.id)) throw new AppError('ORDER_NOT_PENDING', { message: '付款確認中，請稍候', messageEn: 'The payment is being confirmed; wait a moment' });
    const paymentUrl = await this.startPayment(order);
    return { order: this.view(this.db, findOrder(this.db, order.id)!, lang), paymentUrl };
  }

  cancel(caller: Actor | undefined, orderId: number, lang: Lang): Promise<TOrderView> {
    const me = requireRegisteredMember(caller);
    return commitGrouped(this.db, (tx) => {
      const order = this.mine(tx, orderId, me.memberId);
      if (hasConfirmingPayment(tx, order.id)) throw new AppError('ORDER_NOT_PENDING', { message: '付款確認中，無法取消', messageEn: 'The payment is being confirmed; it cannot be cancelled now' });
      if (!this.releaseInTx(tx, order, 'cancelled', 'member', new Date())) throw new AppError('ORDER_NOT_PENDING');
      for (const p of paymentsOf(tx, [order.id])) movePayment(tx, p.id, ['requested'], 'cancelled', { lastError: 'ORDER_CANCELLED' });
      return this.view(tx, findOrder(tx, order.id)!, lang);
    });
  }

  myOrders(caller: Actor | undefined, status: OrderRow['status'] | undefined, lang: Lang): { items: TOrderView[] } {
    const me = requireRegisteredMember(caller);
    return { items: listMemberOrders(this.db, me.memberId, status).map((o) => this.view(this.db, o, lang)) };
  }

  order(caller: Actor | undefined, orderId: number, lang: Lang): TOrderView {
    const me = requireRegisteredMember(caller);
    return this.view(this.db, this.mine(this.db, orderId, me.memberId), lang);
  }

  consoleOrders(caller: Actor | undefined, q: { status?: OrderRow['status'] | undefined; memberId?: number | undefined; productId?: number | undefined; from?: string | undefined; until?: string | undefined; limit: number }, lang: Lang): { items: TConsoleOrderView[] } {
    requireAdmin(caller);
    const rows = listOrders(this.db, { ...q, from: q.from ? new Date(q.from) : undefined, until: q.until ? new Date(q.until) : undefined });
    return { items: rows.map((o) => this.consoleView(o, o.memberName, lang)) };
  }

  consoleOrder(caller: Actor | undefined, orderId: number, lang: Lang): TConsoleOrderView {
    requireAdmin(caller);
    const o = findOrder(this.db, orderId);
    if (!o) throw new AppError('ORDER_NOT_FOUND');
    const m = listOrders(this.db, { memberId: o.memberId, limit: 1 })[0];
    return this.consoleView(o, m?.memberName ?? '', lang);
  }

  private consoleView(o: OrderRow, memberName: string, lang: Lang): TConsoleOrderView {
    return {
      ...this.view(this.db, o, lang),
      memberId: o.memberId,
      memberName,
      payments: paymentsOf(this.db, [o.id]).map((p) => ({ providerOrderId: p.providerOrderId, transactionId: p.transactionId, amount: p.amount, state: p.state, lastError: p.lastError, capturedAt: p.capturedAt?.toISOString() ?? null, refundedAmount: p.refundedAmount })),
    };
  }

  pointsBalance(memberId: number): number {
    return Math.max(0, this.d.points.spendableBalance(this.db, memberId) - heldPoints(this.db, memberId));
  }

  // ── LINE Pay returns ──

  /**
   * LINE Pay's confirmUrl. The pair (orderId, transactionId) must be one of our attempts; the
   * amount confirmed is the one we stored, never anything the browser sends. A signed-in member
   * who is not the order's owner is refused. Answers the order's page to redirect to.
   */
  async confirmReturn(caller: Actor | undefined, q: { orderId: string; transactionId?: string | undefined }): Promise<string> {
    const payment = this.matchReturn(caller, q);
    await this.settle(payment.id);
    return `/app/mall/orders/${payment.orderId}`;
  }

  /**
   * LINE Pay's cancelUrl: this attempt is over; the order stays pending (pay again) until its hold
   * ends. The URL is public and needs only our order id, so the browser's word is not enough: LINE
   * Pay is asked first, and the attempt is cancelled only while LINE Pay says it is not approved
   * (awaiting) or cancelled. An approved attempt is left for the confirm return or the reconciler
   * (a forged or stale cancel link cannot undo a member's approval); when LINE Pay cannot be asked,
   * nothing changes (the reconciler asks later).
   */
  async cancelReturn(caller: Actor | undefined, q: { orderId: string; transactionId?: string | undefined }): Promise<string> {
    const payment = this.matchReturn(caller, q);
    const target = `/app/mall/orders/${payment.orderId}`;
    const provider = this.d.payments;
    if (!provider || payment.state !== 'requested') return target;
    const status = await provider.status(payment.transactionId!, payment.providerOrderId).catch(() => undefined);
    if (status === 'awaiting_approval' || status === 'cancelled') {
      await commitGrouped(this.db, (tx) => movePayment(tx, payment.id, ['requested'], 'cancelled', { lastError: 'MEMBER_CANCELLED' }));
    }
    return target;
  }

  private matchReturn(caller: Actor | undefined, q: { orderId: string; transactionId?: string | undefined }): OrderPaymentRow {
    const payment = findPaymentByProviderOrderId(this.db, q.orderId);
    if (!payment || !payment.transactionId || (q.transactionId !== undefined && q.transactionId !== payment.transactionId)) throw new AppError('PAYMENT_MISMATCH');
    if (caller?.kind === 'member') {
      const order = findOrder(this.db, payment.orderId);
      if (!order || order.memberId !== caller.memberId) throw new AppError('PAYMENT_MISMATCH');
    }
    return payment;
  }

  // ── the payment state machine (confirm, reconciliation) ──

  /**
   * Settles one attempt: confirm (capture) when the order can still be delivered, then complete
   * it in one transaction. Race-safe: the move requested → confirming is one conditional update,
   * so parallel confirms capture once. Never captures for an order that was released or
   * cancelled (the attempt is dropped and LINE Pay's authorization lapses); a capture that then
   * cannot be delivered (points spent meanwhile, a template refusing) is refunded at once.
   */
  async settle(paymentId: number): Promise<SettleOutcome> {
    const provider = this.d.payments;
    if (!provider) return 'unknown';
    // Committed (shared with the other confirms of the moment) before LINE Pay is called.
    const start = await commitGrouped(this.db, (tx): SettleOutcome | 'confirm' => {
      const p = findPayment(tx, paymentId)!;
      if (p.state === 'captured') return 'already_paid';
      if (p.state === 'confirming') return 'in_progress';
      if (p.state !== 'requested') return 'failed';
      const order = findOrder(tx, p.orderId)!;
      if (order.status !== 'pending') {
        movePayment(tx, p.id, ['requested'], 'cancelled', { lastError: 'ORDER_CLOSED' });
        return 'not_captured';
      }
      if (order.totalPoints > 0 && this.d.points.spendableBalance(tx, order.memberId) < order.totalPoints) {
        this.releaseInTx(tx, order, 'cancelled', 'points_insufficient', new Date());
        movePayment(tx, p.id, ['requested'], 'cancelled', { lastError: 'POINTS_INSUFFICIENT' });
        this.notifyFailed(tx, order, 'points');
        return 'not_captured';
      }
      return movePayment(tx, p.id, ['requested'], 'confirming') ? 'confirm' : 'in_progress';
    });
    if (start !== 'confirm') return start;
    return this.captureAndComplete(paymentId);
  }

  /**
   * Confirms (captures) an attempt in `confirming`, then completes it. LINE Pay's answers:
   * - NOT_APPROVED (a confirm before the member approved; the confirm route is public and needs
   *   only our order id): not a failure — the attempt goes back to `requested`, to be confirmed when
   *   the member approves (their return, or the reconciler);
   * - AUTH (our credentials or signature refused): our configuration, not the member's payment —
   *   left `confirming` for the reconciler, with an error logged for the operator;
   * - TIMEOUT / UNAVAILABLE: unknown; the status check decides, else left for the reconciler;
   * - ALREADY_CONFIRMED, or a status of captured: success only when the captured amount is ours;
   * - anything else (declined, expired, amount mismatch, unknown transaction): the attempt failed,
   *   and the member is told (order_payment_failed; the order stays pending to pay again).
   */
  private async captureAndComplete(paymentId: number): Promise<SettleOutcome> {
    const provider = this.d.payments!;
    const p = findPayment(this.db, paymentId)!;
    try {
      await provider.confirm(p.transactionId!, p.amount, 'TWD');
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      if (error.code === 'ALREADY_CONFIRMED') return this.completeIfOurAmount(p);
      if (error.code === 'NOT_APPROVED') {
        await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['confirming'], 'requested', { lastError: 'NOT_APPROVED' }));
        return 'waiting';
      }
      if (error.code === 'AUTH') {
        this.d.log?.error({ paymentId: p.id, providerOrderId: p.providerOrderId, code: error.code, providerCode: error.providerCode }, 'LINE Pay refused our credentials on confirm; the payment is left for reconciliation — check LINEPAY_CHANNEL_ID / LINEPAY_CHANNEL_SECRET');
        await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['confirming'], 'confirming', { lastError: 'AUTH' }));
        return 'unknown';
      }
      if (error.retryable) {
        const status = await provider.status(p.transactionId!, p.providerOrderId).catch(() => undefined);
        if (status === 'captured') return this.completeIfOurAmount(p);
        // Unknown or still authorized: stays `confirming` for the reconciler (the release job leaves such orders alone).
        await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['confirming'], 'confirming', { lastError: error.code }));
        return 'unknown';
      }
      await commitGrouped(this.db, (tx) => {
        if (!movePayment(tx, p.id, ['confirming'], 'failed', { lastError: error.code })) return;
        const order = findOrder(tx, p.orderId)!;
        if (order.status === 'pending') this.notifyFailed(tx, order, error.code === 'EXPIRED' ? 'expired' : 'declined');
      });
      return 'failed';
    }
    return this.completeCaptured(paymentId);
  }

  /**
   * LINE Pay says the attempt is captured (ALREADY_CONFIRMED, or a status check): it is ours to
   * complete only when what was captured is the attempt's amount (the payment details). A
   * different amount is not delivered against: the attempt stays `confirming` (the order held, the
   * release job leaves it alone) with AMOUNT_MISMATCH and an error logged for a person to resolve.
   * Without a details API the status is trusted, as before.
   */
  private async completeIfOurAmount(p: OrderPaymentRow): Promise<SettleOutcome> {
    const provider = this.d.payments!;
    if (provider.details) {
      let captured: number;
      try {
        captured = (await provider.details(p.transactionId!, p.providerOrderId)).amount;
      } catch {
        // Cannot tell yet: the reconciler asks again.
        await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['confirming', 'requested'], 'confirming', { lastError: 'DETAILS_UNAVAILABLE' }));
        return 'unknown';
      }
      if (captured !== p.amount) {
        this.d.log?.error({ paymentId: p.id, providerOrderId: p.providerOrderId, expected: p.amount, captured }, 'LINE Pay reports a capture of another amount than the order\'s; not delivered, needs a person');
        await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['confirming', 'requested'], 'confirming', { lastError: 'AMOUNT_MISMATCH' }));
        return 'unknown';
      }
    }
    return this.completeCaptured(p.id);
  }

  /**
   * The money is taken: ONE transaction marks the attempt captured, the order paid, issues the
   * tickets, takes the points, publishes `order.paid` and enqueues the notification. If the goods
   * cannot be delivered after all, the order is cancelled and the capture refunded.
   */
  async completeCaptured(paymentId: number): Promise<SettleOutcome> {
    const now = new Date();
    try {
      const done = await commitGrouped(this.db, (tx) => {
        const p = findPayment(tx, paymentId)!;
        if (p.state === 'captured') return 'already_paid' as const;
        if (!movePayment(tx, p.id, ['confirming', 'requested'], 'captured', { capturedAt: now })) return 'in_progress' as const;
        const order = findOrder(tx, p.orderId)!;
        if (order.status !== 'pending' || !leavePending(tx, order.id, 'paid', now, null)) throw new AppError('ORDER_NOT_PENDING');
        this.deliverInTx(tx, { ...order, status: 'paid', paidAt: now }, p.amount, now);
        return 'paid' as const;
      });
      return done;
    } catch (error) {
      // Undeliverable after capture: cancel what can be cancelled, refund the capture at once.
      await commitGrouped(this.db, (tx) => {
        const p = findPayment(tx, paymentId)!;
        movePayment(tx, p.id, ['confirming', 'requested'], 'refund_pending', { capturedAt: now, lastError: error instanceof AppError ? error.code : 'UNDELIVERABLE' });
        const order = findOrder(tx, p.orderId)!;
        if (order.status === 'pending') this.releaseInTx(tx, order, 'cancelled', error instanceof AppError ? error.code.toLowerCase() : 'undeliverable', now);
      });
      return this.refundPending(paymentId);
    }
  }

  private async refundPending(paymentId: number): Promise<SettleOutcome> {
    const p = findPayment(this.db, paymentId)!;
    if (p.state !== 'refund_pending') return 'failed';
    try {
      const r = await this.d.payments!.refund(p.transactionId!, p.amount);
      await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['refund_pending'], 'refunded', { refundTransactionId: r.refundTransactionId, refundedAmount: p.amount }));
      return 'refunded';
    } catch (error) {
      if (error instanceof PaymentError && error.code === 'ALREADY_REFUNDED') {
        await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['refund_pending'], 'refunded', { refundedAmount: p.amount }));
        return 'refunded';
      }
      // Left refund_pending: the reconciler tries again.
      return 'unknown';
    }
  }

  /**
   * Reconciliation, not depending on the browser: attempts left `requested` / `confirming` /
   * `refund_pending` for at least `minAgeMs` are checked against the provider's status.
   */
  async reconcile(options: { now?: Date; minAgeMs?: number; limit?: number } = {}): Promise<Record<SettleOutcome | 'checked', number>> {
    const provider = this.d.payments;
    const counts: Record<string, number> = { checked: 0 };
    if (!provider) return counts as Record<SettleOutcome | 'checked', number>;
    const now = options.now ?? new Date();
    const due = listOpenPayments(this.db, new Date(now.getTime() - (options.minAgeMs ?? 60_000)), options.limit ?? 200);
    for (const p of due) {
      counts.checked! += 1;
      const outcome = await this.reconcileOne(p, now).catch(() => 'unknown' as const);
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
    const cancelled = listOurCancelledPayments(this.db, new Date(now.getTime() - CANCELLED_RECHECK_MS), new Date(now.getTime() - (options.minAgeMs ?? 60_000)), options.limit ?? 200);
    for (const p of cancelled) {
      counts.checked! += 1;
      const outcome = await this.recheckCancelled(p).catch(() => 'unknown' as const);
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
    return counts as Record<SettleOutcome | 'checked', number>;
  }

  /**
   * An attempt WE cancelled (the cancelUrl, the order released or cancelled) that LINE Pay may
   * still see otherwise. Captured: money taken for nothing we deliver — refunded at once.
   * Authorized: never confirmed by us, it lapses at LINE Pay (v3 has no void for a payment
   * requested with capture); asked again on the next run until LINE Pay reports it cancelled or
   * the recheck window ends. Cancelled / refunded at LINE Pay: settled, not asked again.
   */
  private async recheckCancelled(p: OrderPaymentRow): Promise<SettleOutcome> {
    const status = await this.d.payments!.status(p.transactionId!, p.providerOrderId);
    if (status === 'captured') {
      this.d.log?.warn({ paymentId: p.id, providerOrderId: p.providerOrderId }, 'LINE Pay captured an attempt we had cancelled; refunding it');
      const moved = await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['cancelled'], 'refund_pending', { capturedAt: new Date(), lastError: 'CAPTURED_AFTER_CANCEL' }));
      return moved ? this.refundPending(p.id) : 'unknown';
    }
    if (status === 'cancelled' || status === 'refunded') {
      await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['cancelled'], 'cancelled', { lastError: `PROVIDER_${status.toUpperCase()}` }));
      return 'not_captured';
    }
    // Still awaiting or authorized at LINE Pay: looked at again later (the touch sends it to the back of the queue).
    await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['cancelled'], 'cancelled'));
    return 'waiting';
  }

  private async reconcileOne(p: OrderPaymentRow, now: Date): Promise<SettleOutcome> {
    const provider = this.d.payments!;
    if (p.state === 'refund_pending') return this.refundPending(p.id);
    const status = await provider.status(p.transactionId!, p.providerOrderId);
    const order = findOrder(this.db, p.orderId)!;
    if (status === 'captured') return this.completeIfOurAmount(p);
    if (status === 'authorized') {
      if (p.state === 'confirming') return this.captureAndComplete(p.id);
      return this.settle(p.id);
    }
    if (status === 'cancelled' || status === 'refunded') {
      await commitGrouped(this.db, (tx) => {
        const moved = movePayment(tx, p.id, ['requested', 'confirming'], 'cancelled', { lastError: `PROVIDER_${status.toUpperCase()}` });
        const o = findOrder(tx, p.orderId)!;
        if (o.status === 'pending' && o.holdUntil <= now) this.releaseInTx(tx, o, 'expired', 'timeout', now);
        // The member approved and the approval lapsed (LINE Pay expired it) while the order still holds: they can pay again.
        else if (moved && o.status === 'pending' && p.state === 'confirming') this.notifyFailed(tx, o, 'expired');
      });
      return 'not_captured';
    }
    // awaiting_approval: nothing to do while the order holds; once it is closed the attempt is dropped.
    if (order.status !== 'pending') await commitGrouped(this.db, (tx) => movePayment(tx, p.id, ['requested'], 'cancelled', { lastError: 'ORDER_CLOSED' }));
    return 'waiting';
  }

  // ── the release job ──

  /** Pending orders past their hold (and not being confirmed), for the release job. */
  dueReleases(db: DbOrTx, now: Date, afterId: number, limit: number): OrderRow[] {
    return listDueReleases(db, now, afterId, limit);
  }

  /** Releases one unpaid order whose hold ended: stock, per-member units and held points, exactly once. */
  releaseDue(tx: DbOrTx, order: OrderRow, now: Date): boolean {
    if (hasConfirmingPayment(tx, order.id)) return false;
    const released = this.releaseInTx(tx, order, 'expired', 'timeout', now);
    if (released) for (const p of paymentsOf(tx, [order.id])) movePayment(tx, p.id, ['requested'], 'cancelled', { lastError: 'ORDER_EXPIRED' });
    return released;
  }

  // ── internals ──

  /**
   * Stock, limit, points hold and the order in ONE transaction (a zero-amount order is paid in it
   * too), sharing its commit with the other orders of the same moment (group commit: one fsync
   * for a flash sale's burst, each order in its own savepoint).
   */
  private reserve(memberId: number, input: CreateOrderInput, giftMobile: string | null, lang: Lang, now: Date, idem: { scope: string; key: string; hash: string } | undefined): Promise<{ order: OrderRow; attempt?: OrderPaymentRow; line?: NewOrderLine }> {
    return commitGrouped(this.db, (tx): { order: OrderRow; attempt?: OrderPaymentRow; line?: NewOrderLine } => {
      if (idem) {
        const previous = findIdempotentResult(tx, idem.scope, idem.key, idem.hash);
        if (previous) return { order: this.mine(tx, (previous.response as { orderId: number }).orderId, memberId) };
      }
      const p = findProduct(tx, input.productId);
      if (!p || !onSaleFor(tx, this.d.tiers, p, memberId, now)) throw new AppError('PRODUCT_NOT_AVAILABLE');
      const points = p.pricePoints * input.quantity;
      const cash = p.priceCash * input.quantity;
      if (input.points !== points) throw new AppError('PRICE_CHANGED', { field: 'points', details: { points } });
      if (cash > 0 && !this.d.payments) throw new AppError('PAYMENT_UNAVAILABLE');
      if (points > 0) {
        if (!this.d.points.isEnabled()) throw new AppError('POINTS_DISABLED');
        if (this.d.points.spendableBalance(tx, memberId) - heldPoints(tx, memberId) < points) throw new AppError('INSUFFICIENT_POINTS', { field: 'points' });
      }
      if (!addMemberUnits(tx, p.id, memberId, input.quantity, p.perMemberLimit)) throw new AppError('PURCHASE_LIMIT_REACHED', { field: 'quantity' });
      if (!reserveStock(tx, p.id, input.quantity)) throw new AppError('PRODUCT_SOLD_OUT');
      const line: NewOrderLine = { productId: p.id, kind: p.kind, name: p.name, nameEn: p.nameEn, quantity: input.quantity, unitCash: p.priceCash, unitPoints: p.pricePoints, listPrice: p.listPrice, refundUnitValue: p.refundUnitValue, refundable: p.refundable, refundWindowDays: p.refundWindowDays };
      const order = insertOrder(
        tx,
        {
          reference: reference(now),
          memberId,
          totalCash: cash,
          totalPoints: points,
          recipient: giftMobile ? 'gift' : 'self',
          giftMobile,
          giftMessage: input.recipient.type === 'gift' ? (input.recipient.message ?? null) : null,
          invoiceCarrier: input.invoiceCarrier ?? null,
          lang,
          holdUntil: new Date(now.getTime() + HOLD_MS),
          createdAt: now,
          updatedAt: now,
        },
        [line],
      );
      if (points > 0) holdPoints(tx, order.id, memberId, points);
      if (idem) storeIdempotentResult(tx, idem.scope, idem.key, idem.hash, 201, { orderId: order.id });
      if (cash === 0) {
        leavePending(tx, order.id, 'paid', now, null);
        this.deliverInTx(tx, { ...order, status: 'paid', paidAt: now }, 0, now);
        return { order: findOrder(tx, order.id)! };
      }
      // The first payment attempt shares the order's commit (LINE Pay is asked for its URL after it).
      return { order, line, attempt: insertPayment(tx, { orderId: order.id, providerOrderId: `${order.reference}-1`, amount: cash }) };
    });
  }

  /** An idempotent replay (or a paid / closed order): the order and the payment URL still open, if any. */
  private replayed(order: OrderRow, lang: Lang): TCheckoutResponse {
    if (order.status !== 'pending') return { order: this.view(this.db, order, lang), paymentUrl: null };
    const last = paymentsOf(this.db, [order.id]).at(-1);
    return { order: this.view(this.db, order, lang), paymentUrl: last?.state === 'requested' ? last.paymentUrl : null };
  }

  private async replay(orderId: number, memberId: number, lang: Lang): Promise<TCheckoutResponse> {
    return this.replayed(this.mine(this.db, orderId, memberId), lang);
  }

  /** Issues the tickets, sells the reserved stock, takes the held points, publishes and notifies. */
  private deliverInTx(tx: DbOrTx, order: OrderRow, cash: number, now: Date): void {
    const lines = linesOf(tx, [order.id]);
    const items = itemsOf(
      tx,
      lines.map((l) => l.productId),
    );
    const couponIds: number[] = [];
    for (const line of lines) {
      sellReserved(tx, line.productId, line.quantity);
      for (let unit = 0; unit < line.quantity; unit += 1) {
        for (const it of items.filter((i) => i.productId === line.productId)) {
          for (let k = 0; k < it.quantity; k += 1) {
            const c = this.d.coupons.issueInTx(tx, { templateId: it.templateId, memberId: order.memberId, source: 'mall', sourceRef: `order:${order.id}`, actor: SYSTEM, notify: false, now });
            insertTicket(tx, { orderId: order.id, orderLineId: line.id, couponId: c.id, templateId: it.templateId, createdAt: now });
            couponIds.push(c.id);
          }
        }
      }
    }
    dropPointHold(tx, order.id);
    if (order.totalPoints > 0) {
      const name = lines[0]!.name;
      this.d.points.spendInTx(tx, { memberId: order.memberId, points: order.totalPoints, reason: `商城訂單 ${order.reference}「${name}」`, reasonEn: `Mall order ${order.reference}`, ref: `mall:order:${order.id}`, actor: actorRef(SYSTEM), notify: false, at: now });
    }
    if (order.recipient === 'gift' && order.giftMobile && this.d.gifts) {
      for (const couponId of couponIds) {
        // A gift the transfers domain refuses (a template not transferable) stays in the buyer's wallet; the order is still paid.
        try {
          const sent = transact(tx, (sp) => this.d.gifts!.sendInTx(sp, { couponId, senderMemberId: order.memberId, mobile: order.giftMobile!, message: order.giftMessage, now }));
          setTicketTransfer(tx, couponId, sent.transferId);
        } catch {
          // kept by the buyer
        }
      }
    }
    const total = [cash > 0 ? `NT$${cash.toLocaleString('en-US')}` : '', order.totalPoints > 0 ? `${order.totalPoints} 點` : ''].filter(Boolean).join(' + ') || 'NT$0';
    publish(tx, { type: 'order.paid', orderId: order.id, reference: order.reference, memberId: order.memberId, cash, points: order.totalPoints, productIds: lines.map((l) => l.productId), couponIds, giftMobile: order.giftMobile, at: now });
    notify(tx, {
      memberId: order.memberId,
      kind: 'order_paid',
      variables: { orderNo: order.reference, productName: bilingual(lines[0]!.name, lines[0]!.nameEn), ticketCount: couponIds.length, total },
      cta: { url: `/mall/orders/${order.id}` },
    });
  }

  /**
   * order_payment_failed: a payment that definitively did not go through (declined, expired, the
   * points no longer enough), with the CTA to the order page (like order_paid). Nothing was charged.
   */
  private notifyFailed(tx: DbOrTx, order: OrderRow, why: 'declined' | 'expired' | 'points'): void {
    const line = linesOf(tx, [order.id])[0];
    const reason = { declined: bilingual('LINE Pay 付款未成功', 'LINE Pay declined the payment'), expired: bilingual('LINE Pay 付款逾時', 'The LINE Pay payment expired'), points: bilingual('點數不足，訂單已取消', 'Not enough points; the order is cancelled') }[why];
    notify(tx, {
      memberId: order.memberId,
      kind: 'order_payment_failed',
      variables: { orderNo: order.reference, productName: line ? bilingual(line.name, line.nameEn) : order.reference, reason },
      cta: { url: `/mall/orders/${order.id}` },
    });
  }

  /** Out of pending (cancelled / expired): stock, per-member units and the points hold back, once. */
  private releaseInTx(tx: DbOrTx, order: OrderRow, to: 'cancelled' | 'expired', reason: string, now: Date): boolean {
    if (!leavePending(tx, order.id, to, now, reason)) return false;
    for (const line of linesOf(tx, [order.id])) {
      releaseReserved(tx, line.productId, line.quantity);
      removeMemberUnits(tx, line.productId, order.memberId, line.quantity);
    }
    dropPointHold(tx, order.id);
    return true;
  }

  /**
   * Asks LINE Pay for a payment URL for a new attempt (`attempt`: already inserted with the
   * order). No transaction is open while LINE Pay is called; the answer is stored by a grouped
   * commit, before the URL is given to the member.
   */
  private async startPayment(order: OrderRow, existing?: OrderPaymentRow, known?: Pick<NewOrderLine, 'name' | 'nameEn' | 'quantity' | 'unitCash'>[]): Promise<string> {
    const provider = this.d.payments;
    if (!provider) throw new AppError('PAYMENT_UNAVAILABLE');
    const attempt = existing ?? (await commitGrouped(this.db, (tx) => insertPayment(tx, { orderId: order.id, providerOrderId: `${order.reference}-${countPayments(tx, order.id) + 1}`, amount: order.totalCash })));
    const lines = known ?? linesOf(this.db, [order.id]);
    const base = this.d.baseUrl();
    try {
      const r = await provider.request({
        orderId: attempt.providerOrderId,
        amount: order.totalCash,
        currency: 'TWD',
        title: localized(lines[0]!.name, lines[0]!.nameEn, order.lang === 'en' ? 'en' : 'zh-TW'),
        lines: lines.map((l) => ({ name: l.name, quantity: l.quantity, price: l.unitCash })),
        confirmUrl: `${base}/api/mall/linepay/confirm`,
        cancelUrl: `${base}/api/mall/linepay/cancel`,
      });
      await commitGrouped(this.db, (tx) => setPaymentRequested(tx, attempt.id, r.transactionId, r.paymentUrl));
      return r.paymentUrl;
    } catch (error) {
      await commitGrouped(this.db, (tx) => movePayment(tx, attempt.id, ['requested'], 'failed', { lastError: error instanceof PaymentError ? error.code : 'REQUEST_FAILED' }));
      throw new AppError('PAYMENT_UNAVAILABLE', { cause: error });
    }
  }

  private mine(db: DbOrTx, orderId: number, memberId: number): OrderRow {
    const order = findOrder(db, orderId);
    if (!order || order.memberId !== memberId) throw new AppError('ORDER_NOT_FOUND');
    return order;
  }

  /**
   * The member's view of an order. `known`: its lines when the caller has them (the order just
   * created). A pending order has no tickets yet (they are issued in the transaction that marks
   * it paid), so it asks for none.
   */
  view(db: DbOrTx, o: OrderRow, lang: Lang, known?: Pick<NewOrderLine, 'productId' | 'kind' | 'name' | 'nameEn' | 'quantity' | 'unitCash' | 'unitPoints' | 'listPrice'>[]): TOrderView {
    const lines = known ?? linesOf(db, [o.id]);
    const tickets = o.status === 'pending' ? [] : ticketsOf(db, [o.id]);
    return {
      id: o.id,
      reference: o.reference,
      status: o.status,
      fulfilment: o.fulfilment,
      totalCash: o.totalCash,
      totalPoints: o.totalPoints,
      recipient: o.recipient,
      giftMobile: o.giftMobile ? maskMobile(o.giftMobile) : null,
      giftMessage: o.giftMessage,
      invoiceCarrier: o.invoiceCarrier,
      lines: lines.map((l) => ({ productId: l.productId, kind: l.kind, name: localized(l.name, l.nameEn ?? null, lang), quantity: l.quantity, unitCash: l.unitCash, unitPoints: l.unitPoints, listPrice: l.listPrice ?? null })),
      tickets: orderTicketViews(db, o.memberId, tickets, lang),
      holdUntil: o.holdUntil.toISOString(),
      paidAt: o.paidAt?.toISOString() ?? null,
      cancelledAt: o.cancelledAt?.toISOString() ?? null,
      cancelReason: o.cancelReason,
      paymentInProgress: hasConfirmingPayment(db, o.id),
      refundedCash: o.refundedCash,
      refundedPoints: o.refundedPoints,
      createdAt: o.createdAt.toISOString(),
    };
  }
}
