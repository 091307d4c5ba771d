import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemplate } from '../helpers/coupons.ts';
import { signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, MOBILE, openPage, screenshot, type PageProbe } from './browser.ts';

/**
 * The coupon mall in a real browser: 王小明 buys a 寄杯 ticket (10 lattes) with LINE Pay in the
 * sandbox (its approval page at the paymentUrl), lands on the order page with the ticket, collects
 * 2 of 10 at the counter, then refunds the rest from the order page: NT$1,200 paid − NT$150 (list
 * NT$1,500 ÷ 10) × 2 collected = NT$900, which LINE Pay's stand-in refunds. The console shows the
 * product, the order and the sales report.
 */

const WANG = 'U0000000000000000000000000000a001'; // 王小明
const AMY = 'U0000000000000000000000000000a004'; // 店員 Amy: 信義店 and 南西店
const ADMIN = 'U0000000000000000000000000000a005';

interface SandboxPayment {
  orderId: string;
  amount: number;
  status: string;
  capturedAmount: number;
  refundedAmount: number;
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The member's phone, at localhost: the origin of the server's own links (LINE Pay's confirmUrl
 * among them, bot-server/links.ts) and of the sandbox LINE Pay's paymentUrl.
 */
async function memberPage(): Promise<PageProbe> {
  const context = await browser.newContext({ viewport: MOBILE, locale: 'zh-TW', timezoneId: 'Asia/Taipei' });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  return { page, context, errors, apiRequests: [] };
}

const app = (path: string) => server.url(path).replace('//127.0.0.1:', '//localhost:');

describe('coupon mall in the browser', () => {
  it('buys a 寄杯 ticket with LINE Pay, collects 2 of 10 at the counter, refunds the rest by the formula', { timeout: 60_000 }, async () => {
    const admin = (await signInAs(server, ADMIN)).auth;
    const latte = await createTemplate(server, admin, {
      name: '大杯拿鐵',
      kind: 'exchange',
      amountOff: undefined,
      exchangeItem: { sku: null, name: '大杯拿鐵' },
      usesPerCoupon: 10,
      unit: 'cup',
      // A year's validity: the console warns that a paid ticket should carry none (禮券 rules).
      validity: { type: 'relative', days: 365 },
    } as never);
    const created = await server.client.call('consoleCreateProduct', {
      headers: admin,
      body: {
        kind: 'multi_pickup',
        status: 'active',
        name: '拿鐵 10 杯寄杯',
        nameEn: 'Ten lattes, collect as you go',
        description: '一次買 10 杯，分次到任一門市取用。',
        priceMode: 'cash',
        priceCash: 1200,
        listPrice: 1500,
        stock: 5,
        perMemberLimit: 2,
        refundable: true,
        refundWindowDays: 30,
        guarantee: { type: 'bank_trust', reference: '台新銀行信託 TS-2026-001', note: null },
        items: [{ templateId: latte.id, quantity: 1 }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const productId = created.body.product.id;

    // ── the mall: the card with the price beside the struck list price ──
    const member = await memberPage();
    const { page } = member;
    await page.goto(app(`/app/mall?sandboxUser=${WANG}`));
    await page.getByRole('heading', { name: '票券商城', level: 1 }).waitFor();
    const card = page.getByRole('article', { name: '拿鐵 10 杯寄杯' });
    await card.waitFor();
    const cardText = await card.innerText();
    expect(cardText).toContain('NT$1,200');
    expect(cardText).toContain('NT$1,500');
    expect(await card.locator('s').count()).toBe(1);
    expect(cardText).toContain('寄杯');
    expect(cardText).toContain('剩 5 件');
    await screenshot(page, 'mall-home');

    // ── the product page: what it issues, limit, refund rules, 履約保障 ──
    await card.getByRole('link').click();
    await page.waitForURL(`**/app/mall/products/${productId}`);
    await page.getByRole('heading', { name: '拿鐵 10 杯寄杯', level: 1 }).waitFor();
    const productText = await page.locator('main').innerText();
    expect(productText).toContain('大杯拿鐵 ×1');
    expect(productText).toContain('每人限購 2 件');
    expect(productText).toContain('購買後 30 天內');
    expect(productText).toContain('實付金額');
    // The member view's facts (engineer P): the ticket's units, the 寄杯 value per cup (list 1,500 ÷ 10), the 履約保障 reference.
    expect(productText).toContain('共 10 杯');
    expect(productText).toContain('每杯 NT$150');
    expect(productText).toContain('台新銀行信託 TS-2026-001');
    expect(productText).not.toContain('本商品未提供履約保障資訊');
    await screenshot(page, 'mall-product');

    // ── checkout: the carrier is checked as it is typed; LINE Pay for NT$1,200 ──
    await page.getByRole('link', { name: '立即購買' }).click();
    await page.waitForURL(`**/app/mall/products/${productId}/checkout`);
    const carrier = page.getByRole('textbox', { name: '手機條碼載具（選填）' });
    await carrier.fill('/ab');
    await page.getByText('還差 5 碼').waitFor();
    await carrier.fill('/ab#');
    await carrier.blur();
    await page.getByText('手機條碼為「/」加 7 碼').first().waitFor();
    await carrier.fill('/abc+123');
    expect(await carrier.inputValue()).toBe('/ABC+123');
    await page.getByText('格式正確').waitFor();
    expect(await page.getByTestId('checkout-total').innerText()).toBe('NT$1,200');
    await screenshot(page, 'mall-checkout');
    await page.getByRole('button', { name: '使用 LINE Pay 付款 NT$1,200' }).click();

    // ── the sandbox's LINE Pay page at the paymentUrl: approve ──
    await page.waitForURL(/\/sandbox\/linepay\/.*payment/);
    expect(await page.locator('body').innerText()).toContain('NT$1,200');
    await page.getByRole('button', { name: /付款/ }).click();

    // ── back on the order page: paid, the ticket with 10 cups ──
    await page.waitForURL(/\/app\/mall\/orders\/\d+/).catch(async (error: unknown) => {
      throw new Error(`not back on the order page: ${page.url()} ${member.errors.join(" | ")} (${String(error)})`);
    });
    const orderId = Number(/\/app\/mall\/orders\/(\d+)/.exec(page.url())![1]);
    await expect.poll(() => page.getByTestId('order-status').innerText(), { timeout: 10_000 }).toBe('已付款');
    const ticketLink = page.getByRole('link', { name: /大杯拿鐵/ });
    await expect.poll(() => ticketLink.innerText(), { timeout: 10_000 }).toMatch(/剩 10 杯/);
    expect(await page.locator('main').innerText()).toContain('/ABC+123');
    const href = await ticketLink.getAttribute('href');
    const couponId = Number(/\/app\/wallet\/(\d+)$/.exec(href ?? '')?.[1]);
    expect(couponId).toBeGreaterThan(0);
    await screenshot(page, 'mall-order-paid');

    // One charge of NT$1,200 in LINE Pay's stand-in.
    const order = await server.client.call('consoleOrder', { headers: admin, params: { id: orderId } });
    expect(order.status).toBe(200);
    expect(order.body.invoiceCarrier).toBe('/ABC+123');
    const providerOrderId = order.body.payments.find((p) => p.state === 'captured')?.providerOrderId;
    expect(providerOrderId).toBeTruthy();
    const paymentsOf = async () => (await server.json<{ payments: SandboxPayment[] }>(`/sandbox/linepay/api/payments?orderId=${encodeURIComponent(providerOrderId!)}`)).body.payments;
    expect((await paymentsOf()).map((p) => p.capturedAmount)).toEqual([1200]);

    // ── a second order, cancelled in LINE Pay: back on its page, pending with the countdown; cancelled by the member ──
    await page.goto(app(`/app/mall/products/${productId}/checkout`));
    await page.getByRole('button', { name: '使用 LINE Pay 付款 NT$1,200' }).click();
    await page.waitForURL(/\/sandbox\/linepay\/.*payment/);
    await page.getByRole('button', { name: /取消/ }).click();
    await page.waitForURL(/\/app\/mall\/orders\/\d+/);
    expect(page.url()).not.toContain(`/app/mall/orders/${orderId}`);
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('待付款');
    await page.getByText(/請於 1[0-5]:\d\d 內完成付款/).waitFor();
    expect(await page.getByRole('button', { name: '立即付款' }).isEnabled()).toBe(true);
    await screenshot(page, 'mall-order-pending');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '取消訂單' }).click();
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('已取消');

    // ── the counter: 2 of the 10 lattes ──
    const staff = await signInAs(server, AMY);
    const me = await server.client.call('getMe', { headers: staff.auth });
    const storeId = me.body.roles.staffStores[0]!.id;
    const coupon = await server.client.call('walletCoupon', { headers: (await signInAs(server, WANG)).auth, params: { id: couponId } });
    expect(coupon.status).toBe(200);
    const redeemed = await server.client.call('staffRedeem', { headers: { ...staff.auth, 'Idempotency-Key': crypto.randomUUID() }, body: { storeId, code: coupon.body.code, uses: 2 } });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBeLessThan(300);

    // ── refund the rest from the order page: 1,200 − 150 × 2 = 900 ──
    await page.goto(app(`/app/mall/orders/${orderId}`));
    await expect.poll(() => page.getByRole('link', { name: /大杯拿鐵/ }).innerText(), { timeout: 10_000 }).toMatch(/剩 8 杯/);
    const quote = page.getByTestId('refund-quote');
    await quote.waitFor();
    const quoteText = await quote.innerText();
    expect(quoteText).toContain('退回 NT$900');
    expect(quoteText).toMatch(/實付 NT\$1,200 − 已取用 2\/10 的扣抵 NT\$300 = NT\$900/);
    await screenshot(page, 'mall-refund-quote');
    await page.getByRole('button', { name: '申請退票' }).click();
    await page.getByRole('button', { name: '確認退票' }).click();
    await page.getByText('已申請退票，退款 NT$900').waitFor();
    await expect.poll(() => page.getByTestId('order-status').innerText(), { timeout: 10_000 }).toMatch(/已退款|部分退款/);
    // The ticket row says so from the order itself (no wallet request), and no longer links to the wallet.
    await expect.poll(() => page.getByTestId('ticket-state').first().innerText(), { timeout: 10_000 }).toContain('已退款');
    await expect.poll(async () => (await paymentsOf())[0]!.refundedAmount, { timeout: 15_000 }).toBe(900);
    await page.reload();
    await page.getByTestId('refund-panel').waitFor();
    await expect.poll(() => page.getByTestId('refund-panel').innerText(), { timeout: 10_000 }).toMatch(/NT\$900 · 退款完成/);
    await screenshot(page, 'mall-order-refunded');
    expect(member.errors).toEqual([]);

    // ── the console: the product, the order, the sales report ──
    const consolePage = await openPage(browser, DESKTOP);
    await consolePage.page.goto(server.url(`/console/mall/orders?sandboxUser=${ADMIN}`));
    const row = consolePage.page.getByTestId('mall-orders').getByRole('row').filter({ hasText: order.body.reference });
    await row.waitFor();
    expect(await row.innerText()).toContain('拿鐵 10 杯寄杯');
    await row.getByRole('link', { name: order.body.reference }).click();
    await consolePage.page.getByRole('heading', { name: '發出的票券' }).waitFor();
    await expect.poll(() => consolePage.page.locator('main').innerText()).toContain('NT$900');
    await consolePage.page.goto(server.url(`/console/mall/report?sandboxUser=${ADMIN}`));
    await expect.poll(() => consolePage.page.getByTestId('mall-revenue').innerText(), { timeout: 10_000 }).toBe('NT$1,200');
    await screenshot(consolePage.page, 'mall-console-report');

    // The product editor saves what it loaded unchanged, and shows the server's 禮券 warning (the latte ticket has an expiry).
    await consolePage.page.goto(server.url(`/console/mall/products?sandboxUser=${ADMIN}`));
    const productRow = consolePage.page.getByTestId('mall-products').getByRole('row').filter({ hasText: '拿鐵 10 杯寄杯' });
    await productRow.waitFor();
    expect(await productRow.innerText()).toMatch(/NT\$1,200[\s\S]*剩 4 \/ 5|NT\$1,200[\s\S]*剩 5 \/ 5/);
    await productRow.getByRole('link', { name: '拿鐵 10 杯寄杯' }).click();
    await consolePage.page.waitForURL(`**/console/mall/products/${productId}`);
    expect(await consolePage.page.getByLabel('售價（NT$）').inputValue()).toBe('1200');
    expect(await consolePage.page.getByLabel('保障編號／銀行').inputValue()).toBe('台新銀行信託 TS-2026-001');
    await consolePage.page.getByRole('button', { name: '儲存' }).click();
    await consolePage.page.getByText('已儲存').waitFor();
    expect(await consolePage.page.getByTestId('product-warning').first().innerText()).toContain('大杯拿鐵」設有使用期限');
    await screenshot(consolePage.page, 'mall-console-editor');
    const after = await server.client.call('consoleProduct', { headers: admin, params: { id: productId } });
    expect(after.body).toMatchObject({ priceCash: 1200, listPrice: 1500, stock: 5, perMemberLimit: 2, refundWindowDays: 30, kind: 'multi_pickup', status: 'active' });
    expect(consolePage.errors).toEqual([]);
  });
});
