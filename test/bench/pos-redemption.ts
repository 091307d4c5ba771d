import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { ApiKeyService } from '../../bot-server/partners/api-key.service.ts';
import { batchSizes, fmt, freePort, NODE_FLAGS, ROOT, rssMb, startServerProcess, tempDir, type BenchResult } from './lib.ts';

const COUPONS = Number(process.env.BENCH_COUPONS ?? 80_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;

interface Run {
  rps: number;
  p99: number;
  p50: number;
  non2xx: number;
  requests: number;
}

/** A database with a store, a member, `coupons` single-use NT$50 coupons and a POS key (also the group-commit durability test's fixture). */
export function prepareDatabase(path: string, coupons = COUPONS): { key: string; storeId: number; codes: string[] } {
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const s = handle.sqlite;
  const storeId = Number(s.prepare("insert into stores (code, name) values ('BENCH', '壓測店')").run().lastInsertRowid);
  const memberId = Number(s.prepare("insert into members (line_user_id, display_name, name, status, is_following) values ('U" + 'e'.repeat(32) + "', 'bench', '壓測會員', 'active', 1)").run().lastInsertRowid);
  const templateId = Number(
    s
      .prepare(
        `insert into coupon_templates (name, kind, amount_off, scope, min_spend, validity, uses_per_coupon, code_pattern) values ('壓測券', 'amount_off', 50, '{"type":"order"}', 0, '{"type":"relative","days":30}', 1, '{"prefix":"BN","charset":"digits","length":10,"suffix":""}')`,
      )
      .run().lastInsertRowid,
  );
  const insert = s.prepare('insert into coupons (template_id, member_id, code, status, uses_total, uses_left, valid_from, valid_until, source, issued_at, updated_at) values (?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?)');
  const codes: string[] = [];
  const now = Date.now();
  s.transaction(() => {
    for (let i = 0; i < coupons; i += 1) {
      const code = `BN${String(i).padStart(10, '0')}`;
      codes.push(code);
      insert.run(templateId, memberId, code, 'active', now - 1000, now + 30 * 86_400_000, 'bench', now, now);
    }
  })();
  const { key } = new ApiKeyService(handle.db).create({ kind: 'system', label: 'cli' }, { name: 'bench POS', scopes: ['pos'], storeIds: null });
  handle.close();
  return { key, storeId, codes };
}

async function startScript(script: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, script)], { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}

async function load(origin: string, path: string, key: string, storeId: number, codes: string[], distinct: boolean): Promise<Run> {
  let i = 0;
  // `amount` makes autocannon ignore `duration`: stop it at DURATION ourselves (a FULL endpoint would otherwise run until the coupons ran out).
  const result = await new Promise<autocannon.Result>((resolveRun, reject) => {
    const run = autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION,
    // Every redemption needs a fresh coupon: stop before they run out.
    ...(distinct ? { amount: codes.length - CONNECTIONS } : {}),
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        setupRequest: (req) => {
          const code = distinct ? codes[i++ % codes.length]! : codes[codes.length - 1 - (i++ % 1000)]!;
          return { ...req, body: JSON.stringify({ storeId, code, orderAmount: 300 }) };
        },
      },
    ],
    }, (error, r) => (error ? reject(error) : resolveRun(r)));
    const timer = setTimeout(() => run.stop(), DURATION * 1000);
    run.once('done', () => clearTimeout(timer));
  });
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, non2xx: result.non2xx, requests: result.requests.total };
}

/**
 * POS redemption and validation over HTTP at 50 connections, each redemption a different
 * coupon, against two same-run baselines: bare Express, and the same redemption hand-written
 * with better-sqlite3 prepared statements (the practical ceiling).
 */
export async function benchPosRedemption(): Promise<BenchResult> {
  const dir = tempDir('bench-pos-');
  const template = join(dir, 'template.db');
  const { key, storeId, codes } = prepareDatabase(template);
  const copy = (name: string) => {
    const path = join(dir, name);
    copyFileSync(template, path);
    return path;
  };

  const measure = async (server: { origin: string; stop: () => Promise<void> }) => {
    try {
      const validateRun = await load(server.origin, '/api/pos/validations', key, storeId, codes, false);
      const redeemRun = await load(server.origin, '/api/pos/redemptions', key, storeId, codes, true);
      return { validateRun, redeemRun };
    } finally {
      await server.stop();
    }
  };
  const { validateRun: bareValidate, redeemRun: bareRedeem } = await measure(await startScript('test/bench/servers/bare.ts', {}));
  const { validateRun: rawValidate, redeemRun: rawRedeem } = await measure(await startScript('test/bench/servers/raw-redeem.ts', { DATABASE_PATH: copy('raw.db') }));
  // The same hand-written endpoint at synchronous=FULL: one transaction and one fsync per request.
  const { redeemRun: rawFullRedeem } = await measure(await startScript('test/bench/servers/raw-redeem.ts', { DATABASE_PATH: copy('raw-full.db'), DB_SYNCHRONOUS: 'full' }));
  // Memory: the whole server as `npm start` runs it (sandbox, demo brand, dispatcher and workers), idle 10 s.
  const idle = await startServerProcess({ DATABASE_PATH: join(dir, 'idle.db'), LOG_LEVEL: 'warn' });
  await new Promise((r) => setTimeout(r, 10_000));
  const idleRss = rssMb(idle.child.pid);
  await idle.stop();
  const ours = await startServerProcess({ DATABASE_PATH: copy('ours.db'), NOTIFY_DISPATCHER: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  let loadedRss = Number.NaN;
  let batches = 'n/a';
  const { validateRun: oursValidate, redeemRun: oursRedeem } = await measure({
    origin: ours.origin,
    stop: async () => {
      loadedRss = rssMb(ours.child.pid);
      batches = await batchSizes(ours.origin);
      return ours.stop();
    },
  });

  const r = (n: number) => Number(n.toFixed(2));
  return {
    name: `POS API over HTTP, ${CONNECTIONS} connections, ${DURATION}s each (redemptions: a different coupon every request)`,
    figures: {
      'bare Express req/s (redeem path)': Math.round(bareRedeem.rps),
      'raw better-sqlite3 redeem req/s (NORMAL)': Math.round(rawRedeem.rps),
      'raw better-sqlite3 redeem req/s (FULL)': Math.round(rawFullRedeem.rps),
      'ours redeem req/s (FULL + group commit)': Math.round(oursRedeem.rps),
      'ours / raw NORMAL (redeem)': r(oursRedeem.rps / rawRedeem.rps),
      'ours / raw FULL (redeem)': r(oursRedeem.rps / rawFullRedeem.rps),
      'ours / bare (redeem)': r(oursRedeem.rps / bareRedeem.rps),
      'ours redeem p50 / p99 ms': `${oursRedeem.p50} / ${oursRedeem.p99}`,
      'raw NORMAL redeem p50 / p99 ms': `${rawRedeem.p50} / ${rawRedeem.p99}`,
      'raw FULL redeem p50 / p99 ms': `${rawFullRedeem.p50} / ${rawFullRedeem.p99}`,
      'ours group-commit batches (validate + redeem)': batches,
      'ours redeem non-2xx': oursRedeem.non2xx,
      'raw better-sqlite3 validate req/s': Math.round(rawValidate.rps),
      'ours validate req/s': Math.round(oursValidate.rps),
      'ours / raw (validate)': r(oursValidate.rps / rawValidate.rps),
      'ours / bare (validate)': r(oursValidate.rps / bareValidate.rps),
      'ours validate p50 / p99 ms': `${oursValidate.p50} / ${oursValidate.p99}`,
      'redemptions done (ours)': fmt(oursRedeem.requests),
      'server RSS idle / after load MB': `${idleRss} / ${loadedRss}`,
      'node flags': NODE_FLAGS.join(' ').replace(ROOT + '/', '') || '(none)',
    },
    goals: [
      { label: 'redeem at FULL ≥ 2.5× the raw FULL endpoint', met: oursRedeem.rps / rawFullRedeem.rps >= 2.5 },
      { label: 'redeem at FULL ≥ 0.9× the raw NORMAL endpoint', met: oursRedeem.rps / rawRedeem.rps >= 0.9 },
      { label: 'redeem p99 ≤ 20 ms', met: oursRedeem.p99 <= 20 },
      { label: 'validate ≥ 0.7 of the raw ceiling', met: oursValidate.rps / rawValidate.rps >= 0.7 },
      { label: 'validate p99 ≤ 20 ms', met: oursValidate.p99 <= 20 },
      { label: 'no failed redemptions', met: oursRedeem.non2xx === 0 },
      { label: 'server idle RSS ≤ 150 MB', met: idleRss <= 150 },
    ],
  };
}
