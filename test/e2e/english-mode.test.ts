import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateInput } from '../helpers/coupons.ts';
import { issueCoupon, makeAdmin, makeCampaign, makeMember, makeStore, makeStaff, type MemberFixture } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, MOBILE, screenshot } from './browser.ts';

/**
 * English mode end to end: with every brand text given an English version, the member app,
 * the scanner and the console show no Chinese character anywhere, and dates spell the month.
 */

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const AMBIGUOUS_DATE = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/;
const SPELLED_DATE = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;

let server: TestServer;
let browser: Browser;
let admin: MemberFixture;
let member: MemberFixture;
let staff: MemberFixture;
let couponId: number;

beforeAll(async () => {
  // The brand name and the people's names are what the brand and members typed: English here.
  [server, browser] = await Promise.all([startTestServer({ BRAND_NAME: 'Good Day Coffee' }, { seedDemo: false }), launchBrowser()]);
  admin = await makeAdmin(server, { name: 'Grace Chang' });
  const store = await makeStore(server, admin.auth, { name: '信義店', nameEn: 'Xinyi' });
  const tpl = (
    await server.client.call('consoleCreateCouponTemplate', {
      headers: admin.auth,
      body: templateInput({ name: '下午茶 9 折', nameEn: 'Afternoon tea 10% off', terms: '限內用', termsEn: 'Dine-in only', storeIds: [store.id], validity: { type: 'fixed', from: new Date(Date.now() - 86_400_000).toISOString(), until: '2027-12-01T15:59:00.000Z' } }),
    })
  ).body;
  await makeCampaign(server, admin.auth, { name: '冬季活動', nameEn: 'Winter treats', description: '天冷了', descriptionEn: 'For cold days', templateId: tpl.id });
  member = await makeMember(server, { name: 'Amy Lin', displayName: 'Amy' });
  couponId = (await issueCoupon(server, admin.auth, tpl.id, member.mobile)).id;
  staff = { ...(await makeStaff(server, admin.auth, [store.id])) };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function englishPage(viewport: { width: number; height: number }): Promise<{ page: Page; close: () => Promise<void>; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Asia/Taipei' });
  await context.addInitScript(() => localStorage.setItem('lang', 'en'));
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, close: () => context.close(), errors };
}

/** The visible text of the page, and the accessible labels and titles, with any CJK run quoted. */
async function chineseOn(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [document.body.innerText, document.title];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(attr);
        if (v) out.push(v);
      }
    }
    return out;
  });
  // The language switch names the other language in that language (中文): that one is meant.
  const found = texts.flatMap((t) => t.split('\n')).filter((line) => CJK.test(line) && line.trim() !== '中文');
  return [...new Set(found)];
}

async function visit(page: Page, path: string, userId: string): Promise<void> {
  await page.goto(server.url(`${path}${path.includes('?') ? '&' : '?'}sandboxUser=${userId}`));
  try {
    await page.locator('main h1, main h2').first().waitFor();
  } catch (error) {
    await screenshot(page, `english-failed-${path.replace(/\W+/g, '-')}`);
    throw new Error(`${path}: no heading (${(error as Error).message.split('\n')[0]})`);
  }
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 4000 }).catch(() => undefined);
}

describe('English mode', () => {
  it('shows no Chinese in the member app and spells dates out', async () => {
    const { page, close, errors } = await englishPage(MOBILE);
    try {
      const problems: string[] = [];
      for (const path of ['/app', '/app/wallet', `/app/wallet/${couponId}`, '/app/claim', '/app/profile']) {
        await visit(page, path, member.userId);
        for (const line of await chineseOn(page)) problems.push(`${path}: ${line}`);
        const text = await page.evaluate(() => document.body.innerText);
        if (AMBIGUOUS_DATE.test(text)) problems.push(`${path}: ambiguous date ${AMBIGUOUS_DATE.exec(text)![0]}`);
      }
      expect(problems).toEqual([]);
      await visit(page, `/app/wallet/${couponId}`, member.userId);
      const detail = await page.evaluate(() => document.body.innerText);
      expect(detail).toContain('Afternoon tea 10% off');
      expect(detail).toContain('Dine-in only');
      expect(detail).toMatch(SPELLED_DATE);
      expect(detail).toContain('1 Dec 2027');
      await screenshot(page, 'english-coupon-detail');
      await visit(page, '/app/claim', member.userId);
      expect(await page.evaluate(() => document.body.innerText)).toContain('Winter treats');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows no Chinese in the scanner and the console chrome', async () => {
    const { page, close } = await englishPage(DESKTOP);
    try {
      const problems: string[] = [];
      await visit(page, '/app/staff', staff.userId);
      for (const line of await chineseOn(page)) problems.push(`/app/staff: ${line}`);
      for (const path of ['/console', '/console/coupons', '/console/campaigns', '/console/stores', '/console/notifications']) {
        await visit(page, path, admin.userId);
        for (const line of await chineseOn(page)) {
          // Brand texts the console edits in both languages are listed under their zh-TW name.
          if (['下午茶 9 折', '冬季活動', '信義店', '限內用', '天冷了'].some((own) => line.includes(own))) continue;
          problems.push(`${path}: ${line}`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});
