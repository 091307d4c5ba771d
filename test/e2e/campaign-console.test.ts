import { and, isNotNull, eq, sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coupons, members } from '../../bot-server/db/schema.ts';
import { localDate, shortDay } from '../../shared/dates.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { registeredMembersWithSessions, signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, openPage, screenshot } from './browser.ts';

const ADMIN = 'U0000000000000000000000000000a005'; // 張經理
const BULK_MEMBERS = 2000;

let server: TestServer;
let browser: Browser;
let admin: Record<string, string>;
let people: { memberId: number; auth: Record<string, string> }[];

beforeAll(async () => {
  // The dispatcher is off: 2,000 LINE pushes are not what these pages are about.
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, NOTIFY_DISPATCHER: 'off' }), launchBrowser()]);
  admin = (await signInAs(server, ADMIN)).auth;
  people = registeredMembersWithSessions(server, BULK_MEMBERS);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function registeredCount(): number {
  return server.db.db.select({ n: sql<number>`count(*)` }).from(members).where(and(isNotNull(members.registeredAt), eq(members.status, 'active'))).get()!.n;
}

interface CampaignView {
  id: number;
  name: string;
  startsAt: string;
  totalStock: number | null;
  audience: { type: string };
  mode: string;
}

describe('campaign console', () => {
  it('creates a claim campaign through the form (refusing an empty one first), lists it, and reports its claims on a chart', async () => {
    const template = await createTemplate(server, admin, { name: '週年慶 NT$100 折價券' });
    const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console/campaigns?sandboxUser=${ADMIN}`));
    await page.getByRole('heading', { name: '活動', level: 1 }).waitFor();
    await page.getByText('還沒有活動').waitFor();
    await page.getByRole('link', { name: '建立活動' }).first().click();
    await page.getByRole('heading', { name: '建立活動', level: 1 }).waitFor();

    // Nothing filled in: the form says what is missing, focuses the name, and sends nothing.
    await page.getByRole('button', { name: '建立活動' }).click();
    await page.getByText('請修正標示的欄位後再建立').waitFor();
    const name = page.getByLabel('活動名稱');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('name');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('請選擇一種票券或一個套票').count()).toBeGreaterThan(0);
    expect(apiRequests).not.toContain('POST /api/console/campaigns');

    await name.fill('週年慶搶券');
    await page.getByLabel('票券或套票').selectOption({ label: '週年慶 NT$100 折價券' });
    await page.getByLabel('總數量（選填）').fill('100');
    const startsAt = await page.getByLabel('開始時間').inputValue();
    await expect.poll(() => page.locator('.camp-summary').innerText()).toContain('共 100 份');
    await page.getByRole('button', { name: '建立活動' }).click();
    await page.getByRole('heading', { name: '已建立活動「週年慶搶券」' }).waitFor();
    expect(apiRequests).toContain('POST /api/console/campaigns');

    const list = await server.client.call('consoleCampaigns', { headers: admin });
    const created = list.body.items.find((c) => c.name === '週年慶搶券')!;
    expect(created).toMatchObject({ mode: 'claim', totalStock: 100, audience: { type: 'all' } });
    // The datetime-local value is the brand's clock (Asia/Taipei, +08:00).
    expect(Date.parse(created.startsAt)).toBe(Date.parse(`${startsAt}:00+08:00`));

    await page.getByRole('link', { name: '回到活動列表' }).click();
    const row = page.locator(`tr[data-campaign="${created.id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('週年慶 NT$100 折價券');
    expect(await row.innerText()).toContain('0 / 100');
    expect(await row.innerText()).toContain('進行中');
    await screenshot(page, 'console-campaigns');

    // Five members claim it; the report shows them as cards, on the chart and in its table.
    for (const p of people.slice(0, 5)) {
      const res = await server.client.call('claimCampaign', { headers: p.auth, params: { id: created.id } });
      expect(res.status).toBe(201);
    }
    await row.getByRole('link', { name: '查看「週年慶搶券」報表' }).click();
    await page.getByRole('heading', { name: '週年慶搶券', level: 1 }).waitFor();
    expect(await page.getByTestId('report-claimed').innerText()).toBe('5');
    expect(await page.getByTestId('report-remaining').innerText()).toBe('95');
    const chart = page.getByTestId('report-chart');
    // Recharts drew the bars (one claimed bar with height > 0) and the remaining-stock line.
    await chart.locator('.recharts-bar-rectangle path').first().waitFor();
    expect(await chart.locator('.recharts-legend-item-text').allTextContents()).toEqual(['領取', '核銷', '剩餘數量']);
    expect(await chart.locator('.recharts-line').count()).toBe(1); // remaining stock
    // The label as the product writes it: the brand-local day, month/day without leading zeros.
    const label = shortDay(localDate(new Date(), 'Asia/Taipei'));
    const todayRow = page.locator('table.visually-hidden tr').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    expect((await todayRow.locator('th, td').allTextContents()).map((s) => s.trim())).toEqual([label, '5', '0', '95']);
    // A new campaign still gets a week on the axis.
    expect(await chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick').count()).toBe(7);
    await page.waitForTimeout(500); // the bars' entry animation
    await screenshot(page, 'console-campaign-report');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('issues to all members in the background: the progress bar polls the job to 100% and every registered member gets one coupon', async () => {
    const template = await createTemplate(server, admin, { name: '全會員回饋 NT$50' });
    const expected = registeredCount();
    expect(expected).toBeGreaterThanOrEqual(BULK_MEMBERS);
    const { page, context, errors, apiRequests } = await openPage(browser, DESKTOP);
    await page.goto(server.url(`/console/bulk-jobs?sandboxUser=${ADMIN}`));
    await page.getByRole('heading', { name: '批次發券', level: 1 }).waitFor();
    await page.getByText('還沒有批次發券').waitFor();
    await page.getByRole('button', { name: '建立批次發券' }).first().click();
    const dialog = page.getByRole('dialog', { name: '建立批次發券' });
    await dialog.getByLabel('名稱').fill('全會員感恩回饋');
    await dialog.getByLabel('發放內容').selectOption({ label: '全會員回饋 NT$50' });
    await dialog.getByRole('radio', { name: /全部會員/ }).check();
    // The warning says what will happen: now, at the chosen time, or monthly on day N.
    const warning = dialog.locator('[data-bulk-warning]');
    expect(await warning.innerText()).toContain('送出後立即開始發券');
    await dialog.getByRole('radio', { name: /指定時間/ }).check();
    await dialog.locator('[data-field="startAt"]').fill('2031-03-05T09:30');
    await expect.poll(() => warning.innerText()).toMatch(/^將於 .*03.*05.*09:30.*開始發券/);
    expect(await warning.innerText()).not.toContain('立即');
    await dialog.getByRole('radio', { name: /每月固定一天/ }).check();
    await dialog.getByLabel('每月幾號').selectOption({ label: '15 號' });
    await expect.poll(() => warning.innerText()).toContain('每月 15 號 10:00');
    expect(await warning.innerText()).not.toContain('立即');
    await dialog.getByRole('radio', { name: /立即開始/ }).check();
    // First the preview: how many members, a sample and the messages, then the confirmation.
    await dialog.getByRole('button', { name: '預覽發送對象' }).click();
    const confirm = page.getByRole('dialog', { name: '確認批次發券' });
    await confirm.getByText(`將發給 ${expected.toLocaleString('en-US')} 位會員`).waitFor();
    await confirm.getByText(/預計發送 [\d,]+ 則 LINE 訊息/).waitFor();
    await confirm.getByRole('button', { name: '確認開始發券' }).click();
    await page.getByText(`「全會員感恩回饋」已開始，共 ${expected.toLocaleString('en-US')} 位會員。`).waitFor();

    const row = page.locator('tr[data-job]').filter({ hasText: '全會員感恩回饋' });
    const bar = row.getByRole('progressbar', { name: '「全會員感恩回饋」進度' });
    expect(Number(await bar.getAttribute('aria-valuemax'))).toBe(expected);
    // Watch it move: the value only ever grows until it reaches the total.
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          seen.push(Number(await bar.getAttribute('aria-valuenow')));
          return row.getByTestId('job-status').innerText();
        },
        { timeout: 40_000, interval: 100 },
      )
      .toBe('已完成');
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await row.getByTestId('job-percent').innerText()).toBe('100%');
    expect(await row.getByTestId('job-processed').innerText()).toBe(`${expected.toLocaleString('en-US')} / ${expected.toLocaleString('en-US')}`);
    expect(await row.getByTestId('job-issued').innerText()).toBe(`已發 ${expected.toLocaleString('en-US')}`);
    expect(await row.getByTestId('job-skipped').innerText()).toBe('略過 0');
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBe(expected);
    // Progress came from polling the job itself.
    const jobs = await server.client.call('consoleBulkJobs', { headers: admin });
    const job = jobs.body.items.find((j) => j.name === '全會員感恩回饋')!;
    expect(job).toMatchObject({ status: 'done', issued: expected });
    expect(apiRequests.filter((r) => r === `GET /api/console/bulk-jobs/${job.id}`).length).toBeGreaterThan(0);
    const issued = server.db.db.select({ n: sql<number>`count(*)`, people: sql<number>`count(distinct ${coupons.memberId})` }).from(coupons).where(eq(coupons.templateId, template.id)).get()!;
    expect(issued).toEqual({ n: expected, people: expected });

    // Done: cancel gives way to the result download, with one line per member.
    expect(await row.getByRole('button', { name: /取消/ }).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: '下載「全會員感恩回饋」的結果 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`bulk-job-${job.id}.csv`);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true); // Excel reads the names as UTF-8
    const lines = text.slice(1).trimEnd().split('\n');
    expect(lines[0]).toBe('member_id,name,mobile,status,reason');
    expect(lines).toHaveLength(expected + 1);
    expect(lines.filter((l) => l.endsWith(',issued,'))).toHaveLength(expected);
    await page.waitForTimeout(700); // the bar's width transition
    await screenshot(page, 'console-bulk-jobs');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
