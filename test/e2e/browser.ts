import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots');
export const MOBILE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** Debian's Chromium through playwright-core; no browser download. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

export interface PageProbe {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and console errors other than expected 4xx answers. */
  errors: string[];
  /** Requests the page sent to our API, as "METHOD /path". */
  apiRequests: string[];
}

export async function openPage(browser: Browser, viewport: { width: number; height: number }): Promise<PageProbe> {
  const context = await browser.newContext({ viewport, locale: 'zh-TW', timezoneId: 'Asia/Taipei' });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors: string[] = [];
  const apiRequests: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx it receives; those are the answers the tests provoke on purpose.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push(`${request.method()} ${url.pathname}`);
  });
  return { page, context, errors, apiRequests };
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}
