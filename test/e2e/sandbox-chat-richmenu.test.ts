import { messagingApi } from '@line/bot-sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN } from '../../bot-server/config.ts';
import { findWebhookEvent } from '../../bot-server/line/webhook-events.repo.ts';
import { makePng } from '../helpers/png.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, MOBILE, openPage, screenshot } from './browser.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SIZE = { width: 2500, height: 843 };
const half = (x: number) => ({ x, y: 0, width: 1250, height: 843 });

/** Two tabs linked by aliases, published the way the product's publishing does it: create, upload, alias, link. */
async function publishTabs(userId: string) {
  const api = new messagingApi.MessagingApiClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
  const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
  const member = await api.createRichMenu({
    size: SIZE,
    selected: true,
    name: '會員 tab',
    chatBarText: '會員選單',
    areas: [
      { bounds: half(0), action: { type: 'postback', data: 'action=wallet', displayText: '我的票券' } },
      { bounds: half(1250), action: { type: 'richmenuswitch', richMenuAliasId: 'offers', data: 'tab=offers' } },
    ],
  });
  const offers = await api.createRichMenu({
    size: SIZE,
    selected: true,
    name: '優惠 tab',
    chatBarText: '本週優惠',
    areas: [
      { bounds: half(0), action: { type: 'richmenuswitch', richMenuAliasId: 'member', data: 'tab=member' } },
      { bounds: half(1250), action: { type: 'message', text: '最新優惠' } },
    ],
  });
  await blob.setRichMenuImage(member.richMenuId, new Blob([new Uint8Array(makePng(SIZE.width, SIZE.height, { bands: [[6, 199, 85], [255, 255, 255]] }))], { type: 'image/png' }));
  await blob.setRichMenuImage(offers.richMenuId, new Blob([new Uint8Array(makePng(SIZE.width, SIZE.height, { bands: [[255, 153, 0], [27, 42, 68]] }))], { type: 'image/png' }));
  await api.createRichMenuAlias({ richMenuAliasId: 'member', richMenuId: member.richMenuId });
  await api.createRichMenuAlias({ richMenuAliasId: 'offers', richMenuId: offers.richMenuId });
  await api.linkRichMenuIdToUser(userId, member.richMenuId);
  return { member: member.richMenuId, offers: offers.richMenuId };
}

function sentPostbacks(): { webhookEventId: string; postback: { data: string; params?: Record<string, string> } }[] {
  return [...server.sandbox!.state.sentEvents.values()].filter((e) => e.type === 'postback') as never;
}

describe('sandbox chat: the rich menu', () => {
  it('shows the linked menu\'s image and bar; a tap sends a signed postback, a switch tab changes the menu', async () => {
    const created = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: '選單小姐', isFollowing: true } });
    const userId = created.body.userId;
    const { member, offers } = await publishTabs(userId);
    const { page, context, errors } = await openPage(browser, MOBILE);

    await page.goto(server.url(`/sandbox?user=${userId}`));
    const menu = page.getByRole('region', { name: '圖文選單' });
    await menu.waitFor();
    expect(await menu.getAttribute('data-rich-menu-id')).toBe(member);
    const bar = menu.getByRole('button', { name: '會員選單' });
    expect(await bar.getAttribute('aria-expanded')).toBe('true');
    // The real uploaded image, scaled to the phone's width.
    const image = menu.locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2500);
    const box = (await menu.locator('.sb-richmenu-image').boundingBox())!;
    expect(Math.round(box.width)).toBe(MOBILE.width);
    expect(Math.round(box.height)).toBe(Math.round((MOBILE.width * SIZE.height) / SIZE.width));
    await screenshot(page, 'sandbox-richmenu-member');

    // Tap the left half: the 「我的票券」 postback reaches the bot, signed, and the bot answers.
    const before = sentPostbacks().length;
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.5);
    await expect.poll(() => sentPostbacks().length).toBe(before + 1);
    const postback = sentPostbacks().at(-1)!;
    expect(postback.postback).toEqual({ data: 'action=wallet' });
    await server.webhook.idle();
    await expect.poll(() => findWebhookEvent(server.db.db, postback.webhookEventId)?.status).toBe('done');
    await page.getByText('我的票券', { exact: true }).first().waitFor();
    await expect.poll(async () => (await server.messagesTo(userId)).filter((m) => m.via === 'reply').length).toBeGreaterThan(0);

    // Close and reopen the menu from the chat bar.
    await bar.click();
    expect(await bar.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.locator('img').count()).toBe(0);
    await bar.click();
    await image.waitFor();

    // Tap the right half: the switch shows the 「優惠」 tab and LINE's postback carries the alias and status.
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.5);
    await menu.getByRole('button', { name: '本週優惠' }).waitFor();
    expect(await menu.getAttribute('data-rich-menu-id')).toBe(offers);
    expect(sentPostbacks().at(-1)!.postback).toEqual({ data: 'tab=offers', params: { newRichMenuAliasId: 'offers', status: 'SUCCESS' } });
    await expect.poll(() => menu.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2500);
    await screenshot(page, 'sandbox-richmenu-offers');

    // A message area sends its text as the user's own message; the keyboard reaches areas too.
    await menu.getByRole('button', { name: /第 2 區：最新優惠/ }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.sb-log').getByText('最新優惠', { exact: true }).waitFor();

    // Unlinking with no default leaves no menu and no bar.
    const api = new messagingApi.MessagingApiClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
    await api.unlinkRichMenuIdFromUser(userId);
    await menu.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in English, with the switch the app has; a uri area opens the member app under the configured public base as the chat user, another site as it is', async () => {
    // Reached under another host name than localhost: the links, and so the chat's sign-in, follow PUBLIC_BASE_URL.
    const publicBase = 'http://chat-box.test:8080';
    const other = await startTestServer({ PUBLIC_BASE_URL: publicBase }, { seedDemo: false });
    try {
      const state = await other.json<{ publicBaseUrl: string }>('/sandbox/api/state');
      expect(state.body.publicBaseUrl).toBe(publicBase);
      const created = await other.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: 'Menu Tester', isFollowing: true } });
      const userId = created.body.userId;
      const api = new messagingApi.MessagingApiClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: other.origin });
      const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: other.origin });
      const links = await api.createRichMenu({
        size: SIZE,
        selected: true,
        name: 'links',
        chatBarText: 'Links',
        areas: [
          { bounds: half(0), action: { type: 'uri', label: 'My wallet', uri: `${publicBase}/app/wallet` } },
          { bounds: half(1250), action: { type: 'uri', label: 'Elsewhere', uri: 'https://example.com/app/wallet' } },
        ],
      });
      await blob.setRichMenuImage(links.richMenuId, new Blob([new Uint8Array(makePng(SIZE.width, SIZE.height, { bands: [[6, 199, 85], [255, 255, 255]] }))], { type: 'image/png' }));
      await api.linkRichMenuIdToUser(userId, links.richMenuId);

      const { page, context, errors } = await openPage(browser, MOBILE);
      await context.addInitScript(() => {
        localStorage.setItem('lang', 'en');
        // What a tap would open, without opening it (the host name resolves nowhere here).
        window.open = ((url: string) => {
          (window as unknown as { opened: string[] }).opened = [...((window as unknown as { opened?: string[] }).opened ?? []), String(url)];
          return null;
        }) as typeof window.open;
      });
      await page.goto(other.url(`/sandbox?user=${userId}`));
      const menu = page.getByRole('region', { name: 'Rich menu' });
      await menu.waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder')).toBe('Type a message');
      expect(await page.getByRole('complementary', { name: 'Test users' }).count()).toBe(1);
      expect(await page.locator('.sb-chat-title').innerText()).toContain('Chatting as "Menu Tester"');
      // No Chinese in the page's own words (the quick-reply chips are the bot's keywords, 我的票券 among them).
      for (const part of ['.sb-sidebar', '.sb-chat-head', '.sb-log', '.sb-input-bar', '.sb-devtools', '.sb-sms']) {
        const words = await page.locator(part).evaluate((el) => {
          // The language switch names the other language in it (中文), as the app's does; the account's name is the brand's.
          const copy = el.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('.sb-lang-switch, .sb-chat-title h1').forEach((n) => n.remove());
          return `${copy.textContent} ${[...copy.querySelectorAll('[aria-label],[placeholder]')].map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('placeholder') ?? ''}`).join(' ')}`;
        });
        expect(words, part).not.toMatch(/[\u4e00-\u9fff]/u);
      }
      await screenshot(page, 'sandbox-english');

      const opened = () => page.evaluate(() => (window as unknown as { opened?: string[] }).opened ?? []);
      await menu.getByRole('button', { name: 'Rich menu area 1: My wallet' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(opened).toHaveLength(1);
      expect((await opened())[0]).toBe(`${publicBase}/app/wallet?sandboxUser=${userId}`);
      await menu.getByRole('button', { name: 'Rich menu area 2: Elsewhere' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(opened).toHaveLength(2);
      expect((await opened())[1]).toBe('https://example.com/app/wallet');

      // The switch, as in the app: 中文 back to zh-TW, kept for the next visit.
      await page.getByRole('button', { name: /^中文/ }).click();
      await page.getByRole('region', { name: '圖文選單' }).waitFor();
      expect(await page.evaluate(() => [document.documentElement.lang, localStorage.getItem('lang')])).toEqual(['zh-Hant-TW', 'zh-TW']);
      expect(await page.getByRole('textbox', { name: '訊息' }).getAttribute('placeholder')).toBe('輸入訊息');
      await page.getByRole('button', { name: /^English/ }).click();
      await page.getByRole('region', { name: 'Rich menu' }).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await other.stop();
    }
  });
});
