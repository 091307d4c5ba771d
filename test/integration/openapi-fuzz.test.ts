import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCoupon, makeAdmin, makeApiKey, makeMember, makeTemplate, type Auth } from '../helpers/factories.ts';
import { operations, schemaChecker, type OpenApiDoc, type Operation } from '../helpers/openapi.ts';
import { arbitraryFor, invalidFor, type Hints } from '../helpers/schema-arbitrary.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Property-based fuzzing of the POS/partner API from its OpenAPI document: requests are made
 * from the document's own schemas (fast-check), valid and broken, against a real server with
 * pos+partner keys and real coupons. Whatever is sent, the server answers no 5xx, only statuses
 * the document lists, with bodies (and Retry-After headers) as documented; and a request the
 * document calls valid is not refused as invalid, except by the two rules a schema cannot say
 * (the store must exist, `sendAt` at most 30 days ahead). Bounded: RUNS requests or
 * TIME_LIMIT_MS, whichever comes first.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 20_000);
/** Fields the server may refuse in a request the document calls valid, and why. */
const SEMANTIC_FIELDS: Record<string, string> = { storeId: 'the store must exist', sendAt: 'at most 30 days ahead' };

let server: TestServer;
let doc: OpenApiDoc;
let keys: Auth[];
let otherStoreKey: Auth;
let codes: string[];
let memberRefs: Record<string, unknown>[];
const redemptionIds: string[] = [];
const notificationIds: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off' });
  const admin = (await makeAdmin(server)).auth;
  // Several keys, so that unknown codes locking one out (429, documented) do not end the run.
  keys = [];
  for (let i = 0; i < 4; i += 1) keys.push((await makeApiKey(server, admin, { scopes: ['pos', 'partner'] })).auth);
  otherStoreKey = (await makeApiKey(server, admin, { scopes: ['pos'], storeIds: [2] })).auth;
  const members = [await makeMember(server, { following: true }), await makeMember(server), await makeMember(server)];
  // `member` names a member in the partner API (id, mobile or LINE user id) and at the POS (card code or
  // mobile): a hint must be valid wherever the property appears, so the shape both take.
  memberRefs = members.map((m) => ({ mobile: m.mobile }));
  const templates = [
    await makeTemplate(server, admin, { usesPerCoupon: 100 }),
    await makeTemplate(server, admin, { kind: 'percent_off', amountOff: null, percentOff: 10, maxDiscount: 200, minSpend: 500, usesPerCoupon: 100 }),
    await makeTemplate(server, admin, { kind: 'exchange', amountOff: null, exchangeItem: { sku: 'LATTE-L', name: '大杯拿鐵' }, usesPerCoupon: 100, storeIds: [1] }),
    await makeTemplate(server, admin, { kind: 'amount_off', amountOff: 50, scope: { type: 'items', skus: ['LATTE-L'] }, usesPerCoupon: 100 }),
  ];
  codes = [];
  for (const t of templates) for (const m of members) codes.push((await issueCoupon(server, admin, t.id, m.mobile)).code);
  doc = (await server.client.call('partnerOpenApi')).body as unknown as OpenApiDoc;
});
afterAll(async () => {
  await server?.stop();
});

const pick = <T,>(list: T[], fallback: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.nat().map((i) => list[i % Math.max(list.length, 1)]) }, { weight: 1, arbitrary: fallback }).map((v) => v ?? null);

function hints(): Hints {
  return {
    code: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...codes) },
      { weight: 1, arbitrary: fc.constantFrom(...codes).map((c) => ` ${c.toLowerCase()}\n`) },
    ),
    storeId: fc.constantFrom(1, 2, 3),
    member: fc.constantFrom(...memberRefs),
    orderAmount: fc.integer({ min: 0, max: 5000 }),
    uses: fc.integer({ min: 1, max: 3 }),
    sendAt: fc.integer({ min: -86_400_000, max: 29 * 86_400_000 }).map((ms) => new Date(Date.now() + ms).toISOString()),
  };
}

type Variant = 'valid' | 'invalid' | 'no-key' | 'wrong-store-key' | 'text-body' | 'too-large';

interface Planned {
  path: string;
  method: string;
  op: Operation;
  variant: Variant;
  params: Record<string, string>;
  body: unknown;
  hasBody: boolean;
  key: number;
  idempotencyKey: string | undefined;
}

function plan(path: string, method: string, op: Operation): fc.Arbitrary<Planned> {
  const ctx = { root: doc as unknown as Record<string, unknown>, hints: hints() };
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const paramArbs: Record<string, fc.Arbitrary<string>> = {};
  for (const p of op.parameters ?? []) {
    if (p.in !== 'path') continue;
    const own = arbitraryFor(p.schema, ctx).map(String);
    paramArbs[p.name] = path.includes('redemptions') ? pick(redemptionIds, own).map(String) : pick(notificationIds, own).map(String);
  }
  const variant = fc.constantFrom<Variant>('valid', 'valid', 'valid', 'valid', 'valid', 'invalid', 'invalid', 'no-key', 'wrong-store-key', 'text-body', 'too-large');
  const idempotent = op.parameters?.some((p) => p.name === 'Idempotency-Key');
  return fc
    .record({
      variant,
      params: fc.record(paramArbs),
      valid: bodySchema ? arbitraryFor(bodySchema, ctx) : fc.constant(undefined),
      invalid: bodySchema ? invalidFor(bodySchema, ctx) : fc.constant(undefined),
      omitBody: op.requestBody?.required ? fc.constant(false) : fc.boolean(),
      key: fc.nat({ max: 3 }),
      idempotencyKey: idempotent ? fc.option(fc.constantFrom('fuzz-order-0001', 'fuzz-order-0002', 'fuzz-order-0003', 'bad key!'), { nil: undefined }) : fc.constant(undefined),
    })
    .map((r) => ({
      path,
      method,
      op,
      variant: r.variant,
      params: r.params,
      body: r.variant === 'invalid' ? r.invalid : r.variant === 'too-large' ? { padding: 'x'.repeat(120_000) } : r.valid,
      hasBody: method !== 'get' && bodySchema !== undefined && (r.variant === 'too-large' || !(r.omitBody && r.variant === 'valid')),
      key: r.key,
      idempotencyKey: r.idempotencyKey,
    }));
}

const seen: Record<string, Record<string, number>> = {};

async function send(p: Planned) {
  const url = p.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(p.params[name] ?? ''));
  const headers: Record<string, string> = {};
  if (p.variant !== 'no-key') Object.assign(headers, p.variant === 'wrong-store-key' ? otherStoreKey : keys[p.key]!);
  if (p.idempotencyKey) headers['idempotency-key'] = p.idempotencyKey;
  let body: string | undefined;
  if (p.hasBody) {
    body = JSON.stringify(p.body ?? null);
    headers['content-type'] = p.variant === 'text-body' ? 'text/plain' : 'application/json';
  }
  const response = await fetch(server.url(url), { method: p.method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

describe('fuzzing the POS/partner API from its OpenAPI document', () => {
  it(`answers every generated request as documented: no 5xx, documented statuses and bodies (${RUNS} requests or ${TIME_LIMIT_MS / 1000} s)`, async () => {
    const check = schemaChecker(doc);
    const ops = operations(doc);
    const arb = fc.oneof(...ops.map(({ path, method, op }) => plan(path, method, op)));
    let runs = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(arb, async (p) => {
        runs += 1;
        const res = await send(p);
        const where = `${p.method.toUpperCase()} ${p.path} (${p.variant}) → ${res.status} ${res.text.slice(0, 300)}\nbody: ${JSON.stringify(p.body)?.slice(0, 300)}`;
        (seen[p.op.operationId] ??= {})[res.status] = (seen[p.op.operationId]?.[res.status] ?? 0) + 1;
        expect(res.status, where).toBeLessThan(500);
        const documented = p.op.responses[String(res.status)];
        expect(documented, `undocumented status: ${where}`).toBeDefined();
        const media = documented!.content?.['application/json'];
        if (media) {
          expect(res.json, `not JSON: ${where}`).toBeDefined();
          expect(check(media.schema, res.json), `body not as documented: ${where}`).toBeUndefined();
        }
        for (const [name, header] of Object.entries(documented!.headers ?? {})) {
          if (!header.required) continue;
          const value = res.headers.get(name);
          expect(value, `${name} missing: ${where}`).not.toBeNull();
          expect(Number(value), `${name}: ${where}`).toBeGreaterThanOrEqual(1);
        }
        const error = (res.json as { error?: { code: string; field?: string } } | undefined)?.error;
        if (p.variant === 'valid' && p.idempotencyKey !== 'bad key!' && error?.code === 'VALIDATION_FAILED') {
          expect(SEMANTIC_FIELDS[error.field ?? ''], `a request the document calls valid was refused as invalid: ${where}`).toBeDefined();
        }
        if (res.status === 201 && p.op.operationId === 'posRedeem') redemptionIds.push((res.json as { id: string }).id);
        if (res.status === 202) notificationIds.push((res.json as { id: string }).id);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, endOnFailure: true },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(`openapi fuzz: ${runs} requests in ${seconds} s`, JSON.stringify(seen));
    expect(runs).toBeGreaterThan(50);
    // The run reached past the refusals: real redemptions, voids and accepted notifications.
    expect(seen.posRedeem?.[201] ?? 0).toBeGreaterThan(0);
    expect(seen.posVoidRedemption?.[200] ?? 0).toBeGreaterThan(0);
    expect(seen.partnerNotify?.[202] ?? 0).toBeGreaterThan(0);
    expect(seen.posValidate?.[200] ?? 0).toBeGreaterThan(0);
    expect(seen.posRedeem?.[413] ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
