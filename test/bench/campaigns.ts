import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { batchSizes, fmt, freePort, ROOT, startServerProcess, tempDir, type BenchResult, NODE_FLAGS } from './lib.ts';

const ATTEMPTS = 20_000;
const STOCK = 5_000;
const CLAIMERS = 10_000;
const BULK_MEMBERS = Number(process.env.BENCH_BULK_MEMBERS ?? 100_000);

function seedClaimDb(path: string): { tokens: string[]; campaignId: number } {
  const h = openDatabase(path);
  migrateDatabase(h);
  const s = h.sqlite;
  const now = Date.now();
  const templateId = Number(s.prepare(`insert into coupon_templates (name, kind, amount_off, scope, min_spend, validity, uses_per_coupon, code_pattern) values ('搶券 NT$100', 'amount_off', 100, '{"type":"order"}', 0, '{"type":"relative","days":30}', 1, '{"prefix":"RU","charset":"alnum","length":10,"suffix":""}')`).run().lastInsertRowid);
  const campaignId = Number(s.prepare(`insert into campaigns (name, mode, template_id, starts_at, ends_at, audience, total_stock, per_member_limit) values ('限量搶券', 'claim', ?, ?, ?, '{"type":"all"}', ?, 1)`).run(templateId, now - 3600_000, now + 86_400_000, STOCK).lastInsertRowid);
  // A second campaign warms each server up (JIT, prepared statements) before the measured rush.
  s.prepare(`insert into campaigns (name, mode, template_id, starts_at, ends_at, audience, total_stock, per_member_limit) values ('暖身', 'claim', ?, ?, ?, '{"type":"all"}', 500, 1)`).run(templateId, now - 3600_000, now + 86_400_000);
  const member = s.prepare("insert into members (line_user_id, display_name, name, mobile, birthday, registered_at, consent_at, status, is_following) values (?, '', ?, ?, '1990-01-01', ?, ?, 'active', 1)");
  const session = s.prepare('insert into sessions (token_hash, member_id, expires_at) values (?, ?, ?)');
  const tokens: string[] = [];
  s.transaction(() => {
    for (let i = 0; i < CLAIMERS; i += 1) {
      const id = Number(member.run(`U${randomBytes(16).toString('hex')}`, `會員${i}`, `+8869${String(10_000_000 + i)}`, now, now).lastInsertRowid);
      const token = randomBytes(24).toString('base64url');
      session.run(createHash('sha256').update(token).digest('hex'), id, now + 3600_000);
      tokens.push(token);
    }
  })();
  h.close();
  return { tokens, campaignId };
}

async function rush(origin: string, campaignId: number, tokens: string[], amount = ATTEMPTS) {
  let i = 0;
  const started = performance.now();
  const result = await autocannon({
    url: origin,
    connections: 500,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: `/api/claims/${campaignId}`,
        setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[i++ % tokens.length]}` } }),
      },
    ],
  });
  // Wall-clock rate: autocannon's per-second average is coarse for runs of a few seconds.
  const seconds = (performance.now() - started) / 1000;
  return { rps: amount / seconds, p99: result.latency.p99, p50: result.latency.p50, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

function countCoupons(path: string, campaignId: number): number {
  const h = openDatabase(path);
  const n = (h.sqlite.prepare("select count(*) n from coupons where id in (select value from campaign_claims, json_each(campaign_claims.coupon_ids) where campaign_id = ?)").get(campaignId) as { n: number }).n;
  h.close();
  return n;
}

async function startScript(script: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, script)], { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
  return { origin: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}

/** Claim rush: 20,000 attempts from 500 connections for a stock of 5,000. */
export async function benchClaimRush(): Promise<BenchResult> {
  const dir = tempDir('bench-claim-');
  const template = join(dir, 'template.db');
  const { tokens, campaignId } = seedClaimDb(template);
  const rawDb = join(dir, 'raw.db');
  const rawFullDb = join(dir, 'raw-full.db');
  const oursDb = join(dir, 'ours.db');
  copyFileSync(template, rawDb);
  copyFileSync(template, rawFullDb);
  copyFileSync(template, oursDb);
  // The hand-written endpoint at NORMAL (not durable against a power loss) and at FULL (one fsync per claim).
  const raw = await startScript('test/bench/servers/raw-claim.ts', { DATABASE_PATH: rawDb });
  await rush(raw.origin, campaignId + 1, tokens, 2000);
  const rawRun = await rush(raw.origin, campaignId, tokens);
  await raw.stop();
  const rawFull = await startScript('test/bench/servers/raw-claim.ts', { DATABASE_PATH: rawFullDb, DB_SYNCHRONOUS: 'full' });
  await rush(rawFull.origin, campaignId + 1, tokens, 2000);
  const rawFullRun = await rush(rawFull.origin, campaignId, tokens);
  await rawFull.stop();
  // Ours at its default, synchronous=FULL, with group commit.
  const ours = await startServerProcess({ DATABASE_PATH: oursDb, NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  await rush(ours.origin, campaignId + 1, tokens, 2000);
  const oursRun = await rush(ours.origin, campaignId, tokens);
  const batches = await batchSizes(ours.origin);
  await ours.stop();
  const oursCoupons = countCoupons(oursDb, campaignId);
  const rawCoupons = countCoupons(rawDb, campaignId);
  return {
    name: `Claim rush over HTTP: ${fmt(ATTEMPTS)} attempts, 500 connections, stock ${fmt(STOCK)}, ${fmt(CLAIMERS)} members (2 taps each)`,
    figures: {
      'raw NORMAL attempts/s': Math.round(rawRun.rps),
      'raw FULL attempts/s': Math.round(rawFullRun.rps),
      'ours FULL + group commit attempts/s': Math.round(oursRun.rps),
      'ours / raw FULL': Number((oursRun.rps / rawFullRun.rps).toFixed(2)),
      'ours / raw NORMAL': Number((oursRun.rps / rawRun.rps).toFixed(2)),
      'raw NORMAL p50 / p99 ms': `${rawRun.p50} / ${rawRun.p99}`,
      'raw FULL p50 / p99 ms': `${rawFullRun.p50} / ${rawFullRun.p99}`,
      'ours p50 / p99 ms': `${oursRun.p50} / ${oursRun.p99}`,
      'ours group-commit batches': batches,
      'ours 201 / refused / errors': `${oursRun.ok} / ${oursRun.non2xx} / ${oursRun.errors}`,
      'coupons at the end (ours)': oursCoupons,
      'coupons at the end (raw)': rawCoupons,
    },
    goals: [
      { label: 'attempts/s at FULL ≥ 1.5× the raw FULL claim endpoint', met: oursRun.rps / rawFullRun.rps >= 1.5 },
      { label: 'attempts/s ≥ 0.7 of the raw NORMAL claim endpoint', met: oursRun.rps / rawRun.rps >= 0.7 },
      { label: `exactly ${fmt(STOCK)} coupons`, met: oursCoupons === STOCK && oursRun.ok === STOCK },
    ],
  };
}

/** Bulk issue of a 5-coupon birthday bundle to BULK_MEMBERS members, against raw batched inserts of the same rows. */
export async function benchBulkIssue(): Promise<BenchResult> {
  const dir = tempDir('bench-bulk-');
  const path = join(dir, 'app.db');
  const h = openDatabase(path);
  migrateDatabase(h);
  const s = h.sqlite;
  const now = Date.now();
  const templateIds: number[] = [];
  for (const [i, name] of ['全館 NT$50', '指定鞋款 8 折', '滿千折百', '生日蛋糕兌換', '咖啡買一送一'].entries()) {
    templateIds.push(Number(s.prepare(`insert into coupon_templates (name, kind, amount_off, scope, min_spend, validity, uses_per_coupon, code_pattern) values (?, 'amount_off', 50, '{"type":"order"}', 0, '{"type":"relative","days":30}', 1, ?)`).run(name, JSON.stringify({ prefix: `B${i}`, charset: 'alnum', length: 10, suffix: '' })).lastInsertRowid));
  }
  const bundleId = Number(s.prepare("insert into bundles (name, items) values ('生日大禮包', ?)").run(JSON.stringify(templateIds.map((templateId) => ({ templateId, quantity: 1 })))).lastInsertRowid);
  const member = s.prepare("insert into members (line_user_id, display_name, name, birthday, registered_at, consent_at, status, is_following) values (?, '', ?, '1990-05-05', ?, ?, 'active', 1)");
  s.transaction(() => {
    for (let i = 0; i < BULK_MEMBERS; i += 1) member.run(`U${randomBytes(16).toString('hex')}`, `會員${i}`, now, now);
  })();

  // Baseline: the same rows (5 coupons + 5 ledger entries per member, one outbox row, the item marked) with prepared statements in 10k-row transactions.
  const rawDbPath = join(dir, 'raw.db');
  h.close();
  copyFileSync(path, rawDbPath);
  const raw = openDatabase(rawDbPath);
  const rs = raw.sqlite;
  const rawCoupon = rs.prepare("insert into coupons (template_id, member_id, code, status, uses_total, uses_left, valid_from, valid_until, source, issued_at, updated_at) values (?, ?, ?, 'active', 1, 1, ?, ?, 'bulk', ?, ?)");
  const rawEvent = rs.prepare("insert into coupon_events (coupon_id, type, at, uses, actor_kind, details) values (?, 'issued', ?, 0, 'system', '{}')");
  const rawOutbox = rs.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, 'bundle_received', ?, 1, ?, 'pending')");
  const ids = (rs.prepare('select id from members order by id').all() as { id: number }[]).map((r) => r.id);
  const rawStart = performance.now();
  for (let i = 0; i < ids.length; i += 1000) {
    rs.transaction(() => {
      for (const memberId of ids.slice(i, i + 1000)) {
        for (const templateId of templateIds) {
          const couponId = Number(rawCoupon.run(templateId, memberId, randomBytes(8).toString('hex'), now, now + 86_400_000, now, now).lastInsertRowid);
          rawEvent.run(couponId, now);
        }
        rawOutbox.run(randomUUID(), memberId, '{"bundleName":"生日大禮包"}', now);
      }
    })();
  }
  const rawSeconds = (performance.now() - rawStart) / 1000;
  raw.close();
  const rowsPerMember = 5 * 2 + 1 + 1; // coupons + ledger, outbox, job item
  const rawRate = (ids.length * (rowsPerMember - 1)) / rawSeconds;

  // Ours: a bulk job through the real service and worker loop, in its own process so its memory is its own.
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, 'test/bench/servers/bulk-worker.ts')], { env: { PATH: process.env.PATH, DATABASE_PATH: path, BUNDLE_ID: String(bundleId) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise((r) => child.once('exit', r));
  const { seconds, baseRss, peakRss, job: final } = JSON.parse(out) as { seconds: number; baseRss: number; peakRss: number; job: { issued: number; skipped: number } };
  const check = openDatabase(path);
  const couponCount = (check.sqlite.prepare('select count(*) n from coupons').get() as { n: number }).n;
  const distinctCodes = (check.sqlite.prepare('select count(distinct code) n from coupons').get() as { n: number }).n;
  const outboxCount = (check.sqlite.prepare('select count(*) n from outbox').get() as { n: number }).n;
  check.close();
  const oursRate = (BULK_MEMBERS * rowsPerMember) / seconds;
  return {
    name: `Bulk issue: a 5-coupon bundle to ${fmt(BULK_MEMBERS)} members (${fmt(BULK_MEMBERS * 5)} coupons with unique codes, ledger and outbox rows)`,
    figures: {
      'raw batched insert rows/s': Math.round(rawRate),
      'ours rows/s (incl. job bookkeeping)': Math.round(oursRate),
      'ours / raw': Number((oursRate / rawRate).toFixed(2)),
      'ours seconds': Number(seconds.toFixed(1)),
      'coupons issued': couponCount,
      'distinct codes': distinctCodes,
      'outbox rows': outboxCount,
      'job issued / skipped': `${final.issued} / ${final.skipped}`,
      'worker process RSS MB (start → peak)': `${Math.round(baseRss / 1e6)} → ${Math.round(peakRss / 1e6)}`,
    },
    goals: [
      { label: 'rows/s ≥ 0.5 of raw batched inserts', met: oursRate / rawRate >= 0.5 },
      { label: 'peak memory under 300 MB', met: peakRss < 300e6 },
      { label: 'every member exactly one bundle', met: couponCount === BULK_MEMBERS * 5 && distinctCodes === couponCount && final.issued === BULK_MEMBERS },
    ],
  };
}
