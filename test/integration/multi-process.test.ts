import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../bot-server/db/client.ts';
import { bulkJobs, campaigns, couponEvents, coupons, outbox, redemptions } from '../../bot-server/db/schema.ts';
import { DEMO_ADMIN } from '../../bot-server/demo/seed.ts';
import { TEST_CHANNEL_SECRET } from '../helpers/server.ts';

// The README's scale-out on one SQLite file: two web processes (one without workers) and the
// standalone dispatcher, real processes started as `npm start` / `npm run dispatcher` would.

const ROOT = resolve(import.meta.dirname, '../..');
type Err = { error: { code: string; message: string } };

interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

let dir: string;
const procs: Proc[] = [];
let webA: string;
let webB: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

function launch(name: string, script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', LOG_LEVEL: 'warn', LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET, DATABASE_PATH: join(dir, 'app.db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const proc = { name, child, output, exited };
  procs.push(proc);
  return proc;
}

async function healthy(proc: Proc, origin: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}):\n${proc.output.join('\n')}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${proc.name} did not start:\n${proc.output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Answer<T> {
  status: number;
  body: T;
  busy: number;
  retryAfterOk: boolean;
}

/**
 * A client that does what the 503 asks: waits Retry-After and tries again (at most 5 times).
 * `busy` counts the 503 DATABASE_BUSY answers it met on the way.
 */
async function call<T>(origin: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  let busy = 0;
  let retryAfterOk = true;
  for (let attempt = 0; ; attempt += 1) {
    const res = await fetch(`${origin}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    const code = (body as Err | undefined)?.error?.code;
    if (res.status === 503 && code === 'DATABASE_BUSY' && attempt < 5) {
      busy += 1;
      const after = Number(res.headers.get('retry-after'));
      if (!Number.isInteger(after) || after < 1) retryAfterOk = false;
      await new Promise((r) => setTimeout(r, Math.max(1, after || 1) * 1000));
      continue;
    }
    return { status: res.status, body: body as T, busy, retryAfterOk };
  }
}

async function expectOk<T>(answer: Promise<Answer<T>>): Promise<T> {
  const a = await answer;
  if (a.status < 200 || a.status > 299) throw new Error(`expected 2xx, got ${a.status}: ${JSON.stringify(a.body)}\n${logs()}`);
  return a.body;
}

/** A sandbox user on web A, signed in through the real ID-token flow and registered. */
async function newMember(i: number): Promise<{ memberId: number; auth: Record<string, string> }> {
  const user = await expectOk(call<{ userId: string }>(webA, '/sandbox/api/users', { body: { displayName: `Rush ${i}` } }));
  const { idToken } = await expectOk(call<{ idToken: string }>(webA, '/sandbox/liff/id-token', { body: { userId: user.userId } }));
  const { token } = await expectOk(call<{ token: string }>(webA, '/api/session', { body: { idToken } }));
  const auth = { authorization: `Bearer ${token}` };
  const mobile = `0933${String(100_000 + i).padStart(6, '0')}`;
  // The number is confirmed by the SMS code, read from web A's sandbox inbox (a client address per member: the per-IP backstop).
  await expectOk(call(webA, '/api/me/mobile/code', { headers: { ...auth, 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` }, body: { mobile } }));
  const inbox = await expectOk(call<{ messages: { body: string }[] }>(webA, `/sandbox/sms/messages?to=%2B886${mobile.slice(1)}`));
  const code = inbox.messages.at(-1)!.body.match(/\d{6}/)![0];
  const me = await expectOk(call<{ id: number }>(webA, '/api/me/registration', { headers: auth, body: { name: `搶券會員${i}`, mobile, code, birthday: '1991-04-01', consent: true } }));
  return { memberId: me.id, auth };
}

let db: DbHandle;
let admin: Record<string, string>;
let posAuth: Record<string, string>;
let storeId: number;

/** The processes' last log lines, short: level, message and error, for a failure's report. */
const logs = () =>
  procs
    .map((p) => {
      const lines = p.output.slice(-12).map((line) => {
        try {
          const j = JSON.parse(line) as { level: number; msg: string; err?: { code?: string; message?: string }; req?: { url?: string } };
          return `  ${j.level} ${j.msg} ${j.req?.url ?? ''} ${j.err ? `${j.err.code ?? ''} ${j.err.message ?? ''}` : ''}`;
        } catch {
          return `  ${line}`;
        }
      });
      return `${p.name}:\n${lines.join('\n')}`;
    })
    .join('\n');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-multi-'));
  const portA = await freePort();
  let portB = await freePort();
  while (portB === portA) portB = await freePort();
  webA = `http://127.0.0.1:${portA}`;
  webB = `http://127.0.0.1:${portB}`;
  // Web A (with the workers) and the dispatcher start together on a fresh file: both migrate.
  const a = launch('web A', 'bot-server/main.ts', { PORT: String(portA), HOST: '127.0.0.1', NOTIFY_DISPATCHER: 'off' });
  const dispatcher = launch('dispatcher', 'bot-server/notifications/dispatcher-main.ts', { LINE_API_BASE_URL: webA });
  await healthy(a, webA);
  // Web B waits at most 1 s for the write lock (the default is 5 s).
  const b = launch('web B', 'bot-server/main.ts', { PORT: String(portB), HOST: '127.0.0.1', NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false', DB_BUSY_TIMEOUT_MS: '1000' });
  await healthy(b, webB);
  expect(dispatcher.child.exitCode, dispatcher.output.join('\n')).toBeNull();
  db = openDatabase(join(dir, 'app.db'));

  const { idToken } = await expectOk(call<{ idToken: string }>(webA, '/sandbox/liff/id-token', { body: { userId: DEMO_ADMIN } }));
  const { token } = await expectOk(call<{ token: string }>(webA, '/api/session', { body: { idToken } }));
  admin = { authorization: `Bearer ${token}` };
  const stores = await expectOk(call<{ items: { id: number; code: string }[] }>(webA, '/api/console/stores', { headers: admin }));
  storeId = stores.items.find((s) => s.code === 'XINYI')!.id;
  const pos = await expectOk(call<{ key: string }>(webA, '/api/console/api-keys', { headers: admin, body: { name: 'POS 壓測', scopes: ['pos'] } }));
  posAuth = { authorization: `Bearer ${pos.key}` };
}, 40_000);

afterAll(async () => {
  db?.close();
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  await Promise.all(
    procs.map((p) =>
      Promise.race([
        p.exited,
        new Promise((r) =>
          setTimeout(() => {
            p.child.kill('SIGKILL');
            r(null);
          }, 5000),
        ),
      ]),
    ),
  );
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('two web processes and the dispatcher on one SQLite file', () => {
  it('a rush of redemptions and claims split across both servers: no 500, exact counts, every answer matches the database', async () => {
    // Redemptions: 6 coupons of 20 uses (120 uses), 200 attempts.
    const USES = 20;
    const multi = await expectOk(call<{ id: number }>(webA, '/api/console/coupon-templates', { headers: admin, body: { name: '多次核銷券', kind: 'amount_off', amountOff: 30, usesPerCoupon: USES, validity: { type: 'relative', days: 30 } } }));
    const issued: { id: number; code: string }[] = [];
    for (const mobile of ['0912345678', '0922333444', '0912345678', '0922333444', '0912345678', '0922333444']) {
      issued.push(await expectOk(call<{ id: number; code: string }>(webB, '/api/console/coupons/issue', { headers: admin, body: { templateId: multi.id, mobile } })));
    }

    // Claims: stock 30, 80 members each tapping once on each server.
    const STOCK = 30;
    const people: { memberId: number; auth: Record<string, string> }[] = [];
    for (let i = 0; i < 80; i += 10) people.push(...(await Promise.all(Array.from({ length: 10 }, (_, k) => newMember(i + k)))));
    const claimTemplate = await expectOk(call<{ id: number }>(webA, '/api/console/coupon-templates', { headers: admin, body: { name: '限量搶券', kind: 'amount_off', amountOff: 80, validity: { type: 'relative', days: 30 } } }));
    const campaign = await expectOk(
      call<{ id: number }>(webA, '/api/console/campaigns', {
        headers: admin,
        body: { name: '雙機搶券', mode: 'claim', templateId: claimTemplate.id, totalStock: STOCK, perMemberLimit: 1, startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() },
      }),
    );
    // Meanwhile the worker in web A issues a bulk job to everyone, and the dispatcher sends.
    const bulkTemplate = await expectOk(call<{ id: number }>(webA, '/api/console/coupon-templates', { headers: admin, body: { name: '全員禮', kind: 'amount_off', amountOff: 10, validity: { type: 'relative', days: 30 } } }));

    const started = Date.now();
    const [redeemed, claimed, bulk] = await Promise.all([
      Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          call<{ id: string; couponId: number; usesLeft: number; uses: number } & Err>(i % 2 ? webA : webB, '/api/pos/redemptions', {
            headers: { ...posAuth, 'idempotency-key': randomUUID() },
            body: { storeId, code: issued[i % issued.length]!.code },
          }),
        ),
      ),
      Promise.all(
        people.flatMap((p, i) =>
          (i % 2 ? [webA, webB] : [webB, webA]).map((origin) => call<{ coupons: { id: number; code: string }[] } & Err>(origin, `/api/claims/${campaign.id}`, { method: 'POST', headers: p.auth })),
        ),
      ),
      call<{ id: number }>(webB, '/api/console/bulk-jobs', { headers: admin, body: { name: '全員禮', templateId: bulkTemplate.id, audience: { type: 'all' } } }),
    ]);
    const elapsed = Date.now() - started;

    const all = [...redeemed, ...claimed, bulk];
    const busy = all.reduce((n, a) => n + a.busy, 0);
    console.info(`multi-process rush: ${all.length} requests in ${elapsed} ms, ${busy} answered 503 DATABASE_BUSY first`);
    const failures = all.filter((a) => a.status >= 500);
    expect(failures.map((f) => `${f.status} ${JSON.stringify(f.body)}`), logs()).toEqual([]);
    expect(all.every((a) => a.retryAfterOk)).toBe(true);
    // DATABASE_BUSY is the exception, not the rule: the writers wait for the lock first.
    expect(busy).toBeLessThanOrEqual(all.length * 0.05);

    // Redemptions: every use taken exactly once, each answer is a row in the database.
    const ok = redeemed.filter((r) => r.status === 201);
    expect(ok).toHaveLength(issued.length * USES);
    expect(new Set(redeemed.filter((r) => r.status !== 201).map((r) => r.body.error.code))).toEqual(new Set(['COUPON_ALREADY_USED']));
    for (const c of issued) {
      // Each coupon's answers count down 19, 18, ... 0 with no repeats.
      expect(ok.filter((r) => r.body.couponId === c.id).map((r) => r.body.usesLeft).sort((x, y) => x - y)).toEqual(Array.from({ length: USES }, (_, k) => k));
    }
    const couponIds = issued.map((c) => c.id);
    const rows = db.db.select().from(redemptions).where(inArray(redemptions.couponId, couponIds)).all();
    expect(rows).toHaveLength(ok.length);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of ok) expect(byId.get(r.body.id)).toMatchObject({ couponId: r.body.couponId, uses: 1, voidedAt: null });
    expect(db.db.select().from(coupons).where(inArray(coupons.id, couponIds)).all().map((c) => c.usesLeft)).toEqual(couponIds.map(() => 0));
    expect(db.db.select({ n: sql<number>`count(*)` }).from(couponEvents).where(and(inArray(couponEvents.couponId, couponIds), eq(couponEvents.type, 'redeemed'))).get()!.n).toBe(ok.length);
    expect(db.db.select({ n: sql<number>`count(*)` }).from(outbox).where(inArray(outbox.id, ok.map((r) => r.body.id))).get()!.n).toBe(ok.length);

    // Claims: exactly the stock, one per member, every coupon in an answer is in the database.
    const won = claimed.filter((r) => r.status === 201);
    expect(won).toHaveLength(STOCK);
    expect(new Set(claimed.filter((r) => r.status !== 201).map((r) => r.body.error.code))).toEqual(new Set(['OUT_OF_STOCK', 'ALREADY_CLAIMED']));
    const claimCoupons = db.db.select().from(coupons).where(eq(coupons.templateId, claimTemplate.id)).all();
    expect(claimCoupons).toHaveLength(STOCK);
    expect(new Set(claimCoupons.map((c) => c.memberId)).size).toBe(STOCK);
    const byCode = new Map(claimCoupons.map((c) => [c.code, c]));
    for (const r of won) expect(byCode.get(r.body.coupons[0]!.code)?.id).toBe(r.body.coupons[0]!.id);
    expect(db.db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()).toMatchObject({ claimedCount: STOCK });

    // The bulk job (worker in web A) finishes and issued what it says; the dispatcher sent.
    expect(bulk.status).toBe(201);
    const job = await (async () => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const row = db.db.select().from(bulkJobs).where(eq(bulkJobs.id, bulk.body.id)).get()!;
        if (row.status === 'done' || Date.now() > deadline) return row;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    expect(job).toMatchObject({ status: 'done', error: null });
    expect(job.issued).toBeGreaterThanOrEqual(people.length);
    expect(db.db.select({ n: sql<number>`count(*)` }).from(coupons).where(eq(coupons.templateId, bulkTemplate.id)).get()!.n).toBe(job.issued);
    const sent = await (async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const n = db.db.select({ n: sql<number>`count(*)` }).from(outbox).where(and(inArray(outbox.id, ok.map((r) => r.body.id)), eq(outbox.status, 'sent'))).get()!.n;
        if (n > 0 || Date.now() > deadline) return n;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    expect(sent).toBeGreaterThan(0);
  }, 60_000);

  it('a write that cannot have the lock within DB_BUSY_TIMEOUT_MS answers 503 DATABASE_BUSY with Retry-After, writes nothing, and the repeat succeeds', async () => {
    const t = await expectOk(call<{ id: number }>(webA, '/api/console/coupon-templates', { headers: admin, body: { name: '鎖定測試券', kind: 'amount_off', amountOff: 20, usesPerCoupon: 3, validity: { type: 'relative', days: 30 } } }));
    const coupon = await expectOk(call<{ id: number; code: string }>(webA, '/api/console/coupons/issue', { headers: admin, body: { templateId: t.id, mobile: '0912345678' } }));
    const request = { method: 'POST', headers: { ...posAuth, 'content-type': 'application/json', 'accept-language': 'en', 'idempotency-key': randomUUID() }, body: JSON.stringify({ storeId, code: coupon.code }) };
    // Another connection (think: a long import) holds the write lock for longer than web B waits.
    db.sqlite.exec('BEGIN IMMEDIATE');
    let refused: Response;
    const asked = Date.now();
    try {
      refused = await fetch(`${webB}/api/pos/redemptions`, request);
    } finally {
      db.sqlite.exec('ROLLBACK');
    }
    const waited = Date.now() - asked;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ error: { code: 'DATABASE_BUSY', message: 'The system is busy and nothing was changed; try again in a few seconds' } });
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(db.db.select().from(redemptions).where(eq(redemptions.couponId, coupon.id)).all()).toEqual([]);
    expect(db.db.select().from(coupons).where(eq(coupons.id, coupon.id)).get()).toMatchObject({ usesLeft: 3 });

    const again = await fetch(`${webB}/api/pos/redemptions`, request);
    expect(again.status).toBe(201);
    const body = (await again.json()) as { id: string; usesLeft: number };
    expect(body.usesLeft).toBe(2);
    expect(db.db.select().from(redemptions).where(eq(redemptions.couponId, coupon.id)).all().map((r) => r.id)).toEqual([body.id]);
  }, 20_000);
});
