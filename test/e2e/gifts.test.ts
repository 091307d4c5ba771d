import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, type PageProbe } from './browser.ts';

/**
 * Gifts (好友轉贈) in a real browser, on the narrowest phone we design for: 王小明 gives his
 * NT$50 現金券 to 陳美玲 from the coupon's page, she accepts it in 收到的禮物, and both LINE chats
 * (the sandbox's) show the notice; a gift to a number that is not a member yet ends on the
 * invite to share, in English.
 */

const WANG = 'U0000000000000000000000000000a001'; // 王小明, 0912345678
const CHEN = 'U0000000000000000000000000000a002'; // 陳美玲, 0922333444
const PHONE = { width: 375, height: 812 } as const;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function walletNames(userId: string): Promise<{ id: number; status: string; name: string }[]> {
  const { auth } = await signInAs(server, userId);
  const res = await server.client.call('walletList', { headers: auth, query: { tab: 'active' } });
  expect(res.status).toBe(200);
  return res.body.items.map((c) => ({ id: c.id, status: c.status, name: c.template.name }));
}

/** Nothing wider than the phone: no sideways scrolling anywhere on the page. */
async function expectNoOverflow(page: Page, label: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${label} is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
}

async function phone(lang: 'zh-TW' | 'en' = 'zh-TW'): Promise<PageProbe> {
  const probe = await openPage(browser, PHONE);
  await probe.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  if (lang === 'en') await probe.context.addInitScript(() => localStorage.setItem('lang', 'en'));
  return probe;
}

/** Opens a coupon from the wallet list and its send form. */
async function openSendForm(page: Page, userId: string, couponName: string, labels: { open: string }) {
  await page.goto(server.url(`/app/wallet?sandboxUser=${userId}`));
  const card = page.getByRole('tabpanel').getByRole('listitem').filter({ hasText: couponName });
  await card.getByRole('link').click();
  await page.waitForURL(/\/app\/wallet\/\d+$/);
  await page.getByRole('button', { name: labels.open }).click();
}

describe('gifts in the browser', () => {
  it('gives a coupon from the wallet; the friend accepts it in the inbox; both chats are told', async () => {
    const before = await walletNames(WANG);
    const cash = before.find((c) => c.name === 'NT$50 現金券')!;
    expect(cash).toBeTruthy();

    // ── 王小明: the wallet, its header laid out by the wallet's own styles (no jump when the gifts chunk arrives) ──
    const sender = await phone();
    await sender.page.goto(server.url(`/app/wallet?sandboxUser=${WANG}`));
    await sender.page.getByRole('tabpanel').getByRole('listitem').first().waitFor();
    expect(await sender.page.locator('.wallet-head').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
    const headBox = await sender.page.getByRole('link', { name: '收到的禮物' }).boundingBox();
    const titleBox = await sender.page.getByRole('heading', { name: '我的票券', level: 1 }).boundingBox();
    // The link sits beside the title, on the same line.
    expect(Math.abs(headBox!.y + headBox!.height / 2 - (titleBox!.y + titleBox!.height / 2))).toBeLessThan(12);

    await openSendForm(sender.page, WANG, 'NT$50 現金券', { open: '送給好友' });
    const form = sender.page.getByRole('form', { name: '送給好友' });
    await form.waitFor();
    // A giftable coupon says so (and 送給好友 is there).
    expect(await sender.page.getByText('這張票券可以轉贈給好友').count()).toBe(1);
    // The form opens below the QR: the number's field takes the focus (and so comes into view).
    await expect.poll(() => form.getByLabel('好友的手機號碼').evaluate((el) => el === document.activeElement), { timeout: 5000 }).toBe(true);
    // A wrong number is caught in the form, in words.
    await form.getByLabel('好友的手機號碼').fill('0922-333');
    await form.getByRole('button', { name: '下一步' }).click();
    await form.getByText('請輸入正確的手機號碼').waitFor();
    await form.getByLabel('好友的手機號碼').fill('0922-333-444');
    await form.getByLabel(/想說的話/).fill('生日快樂！');
    await expectNoOverflow(sender.page, 'the send form');
    await screenshot(sender.page, 'gifts-send-form');
    await form.getByRole('button', { name: '下一步' }).click();

    // The confirmation names the coupon, the (masked) number, the message and what the friend will see.
    const confirm = sender.page.getByRole('region', { name: '確認送出' });
    await confirm.waitFor();
    await expect.poll(async () => {
      const box = await confirm.getByRole('heading', { name: '確認送出' }).boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= PHONE.height;
    }, { timeout: 5000 }).toBe(true);
    const confirmText = await confirm.innerText();
    expect(confirmText).toContain('NT$50 現金券');
    expect(confirmText).toContain('0922***444');
    expect(confirmText).toContain('生日快樂！');
    expect(confirmText).toContain('王小明 送您「NT$50 現金券」');
    expect(confirmText).toMatch(/7 天內未收下/);
    await expectNoOverflow(sender.page, 'the confirmation');
    await screenshot(sender.page, 'gifts-send-confirm');
    await confirm.getByRole('button', { name: '確認送出' }).click();

    // Sent: the invite to share stays on screen while the coupon turns 轉贈中 underneath.
    const sent = sender.page.getByRole('status').filter({ has: sender.page.getByRole('heading', { name: '禮物已送出' }) });
    await sent.waitFor();
    expect(await sent.innerText()).toContain('0922***444');
    await expect.poll(() => sender.page.locator('.coupon-detail').getByText('轉贈中').count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await sent.isVisible()).toBe(true);
    expect(await sender.page.getByRole('img', { name: '票券 QR Code' }).count()).toBe(0);
    await sent.getByRole('button', { name: '複製邀請連結' }).click();
    await sent.getByText('已複製連結').waitFor();
    expect(await sender.page.evaluate(() => navigator.clipboard.readText())).toContain('/app/gifts');
    await screenshot(sender.page, 'gifts-sent');
    await sent.getByRole('button', { name: '完成' }).click();
    // Then the held coupon: to whom, and the sender's cancel.
    const held = sender.page.getByRole('status').filter({ hasText: '轉贈中' });
    await held.getByText('已送給 0922***444').waitFor();
    expect(await held.getByRole('button', { name: '取消轉贈' }).isVisible()).toBe(true);
    // Already 轉贈中: no hint that it could be given.
    expect(await sender.page.getByText('這張票券可以轉贈給好友').count()).toBe(0);

    // ── 陳美玲: 收到的禮物 ──
    const friend = await phone();
    await friend.page.goto(server.url(`/app/gifts?sandboxUser=${CHEN}`));
    const tabs = friend.page.getByRole('tablist', { name: '收到的禮物' });
    const gift = friend.page.getByRole('article', { name: 'NT$50 現金券' });
    await gift.waitFor();
    await expect.poll(() => tabs.getByRole('tab', { name: /收到的禮物/ }).innerText(), { timeout: 5000 }).toMatch(/收到的禮物\s*1/);
    const giftText = await gift.innerText();
    expect(giftText).toContain('來自 王小明');
    expect(giftText).toContain('生日快樂！');
    expect(giftText).toContain('等待收下');
    await expectNoOverflow(friend.page, 'the inbox');
    await screenshot(friend.page, 'gifts-inbox');
    await gift.getByRole('button', { name: '收下', exact: true }).click();
    await friend.page.getByText('已收下！票券在您的票券夾裡').waitFor();
    await expect.poll(() => gift.innerText(), { timeout: 5000 }).toContain('已收下');
    expect(await gift.getByRole('button', { name: '收下', exact: true }).count()).toBe(0);
    await screenshot(friend.page, 'gifts-inbox-accepted');
    // Hers now: its page shows the QR to use at the counter.
    await gift.getByRole('link', { name: '查看票券' }).click();
    await friend.page.waitForURL(/\/app\/wallet\/\d+$/);
    await friend.page.getByRole('img', { name: '票券 QR Code' }).waitFor();
    const lastDay = /有效至 (\d{4}\/\d{2}\/\d{2})/.exec(await friend.page.locator('.coupon-hero').innerText())?.[1];
    expect(lastDay).toBeTruthy();

    // The coupon moved, once.
    expect((await walletNames(WANG)).some((c) => c.id === cash.id)).toBe(false);
    expect((await walletNames(CHEN)).filter((c) => c.id === cash.id)).toHaveLength(1);

    // ── the sandbox chats: gift received (to her, with its CTA to the inbox), 已送達 (to him) ──
    const chat = await phone();
    await chat.page.goto(server.url(`/sandbox?user=${CHEN}`));
    const received = chat.page.locator('.lf-bubble').filter({ hasText: '王小明 送您一份禮物' });
    await received.first().waitFor({ timeout: 10_000 });
    expect(await received.first().innerText()).toContain('NT$50 現金券');
    // The same last day as the coupon's page (not the day after, when it no longer works).
    expect(await received.first().innerText()).toContain(`使用期限至 ${lastDay}`);
    const cta = received.first().getByRole('link', { name: '收下禮物' });
    expect(new URL((await cta.getAttribute('href'))!).pathname).toBe('/app/gifts');
    await screenshot(chat.page, 'gifts-chat-friend');
    await chat.page.goto(server.url(`/sandbox?user=${WANG}`));
    const delivered = chat.page.locator('.lf-bubble').filter({ hasText: '禮物已送達' });
    await delivered.first().waitFor({ timeout: 10_000 });
    expect(await delivered.first().innerText()).toContain('0922***444');
    expect(await delivered.first().innerText()).toContain('NT$50 現金券');
    await screenshot(chat.page, 'gifts-chat-sender');

    for (const probe of [sender, friend, chat]) {
      expect(probe.errors).toEqual([]);
      await probe.context.close();
    }
  }, 60_000);

  it('to a number that is not a member: the gift is held and the invite to share is shown (English)', async () => {
    const probe = await phone('en');
    const { page } = probe;
    await openSendForm(page, WANG, '大杯拿鐵兌換券', { open: 'Give to a friend' });
    const form = page.getByRole('form', { name: 'Give to a friend' });
    await form.getByLabel("Friend's mobile number").fill('+886 987 654 321');
    await form.getByRole('button', { name: 'Next' }).click();
    const confirm = page.getByRole('region', { name: 'Confirm the gift' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('0987***321');
    // Every word of ours in English (the coupon's and the member's names are their own).
    expect((await confirm.innerText()).replaceAll('大杯拿鐵兌換券', '').replaceAll('王小明', '')).not.toMatch(/\p{Script=Han}/u);
    await expectNoOverflow(page, 'the English confirmation');
    await confirm.getByRole('button', { name: 'Send gift' }).click();

    const sent = page.getByRole('status').filter({ has: page.getByRole('heading', { name: 'Gift sent' }) });
    await sent.waitFor();
    expect(await sent.innerText()).toContain('The gift is kept for 0987***321');
    // Outside LINE (the sandbox) the LINE share says so and points to the link.
    await sent.getByRole('button', { name: 'Share on LINE' }).click();
    await sent.getByText('LINE sharing is not available; copy the link instead').waitFor();
    await sent.getByRole('button', { name: 'Copy invite link' }).click();
    await sent.getByText('Link copied').waitFor();
    const invite = await page.evaluate(() => navigator.clipboard.readText());
    expect(invite).toContain('sent you a gift');
    expect(invite).toContain('大杯拿鐵兌換券');
    expect(invite).toMatch(/\/app\/gifts$/m);
    const link = sent.getByRole('link', { name: /\/app\/gifts/ });
    expect(new URL((await link.getAttribute('href'))!).pathname).toBe('/app/gifts');
    await expectNoOverflow(page, 'the invite');
    await screenshot(page, 'gifts-invite-en');

    // Held for that number: in 我送出的 as waiting, and the coupon is locked.
    await page.goto(server.url(`/app/gifts?tab=sent&sandboxUser=${WANG}`));
    const item = page.getByRole('article', { name: '大杯拿鐵兌換券' });
    await item.waitFor();
    expect(await item.innerText()).toContain('To 0987***321');
    expect(await item.innerText()).toContain('Waiting');
    expect((await walletNames(WANG)).find((c) => c.name === '大杯拿鐵兌換券')?.status).toBe('transferring');
    expect(probe.errors).toEqual([]);
    await probe.context.close();
  }, 45_000);
});
