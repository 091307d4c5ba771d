import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadConfig } from '../../bot-server/config.ts';
import { DEMO_ADMIN, DEMO_STAFF } from '../../bot-server/demo/seed.ts';
import { startServer, type RunningServer } from '../../bot-server/main.ts';
import { api, type RouteDef } from '../../shared/api/routes.ts';
import { uniqueMobile } from '../helpers/members.ts';
import { TEST_CHANNEL_SECRET } from '../helpers/server.ts';
import { capturingLogger } from '../helpers/log-capture.ts';

/**
 * The bad-input corpus: every route the server binds (the contract, plus whatever the running
 * app's router holds: the webhook, the sandbox, the pages), every kind of caller, and input that
 * is malformed in every way we know of. Nothing may answer 5xx, every refusal is our JSON error,
 * and nothing a caller sends is logged at error level.
 */

type Caller = 'none' | 'member' | 'staff' | 'admin' | 'pos' | 'partner';
type Route = { method: string; path: string };
type Sent = { label: string; method: string; url: string; status: number; contentType: string; text: string; allow: string | null };

const { logger, lines: logLines } = capturingLogger<{ level: number; msg: string; [key: string]: unknown }>();

let running: RunningServer;
let dir: string;
const creds: Record<Caller, Record<string, string>> = { none: {}, member: {}, staff: {}, admin: {}, pos: {}, partner: {} };

const url = (path: string) => `${running.origin}${path}`;

async function postJson<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

async function signIn(userId: string): Promise<Record<string, string>> {
  const idToken = await postJson<{ idToken: string }>('/sandbox/liff/id-token', { userId });
  const session = await postJson<{ token: string }>('/api/session', { idToken: idToken.body.idToken });
  expect(session.status).toBe(200);
  return { authorization: `Bearer ${session.body.token}` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-bad-input-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'app.db'), LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET, LOG_LEVEL: 'info' });
  running = await startServer(config, { logger, seedDemo: true });
  const user = await postJson<{ userId: string }>('/sandbox/api/users', { displayName: 'Corpus member' });
  creds.member = await signIn(user.body.userId);
  const mobile = uniqueMobile();
  expect((await postJson('/api/me/mobile/code', { mobile }, creds.member)).status).toBe(200);
  const inbox = (await (await fetch(url(`/sandbox/sms/messages?to=%2B886${mobile.slice(1)}`))).json()) as { messages: { body: string }[] };
  const code = inbox.messages.at(-1)!.body.match(/\d{6}/)![0];
  const registered = await postJson('/api/me/registration', { name: '測試會員', mobile, code, birthday: '1992-06-15', consent: true }, creds.member);
  expect(registered.status).toBe(200);
  creds.staff = await signIn(DEMO_STAFF);
  creds.admin = await signIn(DEMO_ADMIN);
  for (const scope of ['pos', 'partner'] as const) {
    const key = await postJson<{ key: string }>('/api/console/api-keys', { name: `corpus ${scope}`, scopes: [scope] }, creds.admin);
    expect(key.status).toBe(201);
    creds[scope] = { authorization: `Bearer ${key.body.key}` };
  }
}, 60_000);

afterAll(async () => {
  await running?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ── The routes ──────────────────────────────────────────────────────────────────────────
type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: unknown };

/** Every route in the running app's router stack, with the paths its routers are mounted at. */
function routesOfApp(): Route[] {
  const app = running.server.listeners('request')[0] as Express & { router: { stack: Layer[] } };
  const out: Route[] = [];
  const walk = (stack: Layer[], prefix: string, depth: number) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) for (const path of paths) out.push({ method: method.toUpperCase(), path: `${prefix}${path}` });
      } else if (layer.handle?.stack && depth < 6) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, `${prefix}${mount}`, depth + 1);
      }
    }
  };
  walk(app.router.stack, '', 0);
  return out;
}

const CONTRACT = Object.values(api) as RouteDef[];
const contractKey = (r: Route) => `${r.method} ${r.path}`;

function allRoutes(): Route[] {
  const byKey = new Map<string, Route>();
  for (const def of CONTRACT) byKey.set(contractKey(def), { method: def.method, path: def.path });
  for (const route of routesOfApp()) byKey.set(contractKey(route), route);
  return [...byKey.values()];
}

const defOf = (route: Route) => CONTRACT.find((d) => d.method === route.method && d.path === route.path);

/** Good values for each path parameter (ids that name nothing, so no write lands on real data). */
const GOOD_PARAMS: Record<string, string> = { id: '999999', kind: 'coupon_redeemed', userId: 'U0000000000000000000000000000a001', richMenuId: 'richmenu-0000', aliasId: 'alias-x' };
const BAD_PARAMS = ['0', '-1', '1.5', '9007199254740993', 'NaN', 'Infinity', '1e309', 'abc', '%E0%A4%A', '%ED%A0%80', '%00', '%2E%2E%2F%2E%2E', '%F0%9F%92%A5', 'x'.repeat(1000)];

function fillPath(template: string, value?: string): string {
  return template
    .replace(/\{\*\w+\}/g, 'x')
    .replace(/\*\w+/g, 'x')
    .replace(/[{}]/g, '')
    .replace(/:(\w+)/g, (_, name: string) => value ?? GOOD_PARAMS[name] ?? 'x');
}

// ── The corpus ──────────────────────────────────────────────────────────────────────────
const COMMON_FIELDS = ['name', 'code', 'mobile', 'birthday', 'consent', 'idToken', 'templateId', 'storeId', 'memberId', 'reason', 'uses', 'amount', 'items', 'member', 'kind', 'sendAt', 'scopes', 'enabled', 'audience', 'content', 'template', 'lang', 'userId', 'type', 'text', 'faults'];

function fieldsOf(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return [...new Set([...(shape ? Object.keys(shape) : []), ...COMMON_FIELDS])];
}

/** A JSON object text with every field set to the same raw JSON value (raw, so 2^53+1 and 1e999 survive). */
function everyField(fields: string[], rawValue: string): string {
  return `{${fields.map((f) => `${JSON.stringify(f)}:${rawValue}`).join(',')}}`;
}

interface Variant {
  label: string;
  body: string | Uint8Array;
  headers: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const deepArray = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;

function bodyVariants(def: RouteDef | undefined): Variant[] {
  const fields = fieldsOf(def?.input);
  const raw = (label: string, value: string): Variant => ({ label, body: everyField(fields, value), headers: json });
  return [
    { label: 'malformed JSON', body: '{"a":', headers: json },
    ...['[]', 'null', '123', '"x"', 'true'].map((body) => ({ label: `top-level ${body}`, body, headers: json })),
    raw('numbers', '123'),
    raw('strings', '"x"'),
    raw('NaN strings', '"NaN"'),
    raw('nulls', 'null'),
    raw('objects', '{"$gt":""}'),
    raw('arrays', '[1,"a",null]'),
    raw('2^53+1', '9007199254740993'),
    raw('-2^63', '-9223372036854775808'),
    raw('1e999', '1e999'),
    raw('negative fraction', '-0.5'),
    raw('bad dates', '"2026-02-30T25:61:00+99:00"'),
    raw('year 275760', '"+275760-09-13T00:00:00.001Z"'),
    raw('lone surrogate', '"\\ud800"'),
    raw('long strings', JSON.stringify('長'.repeat(5_000))),
    raw('nested arrays', `${'['.repeat(50)}${']'.repeat(50)}`),
    { label: 'lone surrogate key', body: '{"\\udc00":1}', headers: json },
    { label: '10,000 nested arrays', body: deepArray, headers: json },
    { label: '5,000 nested objects', body: deepObject, headers: json },
    { label: 'huge body', body: JSON.stringify({ pad: 'x'.repeat(150_000) }), headers: json },
    { label: 'gzip body', body: gzipSync(everyField(fields, '1')), headers: { ...json, 'content-encoding': 'gzip' } },
    { label: 'corrupt gzip', body: 'not gzip at all', headers: { ...json, 'content-encoding': 'gzip' } },
    { label: 'truncated gzip', body: gzipSync('{"a":1}').subarray(0, 12), headers: { ...json, 'content-encoding': 'gzip' } },
    { label: 'br body', body: brotliCompressSync('{}'), headers: { ...json, 'content-encoding': 'br' } },
    { label: 'corrupt br', body: 'not brotli', headers: { ...json, 'content-encoding': 'br' } },
    { label: 'unknown encoding', body: '{}', headers: { ...json, 'content-encoding': 'compress' } },
    { label: 'latin1 charset', body: '{}', headers: { 'content-type': 'application/json; charset=latin1' } },
    { label: 'text/plain', body: '{}', headers: { 'content-type': 'text/plain' } },
    { label: 'form', body: 'name=x&code=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { label: 'multipart', body: '--b\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=b' } },
    { label: 'no content type', body: new TextEncoder().encode('{}'), headers: {} },
    { label: 'csv', body: 'code\nA1\n\u0000\n', headers: { 'content-type': 'text/csv' } },
    { label: 'csv with invalid UTF-8', body: new Uint8Array([0x41, 0x0a, 0xed, 0xa0, 0x80, 0x0a]), headers: { 'content-type': 'text/csv' } },
    { label: 'csv one huge line', body: 'x'.repeat(200_000), headers: { 'content-type': 'text/csv' } },
    { label: 'bad idempotency key', body: '{}', headers: { ...json, 'idempotency-key': 'x'.repeat(300) } },
  ];
}

const QUERIES = [
  '?page=NaN&pageSize=1e309&tab=nope&days=-1',
  '?page=9007199254740993&pageSize=0&storeId=9007199254740993&templateId=abc&memberId=-1',
  '?q=%ED%A0%80&kind=%E0%A4%A&status=%00',
  '?tab=active&tab=used&storeId=1&storeId=2',
  '?from=2026-02-30&to=not-a-date&since=-1',
  `?${'a=1&'.repeat(1_500)}`,
  '?lang[]=en&lang=fr',
];

/** Who calls each route: nobody, and the callers its access level is about. */
function callersOf(route: Route, def: RouteDef | undefined): Caller[] {
  if (!route.path.startsWith('/api')) return ['none'];
  // Signing out would end the sessions the rest of the corpus uses.
  if (route.method === 'DELETE' && route.path === '/api/session') return ['none'];
  const byAccess: Record<string, Caller[]> = { pos: ['none', 'pos', 'member'], partner: ['none', 'partner', 'admin'], staff: ['none', 'staff', 'member'] };
  return byAccess[def?.access ?? ''] ?? ['none', 'member', 'admin'];
}

/** LINE's own paths in the sandbox answer in LINE's error shapes, as LINE does. */
const isLinePath = (path: string) => path.startsWith('/v2/') || path.startsWith('/oauth2/');

async function send(label: string, method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array): Promise<Sent> {
  const res = await fetch(url(path), { method, headers, ...(body === undefined ? {} : { body: body as BodyInit }), redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { label, method, url: path.slice(0, 120), status: res.status, contentType: res.headers.get('content-type') ?? '', text, allow: res.headers.get('allow') };
}

/** Runs `jobs` with a bounded number in flight. */
async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        results.push(await job());
      }
    }),
  );
  return results;
}

function problemsOf(sent: Sent): string | undefined {
  const where = `${sent.label}: ${sent.method} ${sent.url} → ${sent.status}`;
  if (sent.status >= 500) return `${where} ${sent.text.slice(0, 200)}`;
  if (sent.status < 400) return undefined;
  // The LINE Pay stand-in's approval page is a page for the member's browser, as LINE Pay's own is: it refuses in HTML.
  if (sent.url.startsWith('/sandbox/linepay/web/') && sent.contentType.includes('text/html') && sent.status < 500) return undefined;
  if (!sent.contentType.includes('application/json')) return `${where}: not JSON (${sent.contentType}) ${sent.text.slice(0, 80)}`;
  let body: { error?: { code?: unknown; message?: unknown } | string; error_description?: unknown; message?: unknown };
  try {
    body = JSON.parse(sent.text) as typeof body;
  } catch {
    return `${where}: unparseable JSON`;
  }
  // LINE's paths in the sandbox refuse in LINE's shape; what our own layers refuse first (a
  // malformed URL, an unreadable body) is in ours.
  if (isLinePath(sent.url) && typeof body.message === 'string') return undefined;
  // LINE Login answers OAuth 2.0's { error, error_description }.
  if (sent.url.startsWith('/oauth2/') && typeof body.error === 'string' && typeof body.error_description === 'string') return undefined;
  if (typeof body.error !== 'object') return `${where}: no error object`;
  if (typeof body.error?.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(body.error.code)) return `${where}: no error.code`;
  if (typeof body.error.message !== 'string' || body.error.message.length === 0) return `${where}: no error.message`;
  if (sent.status === 405 && !sent.allow) return `${where}: 405 without Allow`;
  return undefined;
}

describe('the bad-input corpus', () => {
  it('walks every contract route, and the app router holds them all', () => {
    const bound = new Set(routesOfApp().map(contractKey));
    expect(CONTRACT.map(contractKey).filter((k) => !bound.has(k))).toEqual([]);
    // The hand routes outside /api are in the corpus too.
    expect([...bound]).toEqual(expect.arrayContaining(['POST /webhook', 'GET /healthz', 'POST /sandbox/line/events']));
  });

  it('never answers 5xx, always answers refusals with our JSON error, and logs nothing at error level', async () => {
    const started = performance.now();
    const jobs: (() => Promise<Sent>)[] = [];
    for (const route of allRoutes()) {
      const def = defOf(route);
      const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const caller of callersOf(route, def)) {
        const headers = creds[caller];
        const add = (label: string, path: string, extra: Record<string, string> = {}, body?: string | Uint8Array) =>
          jobs.push(() => send(`${caller} ${label}`, route.method, path, { ...headers, ...extra }, body));
        if (params.length > 0) for (const bad of BAD_PARAMS) add(`param ${bad.slice(0, 20)}`, fillPath(route.path, bad));
        const path = fillPath(route.path);
        if (route.method === 'GET') {
          for (const query of QUERIES) add(`query ${query.slice(0, 30)}`, `${path}${query}`);
        } else {
          for (const variant of bodyVariants(def)) add(variant.label, path, variant.headers, variant.body);
        }
      }
    }
    const results = await pool(jobs, 12);
    const problems = results.map(problemsOf).filter((p): p is string => p !== undefined);
    expect(problems.slice(0, 40), `${problems.length} of ${results.length} responses broke the rules`).toEqual([]);
    await running.webhook.idle();
    const errors = logLines.filter((l) => l.level >= 50).map((l) => `${l.msg} ${JSON.stringify(l.err ?? l.req ?? '').slice(0, 200)}`);
    expect(errors.slice(0, 10)).toEqual([]);
    expect(results.length).toBeGreaterThan(3_000);
    expect(performance.now() - started).toBeLessThan(45_000);
  }, 60_000);

  it('accepts ?lang on every GET: the answer is the same with it as without', async () => {
    for (const def of CONTRACT.filter((d) => d.method === 'GET')) {
      const caller = callersOf(def, def).at(-1)!;
      const path = fillPath(def.path);
      const plain = await send('plain', 'GET', path, creds[caller]);
      for (const lang of ['en', 'zh-TW']) {
        const withLang = await send(`lang=${lang}`, 'GET', `${path}?lang=${lang}`, creds[caller]);
        expect(withLang.status, `${def.path}?lang=${lang} (${withLang.text.slice(0, 120)})`).toBe(plain.status);
      }
    }
  });

  it('names the problem of a refusal in English with ?lang=en', async () => {
    const res = await send('pct', 'GET', '/api/wallet/%E0%A4%A?lang=en', creds.member);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error).toMatchObject({ code: 'MALFORMED_REQUEST', message: 'The URL has a malformed percent-escape' });
  });
});

describe('specific refusals', () => {
  const errorOf = (sent: Sent) => (JSON.parse(sent.text) as { error: { code: string; message: string } }).error;

  it('a malformed percent-escape in a path parameter is 400 MALFORMED_REQUEST on every route with one', async () => {
    for (const def of CONTRACT.filter((d) => d.path.includes(':'))) {
      const res = await send('pct', def.method, fillPath(def.path, '%E0%A4%A'), creds.admin);
      expect(res.status, `${def.method} ${def.path}`).toBe(400);
      expect(errorOf(res).code).toBe('MALFORMED_REQUEST');
    }
  });

  it('inflates gzip and br bodies, and refuses a corrupt one with 400', async () => {
    const gz = await send('gzip', 'POST', '/api/console/stores', { ...creds.admin, ...json, 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ name: 'x' })));
    expect(gz.status).toBe(400);
    expect(errorOf(gz).code).toBe('VALIDATION_FAILED'); // read and validated, not refused
    const br = await send('br', 'PATCH', '/api/me', { ...creds.member, ...json, 'content-encoding': 'br' }, brotliCompressSync(JSON.stringify({ name: '壓縮的名字' })));
    expect(br.status).toBe(200);
    expect(JSON.parse(br.text).name).toBe('壓縮的名字');
    for (const encoding of ['gzip', 'br', 'deflate']) {
      const corrupt = await send('corrupt', 'PATCH', '/api/me', { ...creds.member, ...json, 'content-encoding': encoding }, 'definitely not compressed');
      expect(corrupt.status, encoding).toBe(400);
      expect(errorOf(corrupt).code).toBe('MALFORMED_REQUEST');
    }
  });

  it('refuses text/plain and other non-JSON bodies with 415, and keeps body-less writes and the CSV import working', async () => {
    const plain = await send('text', 'PATCH', '/api/me', { ...creds.member, 'content-type': 'text/plain' }, '{"name":"x"}');
    expect(plain.status).toBe(415);
    expect(errorOf(plain).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const noType = await send('none', 'PATCH', '/api/me', creds.member, new TextEncoder().encode('{"name":"x"}'));
    expect(noType.status).toBe(415);
    const keys = await send('list', 'GET', '/api/console/api-keys', creds.admin);
    const id = (JSON.parse(keys.text) as { items: { id: number; name: string }[] }).items.find((k) => k.name === 'corpus partner')!.id;
    const bodyless = await send('revoke', 'POST', `/api/console/api-keys/${id}/revoke`, creds.admin);
    expect(bodyless.status).toBe(200);
    const created = await postJson<{ id: number }>(
      '/api/console/coupon-templates',
      { name: '匯入券', kind: 'amount_off', amountOff: 50, codeMode: 'imported', validity: { type: 'relative', days: 30 } },
      creds.admin,
    );
    expect(created.status).toBe(201);
    const codesPath = `/api/console/coupon-templates/${created.body.id}/codes`;
    const csv = await send('csv', 'POST', codesPath, { ...creds.admin, 'content-type': 'text/csv' }, 'code\nIMPORT-0001\nIMPORT-0002\n');
    expect(csv.status, csv.text).toBe(201);
    expect(JSON.parse(csv.text).imported).toBe(2);
    const asForm = await send('csv as form', 'POST', codesPath, { ...creds.admin, 'content-type': 'application/x-www-form-urlencoded' }, 'IMPORT-0003');
    expect(asForm.status).toBe(415);
  });

  // Needs http/route.ts to read JSON bodies with `verify: refuseIllFormedUnicode` (http/request-guards.ts).
  it('refuses lone surrogates and bytes that are not UTF-8 with 400 instead of storing U+FFFD', async () => {
    for (const body of ['{"name":"\\ud800"}', '{"name":"a\\udc00b"}', '{"name":"\\udbff\\udbff"}']) {
      const res = await send('surrogate', 'PATCH', '/api/me', { ...creds.member, ...json }, body);
      expect(res.status, body).toBe(400);
      expect(errorOf(res).code).toBe('INVALID_JSON');
    }
    const latin1 = await send('not utf-8', 'PATCH', '/api/me', { ...creds.member, ...json }, new Uint8Array([...new TextEncoder().encode('{"name":"'), 0xe9, 0xed, 0xa0, 0x80, ...new TextEncoder().encode('"}')]));
    expect(latin1.status).toBe(400);
    expect(errorOf(latin1)).toMatchObject({ code: 'INVALID_JSON', message: '內容不是有效的 UTF-8 文字' });
    const pair = await send('pair', 'PATCH', '/api/me', { ...creds.member, ...json }, '{"name":"\\ud83d\\ude00 笑"}');
    expect(pair.status).toBe(200);
    expect(JSON.parse(pair.text).name).toBe('😀 笑');
  });

  it('answers long URLs and large headers with JSON 414 and 431, not a bare status line', async () => {
    for (const [length, status, code] of [[9_000, 414, 'URI_TOO_LONG'], [17_000, 414, 'URI_TOO_LONG'], [100_000, 414, 'URI_TOO_LONG']] as const) {
      const res = await send('long url', 'GET', `/api/wallet?q=${'a'.repeat(length)}`, creds.member);
      expect(res.status, `${length}`).toBe(status);
      expect(res.contentType).toContain('application/json');
      expect(errorOf(res).code).toBe(code);
    }
    const big = await send('big header', 'GET', '/api/me', { ...creds.member, 'x-padding': 'b'.repeat(20_000) });
    expect(big.status).toBe(431);
    expect(errorOf(big).code).toBe('HEADERS_TOO_LARGE');
    expect(errorOf(big).message).toBeTruthy();
  });

  it('answers a request the HTTP parser cannot read with JSON 400', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(running.port, '127.0.0.1', () => socket.write('GET /api/me HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
      let out = '';
      socket.on('data', (d: Buffer) => {
        out += d.toString();
      });
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => socket.destroy(new Error('timeout')));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)).error.code).toBe('MALFORMED_REQUEST');
  });

  it('answers unknown paths outside /api with JSON 404 too', async () => {
    const res = await send('unknown', 'GET', '/no-such-page/%E0%A4%A', {});
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('405 Method Not Allowed', () => {
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const patternOf = (path: string) => new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}$`);

  it('answers a wrong method on every contract path with 405 and the methods the path takes in Allow', async () => {
    const paths = [...new Set(CONTRACT.map((d) => fillPath(d.path)))];
    for (const path of paths) {
      const takes = new Set<string>(CONTRACT.filter((d) => patternOf(d.path).test(path)).map((d) => d.method));
      const wrong = METHODS.find((m) => !takes.has(m));
      if (!wrong) continue;
      const res = await send('405', wrong, path, creds.admin);
      expect(res.status, `${wrong} ${path}`).toBe(405);
      const body = JSON.parse(res.text) as { error: { code: string } };
      expect(body.error.code).toBe('METHOD_NOT_ALLOWED');
      const expected = [...takes];
      if (takes.has('GET')) expected.push('HEAD');
      expect(new Set(res.allow!.split(/,\s*/)), `${wrong} ${path}`).toEqual(new Set(expected));
    }
  });

  it('does the same outside /api, and still answers unknown paths 404', async () => {
    const webhook = await send('405', 'GET', '/webhook', {});
    expect(webhook.status).toBe(405);
    expect(webhook.allow).toBe('POST');
    const unknown = await send('404', 'DELETE', '/api/no/such/path', creds.admin);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.code).toBe('ROUTE_NOT_FOUND');
  });
});
