import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { ApiKeyService } from '../../bot-server/partners/api-key.service.ts';
import { batchSizes, fmt, freePort, NODE_FLAGS, percentile, ROOT, rssMb, startServerProcess, tempDir, type BenchResult } from './lib.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
/** Each server first serves this long, not counted (JIT, statement caches, page cache): both are measured warm, as the POS bench's validate run warms its redeem run. */
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = 50;
const MEMBERS = 2000;

/** A database with a store, MEMBERS members with verified mobiles and a POS key. */
function preparePurchases(path: string): { key: string; storeId: number; mobiles: string[] } {
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const s = handle.sqlite;
  const storeId = Number(s.prepare("insert into stores (code, name) values ('BENCH', '壓測店')").run().lastInsertRowid);
  const insert = s.prepare("insert into members (line_user_id, display_name, name, mobile, mobile_verified_at, birthday, registered_at, consent_at, status, is_following) values (?, 'bench', '壓測會員', ?, 1, '1990-03-15', 1, 1, 'active', 1)");
  const mobiles: string[] = [];
  s.transaction(() => {
    for (let i = 0; i < MEMBERS; i += 1) {
      const national = `0955${String(i).padStart(6, '0')}`;
      mobiles.push(national);
      insert.run(`Ubench${String(i).padStart(27, '0')}`, `+886${national.slice(1)}`);
    }
  })();
  const { key } = new ApiKeyService(handle.db).create({ kind: 'system', label: 'cli' }, { name: 'bench POS', scopes: ['pos'], storeIds: null });
  handle.close();
  return { key, storeId, mobiles };
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc. Per request it is a steadier
 * figure than req/s on a machine other work shares: time the server waits for a core is not in it.
 */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

async function startScript(script: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, script)], { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, child, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}

/** The measured run after the warm-up, with the server's CPU ms per request over it. */
async function measure(server: { origin: string; child: { pid?: number | undefined } }, key: string, storeId: number, mobiles: string[], tag: string) {
  if (WARMUP > 0) await load(server.origin, key, storeId, mobiles, `${tag}-warm`, WARMUP);
  const before = cpuMs(server.child.pid);
  const run = await load(server.origin, key, storeId, mobiles, tag);
  return { ...run, cpuPerRequest: (cpuMs(server.child.pid) - before) / Math.max(1, run.requests) };
}

async function load(origin: string, key: string, storeId: number, mobiles: string[], tag: string, duration = DURATION) {
  let i = 0;
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/pos/purchases',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        setupRequest: (req) => {
          i += 1;
          const body = { storeId, orderNo: `${tag}-${i}`, member: { mobile: mobiles[i % mobiles.length]! }, lines: [{ sku: 'LATTE', category: 'coffee', quantity: 2, unitPrice: 150 }, { sku: 'BEAN', quantity: 1, unitPrice: 700 }], total: 1000, paid: 1000 };
          return { ...req, body: JSON.stringify(body) };
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, non2xx: result.non2xx, requests: result.requests.total };
}

/** `npm run bench purchases`: the POS purchase API (rules, ledger, outbox) at 50 connections vs a hand-written earn endpoint. */
export async function benchPurchases(): Promise<BenchResult> {
  const dir = tempDir('bench-purchases-');
  const template = join(dir, 'template.db');
  const { key, storeId, mobiles } = preparePurchases(template);
  const copy = (name: string) => {
    const path = join(dir, name);
    copyFileSync(template, path);
    return path;
  };
  const raw = await startScript('test/bench/servers/raw-earn.ts', { DATABASE_PATH: copy('raw.db') });
  const rawRun = await measure(raw, key, storeId, mobiles, 'raw').finally(() => raw.stop());
  // The hand-written endpoint at synchronous=FULL (one fsync per purchase); ours runs FULL with group commit.
  const rawFull = await startScript('test/bench/servers/raw-earn.ts', { DATABASE_PATH: copy('raw-full.db'), DB_SYNCHRONOUS: 'full' });
  const rawFullRun = await measure(rawFull, key, storeId, mobiles, 'raw').finally(() => rawFull.stop());
  const ours = await startServerProcess({ DATABASE_PATH: copy('ours.db'), NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  let rss = Number.NaN;
  let batches = 'n/a';
  const oursRun = await measure(ours, key, storeId, mobiles, 'ours').finally(async () => {
    rss = rssMb(ours.child.pid);
    batches = await batchSizes(ours.origin);
    return ours.stop();
  });
  const ratio = oursRun.rps / rawRun.rps;
  return {
    name: `POS purchases over HTTP, ${CONNECTIONS} connections, ${DURATION}s each after ${WARMUP}s warm-up (a new order every request)`,
    figures: {
      'raw better-sqlite3 earn req/s (NORMAL)': Math.round(rawRun.rps),
      'raw better-sqlite3 earn req/s (FULL)': Math.round(rawFullRun.rps),
      'ours purchase req/s (FULL + group commit)': Math.round(oursRun.rps),
      'ours / raw NORMAL': Number(ratio.toFixed(2)),
      'ours / raw FULL': Number((oursRun.rps / rawFullRun.rps).toFixed(2)),
      'raw FULL p50 / p99 ms': `${rawFullRun.p50} / ${rawFullRun.p99}`,
      'ours group-commit batches': batches,
      'CPU ms per request raw / ours': `${rawRun.cpuPerRequest.toFixed(2)} / ${oursRun.cpuPerRequest.toFixed(2)}`,
      'raw / ours CPU per request': Number((rawRun.cpuPerRequest / oursRun.cpuPerRequest).toFixed(2)),
      'ours p50 / p99 ms': `${oursRun.p50} / ${oursRun.p99}`,
      'raw p50 / p99 ms': `${rawRun.p50} / ${rawRun.p99}`,
      'ours non-2xx': oursRun.non2xx,
      'raw non-2xx': rawRun.non2xx,
      'purchases recorded (ours)': fmt(oursRun.requests),
      'server RSS after load MB': rss,
    },
    goals: [
      { label: 'purchases ≥ 0.7 of the raw better-sqlite3 earn endpoint', met: ratio >= 0.7 },
      { label: 'no failed purchases', met: oursRun.non2xx === 0 && rawRun.non2xx === 0 },
    ],
  };
}

const LOTS = Number(process.env.BENCH_LOTS ?? 1_000_000);

/**
 * `npm run bench points-expiry`: the monthly expiry job over LOTS lots in the server process as
 * `npm start` runs it (job runner on): rows/s, the process's RSS sampled throughout (goal: flat,
 * < 300 MB), and /healthz latency meanwhile (the server still answers).
 */
export async function benchPointsExpiry(): Promise<BenchResult> {
  const dir = tempDir('bench-expiry-');
  const path = join(dir, 'app.db');
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const s = handle.sqlite;
  const members = Math.max(1, Math.floor(LOTS / 10));
  const seedStart = Date.now();
  s.transaction(() => {
    const m = s.prepare("insert into members (line_user_id, display_name) values (?, 'bench')");
    for (let i = 0; i < members; i += 1) m.run(`Uexp${String(i).padStart(29, '0')}`);
    const lot = s.prepare("insert into points_lots (member_id, status, points, remaining, expires_at, created_at) values (?, 'active', 10, 10, 1000, 0)");
    const entry = s.prepare("insert into points_entries (member_id, type, delta, lot_id, reason, actor_kind, created_at) values (?, 'earn', 10, ?, 'seed', 'system', 0)");
    for (let i = 0; i < LOTS; i += 1) {
      const memberId = (i % members) + 1;
      entry.run(memberId, lot.run(memberId).lastInsertRowid);
    }
    s.prepare('insert into points_accounts (member_id, balance, pending, updated_at) select member_id, sum(remaining), 0, 0 from points_lots group by member_id').run();
    s.prepare("insert into jobs (kind, key, payload, run_at, status, attempts) values ('points_expiry', 'bench-expiry', json_object('cutoff', 2000000000000), 0, 'pending', 0)").run();
  })();
  const seedMs = Date.now() - seedStart;
  const server = await startServerProcess({ DATABASE_PATH: path, NOTIFY_DISPATCHER: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  const started = Date.now();
  const rss: number[] = [];
  const latencies: number[] = [];
  let failures = 0;
  let doneAt = 0;
  const status = s.prepare("select status, result from jobs where key = 'bench-expiry'");
  try {
    for (;;) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${server.origin}/api/config`);
        if (!res.ok) failures += 1;
        await res.arrayBuffer();
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - t0);
      rss.push(rssMb(server.child.pid));
      const row = status.get() as { status: string; result: string | null } | undefined;
      if (row?.status === 'done' || row?.status === 'failed') {
        doneAt = Date.now();
        break;
      }
      if (Date.now() - started > 15 * 60_000) throw new Error('expiry did not finish in 15 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await server.stop();
  }
  const expired = Number((s.prepare("select count(*) as n from points_lots where status = 'expired'").get() as { n: number }).n);
  const mismatched = Number((s.prepare('select count(*) as n from points_accounts where balance != 0').get() as { n: number }).n);
  handle.close();
  const seconds = (doneAt - started) / 1000;
  latencies.sort((a, b) => a - b);
  const maxRss = Math.max(...rss);
  const firstRss = rss[0] ?? Number.NaN;
  return {
    name: `Monthly points expiry over ${fmt(LOTS)} lots (${fmt(members)} members), in the server process`,
    figures: {
      'seed ms': seedMs,
      'expired lots': fmt(expired),
      'seconds (incl. server start)': Number(seconds.toFixed(1)),
      'lots/s': Math.round(expired / seconds),
      'RSS first / max MB': `${firstRss} / ${maxRss}`,
      '/api/config while running p50 / p99 / max ms': `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)} / ${(latencies.at(-1) ?? 0).toFixed(1)}`,
      'requests failed meanwhile': failures,
      'accounts not at zero afterwards': mismatched,
    },
    goals: [
      { label: 'every lot expired once', met: expired === LOTS && mismatched === 0 },
      { label: 'RSS under 300 MB throughout', met: maxRss < 300 },
      { label: 'the server answered meanwhile', met: failures === 0 },
    ],
  };
}
