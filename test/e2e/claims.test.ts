import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/dates.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { registerMember, signInAs, signInNewUser } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, MOBILE, openPage, SCREENSHOTS } from './browser.ts';

const ADMIN = 'U0000000000000000000000000000a005';
const TZ = 'Asia/Taipei';

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

async function createCampaign(body: Record<string, unknown>): Promise<{ id: number; name: string }> {
  const now = Date.now();
  const res = await server.client.call('consoleCreateCampaign', { headers: admin, untypedBody: { mode: 'claim', startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 20 * 86_400_000).toISOString(), ...body } });
  if (res.status !== 201) throw new Error(`campaign: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function walletNames(auth: Record<string, string>): Promise<string[]> {
  const res = await server.client.call('walletList', { headers: auth, query: { tab: 'active' } });
  expect(res.status).toBe(200);
  return res.body.items.map((c) => c.template.name).sort();
}

/**
 * What the phone shows (the viewport, not the full page: the sticky header, the bottom nav and
 * the sheet sit where the member sees them), with animations finished so nothing is caught mid-slide.
 */
async function screenshot(page: Page, name: string, scrollTo: Locator | 'top' | null = 'top'): Promise<void> {
  if (scrollTo === 'top') await page.evaluate(() => window.scrollTo(0, 0));
  // Just below the sticky header.
  else if (scrollTo) await scrollTo.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 76));
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

/** An offer card, found by its campaign name (the card is an <article> labelled by its title). */
const offer = (page: Page, name: string) => page.getByRole('article', { name });

describe('claim centre (領券中心)', () => {
  it('claims an offer once, redeems codes, claims the birthday pack, and answers sold out, wrong codes and lock-out', async () => {
    // ── The brand sets up its offers in the console API. ──────────────────────────────
    const hotDrink = await createTemplate(server, admin, { name: '冬季熱飲 NT$30 折價券', amountOff: 30, color: '#C2410C' });
    const winter = await createTemplate(server, admin, { name: '冬季限定 NT$100 折價券', amountOff: 100, minSpend: 500, color: '#1D4ED8' });
    const cash = await createTemplate(server, admin, { name: 'NT$50 現金券', amountOff: 50, color: '#E5487A' });
    const shoes = await createTemplate(server, admin, { name: '指定鞋款 8 折券', kind: 'percent_off', amountOff: null, percentOff: 20, color: '#7C3AED' });
    const flashTpl = await createTemplate(server, admin, { name: '限量甜點兌換券', kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '草莓蛋糕' }, color: '#FACC15' });

    const claimable = await createCampaign({ name: '冬季熱飲節', description: '天冷了，來杯熱飲暖暖身', templateId: hotDrink.id, totalStock: 5 });
    await createCampaign({ name: '冬季兌換碼', mode: 'code', templateId: winter.id, sharedCode: 'WINTER2026' });
    const bundle = await server.client.call('consoleCreateBundle', { headers: admin, body: { name: '壽星大禮包', items: [{ templateId: cash.id, quantity: 1 }, { templateId: shoes.id, quantity: 1 }] } });
    expect(bundle.status).toBe(201);
    const birthdayPack = await createCampaign({ name: '本月壽星大禮包', bundleId: bundle.body.id, audience: { type: 'birth_month' } });
    const flash = await createCampaign({ name: '限量草莓蛋糕', templateId: flashTpl.id, totalStock: 1 });

    // ── A fresh member whose birthday is in this (Taipei) month. ─────────────────────
    const config = await server.client.call('getConfig');
    expect(config.body.timezone).toBe(TZ);
    const month = localDate(new Date(), TZ).slice(5, 7);
    const member = await signInNewUser(server, '生日會員');
    await registerMember(server, member.auth, { name: '林壽星', birthday: `1994-${month}-10` });
    expect(await walletNames(member.auth)).toEqual([]);

    const { page, context, errors, apiRequests } = await openPage(browser, MOBILE);

    // Hold the first list so the loading skeleton can be seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      '**/api/claims',
      async (route) => {
        await held;
        await route.continue();
      },
      { times: 1 },
    );
    await page.goto(server.url(`/app/claim?sandboxUser=${member.userId}`));
    await page.getByRole('heading', { name: '領券中心', level: 1 }).waitFor();
    await page.getByRole('heading', { name: '輸入兌換碼' }).waitFor();
    await page.locator('.claim-offer--skeleton').first().waitFor();
    await screenshot(page, 'claim-loading');
    release();

    // ── The list: stock badge, ends-at, bundle contents, the birthday section. ────────
    const drink = offer(page, '冬季熱飲節');
    await drink.waitFor();
    expect(await drink.innerText()).toContain('剩 5 張');
    expect(await drink.innerText()).toContain('折 NT$30');
    expect(await drink.innerText()).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 截止/);
    await expect.poll(() => offer(page, '限量草莓蛋糕').innerText()).toContain('剩 1 張');
    const birthdaySection = page.getByRole('region', { name: '本月壽星專屬' });
    await birthdaySection.waitFor();
    const pack = birthdaySection.getByRole('article', { name: '本月壽星大禮包' });
    expect(await pack.innerText()).toContain('套票內含：NT$50 現金券 ×1、指定鞋款 8 折券 ×1');
    // The birthday pack is not repeated among the other offers.
    expect(await page.getByRole('region', { name: /可領取的優惠/ }).getByRole('article', { name: '本月壽星大禮包' }).count()).toBe(0);
    // Code campaigns are not in the list; they are reached by their code.
    expect(await page.getByRole('article', { name: '冬季兌換碼' }).count()).toBe(0);
    await screenshot(page, 'claim-centre');
    await screenshot(page, 'claim-centre-offers', page.getByRole('region', { name: /可領取的優惠/ }));

    // ── Claim: a double tap sends one request, the sheet lists the coupon. ───────────
    const claimButton = drink.getByRole('button', { name: '領取「冬季熱飲節」' });
    await claimButton.dblclick();
    const sheet = page.getByRole('dialog', { name: '領取成功！' });
    await sheet.waitFor();
    expect(await sheet.innerText()).toContain('冬季熱飲 NT$30 折價券');
    await screenshot(page, 'claim-success', null);
    expect(apiRequests.filter((r) => r === `POST /api/claims/${claimable.id}`)).toHaveLength(1);
    await sheet.getByRole('button', { name: '繼續逛逛' }).click();
    await sheet.waitFor({ state: 'hidden' });
    // The list was refetched: one fewer left, and this member's button says why it is off.
    await expect.poll(() => drink.innerText()).toContain('剩 4 張');
    const claimed = drink.getByRole('button', { name: '已領取' });
    expect(await claimed.isDisabled()).toBe(true);
    expect(await walletNames(member.auth)).toEqual(['冬季熱飲 NT$30 折價券']);

    // ── Sold out between loading and tapping: the server's 「已領完」 and a fresh list. ─
    const rival = await signInNewUser(server, '搶購會員');
    await registerMember(server, rival.auth);
    expect((await server.client.call('claimCampaign', { headers: rival.auth, params: { id: flash.id } })).status).toBe(201);
    const cake = offer(page, '限量草莓蛋糕');
    await cake.getByRole('button', { name: '領取「限量草莓蛋糕」' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '已領完' }).count()).toBeGreaterThan(0);
    await expect.poll(async () => cake.getByRole('button', { name: '已領完' }).isDisabled()).toBe(true);
    expect(await cake.innerText()).not.toContain('剩 1 張');
    await screenshot(page, 'claim-sold-out', page.getByRole('region', { name: /可領取的優惠/ }));

    // ── A redemption code, typed in lower case with spaces. ──────────────────────────
    const codeInput = page.getByLabel('兌換碼', { exact: true });
    await codeInput.fill(' winter2026 ');
    expect(await codeInput.inputValue()).toBe(' WINTER2026 ');
    await page.getByRole('button', { name: '兌換', exact: true }).click();
    await sheet.waitFor();
    expect(await sheet.innerText()).toContain('冬季限定 NT$100 折價券');
    expect(await sheet.innerText()).toContain('冬季兌換碼');
    expect(apiRequests.filter((r) => r === 'POST /api/claims/code')).toHaveLength(1);
    await sheet.getByRole('button', { name: '繼續逛逛' }).click();
    await sheet.waitFor({ state: 'hidden' });
    expect(await codeInput.inputValue()).toBe('');

    // A wrong code: the server's one answer for wrong and used codes, in plain words.
    await codeInput.fill('nope-1234');
    await codeInput.press('Enter');
    await page.getByText('兌換碼無效或已被使用，請確認後再試').waitFor();
    expect(await codeInput.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'claim-code-invalid');
    // Typing again clears the message.
    await codeInput.fill('W');
    expect(await page.getByText('兌換碼無效或已被使用，請確認後再試').count()).toBe(0);

    // ── The birthday pack: one tap, both coupons, then the wallet shows them. ────────
    await pack.getByRole('button', { name: '領取「本月壽星大禮包」' }).click();
    await sheet.waitFor();
    const sheetText = await sheet.innerText();
    expect(sheetText).toContain('NT$50 現金券');
    expect(sheetText).toContain('指定鞋款 8 折券');
    await screenshot(page, 'claim-birthday-success', null);
    expect(apiRequests.filter((r) => r === `POST /api/claims/${birthdayPack.id}`)).toHaveLength(1);
    await sheet.getByRole('link', { name: '查看票券' }).click();
    await page.waitForURL('**/app/wallet');
    for (const name of ['冬季熱飲 NT$30 折價券', '冬季限定 NT$100 折價券', 'NT$50 現金券', '指定鞋款 8 折券']) {
      await page.getByRole('heading', { name, exact: true }).waitFor();
    }
    expect(await walletNames(member.auth)).toEqual(['NT$50 現金券', '冬季熱飲 NT$30 折價券', '冬季限定 NT$100 折價券', '指定鞋款 8 折券'].sort());
    await screenshot(page, 'claim-wallet-after');

    // ── English, through the app's language switch. ──────────────────────────────────
    await page.getByRole('link', { name: '領券中心' }).last().click();
    await page.getByRole('button', { name: '切換語言為英文' }).click();
    await page.getByRole('heading', { name: 'Get coupons', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Birthday treats this month' }).waitFor();
    await expect.poll(() => offer(page, '本月壽星大禮包').innerText()).toContain('Includes: NT$50 現金券 ×1, 指定鞋款 8 折券 ×1');
    // The server's reasons follow the language too.
    await expect.poll(() => offer(page, '冬季熱飲節').getByRole('button', { name: 'Claimed' }).count()).toBe(1);
    expect(await offer(page, '冬季熱飲節').innerText()).toContain('4 left');
    await screenshot(page, 'claim-centre-en');
    await screenshot(page, 'claim-centre-en-offers', page.getByRole('region', { name: /Offers for you/ }));
    await page.getByRole('button', { name: 'Switch language to Chinese' }).click();
    await page.getByRole('heading', { name: '領券中心', level: 1 }).waitFor();

    // ── Too many wrong codes: the form locks and says how long. ──────────────────────
    const submit = page.getByRole('button', { name: '兌換', exact: true });
    for (let i = 0; i < 8; i += 1) {
      await codeInput.fill(`GUESS${i}XYZ`);
      await submit.click();
      await expect.poll(() => page.locator('.claim-code__error').count()).toBe(1);
      if (await codeInput.isDisabled()) break;
    }
    await page.getByText(/錯誤次數過多，請 \d+ 分鐘後再試/).waitFor();
    expect(await codeInput.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '暫時鎖定' }).isDisabled()).toBe(true);
    await screenshot(page, 'claim-code-locked');
    // The lock survives a reload (and the server keeps refusing meanwhile).
    await page.reload();
    await page.getByText(/錯誤次數過多，請 \d+ 分鐘後再試/).waitFor();
    expect(await page.getByLabel('兌換碼', { exact: true }).isDisabled()).toBe(true);

    expect(errors).toEqual([]);
    await context.close();
  });
});
