import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMissionInput } from '../../shared/api/missions.ts';
import { addDays, localDate } from '../../shared/dates.ts';
import { makeAdmin, makeApiKey, makeMember, makeStore, type Auth, type MemberFixture } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage } from './browser.ts';

/**
 * 闖關任務 in a real browser, on a phone: a two-step mission (the hotpot set, then a frozen ready
 * meal); after one qualifying POS purchase the page shows step 1 done, step 2 at 0／1 and
 * 「還差 1 項」; after the second the mission sits under 已完成的任務 with the 100 points it earned.
 */

const PHONE = { width: 375, height: 812 } as const;
const NAME = '冬日愛吃鍋（瀏覽器）';

let server: TestServer;
let browser: Browser;
let pos: Auth;
let storeId: number;
let member: MemberFixture;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ WORKERS: 'off' }), launchBrowser()]);
  const admin = (await makeAdmin(server)).auth;
  storeId = (await makeStore(server, admin)).id;
  pos = (await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [storeId] })).auth;
  const points = await server.client.call('consoleSavePointsSettings', {
    headers: admin,
    body: { enabled: true, base: { spend: 1000, points: 1 }, groups: [], pendingDays: 0, expiry: { kind: 'monthEnd', months: 12 }, reminderDaysBefore: 10, redeem: { points: 1, value: 1 } },
  });
  expect(points.status).toBe(200);
  const today = localDate(new Date(), 'Asia/Taipei');
  const mission: TMissionInput = {
    name: NAME,
    nameEn: 'Winter hotpot (browser)',
    description: '購買指定鍋物套餐並加購冷凍即食商品，獲得 100 點',
    descriptionEn: 'Buy the hotpot set and a frozen ready meal for 100 points',
    status: 'active',
    rules: {
      startsOn: addDays(today, -1),
      endsOn: addDays(today, 30),
      audience: { kind: 'all' },
      steps: [
        { label: '購買指定鍋物套餐', labelEn: 'Buy the hotpot set', condition: { kind: 'sku', skus: ['HOTPOT-E2E'] } },
        { label: '加購冷凍即食商品', labelEn: 'Add a frozen ready meal', condition: { kind: 'category', categories: ['冷凍即食-e2e'] } },
      ],
      combine: { kind: 'all' },
      order: 'any',
      repeat: 1,
      reward: { kind: 'points', points: 100 },
      refundPolicy: 'keep',
      notifySteps: false,
    },
  };
  expect((await server.client.call('consoleCreateMission', { headers: admin, body: mission })).status).toBe(200);
  member = await makeMember(server, { name: '吳小鍋' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

let seq = 0;
async function buy(line: { sku: string; category: string; unitPrice: number }) {
  seq += 1;
  const res = await server.client.call('posPurchase', {
    headers: pos,
    body: { storeId, orderNo: `E2E-M-${Date.now()}-${seq}`, member: { mobile: member.mobile }, lines: [{ ...line, quantity: 1 }], total: line.unitPrice, paid: line.unitPrice },
  });
  expect(res.status).toBe(201);
}

async function missionCard(page: Page) {
  await page.goto(server.url(`/app/missions?sandboxUser=${member.userId}`));
  await page.getByRole('heading', { name: '闖關任務', level: 1 }).waitFor();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: NAME, level: 3 }) });
  await card.waitFor();
  return card;
}

describe('missions in the browser', () => {
  it('shows each step’s progress, 「還差 1 項」 after one purchase, and the reward after the second', async () => {
    const { page, context, errors } = await openPage(browser, PHONE);
    try {
      // Before any purchase: open to join, both steps at nothing.
      let card = await missionCard(page);
      expect(await card.getByTestId('mission-remaining').textContent()).toBe('還差 2 項');
      expect(await card.getByText('獎勵：100 點').count()).toBe(1);

      // ── the hotpot set at the POS ──
      await buy({ sku: 'HOTPOT-E2E', category: '鍋物', unitPrice: 880 });
      card = await missionCard(page);
      expect(await card.getByTestId('mission-remaining').textContent()).toBe('還差 1 項');
      const first = card.getByRole('progressbar', { name: '購買指定鍋物套餐' });
      const second = card.getByRole('progressbar', { name: '加購冷凍即食商品' });
      expect(await first.getAttribute('aria-valuenow')).toBe('1');
      expect(await first.getAttribute('aria-valuetext')).toBe('已完成');
      expect(await second.getAttribute('aria-valuenow')).toBe('0');
      expect(await second.getAttribute('aria-valuetext')).toBe('0／1');
      // The bars are drawn to match: step 1 full, step 2 empty.
      const fill = (bar: typeof first) => bar.locator('.mission-step__fill').evaluate((el) => (el as HTMLElement).style.width);
      expect(await fill(first)).toBe('100%');
      expect(await fill(second)).toBe('0%');
      expect(await card.getByText('已參加').count()).toBe(1);

      // ── a frozen ready meal: the mission completes and its 100 points are shown ──
      await buy({ sku: 'FROZEN-E2E', category: '冷凍即食-e2e', unitPrice: 199 });
      card = await missionCard(page);
      const done = page.locator('section', { has: page.getByRole('heading', { name: '已完成的任務' }) });
      expect(await done.getByRole('heading', { name: NAME }).count()).toBe(1);
      expect(await card.getByTestId('mission-remaining').count()).toBe(0);
      expect(await card.locator('.mission-card__earned').getByText(/獲得 100 點$/).count()).toBe(1);
      expect(await page.locator('section', { has: page.getByRole('heading', { name: '進行中的任務' }) }).getByRole('heading', { name: NAME }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
