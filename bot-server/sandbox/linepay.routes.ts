import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { LinePaySandboxState, SandboxPayment } from './linepay-state.ts';

/**
 * The sandbox's LINE Pay: Online API v3 on this server at /sandbox/linepay (sandbox mode only,
 * like every /sandbox route), with the paths and JSON shapes of api-pay.line.me —
 *   POST /v3/payments/request, POST /v3/payments/{transactionId}/confirm,
 *   GET /v3/payments/requests/{transactionId}/check, POST /v3/payments/{transactionId}/refund,
 *   GET /v3/payments?transactionId=…&orderId=…
 * — answering HTTP 200 with a `returnCode` as LINE Pay does, transaction ids as bare 19-digit JSON
 * numbers. Each call must carry our channel id, a fresh nonce and the HMAC signature.
 * The member's side: the approval page at the paymentUrl (/web/payment/wait?transactionReserveId=…).
 * Controls for people and tests under /api (approve without the browser, list charges, faults, reset).
 */

const BIG_ID_OUT_RE = /"(transactionId|refundTransactionId|originalTransactionId)":"(\d+)"/g;

/** LINE Pay's JSON: our string ids written as bare numbers, as the real API does. */
function sendLinePay(res: Response, body: { returnCode: string; returnMessage: string; info?: unknown }, status = 200): void {
  res.status(status).type('application/json;charset=UTF-8').send(JSON.stringify(body).replace(BIG_ID_OUT_RE, '"$1":$2'));
}

function fail(res: Response, returnCode: string, returnMessage: string): void {
  sendLinePay(res, { returnCode, returnMessage });
}

const ZProduct = z.object({ id: z.string().optional(), name: z.string().min(1).max(4000), quantity: z.number().int().positive(), price: z.number().int(), imageUrl: z.string().optional() });
const ZRequestBody = z.object({
  amount: z.number().int(),
  currency: z.string().length(3),
  orderId: z.string().min(1).max(100),
  packages: z.array(z.object({ id: z.string().min(1).max(50), amount: z.number().int(), name: z.string().max(100).optional(), userFee: z.number().int().optional(), products: z.array(ZProduct).min(1) })).min(1),
  redirectUrls: z.object({ confirmUrl: z.url(), cancelUrl: z.url(), appPackageName: z.string().optional(), confirmUrlType: z.string().optional() }),
  options: z.unknown().optional(),
});
const ZConfirmBody = z.object({ amount: z.number(), currency: z.string() });
const ZRefundBody = z.object({ refundAmount: z.number().int().positive().optional() });

const ZSettings = z
  .object({
    approvalWindowMs: z.number().int().min(0).max(86_400_000),
    confirmTimeouts: z.number().int().min(0).max(1000),
    confirmServerErrors: z.number().int().min(0).max(1000),
    confirmDeclines: z.number().int().min(0).max(1000),
    refundServerErrors: z.number().int().min(0).max(1000),
    refundTimeouts: z.number().int().min(0).max(1000),
    hangMs: z.number().int().min(0).max(120_000),
    nextTransactionId: z.string().regex(/^[1-9]\d{18}$/, 'must be 19 digits').nullable(),
  })
  .partial()
  .strict();
const ZApprove = z.union([z.object({ transactionId: z.string().regex(/^\d{1,30}$/) }).strict(), z.object({ orderId: z.string().min(1).max(100) }).strict()]);

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw new AppError('VALIDATION_FAILED', { message: `${field ? `${field}: ` : ''}${issue.message}`, field });
  }
  return result.data;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (!u.searchParams.has(k) || k === 'transactionId') u.searchParams.set(k, v);
  return u.toString();
}

export interface LinePaySandboxOptions {
  state: LinePaySandboxState;
  channelId: string;
  channelSecret: string;
  merchantName: string;
  /** Where members' browsers reach this server (the public base of our links, bot-server/links.ts), for the paymentUrl. */
  publicBaseUrl: () => string;
}

export function createLinePaySandboxRouter(options: LinePaySandboxOptions): Router {
  const { state } = options;
  const router = Router();
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  // ── the API, as api-pay.line.me ──
  const api = Router();
  // The raw body: the signature covers it byte for byte.
  api.use(express.text({ type: () => true, limit: '64kb' }));
  api.use((req, res, next) => {
    const channelId = req.get('x-line-channelid');
    const nonce = req.get('x-line-authorization-nonce');
    const signature = req.get('x-line-authorization');
    if (!channelId || !nonce || !signature) return fail(res, '1106', 'Header information error. (X-LINE-ChannelId, X-LINE-Authorization-Nonce and X-LINE-Authorization are required)');
    if (channelId !== options.channelId) return fail(res, '1104', 'Merchant not found. (no LINE Pay merchant has this channel id)');
    const path = `/v3${req.path}`;
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const signed = req.method === 'GET' ? query : typeof req.body === 'string' ? req.body : '';
    const expected = createHmac('sha256', options.channelSecret).update(options.channelSecret + path + signed + nonce).digest('base64');
    if (!safeEqual(expected, signature)) return fail(res, '1106', 'Header information error. (X-LINE-Authorization does not match)');
    if (nonce.length > 100 || !state.useNonce(channelId, nonce)) return fail(res, '1106', 'Header information error. (X-LINE-Authorization-Nonce was already used)');
    if (req.method === 'POST') {
      try {
        req.body = JSON.parse(typeof req.body === 'string' && req.body !== '' ? req.body : '{}');
      } catch {
        return fail(res, '2102', 'Wrong json type.');
      }
    }
    next();
  });

  api.post('/payments/request', (req, res) => {
    const input = ZRequestBody.safeParse(req.body);
    if (!input.success) return fail(res, '2101', `Parameter error. (${input.error.issues[0]!.path.join('.')}: ${input.error.issues[0]!.message})`);
    const body = input.data;
    if (body.currency !== 'TWD') return fail(res, '1178', 'Unsupported currency.');
    if (body.amount <= 0) return fail(res, '1183', 'Payment amount must be greater than 0.');
    const packagesTotal = body.packages.reduce((sum, p) => sum + p.amount + (p.userFee ?? 0), 0);
    const productsOk = body.packages.every((p) => p.products.reduce((sum, x) => sum + x.quantity * x.price, 0) === p.amount);
    if (packagesTotal !== body.amount || !productsOk) return fail(res, '1124', 'Amount info error. (amount must equal the packages, each package the sum of its products)');
    if (state.findByOrderId(body.orderId)) return fail(res, '1172', 'Existing same orderId.');
    const payment = state.create({
      orderId: body.orderId,
      amount: body.amount,
      currency: body.currency,
      title: body.packages[0]!.name ?? body.packages[0]!.products[0]!.name,
      products: body.packages.flatMap((p) => p.products.map((x) => ({ name: x.name, quantity: x.quantity, price: x.price }))),
      confirmUrl: body.redirectUrls.confirmUrl,
      cancelUrl: body.redirectUrls.cancelUrl,
    });
    const mount = req.baseUrl.replace(/\/v3$/, '');
    // The member's browser reaches this server where our own links point (the configured public
    // base), whatever address the server called itself on.
    const base = `${options.publicBaseUrl().replace(/\/+$/, '')}${mount}`;
    sendLinePay(res, {
      returnCode: '0000',
      returnMessage: 'Success.',
      info: {
        paymentUrl: { web: `${base}/web/payment/wait?transactionReserveId=${payment.reserveId}`, app: `line://pay/payment/${payment.reserveId}` },
        transactionId: payment.transactionId,
        paymentAccessToken: String(payment.transactionId).slice(-12),
      },
    });
  });

  api.post('/payments/:transactionId/confirm', (req, res) => {
    const payment = state.payments.get(String(req.params.transactionId));
    if (!payment) return fail(res, '1150', 'Transaction record not found.');
    const input = ZConfirmBody.safeParse(req.body);
    if (!input.success) return fail(res, '2101', 'Parameter error. (amount and currency are required)');
    if (payment.status === 'captured') return fail(res, '1172', 'Existing same orderId. (the transaction was already confirmed)');
    if (state.effectiveStatus(payment) === 'cancelled') return fail(res, '1180', 'The payment is expired. (cancelled by the member or past the approval window)');
    if (payment.status === 'failed') return fail(res, '1281', 'Credit card payment error.');
    if (payment.status === 'awaiting') return fail(res, '1169', 'Payment method and password must be confirmed in LINE Pay. (the member has not approved yet)');
    if (input.data.amount !== payment.amount || input.data.currency !== payment.currency) return fail(res, '1153', 'The payment amount is different than the requested amount.');
    if (state.settings.confirmServerErrors > 0) {
      state.settings.confirmServerErrors -= 1;
      return void res.status(500).type('application/json').send('{"returnCode":"9000","returnMessage":"Internal error."}');
    }
    if (state.settings.confirmDeclines > 0) {
      state.settings.confirmDeclines -= 1;
      payment.status = 'failed';
      return fail(res, '1281', 'Credit card payment error.');
    }
    payment.status = 'captured';
    payment.captures.push({ amount: payment.amount, at: iso(Date.now()) });
    const answer = {
      returnCode: '0000',
      returnMessage: 'Success.',
      info: { orderId: payment.orderId, transactionId: payment.transactionId, payInfo: [{ method: 'BALANCE', amount: payment.amount }] },
    };
    if (state.settings.confirmTimeouts > 0) {
      // Captured, but the answer never comes: the connection is held, then cut.
      state.settings.confirmTimeouts -= 1;
      return holdUnanswered(state, req);
    }
    sendLinePay(res, answer);
  });

  api.get('/payments/requests/:transactionId/check', (req, res) => {
    const payment = state.payments.get(String(req.params.transactionId));
    if (!payment) return fail(res, '1150', 'Transaction record not found.');
    const status = state.effectiveStatus(payment);
    const [code, message] =
      status === 'awaiting'
        ? ['0000', 'Waiting for the member to authenticate in LINE Pay.']
        : status === 'authorized'
          ? ['0110', 'Authentication completed; the payment can be confirmed.']
          : status === 'captured'
            ? ['0123', 'Payment completed.']
            : status === 'failed'
              ? ['0122', 'Payment failed.']
              : ['0121', 'Cancelled by the member or the authentication time expired.'];
    sendLinePay(res, { returnCode: code, returnMessage: message });
  });

  api.post('/payments/:transactionId/refund', (req, res) => {
    const payment = state.payments.get(String(req.params.transactionId));
    if (!payment || payment.status !== 'captured') return fail(res, '1150', 'Transaction record not found.');
    const input = ZRefundBody.safeParse(req.body);
    if (!input.success) return fail(res, '2101', 'Parameter error. (refundAmount must be a positive whole number)');
    const refunded = payment.refunds.reduce((sum, r) => sum + r.amount, 0);
    const left = payment.amount - refunded;
    if (left <= 0) return fail(res, '1165', 'Already refunded.');
    const amount = input.data.refundAmount ?? left;
    if (amount > left) return fail(res, '1164', 'Exceeded refundable amount.');
    if (state.settings.refundServerErrors > 0) {
      state.settings.refundServerErrors -= 1;
      return void res.status(500).type('application/json').send('{"returnCode":"9000","returnMessage":"Internal error."}');
    }
    const refund = { refundTransactionId: state.newRefundId(), amount, at: iso(Date.now()) };
    payment.refunds.push(refund);
    if (state.settings.refundTimeouts > 0) {
      // Refunded, but the answer never comes: the connection is held, then cut.
      state.settings.refundTimeouts -= 1;
      return holdUnanswered(state, req);
    }
    sendLinePay(res, { returnCode: '0000', returnMessage: 'Success.', info: { refundTransactionId: refund.refundTransactionId, refundTransactionDate: refund.at } });
  });

  api.get('/payments', (req, res) => {
    const ids = ([] as unknown[]).concat(req.query.transactionId ?? [], req.query['transactionId[]'] ?? []).map(String);
    const orderIds = ([] as unknown[]).concat(req.query.orderId ?? [], req.query['orderId[]'] ?? []).map(String);
    if (ids.length === 0 && orderIds.length === 0) return fail(res, '2101', 'Parameter error. (transactionId or orderId is required)');
    const found = [...state.payments.values()].filter((p) => p.status === 'captured' && (ids.length === 0 || ids.includes(p.transactionId)) && (orderIds.length === 0 || orderIds.includes(p.orderId)));
    if (found.length === 0) return fail(res, '1150', 'Transaction record not found.');
    sendLinePay(res, {
      returnCode: '0000',
      returnMessage: 'Success.',
      info: found.map((p) => ({
        transactionId: p.transactionId,
        transactionDate: p.captures[0]?.at ?? iso(p.requestedAt),
        transactionType: 'PAYMENT',
        payStatus: 'CAPTURE',
        productName: p.title,
        merchantName: options.merchantName,
        currency: p.currency,
        orderId: p.orderId,
        payInfo: [{ method: 'BALANCE', amount: p.amount }],
        ...(p.refunds.length > 0
          ? {
              refundList: p.refunds.map((r, i) => ({
                refundTransactionId: r.refundTransactionId,
                transactionType: i === p.refunds.length - 1 && p.refunds.reduce((s, x) => s + x.amount, 0) >= p.amount && p.refunds.length === 1 ? 'PAYMENT_REFUND' : 'PARTIAL_REFUND',
                refundAmount: r.amount,
                refundTransactionDate: r.at,
              })),
            }
          : {}),
        packages: [{ id: '1', amount: p.amount, name: p.title, products: p.products }],
      })),
    });
  });

  router.use('/v3', api);

  // ── the member's side: the approval page at the paymentUrl ──
  router.get('/web/payment/wait', (req, res) => {
    const payment = state.byReserve(String(req.query.transactionReserveId ?? ''));
    res.type('html').setHeader('cache-control', 'no-store');
    // LINE Pay's page is its own site with its own policy: its 付款 / 取消 forms end in a redirect
    // to the shop's confirmUrl / cancelUrl, which the app's `form-action 'self'` would block.
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self' http: https:; base-uri 'none'; frame-ancestors 'none'");
    if (!payment) return void res.status(404).send(page('找不到付款 · Payment not found', '<p>這個付款連結無效。<br>This payment link is not valid.</p>'));
    const status = state.effectiveStatus(payment);
    if (status !== 'awaiting') {
      const text =
        status === 'cancelled'
          ? '<p>這筆付款已取消或逾時，請回到商店重新結帳。<br>This payment was cancelled or has expired; go back to the shop and check out again.</p>'
          : '<p>這筆付款已經處理過了。<br>This payment has already been handled.</p>';
      return void res.status(status === 'cancelled' ? 410 : 409).send(page('LINE Pay', text));
    }
    const rows = payment.products
      .map((p) => `<tr><td>${esc(p.name)}</td><td class="n">× ${p.quantity}</td><td class="n">NT$${p.price.toLocaleString('en-US')}</td></tr>`)
      .join('');
    const reserve = esc(payment.reserveId);
    res.send(
      page(
        `LINE Pay 付款 · Pay with LINE Pay`,
        `<p class="merchant">${esc(options.merchantName)}</p>
<h1>${esc(payment.title)}</h1>
<p class="amount" aria-label="付款金額 Amount">NT$${payment.amount.toLocaleString('en-US')}</p>
<table><thead><tr><th>品項 Item</th><th class="n">數量 Qty</th><th class="n">單價 Price</th></tr></thead><tbody>${rows}</tbody></table>
<p class="note">這是 sandbox 的 LINE Pay 模擬頁面，不會真的扣款。<br>This is the sandbox's LINE Pay stand-in; no real money is taken.</p>
<form method="post" action="approve"><input type="hidden" name="transactionReserveId" value="${reserve}"><button class="pay" type="submit">付款 Pay</button></form>
<form method="post" action="cancel"><input type="hidden" name="transactionReserveId" value="${reserve}"><button class="cancel" type="submit">取消 Cancel</button></form>`,
      ),
    );
  });

  const form = express.urlencoded({ extended: false, limit: '4kb' });
  router.post('/web/payment/approve', form, (req, res) => {
    const payment = state.byReserve(String((req.body as Record<string, unknown> | undefined)?.transactionReserveId ?? ''));
    if (!payment) return void res.status(404).type('html').send(page('找不到付款 · Payment not found', '<p>這個付款連結無效。<br>This payment link is not valid.</p>'));
    if (!state.approve(payment) && payment.status !== 'authorized') return void res.status(410).type('html').send(page('LINE Pay', '<p>這筆付款已取消或逾時。<br>This payment was cancelled or has expired.</p>'));
    res.redirect(303, withParams(payment.confirmUrl, { transactionId: payment.transactionId, orderId: payment.orderId }));
  });
  router.post('/web/payment/cancel', form, (req, res) => {
    const payment = state.byReserve(String((req.body as Record<string, unknown> | undefined)?.transactionReserveId ?? ''));
    if (!payment) return void res.status(404).type('html').send(page('找不到付款 · Payment not found', '<p>這個付款連結無效。<br>This payment link is not valid.</p>'));
    state.cancel(payment);
    res.redirect(303, withParams(payment.cancelUrl, { transactionId: payment.transactionId, orderId: payment.orderId }));
  });

  // ── controls for people and tests ──
  const controls = Router();
  controls.use(express.json({ limit: '16kb' }));
  const present = (p: SandboxPayment) => ({
    transactionId: p.transactionId,
    orderId: p.orderId,
    amount: p.amount,
    currency: p.currency,
    title: p.title,
    status: state.effectiveStatus(p),
    requestedAt: iso(p.requestedAt),
    approvedAt: p.approvedAt === null ? null : iso(p.approvedAt),
    captures: p.captures,
    refunds: p.refunds,
    capturedAmount: p.captures.reduce((s, c) => s + c.amount, 0),
    refundedAmount: p.refunds.reduce((s, r) => s + r.amount, 0),
  });
  controls.get('/state', (_req, res) => {
    res.json({ settings: state.settings, payments: [...state.payments.values()].slice(-200).reverse().map(present) });
  });
  controls.get('/payments', (req, res) => {
    const orderId = typeof req.query.orderId === 'string' ? req.query.orderId : undefined;
    const list = [...state.payments.values()].filter((p) => orderId === undefined || p.orderId === orderId);
    res.json({ payments: list.map(present) });
  });
  controls.post('/settings', (req, res) => {
    res.json(state.updateSettings(parse(ZSettings, req.body)));
  });
  /** The member approved in LINE Pay without the browser, and never came back to confirmUrl. */
  controls.post('/approve', (req, res) => {
    const input = parse(ZApprove, req.body);
    const payment = 'transactionId' in input ? state.payments.get(input.transactionId) : state.findByOrderId(input.orderId);
    if (!payment) throw new AppError('NOT_FOUND', { message: '沒有這筆 LINE Pay 付款', messageEn: 'No such sandbox LINE Pay payment' });
    if (!state.approve(payment)) throw new AppError('CONFLICT', { message: `這筆付款無法核准（目前：${state.effectiveStatus(payment)}）`, messageEn: `This payment cannot be approved (it is ${state.effectiveStatus(payment)})` });
    res.json({ payment: present(payment), confirmUrl: withParams(payment.confirmUrl, { transactionId: payment.transactionId, orderId: payment.orderId }) });
  });
  controls.post('/cancel', (req, res) => {
    const input = parse(ZApprove, req.body);
    const payment = 'transactionId' in input ? state.payments.get(input.transactionId) : state.findByOrderId(input.orderId);
    if (!payment) throw new AppError('NOT_FOUND', { message: '沒有這筆 LINE Pay 付款', messageEn: 'No such sandbox LINE Pay payment' });
    if (!state.cancel(payment)) throw new AppError('CONFLICT', { message: '這筆付款無法取消', messageEn: 'This payment cannot be cancelled' });
    res.json({ payment: present(payment) });
  });
  controls.post('/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });
  router.use('/api', controls);

  return router;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-Hant-TW"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Noto Sans TC",sans-serif;margin:0;background:#f5f5f5;color:#1e1e1e}
main{max-width:420px;margin:0 auto;padding:24px 16px;background:#fff;min-height:100vh;box-sizing:border-box}
header{color:#fff;background:#06c755;margin:-24px -16px 16px;padding:12px 16px;font-weight:700}
h1{font-size:1.1rem;margin:.25rem 0}.merchant{color:#555;margin:0}.amount{font-size:2rem;font-weight:700;margin:.5rem 0 1rem}
table{width:100%;border-collapse:collapse;margin-bottom:1rem}th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #ddd}.n{text-align:right;white-space:nowrap}
.note{font-size:.85rem;color:#555}form{margin:8px 0}button{width:100%;min-height:48px;font-size:1rem;border-radius:8px;border:0;cursor:pointer}
.pay{background:#06c755;color:#fff;font-weight:700}.cancel{background:#fff;color:#1e1e1e;border:1px solid #767676}
button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
</style></head><body><main><header>LINE Pay <small>sandbox</small></header>${body}</main></body></html>`;
}

/** A call that took effect but is never answered: the connection is held for hangMs, then cut (reset releases it at once). */
function holdUnanswered(state: LinePaySandboxState, req: Request): void {
  const release = () => {
    clearTimeout(timer);
    state.held.delete(release);
    req.socket.destroy();
  };
  const timer = setTimeout(release, state.settings.hangMs);
  state.held.add(release);
  req.socket.once('close', () => {
    clearTimeout(timer);
    state.held.delete(release);
  });
}
