/**
 * The port between the mall (orders) and a payment service. LINE Pay Online API v3 implements
 * it in linepay.ts (the sandbox serves the same API on this server in dev and tests).
 *
 * Amounts are whole New Taiwan dollars. Transaction ids are strings: LINE Pay's exceed 2^53 and
 * must never pass through a JavaScript number.
 */

export interface PaymentLine {
  name: string;
  quantity: number;
  /** Unit price, NT$. */
  price: number;
}

export interface PaymentRequest {
  /** Our order reference, unique per payment attempt (LINE Pay refuses a reused one: DUPLICATE_ORDER). */
  orderId: string;
  /** The total to charge, NT$ (> 0; a zero-amount order needs no payment). */
  amount: number;
  currency: 'TWD';
  /** Shown on the LINE Pay page (the package name). */
  title: string;
  lines: PaymentLine[];
  /** Where LINE Pay sends the member after approving (it appends transactionId and orderId). */
  confirmUrl: string;
  /** Where LINE Pay sends the member after cancelling. */
  cancelUrl: string;
}

export interface PaymentRequested {
  transactionId: string;
  /** The page the member opens to approve the payment (LINE Pay's paymentUrl.web). */
  paymentUrl: string;
}

/**
 * What the provider says about a payment, as our state machine needs it:
 * - `awaiting_approval`: the member has not approved yet (may still);
 * - `authorized`: approved by the member, not yet confirmed by us (call confirm());
 * - `captured`: confirmed — the money is taken;
 * - `cancelled`: cancelled by the member or expired — it will never be paid;
 * - `refunded`: fully refunded.
 */
export type PaymentStatus = 'awaiting_approval' | 'authorized' | 'captured' | 'cancelled' | 'refunded';

export type PaymentErrorCode =
  /** The orderId was used for an earlier request. */
  | 'DUPLICATE_ORDER'
  /** The approval window passed; the payment can no longer be confirmed. */
  | 'EXPIRED'
  /** The amount sent does not match the requested one. */
  | 'AMOUNT_MISMATCH'
  /** Confirm on a transaction that is already confirmed (treat as success after checking the amount). */
  | 'ALREADY_CONFIRMED'
  /** Refund of an already (fully) refunded transaction. */
  | 'ALREADY_REFUNDED'
  /** Refund above what is left to refund. */
  | 'REFUND_EXCEEDS'
  /** Unknown transaction. */
  | 'NOT_FOUND'
  /** The provider refused (card declined, account limits…). */
  | 'DECLINED'
  /** Confirm before the member approved in LINE Pay (LINE Pay 1169): not paid yet; check status() later. */
  | 'NOT_APPROVED'
  /** No answer within the documented timeout: the outcome is unknown; check status() before retrying. */
  | 'TIMEOUT'
  /** The provider answered 5xx or could not be reached: retryable. */
  | 'UNAVAILABLE'
  /** Our credentials or signature were refused: a configuration problem. */
  | 'AUTH';

export class PaymentError extends Error {
  readonly code: PaymentErrorCode;
  /** The provider's own code (LINE Pay returnCode), for logs and support. */
  readonly providerCode: string | undefined;
  // Plain fields, not parameter properties: Node's type stripping (erasableSyntaxOnly) refuses those.
  constructor(code: PaymentErrorCode, message: string, providerCode?: string) {
    super(message);
    this.name = 'PaymentError';
    this.code = code;
    this.providerCode = providerCode;
  }
  /** True when the outcome is unknown or temporary (TIMEOUT, UNAVAILABLE): check status() or retry later. */
  get retryable(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'UNAVAILABLE';
  }
}

export interface PaymentProvider {
  readonly name: 'linepay';
  /** Starts a payment; the member approves it at paymentUrl. */
  request(req: PaymentRequest): Promise<PaymentRequested>;
  /** Captures an authorized payment for exactly `amount`. Throws PaymentError (ALREADY_CONFIRMED when it was). */
  confirm(transactionId: string, amount: number, currency: 'TWD'): Promise<void>;
  /** Where the payment stands (for reconciliation, which never depends on the browser coming back). */
  status(transactionId: string, orderId: string): Promise<PaymentStatus>;
  /** Refunds `amount` (partial when less than what is left). Returns the refund's transaction id. */
  refund(transactionId: string, amount: number): Promise<{ refundTransactionId: string }>;
  /**
   * What was captured and refunded so far (LINE Pay's payment details API), e.g. to find out
   * whether a refund whose answer timed out went through before retrying it. Optional: added
   * after the port was first written; LinePayProvider implements it.
   */
  details?(transactionId: string, orderId: string): Promise<PaymentDetails>;
}

export interface PaymentDetails {
  transactionId: string;
  orderId: string;
  /** Captured, NT$ (before refunds). */
  amount: number;
  /** Refunded so far, NT$. */
  refundedAmount: number;
  refunds: { refundTransactionId: string; amount: number; at: string }[];
}
