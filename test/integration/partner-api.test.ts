import { NOTIFICATION_KINDS } from '../../shared/notifications/kinds.ts';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdmin } from '../helpers/factories.ts';
import { followingMember, registerMember, signInAs, uniqueMobile } from '../helpers/members.ts';
import { rows, settled } from '../helpers/outbox.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** The admin's LINE user id (a fresh admin from the factories, not the demo's). */
let ADMIN: string;
let server: TestServer;
let admin: Record<string, string>;
let partnerKey: string;
let partner: Record<string, string>;

type Err = { error: { code: string; message: string; field?: string } };

beforeAll(async () => {
  server = await startTestServer({ NOTIFY_BACKOFF_BASE_MS: '20' });
  const made = await makeAdmin(server);
  ADMIN = made.userId;
  admin = made.auth;
  const created = await server.client.call('consoleCreateApiKey', { headers: admin, body: { name: '訂位系統', scopes: ['partner'] } });
  expect(created.status).toBe(201);
  partnerKey = created.body.key;
  partner = { authorization: `Bearer ${partnerKey}` };
});
afterAll(async () => {
  await server.stop();
});

const reservation = (member: Record<string, unknown>) => ({
  member,
  kind: 'reservation',
  variables: { store: '信義店', time: '2026-11-28T10:30:00Z', partySize: 4 },
});

describe('partner notifications API', () => {
  it('a reservation system books a table and the member gets the details from the brand account', async () => {
    const { userId } = await followingMember(server);
    const { auth } = await signInAs(server, userId);
    const mobile = uniqueMobile();
    await registerMember(server, auth, { name: '訂位客人', mobile });
    const res = await server.client.call('partnerNotify', { headers: partner, untypedBody: reservation({ mobile: `${mobile.slice(0, 4)}-${mobile.slice(4, 7)}-${mobile.slice(7)}` }) });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'pending' });
    await settled(server, [res.body.id]);
    const status = await server.client.call('partnerNotificationStatus', { headers: partner, params: { id: res.body.id } });
    expect(status.body).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    const pushed = (await server.messagesTo(userId)).filter((m) => m.retryKey === res.body.id);
    expect(pushed).toHaveLength(1);
    const text = JSON.stringify(pushed[0]!.message);
    expect(text).toContain('訂位客人 您好，已為您保留');
    expect(text).toContain('信義店 4 位');
    expect(text).toContain('18:30'); // 10:30Z shown in brand time
  });

  it('accepts the member by id and LINE user id, a custom https CTA and a later sendAt', async () => {
    const { userId, memberId } = await followingMember(server);
    const byId = await server.client.call('partnerNotify', { headers: partner, body: { member: { id: memberId }, kind: 'third_party', variables: { title: '包裹已送達', body: '請至信義店櫃台領取' }, cta: { label: '查看包裹', url: 'https://shop.example.com/orders/1' } } });
    expect(byId.status).toBe(202);
    const sendAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const later = await server.client.call('partnerNotify', { headers: partner, untypedBody: { ...reservation({ lineUserId: userId }), sendAt } });
    expect(later.status).toBe(202);
    await settled(server, [byId.body.id]);
    expect(JSON.stringify((await server.messagesTo(userId)).at(-1)!.message)).toContain('https://shop.example.com/orders/1');
    const [row] = rows(server, [later.body.id]);
    expect(row).toMatchObject({ status: 'pending' });
    expect(row!.dueAt.toISOString()).toBe(sendAt);
  });

  it('replays with the same Idempotency-Key return the first result and enqueue once, even in parallel', async () => {
    const { memberId } = await followingMember(server);
    const headers = { ...partner, 'idempotency-key': 'booking-20261128-0001' };
    const results = await Promise.all(Array.from({ length: 10 }, () => server.client.call('partnerNotify', { headers, untypedBody: reservation({ id: memberId }) })));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([202]));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const reused = await server.client.call('partnerNotify', { headers, untypedBody: { ...reservation({ id: memberId }), variables: { store: '南西店', time: '2026-11-28T10:30:00Z', partySize: 2 } } });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it.each([
    [{ member: { id: 999999 } }, 404, 'MEMBER_NOT_FOUND'],
    [{ member: { mobile: '0988-000-000' } }, 404, 'MEMBER_NOT_FOUND'],
    [{ member: { mobile: '02-2722-0000' } }, 400, 'MOBILE_INVALID'],
    [{ member: { name: '王小明' } }, 400, 'VALIDATION_FAILED'],
    [{ kind: 'welcome' }, 400, 'VALIDATION_FAILED'],
    [{ variables: { store: '信義店', time: '2026-11-28T10:30:00Z' } }, 400, 'VALIDATION_FAILED'],
    [{ variables: { store: '信義店', time: 'tomorrow', partySize: 2 } }, 400, 'VALIDATION_FAILED'],
    [{ variables: { store: '信義店', time: '2026-11-28T10:30:00Z', partySize: 2, tableNo: 7 } }, 400, 'VALIDATION_FAILED'],
    [{ cta: { url: 'http://insecure.example.com' } }, 400, 'VALIDATION_FAILED'],
    [{ sendAt: '2027-12-01T00:00:00Z' }, 400, 'VALIDATION_FAILED'],
  ])('refuses %j with %i %s', async (override, status, code) => {
    const res = await server.client.call('partnerNotify', { headers: partner, untypedBody: { ...reservation({ id: 1 }), ...override } });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(3);
  });

  it('names the missing variable in zh-TW and English', async () => {
    const body = { ...reservation({ id: 1 }), variables: { store: '信義店', time: '2026-11-28T10:30:00Z' } };
    const zh = await server.client.call('partnerNotify', { headers: partner, untypedBody: body });
    expect(zh.body.error).toMatchObject({ field: 'variables.partySize', message: 'variables.partySize: 必填（人數）' });
    const en = await server.client.call('partnerNotify', { headers: { ...partner, 'accept-language': 'en' }, untypedBody: body });
    expect(en.body.error.message).toBe('variables.partySize: required (Party size)');
  });

  it('refuses missing, wrong and revoked keys, member sessions, and other keys\' notifications', async () => {
    const none = await server.client.call('partnerNotify', { untypedBody: reservation({ id: 1 }) });
    expect(none.status).toBe(401);
    const wrong = await server.client.call('partnerNotify', { headers: { authorization: 'Bearer lmc_wrongwrongwrongwrongwrongwrong' }, untypedBody: reservation({ id: 1 }) });
    expect(wrong.body.error.code).toBe('API_KEY_INVALID');
    const member = await server.client.call('partnerNotify', { headers: admin, untypedBody: reservation({ id: 1 }) });
    expect(member.status).toBe(403);

    const other = await server.client.call('consoleCreateApiKey', { headers: admin, body: { name: '電商', scopes: ['partner'] } });
    const { memberId } = await followingMember(server);
    const mine = await server.client.call('partnerNotify', { headers: partner, untypedBody: reservation({ id: memberId }) });
    const peek = await server.client.call('partnerNotificationStatus', { headers: { authorization: `Bearer ${other.body.key}` }, params: { id: mine.body.id } });
    expect(peek.status).toBe(404);

    const revoked = await server.client.call('consoleRevokeApiKey', { headers: admin, params: { id: other.body.apiKey.id } });
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const after = await server.client.call('partnerNotify', { headers: { authorization: `Bearer ${other.body.key}` }, untypedBody: reservation({ id: memberId }) });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('API_KEY_REVOKED');
  });

  it('keeps only a hash of each key, and lists keys without them', async () => {
    const stored = server.db.sqlite.prepare('select key_hash, prefix from api_keys').all() as { key_hash: string; prefix: string }[];
    expect(stored.some((r) => r.key_hash === partnerKey)).toBe(false);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);
    const list = await server.client.call('consoleListApiKeys', { headers: admin });
    expect(JSON.stringify(list.body)).not.toContain(partnerKey);
    expect(list.body.items[0]).toHaveProperty('prefix');
  });

  it('serves an OpenAPI document for the partner API', async () => {
    const doc = await server.json<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>(server.client.path('partnerOpenApi'));
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(['/api/pos/validations', '/api/pos/redemptions', '/api/pos/redemptions/{id}/void', '/api/partner/notifications', '/api/partner/notifications/{id}', '/api/pos/purchases', '/api/pos/purchases/{id}/refunds', '/api/pos/points/redemptions', '/api/pos/points/redemptions/{id}/reverse', '/api/pos/member-cards']);
    expect(JSON.stringify(doc.body.components.schemas.RedeemRequest)).toContain('orderAmount');
    expect(JSON.stringify(doc.body.components.schemas.PartnerNotificationRequest)).toContain('sendAt');
  });

  it('npm run apikey creates a key and prints it alone on the last line', () => {
    const result = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bot-server/cli/apikey.ts'), 'create', 'POS 信義', '--scopes', 'partner,pos', '--stores', '1'], {
      env: { PATH: process.env.PATH, DATABASE_PATH: server.config.databasePath },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^lmc_[A-Za-z0-9_-]{40}$/);
    const bad = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bot-server/cli/apikey.ts'), 'create', 'x', '--scopes', 'root'], { env: { PATH: process.env.PATH, DATABASE_PATH: server.config.databasePath }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('partner, pos');
  });
});

describe('console templates', () => {
  it('refuses unknown variables when saving, and previews with a chosen member\'s real data', async () => {
    const list = await server.client.call('consoleListTemplates', { headers: admin });
    expect(list.body.items).toHaveLength(NOTIFICATION_KINDS.length);
    const tpl = list.body.items.find((t) => t.kind === 'gift_received')!;
    const input = { enabled: tpl.enabled, content: tpl.content, ctaTarget: tpl.ctaTarget, heroImageUrl: tpl.heroImageUrl, accentColor: tpl.accentColor };
    const bad = structuredClone(input);
    bad.content['zh-TW']!.body = '{{memberName}} 收到 {{giftName}}';
    const refused = await server.client.call('consoleSaveTemplate', { headers: admin, body: bad, params: { kind: 'gift_received' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('content.zh-TW.body');
    expect(refused.body.error.message).toContain('{{giftName}}');

    const good = structuredClone(input);
    good.content['zh-TW']!.title = '🎁 {{senderName}} 送你禮物啦';
    const saved = await server.client.call('consoleSaveTemplate', { headers: admin, body: good, params: { kind: 'gift_received' } });
    expect(saved.body.isCustom).toBe(true);

    const member = await followingMember(server, '預覽會員');
    const preview = await server.client.call('consolePreviewTemplate', { headers: admin, body: { template: good, memberId: member.memberId }, params: { kind: 'gift_received' } });
    expect(preview.status).toBe(200);
    expect(JSON.stringify(preview.body.message)).toContain('預覽會員');
    expect(JSON.stringify(preview.body.message)).toContain('🎁 王小明 送你禮物啦');
    expect(preview.body.bytes).toBeLessThan(30 * 1024);

    const audit = await server.client.call('consoleAuditLog', { headers: admin });
    expect(audit.body.items.find((a) => a.action === 'template.update')?.targetId).toBe('gift_received');
  });

  it('"send a test to me" pushes the draft to the admin\'s own chat', async () => {
    await server.actAs({ type: 'follow', userId: ADMIN });
    const before = (await server.messagesTo(ADMIN)).length;
    const res = await server.client.call('consoleTestSend', { headers: admin, body: {}, params: { kind: 'reservation' } });
    expect(res.body.status).toBe('sent');
    const after = await server.messagesTo(ADMIN);
    expect(after).toHaveLength(before + 1);
    expect(JSON.stringify(after.at(-1)!.message)).toContain('訂位成功');
  });

  it('a turned-off template skips its notifications', async () => {
    const list = await server.client.call('consoleListTemplates', { headers: admin });
    const tpl = list.body.items.find((t) => t.kind === 'order_status')!;
    await server.client.call('consoleSaveTemplate', { headers: admin, body: { enabled: false, content: tpl.content, ctaTarget: tpl.ctaTarget, heroImageUrl: tpl.heroImageUrl, accentColor: tpl.accentColor }, params: { kind: 'order_status' } });
    const { memberId } = await followingMember(server);
    const res = await server.client.call('partnerNotify', { headers: partner, body: { member: { id: memberId }, kind: 'order_status', variables: { orderNo: 'A1', statusText: '已出貨' } } });
    await new Promise((r) => setTimeout(r, 2100)); // the dispatcher caches templates for 2 s
    const [row] = await settled(server, [res.body.id]);
    expect(row).toMatchObject({ status: 'skipped', reason: 'template turned off' });
  });

  it('the delivery log filters by kind and status and counts per day', async () => {
    const log = await server.client.call('consoleDeliveries', { headers: admin, query: { kind: 'reservation', status: 'sent' } });
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBeGreaterThan(0);
    expect(log.body.items.every((i) => i.kind === 'reservation' && i.status === 'sent')).toBe(true);
    expect(log.body.perDay).toHaveLength(14);
    expect(log.body.perDay.at(-1)!.sent).toBeGreaterThan(0);
    expect(log.body.totals.sent).toBeGreaterThan(0);
    const bad = await server.client.call('consoleDeliveries', { headers: admin, query: { status: 'lost' } });
    expect(bad.status).toBe(400);
  });
});
