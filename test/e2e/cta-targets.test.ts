import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Links } from '../../bot-server/links.ts';
import { KINDS, NOTIFICATION_KINDS } from '../../shared/notifications/kinds.ts';
import { registerMember, signInNewUser } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, MOBILE, openPage } from './browser.ts';

/** Every notification kind's default CTA opens a real page of the member app, never the not-found page. */

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('notification CTAs', () => {
  it('builds links with one /app prefix, whether or not the target already has it', () => {
    const links = new Links(server.config, () => server.origin);
    expect(links.liff('/')).toBe(`${server.origin}/app`);
    expect(links.liff('/wallet?tab=used')).toBe(`${server.origin}/app/wallet?tab=used`);
    expect(links.liff('/app')).toBe(`${server.origin}/app`);
    expect(links.liff('/app/wallet')).toBe(`${server.origin}/app/wallet`);
    for (const kind of NOTIFICATION_KINDS) expect(links.liff(KINDS[kind].ctaTarget), kind).not.toContain('/app/app');
  });

  it('opens a real page for every kind', async () => {
    const member = await signInNewUser(server, 'CTA');
    await registerMember(server, member.auth);
    const links = new Links(server.config, () => server.origin);
    const { page, context, errors } = await openPage(browser, MOBILE);
    try {
      // Kinds that share a CTA (33 kinds, about 10 targets) share one visit: what is checked depends on the target only.
      const kindsByTarget = new Map<string, string[]>();
      for (const kind of NOTIFICATION_KINDS) kindsByTarget.set(KINDS[kind].ctaTarget, [...(kindsByTarget.get(KINDS[kind].ctaTarget) ?? []), kind]);
      for (const [target, kinds] of kindsByTarget) {
        const url = new URL(links.liff(target));
        url.searchParams.set('sandboxUser', member.userId);
        await page.goto(url.toString());
        // The app has rendered its page (a heading in the main area) …
        await page.locator('main h1, main h2').first().waitFor();
        // … and it is not the not-found page.
        expect(await page.getByText('找不到這個頁面').count(), `${kinds.join(', ')} → ${target}`).toBe(0);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
