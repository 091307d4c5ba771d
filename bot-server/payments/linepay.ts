import { createHmac, randomUUID } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { PaymentError, type PaymentDetails, type PaymentErrorCode, type PaymentProvider, type PaymentRequest, type PaymentRequested, type PaymentStatus } from './payment-provider.ts';

/**
 * LINE Pay Online API v3 (https://developers-pay.line.me/online-api-v3/…), the `PaymentProvider`
 * the mall uses. In sandbox mode the same class talks to the sandbox's stand-in on this server
 * (bot-server/sandbox/linepay.routes.ts), so the whole purchase runs offline.
 *
 * Every call is signed (API authentication, developers.line.biz/en/reference/line-pay/):
 *   X-LINE-Authorization = Base64(HMAC-SHA256(channelSecret, channelSecret + URL path + (POST: body | GET: query string without "?") + nonce))
 * with a fresh UUID v4 nonce per call (X-LINE-Authorization-Nonce).
 */

/**
 * The read timeouts LINE Pay documents for each API ("Set the read timeout to at least N seconds"):
 * request 10 s (online-api-v3/request-payment), confirm 40 s (online-api-v3/confirm-payment),
 * check payment request status 20 s (online-api-v3/check-payment-request-status),
 * refund 20 s (online-api-v3/refund), retrieve payment details 20 s
 * (online-api-v3/retrieve-payment-details). A call that gets no answer within them ends as
 * PaymentError TIMEOUT: the outcome is unknown, so status()/details() must be asked before retrying.
 */
export const LINEPAY_TIMEOUTS_MS = { request: 10_000, confirm: 40_000, check: 20_000, refund: 20_000, details: 20_000 } as const;

export type LinePayOperation = keyof typeof LINEPAY_TIMEOUTS_MS;

export interface LinePayOptions {
  channelId: string;
  channelSecret: string;
  /** https://api-pay.line.me (production), https://sandbox-api-pay.line.me (LINE's test environment), or our sandbox. */
  baseUrl: string;
  /** Overrides of LINEPAY_TIMEOUTS_MS (tests shorten them; production keeps LINE Pay's). */
  timeoutsMs?: Partial<Record<LinePayOperation, number>>;
}

/** LINE Pay's answer envelope; `info` as the API gives it (ids already strings, see parseLinePayJson). */
export interface LinePayAnswer {
  returnCode: string;
  returnMessage: string;
  info?: unknown;
}

const BIG_ID_FIELDS = ['transactionId', 'refundTransactionId', 'originalTransactionId'];
const BIG_ID_RE = new RegExp(`(?<!\\\\)("(?:${BIG_ID_FIELDS.join('|')})"\\s*:\\s*)(-?\\d+)`, 'g');

/**
 * Parses LINE Pay's JSON keeping its 19-digit transaction ids exact: they come as bare JSON
 * numbers above 2^53 (Number would round 2021121600698709710 to …709700), so before JSON.parse
 * every `"transactionId": <digits>` (and refundTransactionId, originalTransactionId) is quoted.
 * An escaped key inside a string value (`\"transactionId\"`) is left alone.
 */
export function parseLinePayJson(text: string): unknown {
  return JSON.parse(text.replace(BIG_ID_RE, '$1"$2"'));
}

/** X-LINE-Authorization for one call. */
export function linePaySignature(channelSecret: string, path: string, bodyOrQuery: string, nonce: string): string {
  return createHmac('sha256', channelSecret).update(channelSecret + path + bodyOrQuery + nonce).digest('base64');
}

/**
 * LINE Pay returnCode → our PaymentErrorCode, per the return-code table of the LINE Pay appendix
 * (developers.line.biz/en/docs/line-pay/appendix/) and the per-API lists:
 * - 1106 "A header info error" (bad signature/nonce/channel header), 1104 "not one of the
 *   affiliated stores" (unknown channel), 1105 "cannot use LINE Pay" → AUTH (configuration);
 * - 1150 "Transaction history does not exist", 1159 "Payment request information is not found" → NOT_FOUND;
 * - 1124 "Amount info error (scale)", 1153 "The payment amount is different than the requested
 *   amount" → AMOUNT_MISMATCH (the appendix gives 1153 for the confirm mismatch; 1124 is kept too);
 * - 1172 "There is a record of transaction with the same order number": on request a reused
 *   orderId → DUPLICATE_ORDER; on confirm the transaction was already confirmed → ALREADY_CONFIRMED;
 * - 1180 "The payment is expired" → EXPIRED;
 * - 1169 "Error on information required for payment confirmation (must select a payment method
 *   and password authorization at LINE Pay)" → NOT_APPROVED (the member has not approved yet);
 * - 1164 "Exceeded refundable amount" → REFUND_EXCEEDS; 1165 "A transaction already been refunded" → ALREADY_REFUNDED;
 * - 1155 "cannot be refunded", 1163 "refundable date is over", 1101/1102 member status,
 *   1110 card unusable, 1141/1142 account status/low balance, 1178 currency, 1179, 1183/1184
 *   amount, 128x credit card errors → DECLINED;
 * - 1145 "Payment in process", 1198 "Processing the request" (the API call was duplicated while
 *   the first is still running), 1199 "Internal request error", 9000 internal error → UNAVAILABLE (retry later).
 * Anything else (2101/2102 parameter errors…) → DECLINED with LINE Pay's code kept for support.
 */
export function mapReturnCode(operation: LinePayOperation, code: string): PaymentErrorCode {
  switch (code) {
    case '1104':
    case '1105':
    case '1106':
      return 'AUTH';
    case '1150':
    case '1159':
      return 'NOT_FOUND';
    case '1124':
    case '1153':
      return 'AMOUNT_MISMATCH';
    case '1172':
      return operation === 'confirm' ? 'ALREADY_CONFIRMED' : 'DUPLICATE_ORDER';
    case '1180':
      return 'EXPIRED';
    case '1169':
      return 'NOT_APPROVED';
    case '1164':
      return 'REFUND_EXCEEDS';
    case '1165':
      return 'ALREADY_REFUNDED';
    case '1145':
    case '1198':
    case '1199':
    case '9000':
      return 'UNAVAILABLE';
    default:
      return 'DECLINED';
  }
}

/**
 * Codes of the check payment request status API (GET /v3/payments/requests/{transactionId}/check):
 * 0000 authentication not completed yet (awaiting the member), 0110 authenticated — confirm can
 * be requested, 0121 cancelled by the member or the authentication time expired, 0122 payment
 * failed, 0123 payment completed (captured).
 */
const CHECK_STATUS: Record<string, PaymentStatus> = {
  '0000': 'awaiting_approval',
  '0110': 'authorized',
  '0121': 'cancelled',
  '0122': 'cancelled',
  '0123': 'captured',
};

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The connection pool to LINE Pay: keep-alive (no TCP/TLS handshake per call in a flash sale), at
 * most MAX_SOCKETS at once (the rest queue, most recently used socket first), an idle socket
 * closed after IDLE_MS or 1 s before the server's own Keep-Alive hint, whichever is sooner —
 * on real timers (undici's fetch measures idle time on a clock that lags a busy event loop, so
 * under load it reused sockets the server had already closed: ECONNRESET, an unknown outcome).
 */
const MAX_SOCKETS = 64;
const IDLE_MS = 4_000;
/** A request written to a kept-alive socket the server closed meanwhile: it never reached LINE Pay. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

class CallTimeout extends Error {}
class StaleSocket extends Error {}

interface DetailsInfo {
  transactionId: string;
  orderId: string;
  transactionType?: string;
  payInfo?: { method?: string; amount: number }[];
  refundList?: { refundTransactionId: string; refundAmount: number; refundTransactionDate: string }[];
}

export class LinePayProvider implements PaymentProvider {
  readonly name = 'linepay' as const;
  private readonly options: LinePayOptions;
  private readonly baseUrl: string;
  private readonly timeouts: Record<LinePayOperation, number>;
  private readonly agent: HttpAgent;
  private readonly secure: boolean;

  constructor(options: LinePayOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeouts = { ...LINEPAY_TIMEOUTS_MS, ...options.timeoutsMs };
    this.secure = this.baseUrl.startsWith('https:');
    const pool = { keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS, timeout: IDLE_MS, scheduling: 'lifo' as const };
    this.agent = this.secure ? new HttpsAgent(pool) : new HttpAgent(pool);
  }

  /** Closes the pooled connections (server shutdown, tests). */
  close(): void {
    this.agent.destroy();
  }

  async request(req: PaymentRequest): Promise<PaymentRequested> {
    const linesTotal = req.lines.reduce((sum, line) => sum + line.quantity * line.price, 0);
    // LINE Pay requires amount = Σ packages[].amount and each package's amount = Σ quantity × price.
    // When the lines do not add up to what is charged (points or a discount took part of it), the
    // package is one product: the title, once, at the amount charged.
    const products = linesTotal === req.amount ? req.lines.map((l) => ({ name: l.name, quantity: l.quantity, price: l.price })) : [{ name: req.title, quantity: 1, price: req.amount }];
    const body = {
      amount: req.amount,
      currency: req.currency,
      orderId: req.orderId,
      // LINE Pay limits packages[].name to 100 characters and products[].name to 4,000.
      packages: [{ id: '1', amount: req.amount, name: [...req.title].slice(0, 100).join(''), products: products.map((p) => ({ ...p, name: [...p.name].slice(0, 4000).join('') })) }],
      redirectUrls: { confirmUrl: req.confirmUrl, cancelUrl: req.cancelUrl },
    };
    const answer = await this.call('request', 'POST', '/v3/payments/request', { body });
    const info = answer.info as { transactionId?: string; paymentUrl?: { web?: string } } | undefined;
    if (!info?.transactionId || !info.paymentUrl?.web) throw new PaymentError('UNAVAILABLE', 'LINE Pay answered the payment request without a transaction id or payment URL', answer.returnCode);
    return { transactionId: String(info.transactionId), paymentUrl: info.paymentUrl.web };
  }

  async confirm(transactionId: string, amount: number, currency: 'TWD'): Promise<void> {
    await this.call('confirm', 'POST', `/v3/payments/${transactionIdPath(transactionId)}/confirm`, { body: { amount, currency } });
  }

  async status(transactionId: string, orderId: string): Promise<PaymentStatus> {
    const answer = await this.call('check', 'GET', `/v3/payments/requests/${transactionIdPath(transactionId)}/check`, { acceptCodes: Object.keys(CHECK_STATUS) });
    const status = CHECK_STATUS[answer.returnCode]!;
    if (status !== 'captured') return status;
    // Captured; the check API does not tell a refunded payment apart, the payment details do.
    const details = await this.details(transactionId, orderId);
    return details.refundedAmount >= details.amount && details.amount > 0 ? 'refunded' : 'captured';
  }

  async refund(transactionId: string, amount: number): Promise<{ refundTransactionId: string }> {
    const answer = await this.call('refund', 'POST', `/v3/payments/${transactionIdPath(transactionId)}/refund`, { body: { refundAmount: amount } });
    const info = answer.info as { refundTransactionId?: string } | undefined;
    if (!info?.refundTransactionId) throw new PaymentError('UNAVAILABLE', 'LINE Pay answered the refund without a refund transaction id', answer.returnCode);
    return { refundTransactionId: String(info.refundTransactionId) };
  }

  async details(transactionId: string, orderId: string): Promise<PaymentDetails> {
    const answer = await this.call('details', 'GET', '/v3/payments', { query: { transactionId } });
    const list = Array.isArray(answer.info) ? (answer.info as DetailsInfo[]) : [];
    const payment = list.find((i) => String(i.transactionId) === transactionId && (i.transactionType ?? 'PAYMENT') === 'PAYMENT');
    // A transaction id that belongs to another order is not this order's payment.
    if (!payment || String(payment.orderId) !== orderId) throw new PaymentError('NOT_FOUND', `LINE Pay has no captured payment ${transactionId} for order ${orderId}`);
    const refunds = (payment.refundList ?? []).map((r) => ({ refundTransactionId: String(r.refundTransactionId), amount: r.refundAmount, at: r.refundTransactionDate }));
    return {
      transactionId,
      orderId,
      amount: (payment.payInfo ?? []).reduce((sum, p) => sum + p.amount, 0),
      refundedAmount: refunds.reduce((sum, r) => sum + r.amount, 0),
      refunds,
    };
  }

  /** One signed call; answers the envelope on 0000 (or an accepted code), throws PaymentError otherwise. */
  private async call(operation: LinePayOperation, method: 'GET' | 'POST', path: string, input: { body?: unknown; query?: Record<string, string>; acceptCodes?: string[] }): Promise<LinePayAnswer> {
    try {
      return await this.callOnce(operation, method, path, input);
    } catch (error) {
      // A kept-alive socket LINE Pay had closed: the request never left this process for LINE Pay,
      // so it is sent again on a fresh connection (with a fresh nonce). Not for a refund: money
      // moves there only once, whatever the network said (its caller checks the details first).
      if (error instanceof StaleSocket && operation !== 'refund') return this.callOnce(operation, method, path, input);
      if (error instanceof StaleSocket) throw new PaymentError('TIMEOUT', `LINE Pay's connection for the ${operation} was closed (${error.message}); the outcome is unknown`);
      throw error;
    }
  }

  private async callOnce(operation: LinePayOperation, method: 'GET' | 'POST', path: string, input: { body?: unknown; query?: Record<string, string>; acceptCodes?: string[] }): Promise<LinePayAnswer> {
    const nonce = randomUUID();
    const bodyText = method === 'POST' ? JSON.stringify(input.body ?? {}) : '';
    const queryText = input.query ? new URLSearchParams(input.query).toString() : '';
    const signature = linePaySignature(this.options.channelSecret, path, method === 'POST' ? bodyText : queryText, nonce);
    const url = `${this.baseUrl}${path}${queryText ? `?${queryText}` : ''}`;
    const timeoutMs = this.timeouts[operation];
    let status: number;
    let text: string;
    try {
      ({ status, text } = await this.send(method, url, { 'content-type': 'application/json', 'x-line-channelid': this.options.channelId, 'x-line-authorization-nonce': nonce, 'x-line-authorization': signature }, method === 'POST' ? bodyText : undefined, timeoutMs));
    } catch (error) {
      if (error instanceof StaleSocket) throw error;
      if (error instanceof CallTimeout) throw new PaymentError('TIMEOUT', `LINE Pay did not answer the ${operation} within ${timeoutMs} ms; the outcome is unknown`);
      const code = (error as { code?: string }).code;
      // Not reached at all: nothing happened, retry later. Cut off after sending: unknown outcome.
      if (code && CONNECT_FAILURES.has(code)) throw new PaymentError('UNAVAILABLE', `LINE Pay could not be reached (${code})`);
      throw new PaymentError('TIMEOUT', `LINE Pay's answer to the ${operation} was cut off (${code ?? (error as Error).message}); the outcome is unknown`);
    }
    let answer: LinePayAnswer | undefined;
    try {
      const parsed = parseLinePayJson(text) as Partial<LinePayAnswer>;
      if (parsed && typeof parsed.returnCode === 'string') answer = { returnCode: parsed.returnCode, returnMessage: String(parsed.returnMessage ?? ''), info: parsed.info };
    } catch {
      // not JSON
    }
    if (status >= 500) throw new PaymentError('UNAVAILABLE', `LINE Pay answered HTTP ${status} to the ${operation}`, answer?.returnCode);
    if (!answer) {
      if (status === 401 || status === 403) throw new PaymentError('AUTH', `LINE Pay refused our credentials (HTTP ${status})`);
      throw new PaymentError('UNAVAILABLE', `LINE Pay answered the ${operation} with HTTP ${status} and no return code`);
    }
    if (answer.returnCode === '0000' || input.acceptCodes?.includes(answer.returnCode)) return answer;
    const code = mapReturnCode(operation, answer.returnCode);
    throw new PaymentError(code, `LINE Pay ${operation}: ${answer.returnCode} ${answer.returnMessage}`.trim(), answer.returnCode);
  }

  /** One HTTP exchange on the pool; rejects CallTimeout after `timeoutMs`, StaleSocket for a reused socket closed before any answer. */
  private send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = (this.secure ? httpsRequest : httpRequest)(url, { method, agent: this.agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } });
      let answered = false;
      const timer = setTimeout(() => req.destroy(new CallTimeout()), timeoutMs);
      req.on('response', (res: IncomingMessage) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (!answered && req.reusedSocket && error.code && STALE_SOCKET_CODES.has(error.code)) reject(new StaleSocket(error.code));
        else reject(error);
      });
      req.end(body);
    });
  }
}

/** Transaction ids are digits only; anything else would change the signed path. */
function transactionIdPath(transactionId: string): string {
  if (!/^\d{1,30}$/.test(transactionId)) throw new PaymentError('NOT_FOUND', `Not a LINE Pay transaction id: ${JSON.stringify(transactionId)}`);
  return transactionId;
}
