import { randomBytes, randomInt } from 'node:crypto';

/**
 * What the sandbox's LINE Pay stand-in remembers: payments requested through it, their approval,
 * captures and refunds, the nonces it has seen, and the faults tests inject.
 */

export type SandboxPaymentStatus = 'awaiting' | 'authorized' | 'captured' | 'cancelled' | 'failed';

export interface SandboxPaymentProduct {
  name: string;
  quantity: number;
  price: number;
}

export interface SandboxPayment {
  /** 19 digits, as LINE Pay's (above 2^53); kept as a string here, written as a bare JSON number on the API. */
  transactionId: string;
  /** The paymentUrl's transactionReserveId. */
  reserveId: string;
  orderId: string;
  amount: number;
  currency: string;
  title: string;
  products: SandboxPaymentProduct[];
  confirmUrl: string;
  cancelUrl: string;
  status: SandboxPaymentStatus;
  requestedAt: number;
  approvedAt: number | null;
  /** Each time money was taken (a correct integration has at most one). */
  captures: { amount: number; at: string }[];
  refunds: { refundTransactionId: string; amount: number; at: string }[];
}

export interface LinePaySandboxSettings {
  /** How long after the request the payment can still be approved and confirmed. */
  approvalWindowMs: number;
  /** The next N confirms capture, then answer nothing (the connection is cut after hangMs). */
  confirmTimeouts: number;
  /** The next N confirms answer HTTP 500 and take nothing. */
  confirmServerErrors: number;
  /** The next N confirms are declined (returnCode 1281, credit card payment error); the payment fails. */
  confirmDeclines: number;
  /** The next N refunds answer HTTP 500 and refund nothing. */
  refundServerErrors: number;
  /** The next N refunds are made, then answer nothing (the connection is cut after hangMs). */
  refundTimeouts: number;
  /** How long a timed-out confirm holds the connection before cutting it. */
  hangMs: number;
  /** The transaction id the next request gets (tests), then random again. */
  nextTransactionId: string | null;
}

/**
 * The approval window. LINE Pay's v3 pages we could consult do not state it; 20 minutes is the
 * commonly cited lifetime of a LINE Pay paymentUrl, so that is the default (configurable by
 * POST /sandbox/linepay/api/settings { approvalWindowMs }).
 */
export const DEFAULT_APPROVAL_WINDOW_MS = 20 * 60_000;

const DEFAULTS: LinePaySandboxSettings = {
  approvalWindowMs: DEFAULT_APPROVAL_WINDOW_MS,
  confirmTimeouts: 0,
  confirmServerErrors: 0,
  confirmDeclines: 0,
  refundServerErrors: 0,
  refundTimeouts: 0,
  hangMs: 45_000,
  nextTransactionId: null,
};

const NONCE_TTL_MS = 24 * 3600_000;
const MAX_NONCES = 200_000;

export class LinePaySandboxState {
  readonly payments = new Map<string, SandboxPayment>();
  private readonly byReserveId = new Map<string, string>();
  private readonly nonces = new Map<string, number>();
  settings: LinePaySandboxSettings = { ...DEFAULTS };
  /** Connections held by timed-out confirms, cut on reset so a test server closes promptly. */
  readonly held = new Set<() => void>();

  updateSettings(patch: Partial<LinePaySandboxSettings>): LinePaySandboxSettings {
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  }

  reset(): void {
    this.payments.clear();
    this.byReserveId.clear();
    this.nonces.clear();
    this.settings = { ...DEFAULTS };
    for (const release of [...this.held]) release();
    this.held.clear();
  }

  /** False when this nonce was used before by the channel (a replayed request). */
  useNonce(channelId: string, nonce: string, now = Date.now()): boolean {
    const key = `${channelId}:${nonce}`;
    const seen = this.nonces.get(key);
    if (seen !== undefined && now - seen < NONCE_TTL_MS) return false;
    this.nonces.set(key, now);
    if (this.nonces.size > MAX_NONCES) {
      for (const [k, at] of this.nonces) {
        if (now - at >= NONCE_TTL_MS || this.nonces.size > MAX_NONCES) this.nonces.delete(k);
        else break;
      }
    }
    return true;
  }

  findByOrderId(orderId: string): SandboxPayment | undefined {
    for (const p of this.payments.values()) if (p.orderId === orderId) return p;
    return undefined;
  }

  byReserve(reserveId: string): SandboxPayment | undefined {
    const id = this.byReserveId.get(reserveId);
    return id ? this.payments.get(id) : undefined;
  }

  create(input: Omit<SandboxPayment, 'transactionId' | 'reserveId' | 'status' | 'requestedAt' | 'approvedAt' | 'captures' | 'refunds'>, now = Date.now()): SandboxPayment {
    let transactionId = this.settings.nextTransactionId;
    this.settings.nextTransactionId = null;
    while (!transactionId || this.payments.has(transactionId)) transactionId = newTransactionId(now);
    const payment: SandboxPayment = { ...input, transactionId, reserveId: randomBytes(24).toString('base64url'), status: 'awaiting', requestedAt: now, approvedAt: null, captures: [], refunds: [] };
    this.payments.set(transactionId, payment);
    this.byReserveId.set(payment.reserveId, transactionId);
    return payment;
  }

  /** Past the approval window and never captured: LINE Pay answers "expired". */
  isExpired(payment: SandboxPayment, now = Date.now()): boolean {
    return payment.status !== 'captured' && now - payment.requestedAt > this.settings.approvalWindowMs;
  }

  /** The status as LINE Pay would report it now (an unapproved or unconfirmed payment past its window is cancelled). */
  effectiveStatus(payment: SandboxPayment, now = Date.now()): SandboxPaymentStatus {
    if ((payment.status === 'awaiting' || payment.status === 'authorized') && this.isExpired(payment, now)) return 'cancelled';
    return payment.status;
  }

  /** The member approved in LINE Pay (the page's 付款, or the control route that skips the browser). */
  approve(payment: SandboxPayment, now = Date.now()): boolean {
    if (payment.status !== 'awaiting' || this.isExpired(payment, now)) return false;
    payment.status = 'authorized';
    payment.approvedAt = now;
    return true;
  }

  cancel(payment: SandboxPayment): boolean {
    if (payment.status !== 'awaiting' && payment.status !== 'authorized') return false;
    payment.status = 'cancelled';
    return true;
  }

  newRefundId(now = Date.now()): string {
    for (;;) {
      const id = newTransactionId(now);
      if (!this.payments.has(id)) return id;
    }
  }
}

/** Like LINE Pay's: the date (yyyymmdd) then 11 digits, 19 in all, so always above 2^53. */
function newTransactionId(now: number): string {
  const d = new Date(now);
  const date = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${date}${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 100_000)).padStart(5, '0')}`;
}
