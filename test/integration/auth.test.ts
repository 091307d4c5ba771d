import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, signInNewUser } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function idToken(userId: string, extra: Record<string, unknown> = {}) {
  const res = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId, ...extra } });
  return res.body.idToken;
}

describe('sign-in with a verified LIFF ID token', () => {
  it('opens a session: token in the body and an HttpOnly cookie; the member exists from then on', async () => {
    const user = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: '新會員' } });
    const res = await server.client.call('createSession', { body: { idToken: await idToken(user.body.userId) } });
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(res.body.me).toMatchObject({ displayName: '新會員', isRegistered: false, roles: { isAdmin: false, staffStores: [] } });
    expect(res.body.me).not.toHaveProperty('lineUserId');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/api/);
    // The cookie alone authenticates later calls.
    const me = await server.client.call('getMe', { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
  });

  it.each([
    ['an expired token', { expiresInSeconds: -60 }, 'ID_TOKEN_EXPIRED'],
    ['a token for another channel', { audience: '1999999999' }, 'ID_TOKEN_INVALID'],
  ])('refuses %s with 401', async (_label, extra, code) => {
    const { userId } = (await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: 'x' } })).body;
    const res = await server.client.call('createSession', { body: { idToken: await idToken(userId, extra) } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe(code);
  });

  it('refuses a forged token (payload changed to another user) and an unknown token', async () => {
    const { userId } = (await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: 'victim' } })).body;
    const genuine = await idToken(userId);
    const [h, p, s] = genuine.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'U0000000000000000000000000000a005' })).toString('base64url')}.${s}`;
    for (const token of [forged, 'id_token-from-liff-mock-default']) {
      const res = await server.client.call('createSession', { body: { idToken: token } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('ID_TOKEN_INVALID');
    }
  });

  it('never takes a user id from the body', async () => {
    const res = await server.client.call('createSession', { untypedBody: { idToken: 'x'.repeat(20), userId: 'U0000000000000000000000000000a005' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 503 LINE_UNAVAILABLE (not a sign-out) when LINE cannot be reached', async () => {
    const dead = createServer((_req, res) => {
      res.statusCode = 500;
      res.end('{}');
    });
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const down = await startTestServer({ LINE_API_BASE_URL: `http://127.0.0.1:${(dead.address() as AddressInfo).port}` });
    try {
      const res = await down.client.call('createSession', { body: { idToken: 'a.b.c.d.e.f.g' } });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('LINE_UNAVAILABLE');
      dead.close();
      const closed = await down.client.call('createSession', { body: { idToken: 'a.b.c.d.e.f.g' } });
      expect(closed.body.error.code).toBe('LINE_UNAVAILABLE');
    } finally {
      await down.stop();
      dead.close();
    }
  });

  it('sessions expire, and a signed-out token stops working', async () => {
    const short = await startTestServer({ SESSION_TTL_SECONDS: '1' });
    try {
      const { auth } = await signInNewUser(short);
      expect((await short.client.call('getMe', { headers: auth })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const expired = await short.client.call('getMe', { headers: auth });
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    } finally {
      await short.stop();
    }
    const { auth } = await signInNewUser(server);
    expect((await server.client.call('deleteSession', { headers: auth })).status).toBe(200);
    expect((await server.client.call('getMe', { headers: auth })).status).toBe(401);
  });

  it('an unknown bearer token is UNAUTHENTICATED, no token on a member route too', async () => {
    const bogus = await server.client.call('getMe', { headers: { authorization: 'Bearer not-a-session' } });
    expect(bogus.status).toBe(401);
    expect(bogus.body.error.code).toBe('UNAUTHENTICATED');
    const none = await server.client.call('getMe');
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a stale cookie does not prevent signing in again', async () => {
    const { userId } = await signInNewUser(server);
    const res = await server.client.call('createSession', { body: { idToken: await idToken(userId) }, headers: { cookie: 'sid=stale-value' } });
    expect(res.status).toBe(200);
  });

  it('signing in refreshes the LINE display name', async () => {
    const { userId } = await signInNewUser(server, 'Before');
    const again = await signInAs(server, userId);
    const me = await server.client.call('getMe', { headers: again.auth });
    expect(me.body.displayName).toMatch(/^Before/);
  });
});
