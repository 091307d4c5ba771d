import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateInput } from '../helpers/coupons.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, openPage, screenshot } from './browser.ts';

const ADMIN = 'U0000000000000000000000000000a005'; // 張經理

let server: TestServer;
let browser: Browser;
let auth: Record<string, string>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off' }), launchBrowser()]);
  const minted = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId: ADMIN } });
  const session = await server.client.call('createSession', { body: { idToken: minted.body.idToken } });
  auth = { authorization: `Bearer ${session.body.token}` };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('console insights', () => {
  it('shows the dashboard figures, finds a member and opens their 360° page, and reads the audit log in words', async () => {
    // Data made by the test: a coupon issued to 陳美玲 and a store renamed.
    const found = await server.client.call('consoleSearchMembers', { headers: auth, query: { q: '陳美玲' } });
    const member = found.body.items[0]!;
    const template = await server.client.call('consoleCreateCouponTemplate', { headers: auth, body: templateInput({ name: '洞察測試券' }) });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const issued = await server.client.call('consoleIssueCoupon', { headers: auth, body: { templateId: template.body.id, mobile: member.mobile! } });
    expect(issued.status).toBe(201);
    const stores = await server.client.call('consoleListStores', { headers: auth });
    const store = stores.body.items.find((s) => s.name === '南西店')!;
    await server.client.call('consoleUpdateStore', { headers: auth, params: { id: store.id }, body: { name: '南西旗艦店' } });
    const overview = (await server.client.call('consoleOverview', { headers: auth })).body;

    const { page, context, errors } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console?sandboxUser=${ADMIN}`));
    await page.getByRole('heading', { name: '總覽' }).waitFor();
    const issuedFigure = page.locator('[data-figure="issued"]');
    await expect.poll(() => issuedFigure.innerText()).toContain(String(overview.periods.days7.issued));
    await page.getByRole('button', { name: '今天' }).click();
    await expect.poll(() => issuedFigure.innerText()).toContain(String(overview.periods.today.issued));
    expect(await page.locator('[data-figure="joined"]').innerText()).toContain(String(overview.periods.today.joined));
    expect(await issuedFigure.getAttribute('href')).toBe('/console/coupon-list');
    expect(await page.locator('[data-figure="failed"]').getAttribute('href')).toMatch(/^\/console\/deliveries\?status=failed&from=\d{4}-\d{2}-\d{2}&to=/);
    // Charts: one labelled image each, with nothing focusable inside, and the figures as a table.
    const chart = page.getByRole('img', { name: /票券：發出與核銷/ });
    await chart.waitFor();
    await page.locator('.ins-chart svg').first().waitFor();
    expect(await page.locator('.ins-chart [tabindex]:not([tabindex="-1"]), .ins-chart a, .ins-chart button').count()).toBe(0);
    expect(await page.locator('.ins-chart table.visually-hidden').count()).toBe(3);
    await screenshot(page, 'console-dashboard');

    // Find → 360°.
    await page.getByRole('navigation', { name: '後台選單' }).getByRole('link', { name: '會員', exact: true }).click();
    await page.getByLabel('搜尋會員').fill(member.mobile!);
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await page.getByRole('link', { name: '查看 陳美玲' }).click();
    await page.getByRole('heading', { name: '陳美玲', level: 1 }).waitFor();
    const wallet = page.locator('[data-section="wallet"]');
    await wallet.getByRole('cell', { name: '洞察測試券' }).waitFor();
    expect(await wallet.getByRole('cell', { name: issued.body.code, exact: true }).count()).toBe(1);
    const audit360 = page.locator('[data-section="audit"]');
    await audit360.getByText('發券').first().waitFor();
    expect(await page.locator('[data-section="notifications"]').innerText()).toMatch(/票券|Coupon/);
    // Void it from the 360° page.
    await wallet.getByRole('button', { name: `作廢 ${issued.body.code}` }).click();
    await wallet.getByRole('button', { name: '作廢票券' }).click();
    await page.getByText(`已作廢 ${issued.body.code}`).waitFor();
    await audit360.getByText('作廢票券').waitFor();
    await screenshot(page, 'console-member-360');

    // The audit log, in words: the action, the target by name with a link, and before → after.
    await page.getByRole('navigation', { name: '後台選單' }).getByRole('link', { name: '稽核紀錄' }).click();
    const row = page.getByRole('row').filter({ hasText: '更新門市' }).first();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('名稱：南西店 → 南西旗艦店');
    expect(text).toContain('張經理');
    expect(await row.getByRole('link', { name: '門市：南西旗艦店' }).getAttribute('href')).toBe('/console/stores');
    const issueRow = page.getByRole('row').filter({ hasText: '洞察測試券' }).first();
    expect(await issueRow.innerText()).toContain('新增票券範本');
    // No raw action keys anywhere in the table.
    expect(await page.locator('table').innerText()).not.toMatch(/\b(store|coupon|coupon_template|bulk_issue|campaign|bundle)\.(create|update|issue|void)\b/);
    await page.getByLabel('動作').selectOption({ label: '作廢票券' });
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await screenshot(page, 'console-audit-readable');
    expect(errors).toEqual([]);
    await context.close();
  });
});
