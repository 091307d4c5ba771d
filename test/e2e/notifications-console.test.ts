import { NOTIFICATION_KINDS } from '../../shared/notifications/kinds.ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, openPage, screenshot } from './browser.ts';

const ADMIN = 'U0000000000000000000000000000a005'; // 張經理

let server: TestServer;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN }), launchBrowser()]);
  const minted = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId: ADMIN } });
  const session = await server.client.call('createSession', { body: { idToken: minted.body.idToken } });
  admin = session.body.token;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface TemplateView {
  kind: string;
  isCustom: boolean;
  content: Record<'zh-TW' | 'en', { title: string }>;
}

async function savedTemplate(kind: string): Promise<TemplateView> {
  const res = await server.client.call('consoleListTemplates', { headers: { authorization: `Bearer ${admin}` } });
  return res.body.items.find((item) => item.kind === kind)!;
}

describe('notification console', () => {
  it('edits a template against a live preview: an unknown variable is refused, a chip inserts a known one, and it saves', async () => {
    const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console/notifications?sandboxUser=${ADMIN}`));
    await page.getByRole('heading', { name: '通知範本', level: 1 }).waitFor();
    const listRow = page.getByRole('row').filter({ hasText: '訂位通知' });
    await listRow.waitFor();
    expect(await page.getByRole('switch').count()).toBe(NOTIFICATION_KINDS.length);
    expect(await listRow.innerText()).not.toContain('已自訂');
    await listRow.getByRole('link', { name: '編輯「訂位通知」範本' }).click();
    await page.getByRole('heading', { name: '訂位通知', level: 1 }).waitFor();

    // The preview is the server's Flex message, drawn with the example values.
    const preview = page.getByTestId('notif-preview');
    await expect.poll(() => preview.innerText()).toContain('訂位成功');
    expect(await preview.innerText()).toContain('信義店 4 位');

    const title = page.getByLabel('標題', { exact: true });
    await title.fill('已為您保留座位 {{seat}}');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const titleField = page.locator('.notif-field').filter({ has: title });
    expect(await titleField.innerText()).toContain('沒有 {{seat}} 這個變數');
    expect(await page.getByRole('tab', { name: /中文/ }).innerText()).toContain('!');

    // Saving anyway: the server refuses and names the field.
    await page.getByRole('button', { name: '儲存', exact: true }).click();
    await page.getByText(/請先修正標示的欄位再儲存：中文標題 — 沒有 \{\{seat\}\} 這個變數/).waitFor();
    expect(apiRequests).toContain('PUT /api/console/notification-templates/reservation');
    expect((await savedTemplate('reservation')).isCustom).toBe(false);
    await screenshot(page, 'console-template-error');

    // Fix it with a variable chip, inserted at the caret.
    await title.fill('已為您保留座位 ');
    await title.press('End');
    await page.getByRole('button', { name: /插入 門市/ }).click();
    expect(await title.inputValue()).toBe('已為您保留座位 {{store}}');
    // The help explains conditional sections, with the tags as code.
    const sections = page.locator('[data-sections-hint]');
    expect(await sections.innerText()).toBe('條件段落：{{#x}}…{{/x}} 中間的文字只在 x 有值（不是空白也不是 0）時顯示；{{^x}}…{{/x}} 相反，只在 x 沒有值時顯示。');
    expect(await sections.locator('code').allInnerTexts()).toEqual(['{{#x}}…{{/x}}', '{{^x}}…{{/x}}']);
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe(null);
    await expect.poll(() => preview.innerText()).toContain('已為您保留座位 信義店');

    await page.getByRole('button', { name: '儲存', exact: true }).click();
    await page.getByText('已儲存「訂位通知」範本，之後的通知都會使用新內容').waitFor();
    const saved = await savedTemplate('reservation');
    expect(saved.isCustom).toBe(true);
    expect(saved.content['zh-TW'].title).toBe('已為您保留座位 {{store}}');

    // Preview as a real member, in English.
    await page.getByLabel('搜尋要預覽的會員').fill('陳美玲');
    await page.getByRole('button', { name: /陳美玲/ }).click();
    await expect.poll(() => preview.innerText()).toContain('陳美玲 您好');
    await page.getByRole('group', { name: '預覽語言' }).getByRole('button', { name: 'English' }).click();
    await expect.poll(() => preview.innerText()).toContain('Hi 陳美玲, your table for 4');
    await screenshot(page, 'console-template-editor');

    await page.getByRole('link', { name: '返回通知範本' }).click();
    await page.getByRole('heading', { name: '通知範本', level: 1 }).waitFor();
    await expect.poll(() => listRow.innerText()).toContain('已自訂');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates an API key shown once, sees its notification in the delivery log, and revokes it', async () => {
    const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console/api-keys?sandboxUser=${ADMIN}`));
    await page.getByRole('heading', { name: 'API 金鑰', level: 1 }).waitFor();
    await page.getByText('還沒有 API 金鑰').waitFor();
    expect(await page.getByRole('link', { name: 'API 文件（OpenAPI）' }).getAttribute('href')).toBe('/api/partner/openapi.json');

    await page.getByRole('button', { name: '建立金鑰' }).first().click();
    const dialog = page.getByRole('dialog', { name: '建立 API 金鑰' });
    await dialog.getByRole('button', { name: '建立', exact: true }).click();
    await dialog.getByText('此欄位必填').waitFor();
    expect(apiRequests).not.toContain('POST /api/console/api-keys');
    await dialog.getByLabel('名稱').fill('訂位系統');
    await dialog.getByRole('button', { name: '建立', exact: true }).click();
    await page.getByRole('dialog', { name: '金鑰已建立' }).getByText(/唯一一次顯示完整金鑰/).waitFor();
    const key = await page.getByLabel('「訂位系統」的 API 金鑰').inputValue();
    expect(key).toMatch(/^lmc_[A-Za-z0-9_-]{30,}$/);
    await screenshot(page, 'console-api-key-created');
    await page.getByRole('button', { name: '我已妥善保存' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const keyRow = page.getByRole('row').filter({ hasText: '訂位系統' });
    expect(await keyRow.innerText()).toContain(key.slice(0, 12));
    expect(await keyRow.innerText()).not.toContain(key); // never shown again
    expect(await keyRow.innerText()).toContain('有效');

    // The key works for the partner API; the delivery log shows what it sent.
    const partner = await server.client.call('partnerNotify', { headers: { authorization: `Bearer ${key}` }, body: { member: { id: 1 }, kind: 'reservation', variables: { store: '信義店', time: '2026-11-28T10:30:00Z', partySize: 4 } } });
    expect(partner.status).toBe(202);
    await page.getByRole('navigation', { name: '後台選單' }).getByRole('link', { name: '發送紀錄' }).click();
    await page.getByRole('heading', { name: '發送紀錄', level: 1 }).waitFor();
    const logRow = page.getByRole('row').filter({ hasText: '合作夥伴 API' }).filter({ hasText: '訂位通知' });
    await logRow.waitFor();
    expect(await logRow.innerText()).toContain('王小明');
    await page.getByRole('button', { name: '重新整理' }).click();
    await expect.poll(() => logRow.innerText(), { timeout: 8000 }).toContain('已送達');
    await page.getByLabel('狀態').selectOption('failed');
    await page.getByText('沒有符合篩選條件的紀錄').waitFor();
    await screenshot(page, 'console-deliveries');

    await page.getByRole('navigation', { name: '後台選單' }).getByRole('link', { name: 'API 金鑰' }).click();
    await keyRow.getByRole('button', { name: '撤銷' }).click();
    await page.getByRole('button', { name: '確定撤銷' }).click();
    await page.getByText('已撤銷「訂位系統」').waitFor();
    await expect.poll(() => keyRow.innerText()).toContain('已撤銷');
    expect(await keyRow.getByRole('button', { name: '撤銷' }).count()).toBe(0);
    const refused = await server.client.call('partnerNotify', { headers: { authorization: `Bearer ${key}` }, body: { member: { id: 1 }, kind: 'reservation', variables: { store: '信義店', time: '2026-11-28T10:30:00Z', partySize: 4 } } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('API_KEY_REVOKED');
    expect(errors).toEqual([]);
    await context.close();
  });
});
