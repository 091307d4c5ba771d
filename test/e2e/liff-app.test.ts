import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { latestSmsCode } from '../helpers/members.ts';
import { DESKTOP, launchBrowser, MOBILE, openPage, screenshot } from './browser.ts';

const WANG = 'U0000000000000000000000000000a001'; // 王小明, registered, 0912345678
const CHEN = 'U0000000000000000000000000000a002'; // 陳美玲, registered
const ADMIN = 'U0000000000000000000000000000a005';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A session token for a sandbox user, through the same path the LIFF app uses. */
async function tokenFor(userId: string): Promise<string> {
  const minted = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId } });
  const session = await server.client.call('createSession', { body: { idToken: minted.body.idToken } });
  expect(session.status).toBe(200);
  return session.body.token;
}

describe('member LIFF app', () => {
  it('leads a new member through registration: client check, duplicate mobile, then home and the profile', async () => {
    const created = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: '林小華 LINE' } });
    expect(created.status).toBe(201);
    const { page, context, errors, apiRequests } = await openPage(browser, MOBILE);

    await page.goto(server.url(`/app?sandboxUser=${created.body.userId}`));
    await page.getByRole('heading', { name: '加入會員' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/register');
    // The user id never reaches our API: only the ID token does, and the URL is cleaned.
    expect(page.url()).not.toContain('sandboxUser');
    await screenshot(page, 'member-register');

    const form = page.getByRole('form', { name: '加入會員' });
    const mobile = form.getByLabel('手機號碼');
    await form.getByLabel('姓名').fill('林小華');
    await mobile.fill('0212345678'); // a landline
    await form.getByLabel('生日').fill('1995-05-20');
    await form.getByRole('checkbox', { name: /我已閱讀並同意會員條款/ }).check();
    await form.getByRole('button', { name: '完成註冊' }).click();
    await expect.poll(() => form.getByText('手機號碼格式不正確，例如 0912345678').isVisible()).toBe(true);
    expect(await mobile.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => mobile.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(apiRequests).not.toContain('POST /api/me/registration');
    await screenshot(page, 'member-register-invalid');

    // The number is confirmed by the SMS code, read from the sandbox's inbox (the person's phone).
    const code = form.getByLabel('簡訊驗證碼');
    const textCode = async (number: string) => {
      await form.getByRole('button', { name: '傳送驗證碼' }).click();
      await form.getByText(`驗證碼已傳送至 ${number.replace(/-/g, '')}`).waitFor();
      await code.fill(await latestSmsCode(server, number));
    };
    // 王小明 already verified this number: the server's verdict lands on the mobile field.
    await mobile.fill('0912345678');
    await textCode('0912345678');
    await form.getByRole('button', { name: '完成註冊' }).click();
    await expect.poll(() => form.getByText('這個手機號碼已由另一個會員帳號驗證。如果這是您的號碼，請洽門市協助').isVisible()).toBe(true);
    expect(apiRequests).toContain('POST /api/me/registration');
    expect(await mobile.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'member-register-taken');

    await mobile.fill('0987-654-321');
    await textCode('0987-654-321');
    await form.getByRole('button', { name: '完成註冊' }).click();
    // Registration lands on the home page with the welcome note (test/e2e/first-impression.test.ts has what it lists).
    await page.getByText('註冊完成，歡迎加入！').waitFor();
    expect(new URL(page.url()).pathname).toBe('/app');
    await page.getByRole('navigation', { name: '主要功能' }).getByRole('link', { name: '會員資料' }).click();
    await page.getByRole('heading', { name: '會員資料' }).waitFor();
    const details = page.locator('dl');
    await expect.poll(() => details.innerText()).toContain('林小華');
    const text = await details.innerText();
    expect(text).toContain('0987654321');
    expect(text).toContain('1995年5月20日');
    await screenshot(page, 'member-profile');

    // The server stored it (as the console sees it).
    const admin = await tokenFor(ADMIN);
    const found = await server.client.call('consoleSearchMembers', { headers: { authorization: `Bearer ${admin}` }, query: { q: '0987654321' } });
    expect(found.body.total).toBe(1);
    expect(found.body.items[0]).toMatchObject({ name: '林小華', isRegistered: true });

    // Registered now: home shows the greeting and the member card; no staff or console entries.
    await page.getByRole('link', { name: '首頁' }).click();
    await page.getByRole('heading', { name: /林小華/ }).waitFor();
    expect(await page.getByRole('link', { name: /門市人員/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /品牌後台/ }).count()).toBe(0);
    await screenshot(page, 'member-home');

    await page.getByRole('link', { name: '我的票券' }).first().click();
    await page.getByText('目前沒有票券').waitFor();
    await screenshot(page, 'member-wallet');
    await page.getByRole('link', { name: '領券中心' }).last().click();
    await page.getByText('目前沒有可領取的優惠').waitFor();
    await page.goto(server.url('/app/staff'));
    await page.getByText('此頁面僅限門市人員').waitFor();
    await screenshot(page, 'member-staff-denied');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches to English: UI text, <html lang>, Accept-Language on API errors, and it persists', async () => {
    const { page, context, errors } = await openPage(browser, MOBILE);
    await page.goto(server.url(`/app?sandboxUser=${WANG}`));
    await page.getByRole('heading', { name: /王小明/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant-TW');

    await page.getByRole('button', { name: '切換語言為英文' }).click();
    await page.getByRole('heading', { name: /^Good (morning|afternoon|evening), 王小明$/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main' }).innerText()).toContain('My coupons');
    expect(await page.getByText('快速功能').count()).toBe(0);
    await screenshot(page, 'member-home-en');

    await page.reload();
    await page.getByRole('heading', { name: /^Good (morning|afternoon|evening), 王小明$/ }).waitFor();

    await page.getByRole('link', { name: 'Profile' }).first().click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit your profile' });
    await form.getByLabel('Mobile number').fill('12');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Not a valid mobile number, e.g. 0912345678').waitFor();
    // 陳美玲's number: the server answers in English because the app sends Accept-Language: en.
    // A new number is confirmed by the code texted to it; the verdict then comes from the server in English.
    await form.getByLabel('Mobile number').fill('0922333444');
    await form.getByRole('button', { name: 'Send code' }).click();
    await form.getByText(/^We texted a code to /).waitFor();
    await form.getByLabel('Text message code').fill(await latestSmsCode(server, '0922333444'));
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Another member account has verified this number. If it is yours, ask a store for help').waitFor();
    await expect.poll(() => form.getByText('Your birthday cannot be changed after registration; ask a store to correct it').isVisible()).toBe(true);
    await screenshot(page, 'member-profile-edit-en');

    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByRole('form', { name: '編輯會員資料' }).getByLabel('手機號碼').waitFor();
    expect(await page.getByRole('navigation', { name: '主要功能' }).innerText()).toContain('我的票券');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant-TW');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('brand console', () => {
  it('lets the admin find a member, make them staff at 信義店, and shows it in staff and audit', async () => {
    const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
    const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
    await page.goto(server.url(`/console?sandboxUser=${ADMIN}`));
    const pageToken = ((await (await signedIn).json()) as { token: string }).token;
    await page.getByRole('heading', { name: '總覽' }).waitFor();
    const admin = await tokenFor(ADMIN);
    const all = await server.client.call('consoleSearchMembers', { headers: { authorization: `Bearer ${admin}` }, query: { pageSize: '1' } });
    const membersStat = page.getByRole('link', { name: /會員總數/ });
    await expect.poll(() => membersStat.innerText()).toContain(String(all.body.total));
    await screenshot(page, 'console-overview');

    // The session ends behind the app's back: the next call gets a 401, signs in again once and retries.
    expect(await server.client.call('deleteSession', { headers: { authorization: `Bearer ${pageToken}` } })).toMatchObject({ status: 200 });
    await page.getByRole('navigation', { name: '後台選單' }).getByRole('link', { name: '會員', exact: true }).click();
    await page.getByText(/共 \d+ 位會員/).waitFor();
    expect(apiRequests.filter((r) => r === 'POST /api/session')).toHaveLength(2);
    await page.getByLabel('搜尋會員').fill('陳美玲');
    await page.getByRole('button', { name: '搜尋', exact: true }).click();
    await page.getByText('「陳美玲」共 1 位會員').waitFor();
    await screenshot(page, 'console-members');
    await page.getByRole('link', { name: '查看 陳美玲' }).click();
    await page.getByRole('heading', { name: '陳美玲', level: 1 }).waitFor();
    await page.getByRole('checkbox', { name: '信義店' }).check();
    await page.getByRole('button', { name: '儲存權限' }).click();
    await page.getByText('已更新 陳美玲 的權限').waitFor();
    await screenshot(page, 'console-member-detail');

    await page.getByRole('link', { name: '人員與權限' }).click();
    const row = page.getByRole('row').filter({ hasText: '陳美玲' });
    await row.waitFor();
    expect(await row.innerText()).toContain('信義店');
    await screenshot(page, 'console-staff');

    await page.getByRole('link', { name: '稽核紀錄' }).click();
    await page.getByRole('cell', { name: '陳美玲 新增門市：信義店' }).waitFor();
    const auditRow = page.getByRole('row').filter({ hasText: '陳美玲 新增門市：信義店' });
    expect(await auditRow.innerText()).toContain('張經理');
    await screenshot(page, 'console-audit');

    await page.getByRole('link', { name: '門市' }).click();
    await page.getByRole('button', { name: '新增門市' }).click();
    const storeForm = page.getByRole('form', { name: '新增門市' });
    await storeForm.getByLabel('門市代碼').fill('xinyi');
    await storeForm.getByLabel('門市名稱').fill('信義二店');
    await storeForm.getByRole('button', { name: '儲存' }).click();
    await storeForm.getByText('門市代碼 XINYI 已被使用').waitFor();
    await screenshot(page, 'console-stores');
    await page.getByRole('button', { name: '取消' }).click();

    // Deactivating keeps the rest of the record (see StoresPage: the PATCH carries it all).
    const nanxi = page.getByRole('row').filter({ hasText: '南西店' });
    await nanxi.getByRole('button', { name: '停用' }).click();
    await nanxi.getByRole('button', { name: '確定' }).click();
    await page.getByText('已停用門市 南西店').waitFor();
    const stores = await server.client.call('consoleListStores', { headers: { authorization: `Bearer ${admin}` } });
    expect(stores.body.items.find((s) => s.name === '南西店')).toMatchObject({ isActive: false, address: '台北市中山區南京西路 15 號' });

    await page.getByRole('button', { name: '登出' }).click();
    await page.getByRole('heading', { name: '選擇測試會員' }).waitFor();
    expect(apiRequests).toContain('DELETE /api/session');
    expect(errors).toEqual([]);
    await context.close();

    // 陳美玲 now sees the staff entry and her store in the member app.
    const member = await openPage(browser, MOBILE);
    await member.page.goto(server.url(`/app?sandboxUser=${CHEN}`));
    await member.page.getByRole('link', { name: /門市人員/ }).click();
    await member.page.getByRole('heading', { name: '掃描會員票券' }).waitFor();
    expect(await member.page.getByRole('radio', { name: '信義店' }).isChecked()).toBe(true);
    await screenshot(member.page, 'member-staff');
    expect(member.errors).toEqual([]);
    await member.context.close();
  });

  it('refuses non-admins and offers the sandbox picker on the landing page', async () => {
    const { page, context, errors } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console?sandboxUser=${WANG}`));
    await page.getByRole('heading', { name: '需要管理員權限' }).waitFor();
    expect(await page.getByRole('navigation', { name: '後台選單' }).count()).toBe(0);
    await screenshot(page, 'console-forbidden');

    await page.goto(server.url('/'));
    await page.getByRole('heading', { name: 'LINE 會員票券與通知平台' }).waitFor();
    expect(await page.getByRole('link', { name: /開啟品牌後台/ }).getAttribute('href')).toBe(`/console?sandboxUser=${ADMIN}`);
    expect(await page.getByRole('link', { name: /開啟聊天室/ }).getAttribute('href')).toBe('/sandbox');
    await screenshot(page, 'landing');

    // "Switch test member" forgets the remembered user: the picker lists the sandbox users.
    await page.goto(server.url('/app'));
    await page.getByText(/測試會員：王小明/).waitFor();
    await page.getByRole('button', { name: '切換測試會員' }).click();
    await page.getByRole('heading', { name: '選擇測試會員' }).waitFor();
    await page.setViewportSize(MOBILE);
    await screenshot(page, 'member-picker');
    await page.getByRole('button', { name: /陳美玲/ }).click();
    await page.getByRole('heading', { name: /陳美玲/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('bundle', () => {
  it('keeps the member entry under 150 KB gzipped, with the console and the LIFF SDK in other chunks', () => {
    // A production build of its own: the browser tests' build inherits vitest's NODE_ENV=test.
    const root = resolve(import.meta.dirname, '../..');
    const outDir = mkdtempSync(join(tmpdir(), 'liff-bundle-'));
    try {
      const built = spawnSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
        encoding: 'utf8',
      });
      expect(built.status, built.stderr).toBe(0);
      const html = readFileSync(resolve(outDir, 'index.html'), 'utf8');
      const entryFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
      expect(entryFiles.length).toBeGreaterThan(0);
      const entry = entryFiles.map((file) => readFileSync(resolve(outDir, file), 'utf8'));
      const gzipped = entry.reduce((sum, code) => sum + gzipSync(code).length, 0);
      expect(gzipped).toBeLessThan(150 * 1024);
      const joined = entry.join('\n');
      expect(joined).not.toContain('liffId is necessary for liff.init()'); // @line/liff, production sign-in only
      expect(joined).not.toContain('需要管理員權限'); // console strings
      const chunks = readdirSync(resolve(outDir, 'assets')).filter((f) => f.endsWith('.js'));
      expect(chunks.some((f) => f.startsWith('ConsoleApp-'))).toBe(true);
      expect(chunks.some((f) => readFileSync(resolve(outDir, 'assets', f), 'utf8').includes('liffId is necessary for liff.init()'))).toBe(true);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    // A whole production build, compression included (liff-app/build/precompress.ts).
  }, 120_000);
});
