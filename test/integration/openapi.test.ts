import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDOCUMENTED_ROUTES } from '../../bot-server/partners/openapi.ts';
import { PARTNER_KINDS } from '../../shared/api/notifications.ts';
import { api, type RouteDef, type RouteName } from '../../shared/api/routes.ts';
import { makeAdmin, makeApiKey, makeMember, makeTemplate, issueCoupon, type Auth } from '../helpers/factories.ts';
import { operations, schemaChecker, type OpenApiDoc } from '../helpers/openapi.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * The OpenAPI documents are generated from the contract: valid OpenAPI 3.1, every bound route
 * in one (or named as undocumented, with why), every example valid, and what they promise the
 * server does (codes taken as documented, typed notification variables, void without a key).
 */

let server: TestServer;
let partnerDoc: OpenApiDoc;
let apiDoc: OpenApiDoc;
let admin: Auth;
let key: Auth;

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_DISPATCHER: 'off' });
  partnerDoc = (await server.client.call('partnerOpenApi')).body as unknown as OpenApiDoc;
  apiDoc = (await server.client.call('apiOpenApi')).body as unknown as OpenApiDoc;
  admin = (await makeAdmin(server)).auth;
  key = (await makeApiKey(server, admin, { scopes: ['pos', 'partner'] })).auth;
});
afterAll(async () => {
  await server?.stop();
});

const ROUTES = Object.entries(api) as [RouteName, RouteDef][];
const toExpress = (path: string) => path.replace(/\{([A-Za-z]+)\}/g, ':$1');

/** The routes the live /api router binds, as "METHOD /path". */
function boundRoutes(): Set<string> {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const app = server.server.listeners('request')[0] as unknown as { router: { stack: Layer[] } };
  const bound = new Set<string>();
  const walk = (stack: Layer[], depth: number) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) bound.add(`${method.toUpperCase()} /api${layer.route.path}`);
      else if (layer.handle?.stack && depth < 4) walk(layer.handle.stack, depth + 1);
    }
  };
  const apiRouter = app.router.stack.find((l) => l.handle?.stack?.some((s) => s.route?.path === '/config'))?.handle?.stack;
  expect(apiRouter).toBeDefined();
  walk(apiRouter!, 0);
  return bound;
}

describe('the OpenAPI documents', () => {
  it('are valid OpenAPI 3.1, and the validator would say so if they were not', async () => {
    for (const doc of [partnerDoc, apiDoc]) {
      const result = await new Validator().validate(structuredClone(doc) as never);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      expect(doc.openapi).toBe('3.1.0');
    }
    const broken = structuredClone(partnerDoc) as unknown as { paths: Record<string, Record<string, { parameters?: { in: string }[] }>> };
    broken.paths['/api/pos/redemptions']!.post!.parameters![0]!.in = 'body';
    expect((await new Validator().validate(broken as never)).valid).toBe(false);
  });

  it('document every route the server binds, or say why not', () => {
    const documented = new Map<string, string>();
    for (const doc of [partnerDoc, apiDoc]) for (const { method, path, op } of operations(doc)) documented.set(`${method.toUpperCase()} ${toExpress(path)}`, op.operationId);
    const byRoute = new Map(ROUTES.map(([name, def]) => [`${def.method} ${def.path}`, name]));
    const missing: string[] = [];
    for (const route of boundRoutes()) {
      if (documented.has(route)) continue;
      const name = byRoute.get(route);
      if (name && UNDOCUMENTED_ROUTES[name]) continue;
      missing.push(route);
    }
    expect(missing).toEqual([]);
    // Each operation is its contract route: the same name, method and path.
    for (const [route, operationId] of documented) expect(byRoute.get(route), route).toBe(operationId);
    for (const [name, why] of Object.entries(UNDOCUMENTED_ROUTES)) {
      expect(why!.length, name).toBeGreaterThan(10);
      expect(api[name as RouteName], name).toBeDefined();
    }
  });

  it('the POS/partner document has exactly the pos and partner routes, tagged, secured, with their parameters', () => {
    const expected = ROUTES.filter(([, d]) => d.access === 'pos' || d.access === 'partner');
    const ops = operations(partnerDoc);
    expect(ops.map((o) => o.op.operationId)).toEqual(expected.map(([n]) => n));
    for (const { op, path } of ops) {
      const def = api[op.operationId as RouteName];
      expect(op.tags).toEqual([def.access === 'pos' ? 'POS' : 'Partner']);
      expect(op.security).toEqual([{ apiKey: [] }]);
      expect(op.summary.length).toBeGreaterThan(10);
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) expect(op.parameters?.find((p) => p.in === 'path' && p.name === name)?.required).toBe(true);
      const idempotency = op.parameters?.find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect(Boolean(idempotency), op.operationId).toBe(def.idempotent === true);
      for (const status of ['401', '403', '400', '503']) expect(op.responses[status], `${op.operationId} ${status}`).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        if (status === '429' || status === '503') expect(response.headers?.['Retry-After']?.required, `${op.operationId} ${status}`).toBe(true);
      }
    }
    expect(partnerDoc.components.securitySchemes).toHaveProperty('apiKey');
    expect(partnerDoc.tags?.map((t) => t.name)).toEqual(['POS', 'Partner']);
    expect(Object.keys(partnerDoc.paths['/api/pos/redemptions']!.post!.responses)).toEqual(expect.arrayContaining(['201', '409', '413', '415', '422', '429']));
    expect(Object.keys(partnerDoc.paths['/api/partner/notifications']!.post!.responses)).toContain('202');
  });

  it('has an example for every request and response of the POS/partner API, each valid per its schema and the contract', () => {
    for (const doc of [partnerDoc, apiDoc]) {
      const check = schemaChecker(doc);
      for (const { op } of operations(doc)) {
        const partner = op['x-access'] === 'pos' || op['x-access'] === 'partner';
        const def = api[op.operationId as RouteName];
        const request = op.requestBody?.content['application/json'];
        if (request) {
          if (partner) expect(Object.keys(request.examples ?? {}).length, `${op.operationId} request examples`).toBeGreaterThan(0);
          for (const [name, example] of Object.entries(request.examples ?? {})) {
            expect(check(request.schema, example.value), `${op.operationId} ${name}`).toBeUndefined();
            expect(def.input!.safeParse(example.value).success, `${op.operationId} ${name} per the contract`).toBe(true);
          }
        }
        for (const [status, response] of Object.entries(op.responses)) {
          const media = response.content?.['application/json'];
          if (!media) continue;
          if (partner) expect(Object.keys(media.examples ?? {}).length, `${op.operationId} ${status} examples`).toBeGreaterThan(0);
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            expect(check(media.schema, example.value), `${op.operationId} ${status} ${name}`).toBeUndefined();
            if (status.startsWith('2')) expect(def.output.safeParse(example.value).success, `${op.operationId} ${name} per the contract`).toBe(true);
          }
        }
      }
      // The checker refuses what breaks a schema (so the loop above could fail).
      expect(check({ $ref: '#/components/schemas/Error' }, { error: { code: 'NOT_A_CODE' } })).toBeDefined();
    }
  });

  it('says date-time for the times the server sends', () => {
    const s = partnerDoc.components.schemas as Record<string, { properties: Record<string, { format?: string; anyOf?: { format?: string }[] }> }>;
    const format = (p: { format?: string; anyOf?: { format?: string }[] }) => p.format ?? p.anyOf?.find((a) => a.format)?.format;
    for (const field of ['createdAt', 'voidedAt', 'undoUntil']) expect(format(s.Redemption!.properties[field]!), field).toBe('date-time');
    for (const field of ['dueAt', 'sentAt', 'createdAt']) expect(format(s.NotificationStatus!.properties[field]!), field).toBe('date-time');
    const coupon = (s.Validation!.properties.coupon as unknown as { properties: Record<string, { format?: string }> }).properties;
    for (const field of ['validFrom', 'validUntil', 'issuedAt']) expect(coupon[field]!.format, field).toBe('date-time');
  });
});

describe('the document and the server agree', () => {
  it('describes a notification by kind, each kind with its variables typed', async () => {
    const request = partnerDoc.components.schemas.PartnerNotificationRequest as { oneOf: { $ref: string }[]; discriminator: { propertyName: string; mapping: Record<string, string> } };
    expect(request.discriminator.propertyName).toBe('kind');
    expect(Object.keys(request.discriminator.mapping)).toEqual(PARTNER_KINDS);
    expect(request.oneOf).toHaveLength(PARTNER_KINDS.length);
    const reservation = partnerDoc.components.schemas.ReservationNotification as { properties: { variables: { properties: Record<string, { type?: string; format?: string }>; required: string[]; additionalProperties: boolean } } };
    expect(reservation.properties.variables.properties.partySize!.type).toBe('integer');
    expect(reservation.properties.variables.properties.time!.format).toBe('date-time');
    expect(reservation.properties.variables.required).toEqual(['store', 'time', 'partySize']);
    expect(reservation.properties.variables.additionalProperties).toBe(false);

    // The server refuses what the document refuses: a party size sent as text.
    const member = await makeMember(server);
    const body = { member: { id: member.memberId }, kind: 'reservation' as const, variables: { store: '信義店', time: '2026-11-28T10:30:00Z', partySize: 4 } };
    const asText = await server.client.call('partnerNotify', { headers: key, untypedBody: { ...body, variables: { ...body.variables, partySize: '4' } } });
    expect(asText.status).toBe(400);
    expect(asText.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'variables.partySize' });
    const ok = await server.client.call('partnerNotify', { headers: key, body });
    expect(ok.status).toBe(202);
  });

  it('takes a coupon code as the document allows: a code with a newline in front is looked up, not refused', async () => {
    const schema = (partnerDoc.components.schemas.ValidateRequest as { properties: { code: Record<string, unknown> } }).properties.code;
    const code = '\nabc';
    expect(code.length).toBeGreaterThanOrEqual(schema.minLength as number);
    expect(new RegExp(schema.pattern as string).test(code)).toBe(true);
    const res = await server.client.call('posValidate', { headers: key, body: { storeId: 1, code } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('COUPON_NOT_FOUND');
    // A real code with spaces around it is still found (the lookup ignores spaces).
    const member = await makeMember(server);
    const template = await makeTemplate(server, admin);
    const coupon = await issueCoupon(server, admin, template.id, member.mobile);
    const padded = await server.client.call('posValidate', { headers: key, body: { storeId: 1, code: ` ${coupon.code}\n`, orderAmount: 500 } });
    expect(padded.status).toBe(200);
    expect(padded.body.coupon.id).toBe(coupon.id);
    // Basket lines and the void reason: checked as sent, so " A" (documented as valid) is taken.
    const line = await server.client.call('posValidate', { headers: key, body: { storeId: 1, code: coupon.code, lines: [{ sku: ' A', unitPrice: 100, quantity: 1 }] } });
    expect(line.status).toBe(200);
    const blank = await server.client.call('posValidate', { headers: key, untypedBody: { storeId: 1, code: coupon.code, lines: [{ sku: '  ', unitPrice: 100, quantity: 1 }] } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.field).toBe('lines.0.sku');
  });

  it('voids idempotently without a key, as documented: the second void answers the same and gives no use back twice', async () => {
    const member = await makeMember(server);
    const template = await makeTemplate(server, admin, { usesPerCoupon: 3 });
    const coupon = await issueCoupon(server, admin, template.id, member.mobile);
    const redeemed = await server.client.call('posRedeem', { headers: key, body: { storeId: 1, code: coupon.code, orderAmount: 500, uses: 2 } });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body.usesLeft).toBe(1);
    const first = await server.client.call('posVoidRedemption', { headers: key, params: { id: redeemed.body.id }, body: { reason: '退貨' } });
    const again = await server.client.call('posVoidRedemption', { headers: key, params: { id: redeemed.body.id }, body: { reason: '再退一次' } });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(first.body.usesLeft).toBe(3);
    expect(again.body).toEqual(first.body);
    expect(partnerDoc.paths['/api/pos/redemptions/{id}/void']!.post!.summary).toContain('Void');
    expect(JSON.stringify(partnerDoc.paths['/api/pos/redemptions/{id}/void'])).toContain('idempotent by itself');
  });
});
