import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../bot-server/demo/seed.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Cross-site request forgery: the session cookie goes with every request a browser makes to
 * us, whichever site asked for it. A cookie-authenticated write is therefore refused unless the
 * browser says it came from our own pages (Sec-Fetch-Site, else Origin); bearer tokens and API
 * keys, which a page must add on purpose, are unaffected.
 */

const PUBLIC_BASE_URL = 'https://coupons.example';
const EVIL = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

let server: TestServer;
let bearer: Record<string, string>;
let cookie: Record<string, string>;
type Err = { error: { code: string; message: string } };

/** Signs in the way the LIFF app does, keeping the cookie the answer sets. */
async function cookieFor(userId: string): Promise<Record<string, string>> {
  const idToken = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId } });
  const res = await fetch(server.url('/api/session'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idToken: idToken.body.idToken }) });
  expect(res.status).toBe(200);
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  expect(sid).toBeTruthy();
  return { cookie: `sid=${sid}` };
}

async function newApiKey(name: string): Promise<number> {
  const res = await server.json<{ apiKey: { id: number } }>('/api/console/api-keys', { headers: bearer, body: { name, scopes: ['pos'] } });
  expect(res.status).toBe(201);
  return res.body.apiKey.id;
}

async function isRevoked(id: number): Promise<boolean> {
  const res = await server.json<{ items: { id: number; revokedAt: string | null }[] }>('/api/console/api-keys', { headers: bearer });
  return res.body.items.find((k) => k.id === id)!.revokedAt !== null;
}

function post(path: string, headers: Record<string, string>, body?: string) {
  return server.json<Err>(path, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
}

beforeAll(async () => {
  server = await startTestServer({ PUBLIC_BASE_URL });
  bearer = (await signInAs(server, DEMO_ADMIN)).auth;
  cookie = await cookieFor(DEMO_ADMIN);
});
afterAll(async () => {
  await server?.stop();
});

describe('cookie-authenticated writes from another site', () => {
  it.each([
    ['a text/plain form post', { 'content-type': 'text/plain' }, '{}'],
    ['a JSON post', { 'content-type': 'application/json' }, '{}'],
    ['a body-less post', {}, undefined],
  ])('%s is refused with 403 CSRF_REJECTED and changes nothing', async (_label, type, body) => {
    const id = await newApiKey('csrf target');
    const res = await post(`/api/console/api-keys/${id}/revoke`, { ...cookie, ...EVIL, ...type }, body);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_REJECTED');
    expect(res.body.error.message).toBeTruthy();
    expect(await isRevoked(id)).toBe(false);
  });

  it('reads the refusal in English on request', async () => {
    const id = await newApiKey('csrf english');
    const res = await post(`/api/console/api-keys/${id}/revoke`, { ...cookie, ...EVIL, 'accept-language': 'en' });
    expect(res.body.error.message).toMatch(/cross-site/i);
  });

  it.each([
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site', origin: 'https://shop.coupons.example' }],
    ['Origin of another site, no fetch metadata', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed frame or a file)', { origin: 'null' }],
    ['an Origin on our host but another port', { origin: 'http://127.0.0.1:1' }],
  ])('%s is refused', async (_label, headers) => {
    const template = await createTemplate(server, bearer, { name: 'CSRF 券' });
    const res = await post(`/api/console/coupon-templates/${template.id}/archive`, { ...cookie, ...headers });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_REJECTED');
    const after = await server.json<{ status: string }>(`/api/console/coupon-templates/${template.id}`, { headers: bearer });
    expect(after.body.status).toBe('active');
  });

  it('refuses PUT, PATCH and DELETE as well, and lets reads through', async () => {
    const patch = await server.json<Err>('/api/me', { method: 'PATCH', headers: { ...cookie, ...EVIL }, body: { name: '被偽造' } });
    expect(patch.status).toBe(403);
    const del = await server.json<Err>('/api/console/notification-templates/coupon_redeemed', { method: 'DELETE', headers: { ...cookie, ...EVIL } });
    expect(del.status).toBe(403);
    const read = await server.json<{ name: string }>('/api/me', { headers: { ...cookie, ...EVIL } });
    expect(read.status).toBe(200);
    expect(read.body.name).not.toBe('被偽造');
  });
});

describe('what still works', () => {
  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'http://whatever.example' }],
    ['Sec-Fetch-Site: none (typed by the user)', { 'sec-fetch-site': 'none' }],
    ['Origin matching the Host header', { origin: 'http://HOST' }],
    ['Origin matching PUBLIC_BASE_URL', { origin: PUBLIC_BASE_URL }],
    ['no Origin and no fetch metadata (not a browser)', {}],
  ])('a cookie post with %s', async (_label, headers) => {
    const id = await newApiKey('same origin');
    const host = new URL(server.origin).host;
    const fixed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('HOST', host)]));
    const res = await post(`/api/console/api-keys/${id}/revoke`, { ...cookie, ...fixed });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await isRevoked(id)).toBe(true);
  });

  it('a bearer token from any origin', async () => {
    const id = await newApiKey('bearer');
    const res = await post(`/api/console/api-keys/${id}/revoke`, { ...bearer, ...EVIL });
    expect(res.status).toBe(200);
    expect(await isRevoked(id)).toBe(true);
  });

  it('a bearer token wins over a cookie sent with it', async () => {
    const id = await newApiKey('bearer and cookie');
    const res = await post(`/api/console/api-keys/${id}/revoke`, { ...bearer, ...cookie, ...EVIL });
    expect(res.status).toBe(200);
  });

  it('an API key from any origin', async () => {
    const key = await server.json<{ key: string }>('/api/console/api-keys', { headers: bearer, body: { name: 'pos csrf', scopes: ['pos'] } });
    const res = await server.json<Err>('/api/pos/validations', { headers: { authorization: `Bearer ${key.body.key}`, ...EVIL }, body: { code: 'NO-SUCH-CODE' } });
    expect(res.status).not.toBe(403);
    expect(res.body.error?.code).not.toBe('CSRF_REJECTED');
  });
});

describe('signing in and out', () => {
  it('refuses a sign-in posted from another site, which would sign the victim in as the forger', async () => {
    const idToken = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId: DEMO_ADMIN } });
    const forged = await server.json<Err>('/api/session', { headers: EVIL, body: { idToken: idToken.body.idToken } });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('CSRF_REJECTED');
    const own = await server.json<{ token: string }>('/api/session', { headers: { 'sec-fetch-site': 'same-origin' }, body: { idToken: idToken.body.idToken } });
    expect(own.status).toBe(200);
  });

  it('refuses a sign-out from another site', async () => {
    const mine = await cookieFor(DEMO_ADMIN);
    const res = await server.json<Err>('/api/session', { method: 'DELETE', headers: { ...mine, ...EVIL } });
    expect(res.status).toBe(403);
    expect((await server.json('/api/me', { headers: mine })).status).toBe(200);
  });
});

describe('response headers', () => {
  it('personal API answers are not stored by caches; the public config and OpenAPI document may be', async () => {
    const me = await server.json('/api/me', { headers: bearer });
    expect(me.headers.get('cache-control')).toBe('no-store');
    const refused = await server.json('/api/me');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/api/config', '/api/partner/openapi.json']) {
      const res = await server.json(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control') ?? '').not.toContain('no-store');
    }
  });

  it('sends a Content-Security-Policy with the pages: no inline or foreign script beyond LINE, no plugins, no framing', async () => {
    for (const path of ['/app', '/console', '/sandbox']) {
      const res = await fetch(server.url(path));
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src'), path).toEqual(["'self'"]);
      expect(directives.get('script-src')).toContain("'self'");
      expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
      expect(directives.get('script-src')!.every((s) => s.startsWith("'") || s.startsWith('https://'))).toBe(true);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'self'"]);
      expect(directives.get('img-src')).toEqual(expect.arrayContaining(['data:', 'https:']));
    }
  });
});
