import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_STAFF } from '../../bot-server/demo/seed.ts';
import { api, buildPath, type RouteAccess, type RouteDef } from '../../shared/api/routes.ts';
import { registerMember, signInAs, signInNewUser } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Every non-public route answers who-may-call before it reads or validates anything:
 * 401 without (or with bad) credentials, 403 for the wrong kind of caller, and only then 400.
 * The table is the contract itself, so a new route cannot forget it; and every route the
 * server binds must be in the contract.
 */

type Caller = 'none' | 'badToken' | 'unregistered' | 'member' | 'staff' | 'admin' | 'pos' | 'partner';
type Err = { error: { code: string; message: string } };

/** Which callers each access level lets through. */
const ALLOWED: Record<RouteAccess, Caller[]> = {
  public: ['none', 'unregistered', 'member', 'staff', 'admin', 'pos', 'partner'],
  member: ['unregistered', 'member', 'staff', 'admin'],
  registered: ['member', 'staff', 'admin'],
  staff: ['staff', 'admin'],
  admin: ['admin'],
  pos: ['pos'],
  partner: ['partner'],
};

const ROUTES = Object.entries(api) as [string, RouteDef][];
const PARAMS = { id: 1, kind: 'coupon_redeemed' };

let server: TestServer;
const headers: Partial<Record<Caller, Record<string, string>>> = { none: {}, badToken: { authorization: 'Bearer not-a-real-session-token' } };

beforeAll(async () => {
  server = await startTestServer();
  const unregistered = await signInNewUser(server, 'Unregistered');
  headers.unregistered = unregistered.auth;
  const member = await signInNewUser(server, 'Member');
  await registerMember(server, member.auth);
  headers.member = member.auth;
  headers.staff = (await signInAs(server, DEMO_STAFF)).auth;
  headers.admin = (await signInAs(server, DEMO_ADMIN)).auth;
  for (const scope of ['pos', 'partner'] as const) {
    const key = await server.json<{ key: string }>('/api/console/api-keys', { headers: headers.admin, body: { name: `route-auth ${scope}`, scopes: [scope] } });
    expect(key.status).toBe(201);
    headers[scope] = { authorization: `Bearer ${key.body.key}` };
  }
});
afterAll(async () => {
  await server?.stop();
});

function send(def: RouteDef, caller: Caller, body: string | undefined, extra: Record<string, string> = {}) {
  const path = buildPath(def.path, PARAMS);
  const hasBody = def.method !== 'GET' && body !== undefined;
  return server.json<Err>(path, {
    method: def.method,
    headers: { ...headers[caller], ...(hasBody ? { 'content-type': def.body === 'csv' ? 'text/csv' : 'application/json' } : {}), ...extra },
    ...(hasBody ? { body } : {}),
  });
}

describe('the route table', () => {
  it('binds every route through the contract, and every contract route is bound', () => {
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const app = server.server.listeners('request')[0] as unknown as { router: { stack: Layer[] } };
    const bound = new Set<string>();
    const walk = (stack: Layer[], depth: number) => {
      for (const layer of stack) {
        if (layer.route) {
          for (const method of Object.keys(layer.route.methods)) bound.add(`${method.toUpperCase()} ${layer.route.path}`);
        } else if (layer.handle?.stack && depth < 4) {
          walk(layer.handle.stack, depth + 1);
        }
      }
    };
    // The /api router is the one whose routes include the contract's /config.
    const apiRouter = app.router.stack.find((l) => l.handle?.stack?.some((s) => s.route?.path === '/config'))?.handle?.stack;
    expect(apiRouter).toBeDefined();
    walk(apiRouter!, 0);
    const contract = new Set(ROUTES.map(([, def]) => `${def.method} ${def.path.replace(/^\/api/, '')}`));
    expect([...bound].filter((r) => !contract.has(r))).toEqual([]);
    expect([...contract].filter((r) => !bound.has(r))).toEqual([]);
  });

  it('declares who may call every route', () => {
    for (const [name, def] of ROUTES) expect(Object.keys(ALLOWED), name).toContain(def.access);
  });
});

describe.each(ROUTES.filter(([, def]) => def.access !== 'public'))('%s', (_name, def) => {
  it('answers 401 without credentials, whatever the body and headers', async () => {
    for (const body of ['{}', '[]', '{"a":', 'x'.repeat(300_000)]) {
      const res = await send(def, 'none', body, { 'idempotency-key': '!' });
      expect(res.status, `${def.method} ${def.path} with ${body.slice(0, 10)}`).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      expect(res.body.error.message).toBeTruthy();
    }
  });

  it('answers 401 without credentials to a body of the wrong type, before refusing the type', async () => {
    const res = await send(def, 'none', 'hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(401);
  });

  it('answers 401 for a token that is not valid', async () => {
    const res = await send(def, 'badToken', '{}');
    expect(res.status).toBe(401);
  });

  it('answers 403 to the wrong kind of caller before reading the body', async () => {
    const wrong = (['unregistered', 'member', 'staff', 'admin', 'pos', 'partner'] as Caller[]).filter((c) => !ALLOWED[def.access].includes(c));
    for (const caller of wrong) {
      const res = await send(def, caller, '{"a":', { 'idempotency-key': '!' });
      expect(res.status, `${caller} → ${def.method} ${def.path}`).toBe(403);
      expect(['FORBIDDEN', 'REGISTRATION_REQUIRED']).toContain(res.body.error.code);
    }
  });
});

describe.each(ROUTES.filter(([, def]) => def.access !== 'public' && def.method !== 'GET' && def.input !== undefined))('%s with the right caller', (_name, def) => {
  it('validates the body only for a caller who may call', async () => {
    const caller = ALLOWED[def.access][ALLOWED[def.access].length - 1]!;
    const res = await send(def, caller, '[]');
    expect(res.status, `${caller} → ${def.method} ${def.path}`).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const malformed = await send(def, caller, '{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_JSON');
  });
});

describe.each(ROUTES.filter(([, def]) => def.access !== 'public' && def.idempotent === true))('%s with the right caller', (_name, def) => {
  it('checks the Idempotency-Key only for a caller who may call', async () => {
    const caller = ALLOWED[def.access][ALLOWED[def.access].length - 1]!;
    const res = await send(def, caller, '{}', { 'idempotency-key': '!' });
    expect(res.status).toBe(400);
    expect((res.body as Err & { error: { field?: string } }).error.field).toBe('Idempotency-Key');
  });
});
