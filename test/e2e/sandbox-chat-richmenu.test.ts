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
});
