import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { makeAdmin, makeApiKey, makeStaff, makeStore } from '../helpers/factories.ts';
import { signInNewUser } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Two servers on one database file: what one process revokes, the other refuses on the very next request.
let server: TestServer;
let other: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer({}, { dir: server.dir });
});
afterAll(async () => {
  await other?.stop();
  await server?.stop();
});

describe('sign-in is read fresh on every request, in every process', () => {
  it('a session signed out in another process is refused on the next request', async () => {
    const { auth } = await signInNewUser(server);
    expect((await server.client.call('getMe', { headers: auth })).status).toBe(200);
    expect((await other.client.call('deleteSession', { headers: auth })).status).toBe(200);
    const after = await server.client.call('getMe', { headers: auth });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('an admin role or a staff store taken away in another process holds on the next request', async () => {
    const admin = await makeAdmin(server);
    const boss = await makeAdmin(server);
    const store = await makeStore(server, boss.auth);
    const staff = await makeStaff(server, boss.auth, [store.id]);
    expect((await server.client.call('consoleListStores', { headers: admin.auth })).status).toBe(200);
    const me = await server.client.call('getMe', { headers: staff.auth });
    expect(me.body.roles.staffStores.map((s: { id: number }) => s.id)).toEqual([store.id]);
    expect((await server.client.call('staffRedemptions', { headers: staff.auth, query: { storeId: store.id } })).status).toBe(200);

    expect((await other.client.call('consoleSetRoles', { headers: boss.auth, params: { id: admin.memberId }, body: { isAdmin: false, staffStoreIds: [] } })).status).toBe(200);
    expect((await other.client.call('consoleSetRoles', { headers: boss.auth, params: { id: staff.memberId }, body: { isAdmin: false, staffStoreIds: [] } })).status).toBe(200);
    const console = await server.client.call('consoleListStores', { headers: admin.auth });
    expect(console.status).toBe(403);
    expect(console.body.error.code).toBe('FORBIDDEN');
    expect((await server.client.call('staffRedemptions', { headers: staff.auth, query: { storeId: store.id } })).status).toBe(403);
  });

  it('keeps a staff member’s stores in store order and an env admin an admin', async () => {
    const boss = await makeAdmin(server);
    const a = await makeStore(server, boss.auth);
    const b = await makeStore(server, boss.auth);
    const staff = await makeStaff(server, boss.auth, [b.id, a.id]);
    const me = await server.client.call('getMe', { headers: staff.auth });
    expect(me.body.roles.staffStores.map((s: { id: number }) => s.id)).toEqual([a.id, b.id].sort((x, y) => x - y));
  });

  it('an API key revoked in another process is refused on its next request', async () => {
    const admin = await makeAdmin(server);
    const store = await makeStore(server, admin.auth);
    const { id, auth } = await makeApiKey(server, admin.auth, { scopes: ['pos'] });
    const first = await server.json('/api/pos/validations', { method: 'POST', headers: auth, body: { code: 'NOSUCHCODE', storeId: store.id } });
    expect(first.status).not.toBe(401);
    expect((await other.client.call('consoleRevokeApiKey', { headers: admin.auth, params: { id } })).status).toBe(200);
    const after = await server.json<{ error: { code: string } }>('/api/pos/validations', { method: 'POST', headers: auth, body: { code: 'NOSUCHCODE', storeId: store.id } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('API_KEY_REVOKED');
  });
});

describe('route dispatch by path prefix', () => {
  type Err = { error: { code: string; message: string; details?: { allow?: string[] } } };

  it('answers an unknown path 404 ROUTE_NOT_FOUND, in both languages, under a known prefix or not', async () => {
    for (const path of ['/api/mall/nowhere', '/api/console/nowhere', '/api/nowhere', '/api/console/mall/products/1/nowhere', '/api//mall/products']) {
      const res = await server.json<Err>(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('ROUTE_NOT_FOUND');
    }
    const en = await server.json<Err>('/api/mall/nowhere', { headers: { 'accept-language': 'en' } });
    const zh = await server.json<Err>('/api/mall/nowhere');
    expect(en.body.error.message).toBe(new AppError('ROUTE_NOT_FOUND').messages.en);
    expect(zh.body.error.message).toBe(new AppError('ROUTE_NOT_FOUND').messages['zh-TW']);
  });

  it('answers a known path with a method it does not take 405 with Allow', async () => {
    const res = await server.json<Err>('/api/mall/orders', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(res.body.error.details?.allow).toEqual(['GET', 'HEAD', 'POST']);
    const param = await server.json<Err>('/api/console/api-keys/5/revoke', { method: 'GET' });
    expect(param.status).toBe(405);
    expect(param.headers.get('allow')).toBe('POST');
  });

  it('matches as Express does: a trailing slash, any letter case, decoded params, a malformed escape refused', async () => {
    const admin = await makeAdmin(server);
    for (const path of ['/api/console/stores', '/api/console/stores/', '/api/Console/Stores', '/API/CONSOLE/STORES']) {
      expect((await server.json(path, { headers: admin.auth })).status, path).toBe(200);
    }
    expect((await server.json('/api/config/')).status).toBe(200);
    // A percent-encoded id is decoded before the handler reads it (%31 is 1).
    const encodedId = [...String(admin.memberId)].map((d) => `%3${d}`).join('');
    const plain = await server.json<{ id?: number }>(`/api/console/members/${admin.memberId}`, { headers: admin.auth });
    const encoded = await server.json<{ id?: number }>(`/api/console/members/${encodedId}`, { headers: admin.auth });
    expect(plain.status).toBe(200);
    expect(encoded.status).toBe(200);
    expect(encoded.body).toEqual(plain.body);
    const bad = await server.json<Err>('/api/wallet/%E0%A4%A', { headers: admin.auth });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('MALFORMED_REQUEST');
  });

  it('labels metrics by route template, not the raw URL', async () => {
    const admin = await makeAdmin(server);
    await server.json('/api/console/members/123456', { headers: admin.auth });
    const text = await server.metrics.text();
    expect(text).toContain('route="/api/console/members/:id"');
    expect(text).not.toContain('/api/console/members/123456');
  });
});

describe('refusals are cheap and say the same', () => {
  it('captures no stack for a 4xx AppError, and keeps one for a 5xx', () => {
    expect(new AppError('PRODUCT_SOLD_OUT').stack ?? '').not.toMatch(/\n\s+at /);
    expect(new AppError('NOT_FOUND').stack ?? '').not.toMatch(/\n\s+at /);
    expect(new AppError('INTERNAL').stack ?? '').toMatch(/\n\s+at /);
    // The limit is put back: other errors keep their stacks.
    expect(new Error('x').stack ?? '').toMatch(/\n\s+at /);
  });

  it('answers with the security headers and a request id on API answers and refusals alike', async () => {
    const ok = await server.json('/api/config');
    const refused = await server.json('/api/mall/nowhere');
    for (const res of [ok, refused]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const mine = await server.json('/api/config', { headers: { 'x-request-id': 'my-request-123' } });
    expect(mine.headers.get('x-request-id')).toBe('my-request-123');
  });
});
