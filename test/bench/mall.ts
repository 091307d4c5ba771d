import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { insertProduct } from '../../bot-server/mall/product.repo.ts';
import { SANDBOX_LINEPAY_CREDENTIALS } from '../../bot-server/sandbox/index.ts';
import { batchSizes, fmt, freePort, NODE_FLAGS, percentile, ROOT, rssMb, startServerProcess, tempDir, type BenchResult } from './lib.ts';

const ATTEMPTS = Number(process.env.BENCH_MALL_ATTEMPTS ?? 10_000);
const STOCK = Number(process.env.BENCH_MALL_STOCK ?? 1_000);
const CONNECTIONS = 500;
const WARMUP = 2_000;
const PRICE = 88;
/**
 * BENCH_MALL_IDEMPOTENCY=1: every attempt carries its own Idempotency-Key, as the member app's
 * checkout sends (ours then also reads the key's row and stores it with each order; the
 * hand-written endpoint ignores the header). Off by default, so figures compare with earlier runs.
 */
const WITH_KEYS = process.env.BENCH_MALL_IDEMPOTENCY === '1';

/**
 * ATTEMPTS registered members with sessions (one order attempt each, limit 1 per member), a
 * NT$88 voucher product with STOCK units, and a warm-up product (JIT, prepared statements).
 */
export function seed(path: string): { tokens: string[]; productId: number; warmupId: number } {
  const h = openDatabase(path);
  migrateDatabase(h);
  const s = h.sqlite;
  const now = Date.now();
  const templateId = Number(
    s.prepare(`insert into coupon_templates (name, kind, amount_off, scope, min_spend, validity, uses_per_coupon, code_pattern) values ('限時搶購 NT$100 券', 'amount_off', 100, '{"type":"order"}', 0, '{"type":"relative","days":3650}', 1, '{"prefix":"MB","charset":"alnum","length":10,"suffix":""}')`).run().lastInsertRowid,
  );
  const product = (name: string, stock: number) =>
    insertProduct(
      h.db,
      { kind: 'voucher', status: 'active', name, priceMode: 'cash', priceCash: PRICE, pricePoints: 0, listPrice: 100, perMemberLimit: 1, audience: { type: 'all' }, guarantee: { type: 'bank_trust', reference: 'bench', note: null } },
      [{ templateId, quantity: 1 }],
      stock,
    ).id;
  const productId = product('限時搶購', STOCK);
  const warmupId = product('暖身', 200);
  const member = s.prepare("insert into members (line_user_id, display_name, name, mobile, mobile_verified_at, birthday, registered_at, consent_at, status, is_following) values (?, '', ?, ?, ?, '1990-01-01', ?, ?, 'active', 1) returning id");
  const session = s.prepare('insert into sessions (token_hash, member_id, expires_at) values (?, ?, ?)');
  const tokens: string[] = [];
  s.transaction(() => {
    for (let i = 0; i < ATTEMPTS; i += 1) {
      const { id } = member.get(`U${randomBytes(16).toString('hex')}`, `搶購會員${i}`, `+8869${String(10_000_000 + i)}`, now, now, now) as { id: number };
      const token = randomBytes(24).toString('base64url');
      session.run(createHash('sha256').update(token).digest('hex'), id, now + 3 * 3600_000);
      tokens.push(token);
    }
  })();
  h.close();
  return { tokens, productId, warmupId };
}

async function startScript(script: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, script)], { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  return { origin: `http://127.0.0.1:${port}`, child, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}

/**
 * CPU seconds (user + system) a process has used so far, from Linux /proc (NaN elsewhere): the
 * server's CPU per request is the figure that holds on a loaded machine, where throughput does not.
 */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    // After the command: state is field 3, utime 14, stime 15 (1-based) → indexes 11 and 12 here.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = 100;

/** A rush with the CPU the server process spent answering it, in ms per attempt. */
export async function measuredRush(pid: number | undefined, origin: string, productId: number, tokens: string[], amount: number): Promise<Run & { cpuMsPerAttempt: number }> {
  const before = cpuSeconds(pid);
  const run = await rush(origin, productId, tokens, amount);
  return { ...run, cpuMsPerAttempt: Number((((cpuSeconds(pid) - before) * 1000) / amount).toFixed(3)) };
}

export interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** p50 / p99 of the 201 answers alone (the winners, who also wait for LINE Pay's payment URL). */
  createdP50: number;
  createdP99: number;
  created: number;
  refused: number;
  errors: number;
  statuses: string;
}

/** `amount` create-order attempts from 500 connections, each by a different member. */
export async function rush(origin: string, productId: number, tokens: string[], amount: number): Promise<Run> {
  let i = 0;
  const run = randomBytes(4).toString('hex');
  const latencies: number[] = [];
  const createdLatencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  let last = started;
  let finished!: (result: autocannon.Result) => void;
  const done = new Promise<autocannon.Result>((resolve) => (finished = resolve));
  const instance = autocannon({
    url: origin,
    connections: CONNECTIONS,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/mall/orders',
        setupRequest: (req) => {
          const n = i++;
          const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${tokens[n % tokens.length]}` };
          if (WITH_KEYS) headers['idempotency-key'] = `bench-${run}-${n}`;
          return { ...req, headers, body: JSON.stringify({ productId, quantity: 1, points: 0 }) };
        },
      },
    ],
  }, (_error, result) => finished(result));
  const failures = new Map<string, number>();
  instance.on('reqError', (error: Error & { code?: string }) => failures.set(error.code ?? error.message, (failures.get(error.code ?? error.message) ?? 0) + 1));
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (statusCode === 201) createdLatencies.push(responseTime);
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    last = performance.now();
  });
  const result = await done;
  // Wall-clock to the last answer: autocannon's per-second average is coarse for runs of a few seconds.
  const seconds = (last - started) / 1000;
  latencies.sort((a, b) => a - b);
  createdLatencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    createdP50: Math.round(percentile(createdLatencies, 50)),
    createdP99: Math.round(percentile(createdLatencies, 99)),
    created: statuses.get(201) ?? 0,
    refused: statuses.get(409) ?? 0,
    errors: result.errors + result.timeouts + [...statuses].filter(([code]) => code !== 201 && code !== 409).reduce((n, [, c]) => n + c, 0),
    statuses: [...[...statuses].map(([code, n]) => `${code}×${n}`), ...[...failures].map(([code, n]) => `${code}×${n}`), ...(result.timeouts ? [`timeouts×${result.timeouts}`] : [])].join(' '),
  };
}

function counts(path: string, productId: number): { orders: number; paid: number; reserved: number; sold: number; tickets: number } {
  const db = new Database(path, { readonly: true });
  const one = (sql: string) => (db.prepare(sql).get(productId) as { n: number }).n;
  const orders = one('select count(*) n from orders o join order_lines l on l.order_id = o.id where l.product_id = ?');
  const paid = one("select count(*) n from orders o join order_lines l on l.order_id = o.id where l.product_id = ? and o.status = 'paid'");
  const tickets = one('select count(*) n from order_tickets t join order_lines l on l.id = t.order_line_id where l.product_id = ?');
  const stock = db.prepare('select reserved, sold from product_stock where product_id = ?').get(productId) as { reserved: number; sold: number };
  db.close();
  return { orders, paid, tickets, ...stock };
}

/** Every pending order of the product paid through the LINE Pay stand-in at `linePay`: approve, then the member's return to our confirmUrl (50 at a time). */
async function payAll(origin: string, linePay: string, path: string, productId: number): Promise<{ seconds: number; captures: number }> {
  const db = new Database(path, { readonly: true });
  const attempts = (db.prepare("select p.provider_order_id as p from order_payments p join order_lines l on l.order_id = p.order_id where l.product_id = ? and p.state = 'requested'").all(productId) as { p: string }[]).map((r) => r.p);
  db.close();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < attempts.length) {
      const orderId = attempts[next++]!;
      const approved = await fetch(`${linePay}/sandbox/linepay/api/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orderId }) });
      const { confirmUrl } = (await approved.json()) as { confirmUrl: string };
      const back = await fetch(confirmUrl.replace(/^https?:\/\/[^/]+/, origin), { redirect: 'manual' });
      await back.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  const seconds = (performance.now() - started) / 1000;
  const { payments } = (await (await fetch(`${linePay}/sandbox/linepay/api/payments`)).json()) as { payments: { orderId: string; captures: unknown[] }[] };
  const mine = new Set(attempts);
  return { seconds, captures: payments.filter((p) => mine.has(p.orderId)).reduce((n, p) => n + p.captures.length, 0) };
}

/**
 * Flash-sale checkout: ATTEMPTS create-order attempts (each by a different member) from 500
 * connections for STOCK units; orders/s against a hand-written better-sqlite3 reserve-stock
 * endpoint on bare Express in the same run, then every winner paid through the LINE Pay sandbox.
 * The baseline runs twice: at synchronous=NORMAL (no fsync per commit in WAL — the goal's
 * ratio, the stricter one) and at FULL, ours' default durability (an fsync per order; ours shares
 * one per group commit). It asks no payment service; ours asks LINE Pay for each winner's URL.
 */
export async function benchMall(): Promise<BenchResult> {
  const dir = tempDir('bench-mall-');
  const template = join(dir, 'template.db');
  const { tokens, productId, warmupId } = seed(template);
  const copy = (name: string) => {
    const path = join(dir, name);
    copyFileSync(template, path);
    return path;
  };
  const rawPath = copy('raw.db');
  const raw = await startScript('test/bench/servers/raw-mall-order.ts', { DATABASE_PATH: rawPath });
  await rush(raw.origin, warmupId, tokens, WARMUP);
  const rawRun = await measuredRush(raw.child.pid, raw.origin, productId, tokens, ATTEMPTS);
  const rawRss = rssMb(raw.child.pid);
  await raw.stop();
  const rawCounts = counts(rawPath, productId);
  // The same hand-written endpoint at ours' durability (synchronous=FULL: an fsync per order, no group commit).
  const rawFullPath = copy('raw-full.db');
  const rawFull = await startScript('test/bench/servers/raw-mall-order.ts', { DATABASE_PATH: rawFullPath, DB_SYNCHRONOUS: 'full' });
  await rush(rawFull.origin, warmupId, tokens, WARMUP);
  const rawFullRun = await rush(rawFull.origin, productId, tokens, ATTEMPTS);
  await rawFull.stop();

  // LINE Pay is another service: the sandbox's LINE Pay stand-in in a process of its own (in ours' own process it would
  // queue behind the 500 connections of the rush, which real LINE Pay does not).
  const linePay = await startServerProcess({ DATABASE_PATH: join(dir, 'linepay.db'), NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  // Ours at its default (synchronous=FULL with group commit): each winner's order asks LINE Pay for a payment URL.
  const oursPath = copy('ours.db');
  const ours = await startServerProcess({
    DATABASE_PATH: oursPath,
    NOTIFY_DISPATCHER: 'off',
    WORKERS: 'off',
    SANDBOX_SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    PAYMENT_PROVIDER: 'linepay',
    LINEPAY_CHANNEL_ID: SANDBOX_LINEPAY_CREDENTIALS.channelId,
    LINEPAY_CHANNEL_SECRET: SANDBOX_LINEPAY_CREDENTIALS.channelSecret,
    LINEPAY_BASE_URL: `${linePay.origin}/sandbox/linepay`,
  });
  let oursRun: Run & { cpuMsPerAttempt: number };
  let oursRss: number;
  let pay: { seconds: number; captures: number };
  let batches: string;
  try {
    await rush(ours.origin, warmupId, tokens, WARMUP);
    oursRun = await measuredRush(ours.child.pid, ours.origin, productId, tokens, ATTEMPTS);
    oursRss = rssMb(ours.child.pid);
    pay = await payAll(ours.origin, linePay.origin, oursPath, productId);
    batches = await batchSizes(ours.origin);
  } finally {
    await ours.stop();
    await linePay.stop();
  }
  const oursCounts = counts(oursPath, productId);
  const ratio = oursRun.rps / rawRun.rps;
  return {
    name: `Flash-sale checkout: ${fmt(ATTEMPTS)} create-order attempts${WITH_KEYS ? ' (each with an Idempotency-Key)' : ''} from ${CONNECTIONS} connections for stock ${fmt(STOCK)}, then every winner paid through the LINE Pay sandbox`,
    figures: {
      'raw better-sqlite3 orders/s (attempts)': Math.round(rawRun.rps),
      'raw at synchronous=FULL orders/s': Math.round(rawFullRun.rps),
      'ours orders/s (attempts)': Math.round(oursRun.rps),
      'ours / raw': Number(ratio.toFixed(2)),
      'ours / raw at FULL (same durability)': Number((oursRun.rps / rawFullRun.rps).toFixed(2)),
      'ours / raw server CPU ms per attempt': `${oursRun.cpuMsPerAttempt} / ${rawRun.cpuMsPerAttempt}`,
      'ours p50 / p99 ms': `${oursRun.p50} / ${oursRun.p99}`,
      'ours / raw 201s p50 / p99 ms': `${oursRun.createdP50} / ${oursRun.createdP99} vs ${rawRun.createdP50} / ${rawRun.createdP99}`,
      'raw p50 / p99 ms': `${rawRun.p50} / ${rawRun.p99}`,
      'ours / raw RSS MB': `${oursRss} / ${rawRss}`,
      'ours statuses': oursRun.statuses,
      'raw statuses': rawRun.statuses,
      'ours group-commit batches': batches,
      'ours orders / reserved after paying': `${oursCounts.orders} / ${oursCounts.reserved}`,
      'raw orders / reserved': `${rawCounts.orders} / ${rawCounts.reserved}`,
      'paying the winners (approve + confirm) s': Number(pay.seconds.toFixed(1)),
      'ours paid / sold / tickets / LINE Pay captures': `${oursCounts.paid} / ${oursCounts.sold} / ${oursCounts.tickets} / ${pay.captures}`,
    },
    goals: [
      { label: 'orders/s ≥ 0.7 of the raw better-sqlite3 reserve-stock endpoint', met: ratio >= 0.7 },
      { label: `exactly ${fmt(STOCK)} orders created (no oversell), no errors`, met: oursRun.created === STOCK && oursCounts.orders === STOCK && oursRun.errors === 0 && rawCounts.orders === STOCK },
      { label: `exactly ${fmt(STOCK)} paid, one capture and one ticket each`, met: oursCounts.paid === STOCK && oursCounts.sold === STOCK && oursCounts.tickets === STOCK && pay.captures === STOCK },
    ],
  };
}
