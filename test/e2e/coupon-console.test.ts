import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, openPage, screenshot } from './browser.ts';

const ADMIN = 'U0000000000000000000000000000a005'; // 張經理

let server: TestServer;
let browser: Browser;
let auth: Record<string, string>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN }), launchBrowser()]);
  const minted = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId: ADMIN } });
  const session = await server.client.call('createSession', { body: { idToken: minted.body.idToken } });
  auth = { authorization: `Bearer ${session.body.token}` };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface TemplateView {
  id: number;
  name: string;
  kind: string;
  percentOff: number | null;
  maxDiscount: number | null;
  timeWindows: { start: string; end: string }[] | null;
  totalStock: number | null;
  issuedCount: number;
  isLocked: boolean;
  codePattern: { prefix: string; charset: string; length: number; suffix: string };
  summary: string;
}

describe('coupon console', () => {
  it('refuses a too-small code space, creates a capped percent-off coupon with a time window, lists it, and issues it by mobile number', async () => {
    const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console/coupons/new?sandboxUser=${ADMIN}`));
    await page.getByRole('heading', { name: '新增票券', level: 1 }).waitFor();

    // ── The code-space check, live and on submit, with the numbers ─────────────────────
    await page.getByLabel('票券名稱').fill('下午茶 85 折');
    await page.getByRole('radio', { name: /打折/ }).check();
    await page.getByLabel('折扣', { exact: true }).fill('15');
    await expect.poll(() => page.locator('.cpn-zhe').innerText()).toContain('85 折');
    await page.getByLabel('總張數').fill('5000');
    await page.getByLabel('亂碼字元').selectOption('digits');
    await page.getByLabel('亂碼長度').fill('4');
    const space = page.getByTestId('code-space');
    await expect.poll(() => space.innerText()).toContain('此規則最多 10,000 組號碼，庫存 5,000 張需要至少 50,000 組');
    await page.getByRole('button', { name: '建立票券' }).click();
    await page.getByText('請先修正標示的欄位（共 1 個）').waitFor();
    // Nothing was sent, and the cursor is on the field to change.
    expect(apiRequests.filter((r) => r === 'POST /api/console/coupon-templates')).toEqual([]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('codePattern.length');
    expect(await page.getByLabel('亂碼長度').getAttribute('aria-invalid')).toBe('true');
    // The client says what the server would say.
    const refused = await server.client.call('consoleCreateCouponTemplate', { headers: auth, body: { name: 'x', kind: 'amount_off', amountOff: 10, validity: { type: 'relative', days: 30 }, totalStock: 5000, codePattern: { prefix: '', charset: 'digits', length: 4, suffix: '' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('codePattern.length');
    expect(await space.innerText()).toContain(refused.body.error.message.replace('codePattern.length: ', ''));
    await screenshot(page, 'console-coupon-code-space');

    // ── Fix it and finish the coupon: cap, time window, stock, prefix ───────────────────
    await page.getByLabel('總張數').fill('500');
    await page.getByLabel('亂碼字元').selectOption('alnum');
    await page.getByLabel('亂碼長度').fill('10');
    await page.getByLabel('前綴', { exact: true }).fill('tea');
    await expect.poll(() => space.innerText()).toContain('足夠庫存 500 張');
    // Fixed: the field and the notice clear themselves.
    await page.getByText(/請先修正標示的欄位/).waitFor({ state: 'detached' });
    expect(await page.getByLabel('亂碼長度').getAttribute('aria-invalid')).toBe(null);
    expect(await page.getByTestId('example-code').innerText()).toMatch(/^TEA[ACDEFGHJKMNPQRTUVWXY34679]{10}$/);
    await page.getByLabel('最高折抵（選填）').fill('200');
    await page.getByRole('button', { name: '新增時段' }).click();
    await page.getByLabel('時段 1 開始').fill('14:00');
    await page.getByLabel('時段 1 結束').fill('17:00');
    await page.getByLabel('每張可使用次數').fill('5');

    const preview = page.getByTestId('coupon-preview');
    await expect.poll(() => preview.innerText()).toContain('85 折 最高折 NT$200');
    const previewText = await preview.innerText();
    expect(previewText).toContain('下午茶 85 折');
    expect(previewText).toContain('14:00–17:00');
    expect(previewText).toContain('可使用 5 次');
    await screenshot(page, 'console-coupon-editor');

    await page.getByRole('button', { name: '建立票券' }).click();
    await page.getByText('已建立「下午茶 85 折」，現在可以發給會員了。').waitFor();
    const id = Number(/\/console\/coupons\/(\d+)/.exec(page.url())?.[1]);
    expect(id).toBeGreaterThan(0);
    const saved = await server.client.call('consoleGetCouponTemplate', { headers: auth, params: { id: id } });
    expect(saved.body).toMatchObject({
      name: '下午茶 85 折',
      kind: 'percent_off',
      percentOff: 15,
      maxDiscount: 200,
      timeWindows: [{ start: '14:00', end: '17:00' }],
      totalStock: 500,
      issuedCount: 0,
      isLocked: false,
      codePattern: { prefix: 'TEA', charset: 'alnum', length: 10, suffix: '' },
    });

    // ── The list shows it with its one-line summary and stock ───────────────────────────
    await page.getByRole('link', { name: '返回票券範本' }).click();
    await page.getByRole('heading', { name: '票券範本', level: 1 }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: '下午茶 85 折', exact: true }) });
    await row.waitFor();
    const rowText = await row.innerText();
    expect(rowText).toContain(saved.body.summary);
    expect(rowText).toContain('85 折 最高折 NT$200');
    expect(rowText).toContain('14:00–17:00');
    expect(rowText).toContain('0 / 500 張');
    expect(rowText).toContain('折扣券');
    expect(rowText).not.toContain('已鎖定');

    // ── Issue it by mobile number ───────────────────────────────────────────────────────
    await row.getByRole('link', { name: '下午茶 85 折' }).click();
    await page.getByRole('tab', { name: /發券與作廢/ }).click();
    await page.getByRole('heading', { name: '發給會員' }).waitFor();
    await page.getByLabel('會員手機號碼').fill('0900000000');
    await page.getByRole('button', { name: '發給會員' }).click();
    await page.getByText('找不到手機號碼 0900000000 的會員').waitFor();
    expect(await page.getByLabel('會員手機號碼').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('會員手機號碼').fill('0912345678');
    await page.getByRole('button', { name: '發給會員' }).click();
    const issuedNotice = page.getByText(/^已發給 王小明，券號 TEA[A-Z0-9]{10}$/);
    await issuedNotice.waitFor();
    const code = (await issuedNotice.innerText()).split('券號 ')[1]!;

    const issuedRow = page.getByTestId('issued-table').getByRole('row').filter({ hasText: code });
    await issuedRow.waitFor();
    const issuedText = await issuedRow.innerText();
    expect(issuedText).toContain('王小明');
    expect(issuedText).toContain('可使用');
    expect(issuedText).toContain('5 / 5');
    await expect.poll(() => page.getByRole('tab', { name: /發券與作廢/ }).innerText()).toContain('（1）');
    expect(await page.locator('.cpn-head').innerText()).toContain('已鎖定');

    const listed = await server.client.call('consoleCoupons', { headers: auth, query: { templateId: id } });
    expect(listed.body.total).toBe(1);
    expect(listed.body.items[0]).toMatchObject({ code, member: { name: '王小明' } });
    await screenshot(page, 'console-coupon-issued');

    // Now locked: rules are disabled, the name is not.
    await page.getByRole('tab', { name: '設定' }).click();
    await page.getByText('規則已鎖定', { exact: true }).waitFor();
    expect(await page.getByLabel('折扣', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('票券名稱').isDisabled()).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('the reminder settings save the pass renewal days the form shows (never back to 7), and refuse a value outside 1–30', async () => {
    await server.client.call('consoleSaveCouponReminders', { headers: auth, body: { enabled: true, daysBefore: 3, renewalDaysBefore: 12 } });
    for (const lang of ['zh-TW', 'en'] as const) {
      const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
      await context.addInitScript((l) => localStorage.setItem('lang', l), lang);
      await page.goto(server.url(`/console/coupons?sandboxUser=${ADMIN}`));
      const renewal = page.getByRole('textbox', { name: lang === 'en' ? 'Days before a subscription pass ends to suggest renewing' : '訂閱方案到期前幾天提醒續訂' });
      await expect.poll(() => renewal.inputValue()).toBe('12');
      // Turning the expiry reminder off and saving keeps the renewal days.
      const enabled = page.locator('[data-field="reminders.enabled"]');
      expect(await enabled.isChecked()).toBe(true);
      await page.locator('.switch-row').filter({ hasText: lang === 'en' ? 'Send expiry reminders' : '傳送到期提醒' }).click();
      expect(await enabled.isChecked()).toBe(false);
      const save = page.getByRole('button', { name: lang === 'en' ? 'Save reminder settings' : '儲存提醒設定' });
      await save.click();
      await page.getByText(lang === 'en' ? 'Saved' : '已儲存', { exact: true }).waitFor();
      expect((await server.client.call('consoleCouponReminders', { headers: auth })).body).toEqual({ enabled: false, daysBefore: 3, renewalDaysBefore: 12 });
      // Out of range: said at the field, nothing sent.
      const sent = apiRequests.filter((r) => r === 'PUT /api/console/coupon-reminders').length;
      await renewal.fill('31');
      await save.click();
      await page.getByRole('alert').filter({ hasText: lang === 'en' ? 'Enter 1 to 30 days' : '請輸入 1 到 30 天' }).waitFor();
      expect(await renewal.getAttribute('aria-invalid')).toBe('true');
      expect(apiRequests.filter((r) => r === 'PUT /api/console/coupon-reminders').length).toBe(sent);
      await server.client.call('consoleSaveCouponReminders', { headers: auth, body: { enabled: true, daysBefore: 3, renewalDaysBefore: 12 } });
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
