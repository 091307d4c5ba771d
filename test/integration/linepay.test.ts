import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot-server/config.ts';
import { LinePayProvider, linePaySignature, parseLinePayJson } from '../../bot-server/payments/linepay.ts';
import { PaymentError, type PaymentProvider, type PaymentRequest } from '../../bot-server/payments/payment-provider.ts';
import { SANDBOX_LINEPAY_CREDENTIALS } from '../../bot-server/sandbox/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let pay: PaymentProvider;

interface SandboxPaymentView {
  transactionId: string;
  orderId: string;
  amount: number;
  status: string;
  captures: { amount: number }[];
  refunds: { amount: number }[];
}

beforeAll(async () => {
  server = await startTestServer({}, { seedDemo: false });
  pay = server.payments!;
});
afterAll(async () => {
  await server.json('/sandbox/linepay/api/reset', { body: {} });
  await server.stop();
});
beforeEach(async () => {
  await server.json('/sandbox/linepay/api/reset', { body: {} });
});

function order(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    orderId: `ORD-${randomUUID()}`,
    amount: 1280,
    currency: 'TWD',
    title: '好日子咖啡 寄杯券',
    lines: [
      { name: '拿鐵 10 杯寄杯券', quantity: 1, price: 1200 },
      { name: '司康', quantity: 2, price: 40 },
    ],
    confirmUrl: `${server.origin}/app/mall/pay/confirm`,
    cancelUrl: `${server.origin}/app/mall/pay/cancel`,
    ...overrides,
  };
}

async function settings(patch: Record<string, unknown>): Promise<void> {
  const res = await server.json('/sandbox/linepay/api/settings', { body: patch });
  expect(res.status).toBe(200);
}

async function approve(transactionId: string): Promise<void> {
  const res = await server.json('/sandbox/linepay/api/approve', { body: { transactionId } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function charges(orderId: string): Promise<SandboxPaymentView[]> {
  const res = await server.json<{ payments: SandboxPaymentView[] }>(`/sandbox/linepay/api/payments?orderId=${encodeURIComponent(orderId)}`);
  return res.body.payments;
}

async function paymentError(promise: Promise<unknown>): Promise<PaymentError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PaymentError);
    return error as PaymentError;
  }
  throw new Error('expected a PaymentError');
}

/** A hand-signed call to the stand-in, to tamper with what the adapter would send. */
async function rawCall(path: string, body: unknown, opts: { channelId?: string; secret?: string; nonce?: string; tamperBody?: (s: string) => string } = {}) {
  const nonce = opts.nonce ?? randomUUID();
  const text = JSON.stringify(body);
  const signature = linePaySignature(opts.secret ?? SANDBOX_LINEPAY_CREDENTIALS.channelSecret, path, text, nonce);
  const response = await fetch(server.url(`/sandbox/linepay${path}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-channelid': opts.channelId ?? SANDBOX_LINEPAY_CREDENTIALS.channelId, 'x-line-authorization-nonce': nonce, 'x-line-authorization': signature },
    body: opts.tamperBody ? opts.tamperBody(text) : text,
  });
  const raw = await response.text();
  return { status: response.status, raw, body: parseLinePayJson(raw) as { returnCode: string; returnMessage: string; info?: Record<string, unknown> } };
}

function requestBody(o: PaymentRequest) {
  return { amount: o.amount, currency: o.currency, orderId: o.orderId, packages: [{ id: '1', amount: o.amount, name: o.title, products: o.lines }], redirectUrls: { confirmUrl: o.confirmUrl, cancelUrl: o.cancelUrl } };
}

describe('LINE Pay Online API v3 through the sandbox stand-in', () => {
  it('request → the member approves (without the browser) → confirm → captured, one capture', async () => {
    const o = order();
    const { transactionId, paymentUrl } = await pay.request(o);
    expect(transactionId).toMatch(/^\d{19}$/);
    expect(paymentUrl).toContain('/sandbox/linepay/web/payment/wait?transactionReserveId=');
    expect(await pay.status(transactionId, o.orderId)).toBe('awaiting_approval');
    // Confirming before the member approved is refused, and takes nothing.
    expect((await paymentError(pay.confirm(transactionId, o.amount, 'TWD'))).code).toBe('NOT_APPROVED');
    await approve(transactionId);
    expect(await pay.status(transactionId, o.orderId)).toBe('authorized');
    await pay.confirm(transactionId, o.amount, 'TWD');
    expect(await pay.status(transactionId, o.orderId)).toBe('captured');
    const [charge] = await charges(o.orderId);
    expect(charge!.captures).toEqual([expect.objectContaining({ amount: 1280 })]);
    expect(await pay.details!(transactionId, o.orderId)).toMatchObject({ amount: 1280, refundedAmount: 0, refunds: [] });
    // Another order's id is not this payment.
    expect((await paymentError(pay.status(transactionId, 'ORD-other'))).code).toBe('NOT_FOUND');
  });

  it('refuses a tampered signature, a wrong channel id and a replayed nonce with LINE Pay error bodies', async () => {
    const o = order();
    const tampered = await rawCall('/v3/payments/request', requestBody(o), { tamperBody: (s) => s.replace('"amount":1280', '"amount":1') });
    expect(tampered.status).toBe(200);
    expect(tampered.body).toMatchObject({ returnCode: '1106' });
    expect(tampered.body.returnMessage).toMatch(/Header information error/);
    const wrongSecret = await rawCall('/v3/payments/request', requestBody(o), { secret: 'not-the-secret' });
    expect(wrongSecret.body.returnCode).toBe('1106');
    const wrongChannel = await rawCall('/v3/payments/request', requestBody(o), { channelId: '1659999999' });
    expect(wrongChannel.body.returnCode).toBe('1104');
    expect(await charges(o.orderId)).toEqual([]);

    const nonce = randomUUID();
    const first = await rawCall('/v3/payments/request', requestBody(o), { nonce });
    expect(first.body.returnCode).toBe('0000');
    const replay = await rawCall('/v3/payments/request', requestBody({ ...o, orderId: `${o.orderId}-2` }), { nonce });
    expect(replay.body).toMatchObject({ returnCode: '1106' });
    expect(replay.body.returnMessage).toMatch(/Nonce was already used/);
    expect(await charges(`${o.orderId}-2`)).toEqual([]);

    // The adapter with the wrong credentials: a configuration problem, not a decline.
    const misconfigured = new LinePayProvider({ channelId: SANDBOX_LINEPAY_CREDENTIALS.channelId, channelSecret: 'wrong', baseUrl: `${server.origin}/sandbox/linepay` });
    const error = await paymentError(misconfigured.request(order()));
    expect(error.code).toBe('AUTH');
    expect(error.providerCode).toBe('1106');
  });

  it('refuses a confirm for another amount (nothing captured), then confirms the right one', async () => {
    const o = order();
    const { transactionId } = await pay.request(o);
    await approve(transactionId);
    const error = await paymentError(pay.confirm(transactionId, 1, 'TWD'));
    expect(error.code).toBe('AMOUNT_MISMATCH');
    expect(error.retryable).toBe(false);
    expect((await charges(o.orderId))[0]!.captures).toEqual([]);
    await pay.confirm(transactionId, o.amount, 'TWD');
    expect((await charges(o.orderId))[0]!.captures).toHaveLength(1);
  });

  it('refuses a reused orderId', async () => {
    const o = order();
    await pay.request(o);
    const error = await paymentError(pay.request(o));
    expect(error.code).toBe('DUPLICATE_ORDER');
    expect(error.providerCode).toBe('1172');
    expect(await charges(o.orderId)).toHaveLength(1);
  });

  it('answers expired once the approval window has passed', async () => {
    await settings({ approvalWindowMs: 300 });
    const o = order();
    const { transactionId } = await pay.request(o);
    await approve(transactionId);
    await new Promise((r) => setTimeout(r, 400));
    expect((await paymentError(pay.confirm(transactionId, o.amount, 'TWD'))).code).toBe('EXPIRED');
    expect(await pay.status(transactionId, o.orderId)).toBe('cancelled');
    expect((await charges(o.orderId))[0]!.captures).toEqual([]);
  });

  it('a confirm that times out after capturing: TIMEOUT, then status says captured, one capture', async () => {
    await settings({ confirmTimeouts: 1, hangMs: 3000 });
    const impatient = new LinePayProvider({ ...SANDBOX_LINEPAY_CREDENTIALS, baseUrl: `${server.origin}/sandbox/linepay`, timeoutsMs: { confirm: 300 } });
    const o = order();
    const { transactionId } = await impatient.request(o);
    await approve(transactionId);
    const started = Date.now();
    const error = await paymentError(impatient.confirm(transactionId, o.amount, 'TWD'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await impatient.status(transactionId, o.orderId)).toBe('captured');
    // A retry finds it confirmed, and takes nothing more.
    expect((await paymentError(impatient.confirm(transactionId, o.amount, 'TWD'))).code).toBe('ALREADY_CONFIRMED');
    expect((await charges(o.orderId))[0]!.captures).toHaveLength(1);
  });

  it('parallel duplicate confirms: one capture, the others ALREADY_CONFIRMED', async () => {
    const o = order();
    const { transactionId } = await pay.request(o);
    await approve(transactionId);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => pay.confirm(transactionId, o.amount, 'TWD')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.map((r) => (r.reason as PaymentError).code)).toEqual(Array(5).fill('ALREADY_CONFIRMED'));
    expect((await charges(o.orderId))[0]!.captures).toHaveLength(1);
  });

  it('partial then full refund; then already refunded; a refund above what is left is refused', async () => {
    const o = order({ amount: 1000, lines: [{ name: '福袋', quantity: 1, price: 1000 }] });
    const { transactionId } = await pay.request(o);
    await approve(transactionId);
    await pay.confirm(transactionId, 1000, 'TWD');
    const first = await pay.refund(transactionId, 300);
    expect(first.refundTransactionId).toMatch(/^\d{19}$/);
    expect(await pay.status(transactionId, o.orderId)).toBe('captured');
    expect((await paymentError(pay.refund(transactionId, 800))).code).toBe('REFUND_EXCEEDS');
    const second = await pay.refund(transactionId, 700);
    expect(second.refundTransactionId).not.toBe(first.refundTransactionId);
    expect(await pay.status(transactionId, o.orderId)).toBe('refunded');
    expect(await pay.details!(transactionId, o.orderId)).toMatchObject({
      amount: 1000,
      refundedAmount: 1000,
      refunds: [
        { refundTransactionId: first.refundTransactionId, amount: 300 },
        { refundTransactionId: second.refundTransactionId, amount: 700 },
      ],
    });
    const again = await paymentError(pay.refund(transactionId, 1));
    expect(again.code).toBe('ALREADY_REFUNDED');
    expect(again.providerCode).toBe('1165');
    expect((await charges(o.orderId))[0]!.refunds.map((r) => r.amount)).toEqual([300, 700]);
  });

  it('keeps a transaction id above 2^53 exactly, as a string', async () => {
    const big = '9223372036854775807';
    expect(String(Number(big))).not.toBe(big); // what a plain JSON.parse would do to it
    await settings({ nextTransactionId: big });
    const o = order();
    const raw = await rawCall('/v3/payments/request', requestBody(o));
    // On the wire it is a bare JSON number, as LINE Pay sends it…
    expect(raw.raw).toContain(`"transactionId":${big}`);
    expect(String((JSON.parse(raw.raw) as { info: { transactionId: number } }).info.transactionId)).not.toBe(big);
    // …and the adapter keeps every digit.
    expect(raw.body.info!.transactionId).toBe(big);
    await settings({ nextTransactionId: '9007199254740993001' });
    const o2 = order();
    const { transactionId } = await pay.request(o2);
    expect(transactionId).toBe('9007199254740993001');
    await approve(transactionId);
    await pay.confirm(transactionId, o2.amount, 'TWD');
    expect(await pay.status(transactionId, o2.orderId)).toBe('captured');
    expect((await charges(o2.orderId))[0]!.transactionId).toBe('9007199254740993001');
  });

  it('injected 5xx and declines on confirm', async () => {
    await settings({ confirmServerErrors: 1, confirmDeclines: 1 });
    const o = order();
    const { transactionId } = await pay.request(o);
    await approve(transactionId);
    const unavailable = await paymentError(pay.confirm(transactionId, o.amount, 'TWD'));
    expect(unavailable.code).toBe('UNAVAILABLE');
    expect(unavailable.retryable).toBe(true);
    expect((await charges(o.orderId))[0]!.captures).toEqual([]);
    const declined = await paymentError(pay.confirm(transactionId, o.amount, 'TWD'));
    expect(declined.code).toBe('DECLINED');
    expect(await pay.status(transactionId, o.orderId)).toBe('cancelled');
    expect((await charges(o.orderId))[0]!.captures).toEqual([]);
  });

  it('the approval page shows the amount and items, and its buttons redirect like LINE Pay', async () => {
    const o = order();
    const { transactionId, paymentUrl } = await pay.request(o);
    const pageRes = await fetch(paymentUrl);
    expect(pageRes.status).toBe(200);
    const html = await pageRes.text();
    expect(html).toContain('NT$1,280');
    expect(html).toContain('拿鐵 10 杯寄杯券');
    expect(html).toContain('司康');
    expect(html).toMatch(/付款 Pay/);
    expect(html).toMatch(/取消 Cancel/);
    const reserveId = new URL(paymentUrl).searchParams.get('transactionReserveId')!;
    const approved = await fetch(server.url('/sandbox/linepay/web/payment/approve'), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `transactionReserveId=${encodeURIComponent(reserveId)}` });
    expect(approved.status).toBe(303);
    const location = new URL(approved.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(o.confirmUrl);
    expect(location.searchParams.get('transactionId')).toBe(transactionId);
    expect(location.searchParams.get('orderId')).toBe(o.orderId);
    expect(await pay.status(transactionId, o.orderId)).toBe('authorized');
    // The page of a handled payment no longer offers the buttons.
    expect((await fetch(paymentUrl)).status).toBe(409);

    const c = order();
    const second = await pay.request(c);
    const cancelReserve = new URL(second.paymentUrl).searchParams.get('transactionReserveId')!;
    const cancelled = await fetch(server.url('/sandbox/linepay/web/payment/cancel'), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `transactionReserveId=${encodeURIComponent(cancelReserve)}` });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')!.startsWith(c.cancelUrl)).toBe(true);
    expect(await pay.status(second.transactionId, c.orderId)).toBe('cancelled');
    expect((await paymentError(pay.confirm(second.transactionId, c.amount, 'TWD'))).code).toBe('EXPIRED');
  });

  it('the paymentUrl is under the public base our own links use, whatever address the server calls itself on', async () => {
    // No PUBLIC_BASE_URL: the links' local origin (the server calls the stand-in on 127.0.0.1).
    expect(server.origin).toContain('127.0.0.1');
    const local = await pay.request(order());
    expect(local.paymentUrl.startsWith(`http://localhost:${server.port}/sandbox/linepay/web/payment/wait?transactionReserveId=`)).toBe(true);
    // A sandbox reached through another host name: the configured base, as in every other link.
    const other = await startTestServer({ PUBLIC_BASE_URL: 'http://shop-box.test:8080' }, { seedDemo: false });
    try {
      const far = await other.payments!.request({ ...order(), confirmUrl: 'http://shop-box.test:8080/app/mall/pay/confirm', cancelUrl: 'http://shop-box.test:8080/app/mall/pay/cancel' });
      expect(far.paymentUrl.startsWith('http://shop-box.test:8080/sandbox/linepay/web/payment/wait?transactionReserveId=')).toBe(true);
    } finally {
      await other.stop();
    }
  });
});

describe('payment configuration', () => {
  const base = { LINE_CHANNEL_SECRET: 'x', LOG_LEVEL: 'silent' };
  const production = { LINE_CHANNEL_ACCESS_TOKEN: 't', LINE_CHANNEL_SECRET: 's', LINE_LOGIN_CHANNEL_ID: '1234567890', LIFF_ID: '1234567890-AbCdEfGh', PUBLIC_BASE_URL: 'https://coupons.example.com', SMS_PROVIDER: 'mitake', MITAKE_USERNAME: 'u', MITAKE_PASSWORD: 'p' };

  function problems(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }

  it('defaults to the sandbox in sandbox mode and to none in production', () => {
    expect(loadConfig(base).payments).toEqual({ provider: 'sandbox' });
    expect(loadConfig(production).payments).toEqual({ provider: 'none' });
  });

  it('needs the LINE Pay channel with PAYMENT_PROVIDER=linepay and refuses the sandbox in production', () => {
    const missing = problems({ ...production, PAYMENT_PROVIDER: 'linepay' });
    expect(missing.some((p) => p.startsWith('LINEPAY_CHANNEL_ID:'))).toBe(true);
    expect(missing.some((p) => p.startsWith('LINEPAY_CHANNEL_SECRET:'))).toBe(true);
    expect(problems({ ...production, PAYMENT_PROVIDER: 'sandbox' })).toEqual([expect.stringMatching(/^PAYMENT_PROVIDER: sandbox is only for sandbox mode/)]);
    expect(problems({ ...base, PAYMENT_PROVIDER: 'paypal' })).toEqual([expect.stringMatching(/^PAYMENT_PROVIDER: must be linepay or sandbox/)]);
    expect(loadConfig({ ...production, PAYMENT_PROVIDER: 'linepay', LINEPAY_CHANNEL_ID: '1650000001', LINEPAY_CHANNEL_SECRET: 'sec' }).payments).toEqual({ provider: 'linepay', channelId: '1650000001', channelSecret: 'sec', baseUrl: 'https://api-pay.line.me' });
    expect(loadConfig({ ...production, PAYMENT_PROVIDER: 'linepay', LINEPAY_CHANNEL_ID: '1650000001', LINEPAY_CHANNEL_SECRET: 'sec', LINEPAY_BASE_URL: 'https://sandbox-api-pay.line.me/' }).payments).toMatchObject({ baseUrl: 'https://sandbox-api-pay.line.me' });
  });
});
