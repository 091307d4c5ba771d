import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShowcase } from '../../bot-server/demo/showcase.ts';
import { findMemberByLineUserId } from '../../bot-server/members/member.repo.ts';
import { localDate } from '../../shared/dates.ts';
import { latestSmsCode, registerMember, signInNewUser } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, MOBILE, openPage, screenshot } from './browser.ts';

/**
 * A new member's first minutes on the `npm start` demo (issue 16, items 11 and 12): two
 * separate checkboxes at registration (terms required, marketing optional and unticked), the
 * home page saying what was received, and the marketing switch on the profile.
 */

const TZ = 'Asia/Taipei';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  seedShowcase(server.db.db, TZ);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('first impression', () => {
  it('registers with two checkboxes (terms required, marketing optional and unticked) and lands home with what was received', async () => {
    const created = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: '初來乍到' } });
    await server.actAs({ type: 'follow', userId: created.body.userId });
    const { page, context, errors } = await openPage(browser, MOBILE);
    await page.goto(server.url(`/app?sandboxUser=${created.body.userId}`));
    const form = page.getByRole('form', { name: '加入會員' });
    await form.waitFor();

    const terms = form.getByRole('checkbox', { name: /會員條款與隱私權政策/ });
    const marketing = form.getByRole('checkbox', { name: /優惠與活動訊息/ });
    expect(await terms.isChecked()).toBe(false);
    expect(await marketing.isChecked()).toBe(false);
    expect(await marketing.getAttribute('aria-describedby')).toBeTruthy();

    const month = localDate(new Date(), TZ).slice(5, 7);
    await form.getByLabel('姓名').fill('林初見');
    await form.getByLabel('手機號碼').fill('0987111222');
    await form.getByLabel('生日').fill(`1996-${month}-08`);
    // The marketing box alone does not register: the terms are required.
    await marketing.check();
    await form.getByRole('button', { name: '完成註冊' }).click();
    await expect.poll(() => form.getByText('請閱讀並同意會員條款').isVisible()).toBe(true);
    await marketing.uncheck();
    await terms.check();
    // The number is confirmed by an SMS code (read from the sandbox's inbox, as a person reads their phone).
    const send = form.getByRole('button', { name: /驗證碼/ });
    if ((await send.count()) > 0) {
      await send.first().click();
      await expect.poll(() => latestSmsCode(server, '0987111222').catch(() => '')).toMatch(/^\d{6}$/);
      await form.getByLabel(/驗證碼/).fill(await latestSmsCode(server, '0987111222'));
    }
    await screenshot(page, 'first-impression-register');
    await form.getByRole('button', { name: '完成註冊' }).click();

    // Home, with what arrived: the showcase's welcome coupon, and the offers waiting in 領券中心.
    const summary = page.getByTestId('welcome-summary');
    await summary.waitFor();
    expect(new URL(page.url()).pathname).toBe('/app');
    await expect.poll(() => summary.innerText()).toContain('已放入票券夾');
    const text = await summary.innerText();
    expect(text).toContain('NT$50 現金券');
    expect(text).toContain('折價券');
    await expect.poll(() => summary.innerText()).toMatch(/領券中心有 \d+ 項優惠可以領取/);
    await screenshot(page, 'first-impression-home');
    const member = findMemberByLineUserId(server.db.db, created.body.userId)!;
    expect(member.marketingOptIn).toBe(false);

    await summary.getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => summary.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the profile switch for marketing messages: off as chosen at registration, on, then off again, each saved at once', async () => {
    const user = await signInNewUser(server, '設定行銷');
    await registerMember(server, user.auth, { name: '林設定' });
    const { page, context, errors } = await openPage(browser, MOBILE);
    await page.goto(server.url(`/app/profile?sandboxUser=${user.userId}`));
    await page.getByRole('heading', { name: '會員資料' }).waitFor();
    const created = { body: { userId: user.userId } };
    const toggle = page.getByRole('switch', { name: '接收優惠與活動訊息' });
    await toggle.waitFor({ state: 'attached' });
    expect(await toggle.isChecked()).toBe(false);
    await page.locator('.consent-switch').click();
    await page.getByText('已開啟優惠與活動訊息').waitFor();
    expect(await toggle.isChecked()).toBe(true);
    expect(findMemberByLineUserId(server.db.db, created.body.userId)!.marketingOptIn).toBe(true);
    await screenshot(page, 'first-impression-profile');
    await page.locator('.consent-switch').click();
    await page.getByText('已關閉優惠與活動訊息，您仍會收到票券與交易通知').waitFor();
    expect(findMemberByLineUserId(server.db.db, created.body.userId)!.marketingOptIn).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });
});
