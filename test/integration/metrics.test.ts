import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { makeAdmin, makeApiKey, makeMember } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// GET /metrics (Prometheus text format): requests and latencies by route template, money
// operations by outcome, the outbox by status, jobs, the WAL's size; behind a token on the
// public port, or on a port of its own.

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

const TOKEN = 'metrics-token-for-the-test-0123456789';
let server: TestServer;
let metricsPort: number;

beforeAll(async () => {
  metricsPort = await freePort();
  server = await startTestServer({ METRICS_TOKEN: TOKEN, METRICS_PORT: String(metricsPort) });
});
afterAll(async () => {
  await server?.stop();
});

/** The value of one series in exposition text, or undefined. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}

describe('metrics', () => {
  it('counts requests by route template and money operations by outcome; reads the outbox, jobs and WAL', async () => {
    const admin = (await makeAdmin(server)).auth;
    const pos = await makeApiKey(server, admin, { scopes: ['pos'] });
    const storeId = (await server.client.call('consoleListStores', { headers: admin })).body.items[0]!.id;
    const member = await makeMember(server);
    const coupon = await issueByMobile(server, admin, (await createTemplate(server, admin, { name: '指標券', amountOff: 10 })).id, member.mobile);
    expect((await server.client.call('posRedeem', { headers: pos.auth, untypedBody: { storeId, code: coupon.code } })).status).toBe(201);
    const again = await server.client.call('posRedeem', { headers: pos.auth, untypedBody: { storeId, code: coupon.code } });
    expect(again.status).toBe(409);
    const code = (again.body as unknown as { error: { code: string } }).error.code;

    const res = await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(value(text, 'http_requests_total{method="POST",route="/api/pos/redemptions",status="201"}')).toBe(1);
    expect(value(text, 'http_requests_total{method="POST",route="/api/pos/redemptions",status="409"}')).toBe(1);
    expect(value(text, 'http_request_duration_seconds_count{method="POST",route="/api/pos/redemptions"}')).toBe(2);
    expect(value(text, 'money_operations_total{operation="redeem",outcome="ok"}')).toBe(1);
    expect(value(text, `money_operations_total{operation="redeem",outcome="${code}"}`)).toBe(1);
    // Ids never become labels: the coupon's id is not in any route label.
    expect(text).not.toMatch(/route="[^"]*\/\d+/);
    const byStatus = server.db.sqlite.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: string; n: number }[];
    expect(text).toContain('# TYPE outbox_messages gauge');
    for (const row of byStatus) expect(value(text, `outbox_messages{status="${row.status}"}`)).toBe(row.n);
    expect(value(text, 'sqlite_wal_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^jobs\{kind="[a-z_]+",status="[a-z_]+"\} \d+/m);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('needs the token on the public port; the metrics port serves it without one', async () => {
    const none = await fetch(`${server.origin}/metrics`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${server.origin}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    const own = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(own.status).toBe(200);
    // The same handler as the public port's (serveMetrics): the exposition format, never cached.
    expect(own.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(own.headers.get('cache-control')).toBe('no-store');
    expect(await own.text()).toContain('http_requests_total');
    const other = await fetch(`http://127.0.0.1:${metricsPort}/other`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
