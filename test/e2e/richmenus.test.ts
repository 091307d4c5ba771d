import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, MOBILE, openPage, screenshot } from './browser.ts';

/**
 * The rich-menu designer end to end: a marketer designs a 6-area menu in the console (the
 * live validation refusing a chat-bar text over 14 characters first), publishes it (the six
 * steps shown done), and a member opening the sandbox chat sees that menu and taps 「我的票券」
 * to land in the wallet.
 */

const WANG = 'U0000000000000000000000000000a001'; // registered member with demo coupons
const ADMIN = 'U0000000000000000000000000000a005';
const CHAT_BAR = '點我開啟會員選單'; // 8 characters

let server: TestServer;
let browser: Browser;
let admin: Record<string, string>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN }), launchBrowser()]);
  admin = (await signInAs(server, ADMIN)).auth;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The area buttons of the designer's phone preview. */
const previewAreas = (page: Page) => page.getByTestId('rm-preview').locator('button.rm-area');

describe('rich-menu designer', () => {
  it('designs a 6-area menu, publishes it, and a member taps 「我的票券」 in the sandbox chat and lands in the wallet', async () => {
    const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console/richmenus?sandboxUser=${ADMIN}`));
    await page.getByRole('heading', { name: '圖文選單', level: 1 }).waitFor();
    await page.getByRole('link', { name: '設計新選單' }).first().click();
    await page.getByRole('heading', { name: '設計圖文選單', level: 1 }).waitFor();

    await page.getByLabel('版本名稱').fill('週年慶會員選單');

    // A layout change re-cuts the grid: 4 areas, then back to LINE's 6-area grid.
    await page.getByRole('radio', { name: '4 格（2×2）' }).check();
    await expect.poll(() => previewAreas(page).count()).toBe(4);
    await page.getByRole('radio', { name: '6 格（3×2）' }).check();
    await expect.poll(() => previewAreas(page).count()).toBe(6);

    // The chat-bar text is counted as people count (a CJK character is one): 15 is refused live.
    const chatBar = page.getByLabel('選單列文字');
    await chatBar.fill('一二三四五六七八九十一二三四五');
    await page.getByText('選單列文字最多 14 字（目前 15 字）').first().waitFor();
    expect(await page.getByRole('button', { name: '發布', exact: true }).isDisabled()).toBe(true);
    await chatBar.fill(CHAT_BAR);
    await page.getByText('符合 LINE 的所有規定，可以發布').waitFor();

    // Area 1 opens our wallet; area 6 becomes the profile page with its own label.
    await previewAreas(page).nth(0).click();
    const area = page.locator('fieldset.rm-area-editor');
    expect(await area.getByLabel('按鈕文字').inputValue()).toBe('我的票券');
    expect(await area.getByLabel('點選後').inputValue()).toBe('page');
    expect(await area.getByLabel('頁面').inputValue()).toBe('wallet');
    await previewAreas(page).nth(5).click();
    await area.getByLabel('按鈕文字').fill('會員資料');
    await area.getByLabel('頁面').selectOption('profile');
    // A low-contrast pair is flagged as it is picked (a warning: it does not block publishing).
    expect(await area.getByTestId('rm-contrast').innerText()).toContain('清楚易讀');

    // The preview draws the grid at the menu's exact proportions (2500 × 1686).
    const box = (await page.locator('.rm-phone__menu').boundingBox())!;
    expect(Math.abs(box.width / box.height - 2500 / 1686)).toBeLessThan(0.02);
    await screenshot(page, 'console-richmenu-designer');

    await page.getByRole('button', { name: '發布', exact: true }).click();
    const progress = page.getByTestId('rm-progress');
    const alert = page.locator('.rm-editor [role="alert"]');
    // The server answers when the publishing job is done (or after 10 s, still running).
    await progress.or(alert).first().waitFor({ timeout: 30_000 });
    expect(await alert.count() ? await alert.innerText() : 'no error').toBe('no error');
    await page
      .getByText('已發布「週年慶會員選單」，會員現在看到這個選單')
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        throw new Error(`not published: ${await progress.innerText()} / ${await page.locator('.rm-editor .notice, .rm-editor [role="status"]').allInnerTexts()}`, { cause: error });
      });
    expect(await progress.locator('[data-state="done"]').count()).toBe(6);
    expect(apiRequests).toContain('POST /api/console/richmenus/versions');

    const overview = (await server.client.call('consoleRichMenus', { headers: admin })).body;
    const live = overview.versions.find((v) => v.id === overview.liveVersionId)!;
    expect(live.name).toBe('週年慶會員選單');
    const version = (await server.client.call('consoleRichMenuVersion', { headers: admin, params: { id: live.id } })).body;
    expect(version.menus[0]!.areas).toHaveLength(6);
    expect(version.menus[0]!.chatBarText).toBe(CHAT_BAR);
    expect(version.menus[0]!.areas[5]).toMatchObject({ label: '會員資料', action: { type: 'page', page: 'profile' } });

    // The list shows it live.
    await page.getByRole('link', { name: '回到圖文選單' }).click();
    await page.locator(`tr[data-version="${live.id}"] [data-state="live"]`).waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // The member's chat shows the published menu; 「我的票券」 opens our wallet page.
    const chat = await openPage(browser, MOBILE);
    await chat.page.goto(server.url(`/sandbox?user=${WANG}`));
    const menu = chat.page.getByRole('region', { name: '圖文選單' });
    await menu.waitFor({ timeout: 10_000 });
    await menu.getByRole('button', { name: CHAT_BAR }).waitFor();
    expect(await menu.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2500);
    await screenshot(chat.page, 'sandbox-richmenu');

    const opened = chat.context.waitForEvent('page', { timeout: 8000 }).catch(() => null);
    await menu.getByRole('button', { name: /我的票券/ }).click();
    const wallet = (await Promise.race([opened, chat.page.waitForURL(/\/app\/wallet/, { timeout: 8000 }).then(() => chat.page)])) ?? chat.page;
    await wallet.waitForURL(/\/app\/wallet/);
    expect(new URL(wallet.url()).pathname).toBe('/app/wallet');
    await wallet
      .getByRole('heading', { name: '我的票券', level: 1 })
      .waitFor({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        await screenshot(wallet, 'sandbox-richmenu-wallet-failed');
        throw new Error(`wallet not shown at ${wallet.url()}: ${(await wallet.locator('body').innerText()).slice(0, 300)}`, { cause: error });
      });
    expect(chat.errors).toEqual([]);
    await chat.context.close();
  }, 90_000);
});
