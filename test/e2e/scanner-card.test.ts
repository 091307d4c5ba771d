import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../shared/dates.ts';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { makeApiKey } from '../helpers/factories.ts';
import { signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, MOBILE, openPage, screenshot } from './browser.ts';

const WANG = 'U0000000000000000000000000000a001'; // 王小明, 0912345678
const AMY = 'U0000000000000000000000000000a004'; // 店員 Amy: 信義店 and 南西店
const ADMIN = 'U0000000000000000000000000000a005';

let server: TestServer;
let browser: Browser;
let admin: Record<string, string>;
let stores: Record<string, number>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN }), launchBrowser()]);
  admin = (await signInAs(server, ADMIN)).auth;
  stores = Object.fromEntries(server.services.stores.list({ includeInactive: false }).map((s) => [s.code, s.id]));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function typeCode(page: Page, code: string) {
  await page.getByRole('textbox', { name: '輸入券號' }).fill(code);
  await page.getByRole('button', { name: '查詢', exact: true }).click();
}

async function backToReader(page: Page) {
  await page.locator('.verdict__actions, .member-found').getByRole('button', { name: /掃描其他票券|取消，改掃其他票券|掃描下一張/ }).click();
  await page.getByRole('textbox', { name: '輸入券號' }).waitFor();
}

/** A brand-local hour window that does not include now (so the coupon is outside its hours). */
function closedWindow(): { start: string; end: string } {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Taipei', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return hour < 20 ? { start: pad(hour + 2), end: pad(hour + 3) } : { start: '01:00', end: '02:00' };
}

describe('the scanner shows only what applies; the member card at the counter', () => {
  it('time window, used up, wrong store: no inputs; min spend: not 可使用 until the amount; a bad code said once; staff navigation', async () => {
    const win = closedWindow();
    const later = await createTemplate(server, admin, { name: '限時 5 次券', usesPerCoupon: 5, timeWindows: [win] });
    const single = await createTemplate(server, admin, { name: '單次現金券' });
    const taichung = await createTemplate(server, admin, { name: '台中限定券', usesPerCoupon: 3, storeIds: [stores.TAICHUNG!] });
    const min = await createTemplate(server, admin, { name: '滿千折百 e2e', minSpend: 1000, usesPerCoupon: 2 });
    const [outside, usedUp, wrongStore, minSpend] = [
      await issueByMobile(server, admin, later.id, '0912345678'),
      await issueByMobile(server, admin, single.id, '0912345678'),
      await issueByMobile(server, admin, taichung.id, '0912345678'),
      await issueByMobile(server, admin, min.id, '0912345678'),
    ];
    const amy = await signInAs(server, AMY);
    expect((await server.client.call('staffRedeem', { headers: amy.auth, untypedBody: { storeId: stores.XINYI, code: usedUp.code } })).status).toBe(201);

    const staff = await openPage(browser, MOBILE);
    await staff.page.goto(server.url(`/app/staff?sandboxUser=${AMY}`));
    await staff.page.getByRole('textbox', { name: '輸入券號' }).waitFor();
    // The staff's own navigation and the role in the banner.
    const nav = staff.page.getByRole('navigation', { name: '門市功能' });
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['掃描', '今日紀錄', '門市', '會員頁']);
    expect(await staff.page.getByRole('navigation', { name: '主要功能' }).count()).toBe(0);
    expect(await staff.page.locator('.sandbox-bar__who').innerText()).toMatch(/^測試店員：/);
    await staff.page.locator('label').filter({ hasText: '信義店' }).click();

    const noInputs = async (reason: RegExp) => {
      const word = staff.page.locator('.verdict__word');
      await word.waitFor();
      expect(await word.innerText()).toMatch(/無法使用/);
      expect(await word.innerText()).toMatch(reason);
      expect(await staff.page.getByRole('textbox', { name: /消費金額/ }).count()).toBe(0);
      expect(await staff.page.getByRole('group', { name: '核銷次數' }).count()).toBe(0);
      expect(await staff.page.getByRole('button', { name: /確認核銷/ }).count()).toBe(0);
    };
    await typeCode(staff.page, outside.code);
    await noInputs(/\d\d:\d\d/);
    await screenshot(staff.page, 'scanner-outside-hours');
    await backToReader(staff.page);
    await typeCode(staff.page, usedUp.code);
    await noInputs(/使用完畢/);
    await backToReader(staff.page);
    await typeCode(staff.page, wrongStore.code);
    await noInputs(/台中勤美店/);
    await backToReader(staff.page);

    // Minimum spend: neither 可使用 nor refused before the amount; the amount decides.
    await typeCode(staff.page, minSpend.code);
    const word = staff.page.locator('.verdict__word');
    await word.waitFor();
    expect(await word.innerText()).toContain('輸入金額後確認');
    expect(await word.innerText()).not.toContain('可使用');
    const amount = staff.page.getByRole('textbox', { name: /消費金額/ });
    expect(await amount.isVisible()).toBe(true);
    expect(await staff.page.getByRole('group', { name: '核銷次數' }).isVisible()).toBe(true);
    expect(await staff.page.getByRole('button', { name: /確認核銷/ }).isDisabled()).toBe(true);
    await amount.fill('800');
    await expect.poll(() => word.innerText()).toMatch(/差 NT\$200/);
    expect(await amount.isVisible()).toBe(true);
    await amount.fill('1200');
    await expect.poll(() => word.innerText()).toMatch(/^可使用/);
    await expect.poll(() => staff.page.getByRole('button', { name: /確認核銷/ }).isEnabled()).toBe(true);
    await screenshot(staff.page, 'scanner-min-spend-ok');
    await staff.page.getByRole('button', { name: '取消，改掃其他票券' }).click();

    // A bad code: 查無此票券, once.
    await typeCode(staff.page, 'NOPE12345');
    const alert = staff.page.locator('.lookup-error');
    await alert.waitFor();
    expect((await alert.innerText()).match(/查無此票券/g)).toHaveLength(1);

    // The other tabs.
    await nav.getByRole('link', { name: '今日紀錄' }).click();
    await staff.page.waitForURL('**/app/staff/today');
    await staff.page.getByRole('heading', { name: '今日紀錄' }).waitFor();
    await expect.poll(() => staff.page.getByText('單次現金券').count()).toBeGreaterThan(0);
    await nav.getByRole('link', { name: '門市' }).click();
    await staff.page.getByRole('heading', { name: '服務門市' }).waitFor();
    expect(await staff.page.getByRole('radio', { name: '信義店' }).isChecked()).toBe(true);
    await staff.context.close();
  });

  it('the member card: a rotating code the staff scanner and a POS read; the points beside it', async () => {
    const member = await openPage(browser, { width: 375, height: 812 });
    await member.page.goto(server.url(`/app?sandboxUser=${WANG}`));
    expect(await member.page.locator('.sandbox-bar__who').innerText()).toMatch(/^測試會員：/);
    await member.page.getByRole('link', { name: '出示會員條碼' }).click();
    await member.page.waitForURL('**/app/card');
    const value = member.page.locator('[data-card-code]');
    await value.waitFor();
    const code = (await value.getAttribute('data-card-code'))!;
    expect(code).toMatch(/^8\d{17}$/);
    // One line on a 375 px phone (three groups of six), read out digit by digit rather than as one huge number.
    const box = (await value.boundingBox())!;
    const lineHeight = await value.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.3);
    expect(box.height).toBeLessThan(lineHeight * 1.5);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await value.locator('.code-block__group').allInnerTexts()).toEqual([code.slice(0, 6), code.slice(6, 12), code.slice(12)]);
    expect(await value.locator('.visually-hidden').innerText()).toBe(`${code.slice(0, 6).split('').join(' ')}, ${code.slice(6, 12).split('').join(' ')}, ${code.slice(12).split('').join(' ')}`);
    const barcode = member.page.getByRole('img', { name: `會員條碼，號碼 ${code}` });
    expect(await barcode.getAttribute('data-barcode-value')).toBe(code);
    expect(await member.page.getByRole('img', { name: '會員 QR Code' }).getAttribute('data-qr-value')).toBe(code);
    await expect.poll(() => member.page.getByText(/\d+ 秒後更新/).isVisible()).toBe(true);
    expect(await member.page.getByRole('navigation', { name: '主要功能' }).getByRole('link', { name: '會員條碼' }).getAttribute('aria-current')).toBe('page');
    await expect.poll(() => member.page.getByRole('region', { name: '點數' }).count()).toBe(1);
    expect(await member.page.getByRole('region', { name: '點數' }).innerText()).toMatch(/\d+ 點/);
    await screenshot(member.page, 'member-card');

    // The POS reads it (what its purchase call would send).
    const pos = await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [stores.XINYI!] });
    const read = await server.client.call('posMemberCard', { headers: pos.auth, body: { storeId: stores.XINYI!, code } });
    expect(read.status).toBe(200);
    expect(read.body.member.name).toBe('王小明');

    // The staff scanner reads it too, and says it is a member card, not a coupon.
    const staff = await openPage(browser, MOBILE);
    await staff.page.goto(server.url(`/app/staff?sandboxUser=${AMY}`));
    await typeCode(staff.page, code.replace(/(\d{4})(?=\d)/g, '$1 '));
    const found = staff.page.getByRole('region', { name: '會員條碼' });
    await found.waitFor();
    expect(await found.innerText()).toContain('王小明');
    await staff.context.close();
    await member.context.close();
  });

  it('寄杯: 剩 10 杯, the staff collect 3 with +, 剩 7 杯 and no expiry date; a pass: once today, then 今日已使用，明天再來 before redeem', async () => {
    const cups = await createTemplate(server, admin, { name: '拿鐵 10 杯寄杯 e2e', kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '拿鐵' }, usesPerCoupon: 10, unit: 'cup', validity: { type: 'none' } });
    const daily = await createTemplate(server, admin, { name: '每日咖啡 e2e', kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '美式咖啡' }, unit: 'cup', pass: { periodDays: 30, usesPerDay: 1 }, validity: { type: 'relative', days: 1 } });
    const ticket = await issueByMobile(server, admin, cups.id, '0912345678');
    const plan = await issueByMobile(server, admin, daily.id, '0912345678');

    const member = await openPage(browser, MOBILE);
    const card = member.page.locator('.coupon-ticket').filter({ hasText: '拿鐵 10 杯寄杯 e2e' });
    await member.page.goto(server.url(`/app/wallet?sandboxUser=${WANG}`));
    await card.getByText('剩 10 杯').waitFor();
    // A paid ticket with no expiry says so, with no 即將到期 badge and no year 9999.
    expect(await card.locator('.coupon-ticket__until').innerText()).toBe('無使用期限');
    expect(await card.innerText()).not.toMatch(/9999|到期/);

    const staff = await openPage(browser, MOBILE);
    await staff.page.goto(server.url(`/app/staff?sandboxUser=${AMY}`));
    await staff.page.locator('label').filter({ hasText: '信義店' }).click();
    await typeCode(staff.page, ticket.code);
    const word = staff.page.locator('.verdict__word');
    await word.getByText(/^可/).first().waitFor();
    expect(await staff.page.locator('.verdict').innerText()).toContain('無使用期限');
    // The stepper counts cups, its buttons too (what a screen reader says), never 次.
    const stepper = staff.page.getByRole('group', { name: '核銷杯數' });
    expect(await stepper.innerText()).toContain('剩 10 杯');
    expect(await stepper.getByRole('button', { name: '減少一杯' }).isDisabled()).toBe(true);
    await stepper.getByRole('button', { name: '增加一杯' }).click();
    await stepper.getByRole('button', { name: '增加一杯' }).click();
    expect(await stepper.locator('output').innerText()).toBe('3');
    expect(await stepper.innerText()).not.toContain('次');
    await staff.page.getByRole('button', { name: '確認核銷 · 3 杯' }).click();
    await staff.page.getByRole('heading', { name: '核銷成功' }).waitFor();
    expect(await staff.page.locator('.success').innerText()).toContain('3 杯 · 剩 7 杯');
    const facts = staff.page.locator('.success__facts');
    expect(await facts.innerText()).toContain('杯數');
    expect(await facts.innerText()).not.toContain('次');
    // The undo asks about cups (kept: the member's count is checked next).
    await staff.page.locator('.success').getByRole('button', { name: /取消核銷/ }).click();
    await staff.page.getByRole('group', { name: '確定要取消這筆核銷嗎？杯數會退回給會員。' }).getByRole('button', { name: '保留' }).click();
    await member.page.reload();
    await card.getByText('剩 7 杯').waitFor();

    // The pass: today's use goes through; the next scan says so before anyone presses redeem.
    const nextOne = () => staff.page.getByRole('button', { name: '掃描下一張' }).click();
    await nextOne();
    await typeCode(staff.page, plan.code);
    await word.getByText(/^可/).first().waitFor();
    await staff.page.getByRole('button', { name: '確認核銷', exact: true }).click();
    await staff.page.getByRole('heading', { name: '核銷成功' }).waitFor();
    await nextOne();
    await typeCode(staff.page, plan.code);
    await word.getByText('今日已使用，明天再來').waitFor();
    expect(await word.innerText()).toMatch(/無法使用/);
    expect(await staff.page.getByRole('button', { name: /確認核銷/ }).count()).toBe(0);
    await screenshot(staff.page, 'scanner-pass-used-today');

    // Today's list says how many cups, not 次.
    await staff.page.getByRole('navigation', { name: '門市功能' }).getByRole('link', { name: '今日紀錄' }).click();
    const cupsRow = staff.page.locator('.log__item').filter({ hasText: '拿鐵 10 杯寄杯 e2e' });
    await cupsRow.waitFor();
    expect(await cupsRow.locator('.log__sub').innerText()).toMatch(/ · 3 杯$/);
    expect(staff.errors).toEqual([]);
    expect(member.errors).toEqual([]);
    await staff.context.close();
    await member.context.close();

    // The same in English: cups on the stepper, its buttons and today's list.
    const en = await openPage(browser, MOBILE);
    await en.context.addInitScript(() => localStorage.setItem('lang', 'en'));
    await en.page.goto(server.url(`/app/staff?sandboxUser=${AMY}`));
    await en.page.locator('label').filter({ hasText: /Xinyi|信義/ }).first().click();
    await en.page.getByRole('textbox', { name: 'Coupon code' }).fill(ticket.code);
    await en.page.getByRole('button', { name: 'Check', exact: true }).click();
    const enStepper = en.page.getByRole('group', { name: 'Cups to redeem' });
    await enStepper.waitFor();
    expect(await enStepper.innerText()).toContain('7 cups left');
    expect(await enStepper.getByRole('button', { name: 'One cup fewer' }).isDisabled()).toBe(true);
    await enStepper.getByRole('button', { name: 'One more cup' }).click();
    expect(await en.page.getByRole('button', { name: 'Redeem · 2 cups' }).isEnabled()).toBe(true);
    await en.page.goto(server.url(`/app/staff/today?sandboxUser=${AMY}`));
    const enRow = en.page.locator('.log__item').filter({ hasText: '拿鐵 10 杯寄杯 e2e' });
    await enRow.waitFor();
    expect(await enRow.locator('.log__sub').innerText()).toMatch(/ · 3 cups$/);
    expect(en.errors).toEqual([]);
    await en.context.close();
  });

  it('a pass on the wallet card and its page: 方案至 M/D and what is left today, in zh-TW and English', async () => {
    const daily = await createTemplate(server, admin, { name: '每日拿鐵 e2e', nameEn: 'Latte a day', kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '拿鐵' }, unit: 'cup', pass: { periodDays: 30, usesPerDay: 1 }, validity: { type: 'relative', days: 1 } });
    const plan = await issueByMobile(server, admin, daily.id, '0912345678');
    const last = addDays(localDate(new Date(), 'Asia/Taipei'), 29);
    const md = `${Number(last.slice(5, 7))}/${Number(last.slice(8, 10))}`;

    for (const [lang, name, until, today] of [
      ['zh-TW', '每日拿鐵 e2e', `方案至 ${md}`, '今日剩 1 杯'],
      ['en', 'Latte a day', `Plan until ${md}`, '1 cup left today'],
    ] as const) {
      const member = await openPage(browser, MOBILE);
      await member.context.addInitScript((l) => localStorage.setItem('lang', l), lang);
      await member.page.goto(server.url(`/app/wallet?sandboxUser=${WANG}`));
      const card = member.page.locator('.coupon-ticket').filter({ hasText: name });
      await card.getByText(until).waitFor();
      expect(await card.getByText(today).count(), lang).toBe(1);
      await member.page.goto(server.url(`/app/wallet/${plan.id}?sandboxUser=${WANG}`));
      const hero = member.page.locator('.coupon-hero');
      await hero.getByText(until).waitFor();
      expect(await hero.getByText(today).count(), lang).toBe(1);
      expect(await member.page.locator('.coupon-rules').innerText()).toContain(`${until} · ${today}`);
      await screenshot(member.page, `wallet-pass-${lang}`);
      expect(member.errors).toEqual([]);
      await member.context.close();
    }
  });
});
