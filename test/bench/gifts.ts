import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { hashToken } from '../../bot-server/auth/auth.service.ts';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { ApiKeyService } from '../../bot-server/partners/api-key.service.ts';
import { fmt, freePort, NODE_FLAGS, ROOT, startServerProcess, tempDir, type BenchResult } from './lib.ts';

const GIFTS = Number(process.env.BENCH_GIFTS ?? 1000);
const REDEEM_COUPONS = Number(process.env.BENCH_COUPONS ?? 60_000);
const ACCEPT_CONNECTIONS = 50;
const REDEEM_CONNECTIONS = 50;
const DAY = 86_400_000;

interface Prepared {
  key: string;
  storeId: number;
  codes: string[];
  /** One per gift: the transfer and its friend's session token. */
  gifts: { transferId: number; token: string }[];
}

/**
 * A database with a store and a POS key, a sender holding GIFTS coupons each held by a pending
 * gift to a different registered, verified member (with a session), and REDEEM_COUPONS
 * single-use coupons of another member for the redemption load.
 */
function prepareDatabase(path: string): Prepared {
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const s = handle.sqlite;
  const now = Date.now();
  const storeId = Number(s.prepare("insert into stores (code, name) values ('BENCH', '壓測店')").run().lastInsertRowid);
  const member = s.prepare('insert into members (line_user_id, display_name, name, mobile, mobile_verified_at, birthday, registered_at, consent_at, status, is_following) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) returning id');
  const session = s.prepare('insert into sessions (token_hash, member_id, expires_at) values (?, ?, ?)');
  const template = s.prepare(
    `insert into coupon_templates (name, kind, amount_off, scope, min_spend, validity, uses_per_coupon, transferable, code_pattern) values (?, 'amount_off', 50, '{"type":"order"}', 0, '{"type":"relative","days":30}', 1, 1, '{"prefix":"GB","charset":"digits","length":12,"suffix":""}') returning id`,
  );
  const coupon = s.prepare('insert into coupons (template_id, member_id, code, status, uses_total, uses_left, valid_from, valid_until, source, issued_at, updated_at) values (?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?) returning id');
  const transfer = s.prepare("insert into transfers (source_coupon_id, gift_coupon_id, template_id, sender_member_id, recipient_mobile, recipient_member_id, uses, give_number, state, return_at, sent_at) values (?, ?, ?, ?, ?, ?, 1, 1, 'pending', ?, ?) returning id");
  const event = s.prepare("insert into coupon_events (coupon_id, type, at, uses, actor_kind, actor_id, details) values (?, 'transfer_locked', ?, 1, 'member', ?, '{}')");
  const gifts: Prepared['gifts'] = [];
  const codes: string[] = [];
  s.transaction(() => {
    const m = (i: number, mobile: string) => (member.get(`U${randomBytes(16).toString('hex')}`, `bench ${i}`, `會員${i}`, mobile, now, '1990-01-01', now, now, 'active') as { id: number }).id;
    const sender = m(0, '+886900000000');
    const giftTemplate = (template.get('壓測禮物券') as { id: number }).id;
    const redeemTemplate = (template.get('壓測核銷券') as { id: number }).id;
    for (let i = 1; i <= GIFTS; i += 1) {
      const mobile = `+8869${String(10_000_000 + i).slice(-8)}`;
      const friend = m(i, mobile);
      const token = randomBytes(32).toString('base64url');
      session.run(hashToken(token), friend, now + DAY);
      const couponId = (coupon.get(giftTemplate, sender, `GB${String(i).padStart(12, '0')}`, 'transferring', now - 1000, now + 30 * DAY, 'bench', now, now) as { id: number }).id;
      event.run(couponId, now, String(sender));
      const transferId = (transfer.get(couponId, couponId, giftTemplate, sender, mobile, friend, now + 7 * DAY, now) as { id: number }).id;
      gifts.push({ transferId, token });
    }
    const holder = m(GIFTS + 1, '+886899999999');
    for (let i = 0; i < REDEEM_COUPONS; i += 1) {
      const code = `RB${String(i).padStart(10, '0')}`;
      codes.push(code);
      coupon.get(redeemTemplate, holder, code, 'active', now - 1000, now + 30 * DAY, 'bench', now, now);
    }
  })();
  const { key } = new ApiKeyService(handle.db).create({ kind: 'system', label: 'cli' }, { name: 'bench POS', scopes: ['pos'], storeIds: null });
  handle.close();
  return { key, storeId, codes, gifts };
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

interface Rush {
  acceptsPerSecond: number;
  acceptP99: number;
  acceptNon2xx: number;
  redeemsPerSecond: number;
  redeemNon2xx: number;
  acceptStatuses: string;
}

/** Every friend accepts their gift once (ACCEPT_CONNECTIONS at a time) while REDEEM_CONNECTIONS keep redeeming other coupons at the POS. */
async function rush(origin: string, p: Prepared): Promise<Rush> {
  let a = 0;
  let r = 0;
  let finished!: (result: autocannon.Result) => void;
  const redeemed = new Promise<autocannon.Result>((resolve) => (finished = resolve));
  const redeemer = autocannon(
    {
    url: origin,
    connections: REDEEM_CONNECTIONS,
    duration: 120,
    amount: p.codes.length - REDEEM_CONNECTIONS,
    requests: [
      {
        method: 'POST',
        path: '/api/pos/redemptions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${p.key}` },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ storeId: p.storeId, code: p.codes[r++ % p.codes.length]!, orderAmount: 300 }) }),
      },
    ],
    },
    (_error, result) => finished(result),
  );
  // The redemptions are under way before the friends start.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const started = performance.now();
  // Timed to the last answer: autocannon only reports that it is done at its next one-second
  // sample, which would round the rush's few seconds up to whole seconds (up to a third off).
  let answered = 0;
  let lastAnswer = started;
  let acceptsDone!: (result: autocannon.Result) => void;
  const accepted = new Promise<autocannon.Result>((resolve) => (acceptsDone = resolve));
  const acceptRun = autocannon(
    {
    url: origin,
    connections: ACCEPT_CONNECTIONS,
    amount: p.gifts.length,
    requests: [
      {
        method: 'POST',
        path: '/api/gifts/0/accept',
        setupRequest: (req) => {
          const g = p.gifts[a++ % p.gifts.length]!;
          return { ...req, path: `/api/gifts/${g.transferId}/accept`, headers: { authorization: `Bearer ${g.token}` } };
        },
      },
    ],
    },
    (_error, result) => acceptsDone(result),
  );
  acceptRun.on('response', () => {
    answered += 1;
    lastAnswer = performance.now();
  });
  const accepts = await accepted;
  const seconds = (lastAnswer - started) / 1000;
  redeemer.stop();
  const redeems = await redeemed;
  return {
    acceptsPerSecond: answered / seconds,
    acceptP99: accepts.latency.p99,
    acceptNon2xx: accepts.non2xx + accepts.errors,
    redeemsPerSecond: redeems.requests.average,
    redeemNon2xx: redeems.non2xx,
    acceptStatuses: Object.entries((accepts as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([code, v]) => `${code}×${v.count}`).join(' '),
  };
}

/** What the database says after a rush: each gift accepted once, its coupon the friend's, one pair of ledger rows. */
function audit(path: string, gifts: number): { accepted: number; moved: number; doubled: number } {
  const db = new Database(path, { readonly: true });
  const accepted = (db.prepare("select count(*) n from transfers where state = 'accepted'").get() as { n: number }).n;
  const moved = (db.prepare("select count(*) n from transfers t join coupons c on c.id = t.gift_coupon_id where c.member_id = t.recipient_member_id and c.status = 'active'").get() as { n: number }).n;
  const doubled = (db.prepare("select count(*) n from (select coupon_id from coupon_events where type = 'transferred_in' group by coupon_id having count(*) > 1)").get() as { n: number }).n;
  db.close();
  void gifts;
  return { accepted, moved, doubled };
}

/**
 * Gift accept under a rush: GIFTS friends each accepting a different gift while 50 connections
 * redeem other coupons at the POS; accepts/s against the same work hand-written with
 * better-sqlite3 in the same run.
 */
export async function benchGiftAccept(): Promise<BenchResult> {
  const dir = tempDir('bench-gifts-');
  const templatePath = join(dir, 'template.db');
  const prepared = prepareDatabase(templatePath);
  const copy = (name: string) => {
    const path = join(dir, name);
    copyFileSync(templatePath, path);
    return path;
  };
  const rawPath = copy('raw.db');
  const raw = await startScript('test/bench/servers/raw-gift-accept.ts', { DATABASE_PATH: rawPath });
  const rawRun = await rush(raw.origin, prepared).finally(() => raw.stop());
  const rawAudit = audit(rawPath, GIFTS);
  const oursPath = copy('ours.db');
  const ours = await startServerProcess({ DATABASE_PATH: oursPath, NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  const oursRun = await rush(ours.origin, prepared).finally(() => ours.stop());
  const oursAudit = audit(oursPath, GIFTS);
  const ratio = oursRun.acceptsPerSecond / rawRun.acceptsPerSecond;
  return {
    name: `Gift accept rush: ${fmt(GIFTS)} friends accepting different gifts (${ACCEPT_CONNECTIONS} connections) while ${REDEEM_CONNECTIONS} connections redeem other coupons`,
    figures: {
      'raw better-sqlite3 accepts/s': Math.round(rawRun.acceptsPerSecond),
      'ours accepts/s': Math.round(oursRun.acceptsPerSecond),
      'ours / raw (accept)': Number(ratio.toFixed(2)),
      'ours accept p99 ms': oursRun.acceptP99,
      'raw accept p99 ms': rawRun.acceptP99,
      'ours redeems/s meanwhile': Math.round(oursRun.redeemsPerSecond),
      'raw redeems/s meanwhile': Math.round(rawRun.redeemsPerSecond),
      'ours accept non-2xx': oursRun.acceptNon2xx,
      'ours / raw accept statuses': `${oursRun.acceptStatuses} / ${rawRun.acceptStatuses}`,
      'ours redeem non-2xx': oursRun.redeemNon2xx,
      'ours accepted / moved / doubled': `${oursAudit.accepted} / ${oursAudit.moved} / ${oursAudit.doubled}`,
      'raw accepted / moved / doubled': `${rawAudit.accepted} / ${rawAudit.moved} / ${rawAudit.doubled}`,
    },
    goals: [
      { label: 'accepts ≥ 0.7 of the raw better-sqlite3 accept', met: ratio >= 0.7 },
      { label: 'every gift accepted once: none lost, none doubled', met: oursAudit.accepted === GIFTS && oursAudit.moved === GIFTS && oursAudit.doubled === 0 && oursRun.acceptNon2xx === 0 },
      { label: 'no failed redemptions meanwhile', met: oursRun.redeemNon2xx === 0 },
    ],
  };
}
