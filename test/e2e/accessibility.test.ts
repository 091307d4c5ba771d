import { readFileSync } from 'node:fs';
import { sixAreaMenu } from '../helpers/richmenus.ts';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../shared/notifications/kinds.ts';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { signInAs } from '../helpers/members.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';
import { DESKTOP, launchBrowser, MOBILE } from './browser.ts';

/**
 * axe-core (WCAG 2.x A/AA rules) over every page of the app, in zh-TW and English: the member
 * pages, the staff scanner, the console, the landing page and the sandbox chat with a Flex
 * message of every notification kind. The page list comes from the route tables of
 * MemberApp.tsx and ConsoleApp.tsx, so a new page is checked the day it is added; a route with
 * a parameter is opened through the first link to it on its list page.
 */

const WANG = 'U0000000000000000000000000000a001'; // registered member with demo coupons
const KEVIN = 'U0000000000000000000000000000a003'; // not registered
const AMY = 'U0000000000000000000000000000a004'; // staff
const ADMIN = 'U0000000000000000000000000000a005';

const ROOT = resolve(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const LANGS = ['zh-TW', 'en'] as const;
type Lang = (typeof LANGS)[number];

/** The `path` of every <Route> in a route table's source ('' for an index route); not-found routes left out. */
export function routePaths(file: string): string[] {
  const source = readFileSync(resolve(ROOT, file), 'utf8');
  const paths = new Set<string>();
  for (const match of source.matchAll(/<Route\b([^>]*)>/g)) {
    const attrs = match[1]!;
    const path = /\bpath="([^"]*)"/.exec(attrs)?.[1];
    if (path !== undefined) {
      const clean = path.replace(/\/?\*$/, '');
      if (clean !== '' || path === '') paths.add(clean);
    } else if (/\bindex\b/.test(attrs)) paths.add('');
  }
  return [...paths];
}

interface Visit {
  /** The route as written, e.g. /console/coupons/:id */
  route: string;
  user: string;
  viewport: { width: number; height: number };
}

/**
 * The English pass: the landing page, every member page (the member-facing English mode), the
 * sandbox chat and the console's chrome on its dashboard. The console's other pages are the
 * same markup and colours with other words (axe's rules look at roles, names, contrast and
 * structure, which the language does not change; test/unit/i18n-keys.test.ts holds that no
 * English string is empty), so they run in zh-TW only: that halves the test's time.
 */
function inEnglishPass(visit: Visit): boolean {
  return !visit.route.startsWith('/console') || visit.route === '/console';
}

function plannedVisits(lang: Lang = 'zh-TW'): Visit[] {
  const member = routePaths('liff-app/src/member/MemberApp.tsx').map((p) => `/app${p ? `/${p}` : ''}`);
  const consolePaths = routePaths('liff-app/src/console/ConsoleApp.tsx').map((p) => `/console${p ? `/${p}` : ''}`);
  const userFor = (route: string) => (route === '/app/register' ? KEVIN : route.startsWith('/app/staff') ? AMY : WANG);
  const all: Visit[] = [
    { route: '/', user: WANG, viewport: MOBILE },
    ...member.map((route) => ({ route, user: userFor(route), viewport: MOBILE })),
    ...consolePaths.map((route) => ({ route, user: ADMIN, viewport: DESKTOP })),
    { route: '/sandbox', user: ADMIN, viewport: DESKTOP },
  ];
  return lang === 'zh-TW' ? all : all.filter(inEnglishPass);
}

interface Finding {
  page: string;
  rule: string;
  impact: string;
  target: string;
  detail: string;
}

interface AxeNode {
  target: unknown[];
  html: string;
  any: { id: string; message: string; data?: { contrastRatio?: number; fgColor?: string; bgColor?: string; fontSize?: string } | null }[];
  all: { message: string }[];
  none: { message: string }[];
}
interface AxeResult {
  id: string;
  impact: string | null;
  nodes: AxeNode[];
}

async function runAxe(page: Page): Promise<AxeResult[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(
    async (tags) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ((await (window as any).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })) as { violations: AxeResult[] }).violations,
    WCAG_TAGS,
  );
}

function describeNode(node: AxeNode): string {
  const contrast = node.any.find((c) => c.data?.contrastRatio !== undefined)?.data;
  if (contrast) return `${contrast.contrastRatio}:1 (${contrast.fgColor} on ${contrast.bgColor}, ${contrast.fontSize})`;
  return [...node.any, ...node.all, ...node.none].map((c) => c.message).join('; ').slice(0, 200);
}

/** Waits until the page has rendered its content: a heading (a chat bubble in the sandbox), no skeleton left. */
async function settle(page: Page, route: string): Promise<void> {
  if (route === '/sandbox') await page.locator('.lf-bubble').first().waitFor();
  else await page.locator('main h1, main h2, h1').first().waitFor();
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"], .skeleton'), undefined, { timeout: 3000, polling: 100 })
    .catch(() => undefined);
  await page.waitForTimeout(100);
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ ADMIN_LINE_USER_IDS: ADMIN }), launchBrowser()]);
  // The admin's sandbox chat gets a message of every notification kind, in both languages,
  // plus the bot's own replies (welcome, wallet link).
  const admin = await signInAs(server, ADMIN);
  await server.actAs({ type: 'follow', userId: ADMIN });
  await server.actAs({ type: 'message', userId: ADMIN, text: '我的票券' });
  for (const kind of NOTIFICATION_KINDS) {
    for (const lang of LANGS) {
      const res = await server.client.call('consoleTestSend', { params: { kind }, headers: admin.auth, body: { lang } });
      expect(res.status, `${kind} test send`).toBeLessThan(300);
    }
  }
  await waitFor(async () => (await server.messagesTo(ADMIN)).length >= NOTIFICATION_KINDS.length * LANGS.length, 15_000);
  // The mall's product and order pages need a product on sale and an order (pending LINE Pay) of 王小明's.
  await seedMallOrder(admin.auth);
  await seedRichMenuDraft(admin.auth);
  await seedWalletKinds(admin.auth);
});

/** The coupon pages of a 寄杯 ticket (剩 10 杯, no expiry) and a subscription pass (方案至 M/D, 今日剩 1 杯) of 王小明's, beside the list's first. */
const walletKinds: Visit[] = [];

async function seedWalletKinds(admin: Record<string, string>): Promise<void> {
  const exchange = { kind: 'exchange', amountOff: null, exchangeItem: { sku: null, name: '拿鐵' }, unit: 'cup' } as const;
  const cups = await createTemplate(server, admin, { ...exchange, name: '拿鐵 10 杯寄杯（無期限）', nameEn: '10 lattes', usesPerCoupon: 10, validity: { type: 'none' } });
  const pass = await createTemplate(server, admin, { ...exchange, name: '每日一杯拿鐵', nameEn: 'A latte a day', pass: { periodDays: 30, usesPerDay: 1 }, validity: { type: 'relative', days: 1 } });
  for (const template of [cups, pass]) {
    const coupon = await issueByMobile(server, admin, template.id, '0912345678');
    walletKinds.push({ route: `/app/wallet/${coupon.id}`, user: WANG, viewport: MOBILE });
  }
}

/** A saved rich-menu draft, so the console's list links to the designer's /console/richmenus/:id. */
async function seedRichMenuDraft(admin: Record<string, string>): Promise<void> {
  const version = await server.client.call('consoleCreateRichMenuVersion', { headers: admin, body: { name: '無障礙檢查選單', menus: [sixAreaMenu()], audiences: { default: 'main' } } as never });
  expect(version.status, JSON.stringify(version.body)).toBe(201);
}

async function seedMallOrder(admin: Record<string, string>): Promise<void> {
  const template = await createTemplate(server, admin, { name: '拿鐵寄杯', kind: 'exchange', exchangeItem: { sku: null, name: '拿鐵' }, usesPerCoupon: 10, validity: { type: 'relative', days: 3650 } } as never);
  const product = await server.client.call('consoleCreateProduct', {
    headers: admin,
    body: { kind: 'multi_pickup', status: 'active', name: '拿鐵 10 杯寄杯', priceMode: 'cash', priceCash: 1200, listPrice: 1500, stock: 8, items: [{ templateId: template.id, quantity: 1 }] },
  });
  expect(product.status, JSON.stringify(product.body)).toBe(201);
  const wang = await signInAs(server, WANG);
  const order = await server.client.call('mallCreateOrder', { headers: { ...wang.auth, 'Idempotency-Key': crypto.randomUUID() }, body: { productId: product.body.product.id, quantity: 1, points: 0 } });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Pages open at once: the machine is small, and each page runs axe on its own. */
const POOL = 3;

interface Audit {
  findings: Finding[];
  visited: string[];
  skipped: string[];
}

/**
 * Both languages' visits in one queue for one pool of pages (a pass's last slow page no longer
 * leaves the others idle), each page in a browser context of its language. A route with a
 * parameter follows the first fitting link of its list page; the list page is a visit of its
 * own, so its links are read when it is audited (same URL, same user, same wait) and the
 * parameter routes wait at the end of the queue — the list page is opened a second time only
 * if no worker has audited it yet.
 */
async function auditAll(): Promise<Record<Lang, Audit>> {
  const audits = Object.fromEntries(LANGS.map((lang) => [lang, { findings: [], visited: [], skipped: [] } as Audit])) as Record<Lang, Audit>;
  const all = LANGS.flatMap((lang) => [...plannedVisits(lang), ...walletKinds].map((visit) => ({ ...visit, lang })));
  const queue = [...all.filter((v) => !v.route.includes(':')), ...all.filter((v) => v.route.includes(':'))];
  /** The hrefs of every audited page's links, by language, user and path. */
  const linksOf = new Map<string, string[]>();
  const linkKey = (lang: Lang, user: string, path: string) => `${lang} ${user} ${path}`;
  const readLinks = (page: Page, prefix: string) => page.locator(`a[href^="${prefix}/"]`).evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const worker = async () => {
    const contexts = new Map<Lang, { context: BrowserContext; page: Page }>();
    const pageFor = async (lang: Lang) => {
      let open = contexts.get(lang);
      if (!open) {
        const context = await browser.newContext({ viewport: MOBILE, locale: lang, timezoneId: 'Asia/Taipei', bypassCSP: true, reducedMotion: 'reduce' });
        await context.addInitScript((l) => localStorage.setItem('lang', l), lang);
        const page = await context.newPage();
        page.setDefaultTimeout(8000);
        open = { context, page };
        contexts.set(lang, open);
      }
      return open.page;
    };
    try {
      for (let visit = queue.shift(); visit; visit = queue.shift()) {
        const { lang } = visit;
        const audit = audits[lang];
        const page = await pageFor(lang);
        await page.setViewportSize(visit.viewport);
        let path = visit.route;
        if (path.includes(':')) {
          // Follow the first link of the list page above it that fits the pattern.
          const parent = path.slice(0, path.indexOf('/:'));
          let hrefs = linksOf.get(linkKey(lang, visit.user, parent));
          if (!hrefs) {
            await page.goto(server.url(`${parent}?sandboxUser=${visit.user}`));
            await settle(page, parent);
            hrefs = await readLinks(page, parent);
          }
          const pattern = new RegExp(`^${path.replace(/:[A-Za-z]+/g, '[^/?#]+')}(?:[?#].*)?$`);
          const href = hrefs.find((h) => pattern.test(h) && !h.endsWith('/new'));
          if (!href) {
            audit.skipped.push(visit.route);
            continue;
          }
          path = href;
        }
        const url = path === '/sandbox' ? `/sandbox?user=${visit.user}` : `${path}${path.includes('?') ? '&' : '?'}sandboxUser=${visit.user}`;
        await page.goto(server.url(url));
        await settle(page, visit.route);
        if (!visit.route.includes(':') && !path.includes('?')) linksOf.set(linkKey(lang, visit.user, path), await readLinks(page, path));
        audit.visited.push(path);
        for (const violation of await runAxe(page)) {
          if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
          for (const node of violation.nodes) {
            audit.findings.push({ page: `${lang} ${path}`, rule: violation.id, impact: violation.impact, target: node.target.map(String).join(' '), detail: describeNode(node) });
          }
        }
      }
    } finally {
      for (const { context } of contexts.values()) await context.close();
    }
  };
  await Promise.all(Array.from({ length: POOL }, worker));
  return audits;
}

/** Started by the first language's test, awaited by each. */
let auditing: Promise<Record<Lang, Audit>> | undefined;

function report(findings: Finding[]): string {
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const summary = [...byRule].map(([rule, n]) => `${rule}: ${n} element(s)`).join(', ');
  const lines = findings.map((f) => `  [${f.impact}] ${f.rule} · ${f.page} · ${f.target} · ${f.detail}`);
  return `${findings.length} serious/critical axe finding(s) — ${summary}\n${lines.join('\n')}`;
}

describe('accessibility (axe-core, WCAG 2.x A/AA)', () => {
  it('reads the page list from the route tables', () => {
    const visits = plannedVisits().map((v) => v.route);
    for (const route of ['/', '/app', '/app/wallet', '/app/wallet/:id', '/app/claim', '/app/profile', '/app/register', '/app/staff', '/app/mall', '/app/mall/products/:id', '/app/mall/orders/:id', '/console', '/console/coupons/:id', '/console/deliveries', '/console/mall/products/:id', '/console/mall/orders/:id', '/console/mall/report', '/console/richmenus', '/console/richmenus/:id', '/sandbox']) {
      expect(visits).toContain(route);
    }
  });

  for (const lang of LANGS) {
    // The first language's test runs both passes (one pool), so it has the time of both.
    it(`has no serious or critical violations on any page (${lang})`, { timeout: 240_000 }, async () => {
      auditing ??= auditAll();
      const { findings, visited, skipped } = (await auditing)[lang];
      if (process.env.A11Y_REPORT) console.log(`${lang}: visited ${visited.length} pages, skipped ${skipped.join(', ') || 'none'}\n${report(findings)}`);
      expect(visited.length).toBeGreaterThan(lang === 'zh-TW' ? 30 : 12);
      // The demo data has a coupon, a template, a campaign and a member to open.
      expect(skipped.filter((r) => ['/app/wallet/:id', '/console/coupons/:id', '/console/members/:id', '/app/mall/products/:id', '/app/mall/orders/:id', '/console/mall/products/:id', '/console/mall/orders/:id', '/console/richmenus/:id'].includes(r))).toEqual([]);
      expect(findings.length === 0 ? 'none' : report(findings)).toBe('none');
    });
  }
});
