import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { fmt, rssMb, startServerProcess, tempDir, type BenchResult } from './lib.ts';

/** Members evaluated (BENCH_MEMBERS for a smaller run; the goal is stated for 1,000,000). */
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const DAY = '2026-01-01';

/**
 * The yearly tier evaluation (fixed date 1 January, calendar year): every member holds 銀卡 or
 * 金卡 and one purchase in 2025; a third keep their tier, the rest are lowered. The job runs in
 * the server process (WORKERS on) as it would in production, with its kept / lowered messages
 * written to the outbox; members/s and the server's RSS sampled while it runs.
 */
export async function benchTierEvaluation(): Promise<BenchResult> {
  const dir = tempDir('bench-tiers-');
  const path = join(dir, 'app.db');
  const handle = openDatabase(path);
  migrateDatabase(handle);
  const s = handle.sqlite;
  const seedStart = Date.now();
  s.transaction(() => {
    s.prepare("insert into stores (code, name) values ('BENCH', '壓測店')").run();
    const t = s.prepare('insert into tiers (rank, name, threshold, retain_at, multiplier_x100) values (?, ?, ?, ?, ?)');
    t.run(0, '一般', 0, 0, 100);
    t.run(1, '銀卡', 5000, 4000, 150);
    t.run(2, '金卡', 15000, 12000, 200);
    s.prepare('insert into tier_settings (id, settings) values (1, ?)').run(JSON.stringify({ basis: 'spend', window: { kind: 'calendar_year' }, evaluation: { kind: 'fixed', month: 1, day: 1 }, graceDays: 0, noticeDays: 30 }));
    const m = s.prepare("insert into members (line_user_id, display_name, registered_at) values (?, 'bench', 1)");
    const mt = s.prepare("insert into member_tiers (member_id, tier_id, since, evaluate_on) values (?, ?, '2025-01-01', ?)");
    const p = s.prepare("insert into points_purchases (id, store_id, order_no, member_id, total, paid, lines, line_weights, returned, total_weight, coupon_redemptions, points_earned, response, occurred_at) values (?, 1, ?, ?, ?, ?, '[]', '[]', '[]', 0, '[]', 0, '{}', ?)");
    const at = Date.parse('2025-06-15T04:00:00Z');
    for (let i = 1; i <= MEMBERS; i += 1) {
      const id = Number(m.run(`Ut${String(i).padStart(31, '0')}`).lastInsertRowid);
      mt.run(id, i % 2 === 0 ? 3 : 2, DAY);
      const spend = i % 3 === 0 ? 13_000 : i % 3 === 1 ? 4500 : 1000;
      p.run(`p${i}`, `o${i}`, id, spend, spend, at);
    }
    s.prepare("insert into jobs (kind, key, payload, run_at, status, attempts) values ('tier_evaluation', 'bench-tiers', json_object('today', ?), 0, 'pending', 0)").run(DAY);
  })();
  const seedMs = Date.now() - seedStart;
  const server = await startServerProcess({ DATABASE_PATH: path, NOTIFY_DISPATCHER: 'off', SANDBOX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' });
  const started = Date.now();
  const rss: number[] = [];
  let doneAt = 0;
  const status = s.prepare("select status from jobs where key = 'bench-tiers'");
  try {
    for (;;) {
      rss.push(rssMb(server.child.pid));
      const row = status.get() as { status: string } | undefined;
      if (row?.status === 'done' || row?.status === 'failed') {
        doneAt = Date.now();
        if (row.status === 'failed') throw new Error('tier evaluation job failed');
        break;
      }
      if (Date.now() - started > 30 * 60_000) throw new Error('evaluation did not finish in 30 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await server.stop();
  }
  const evaluated = Number((s.prepare("select count(*) as n from tier_evaluations where evaluate_on = ?").get(DAY) as { n: number }).n);
  const twice = Number((s.prepare('select count(*) as n from (select member_id from tier_evaluations group by member_id, evaluate_on having count(*) > 1)').get() as { n: number }).n);
  const messages = Number((s.prepare("select count(*) as n from outbox where kind in ('tier_kept', 'tier_lowered')").get() as { n: number }).n);
  handle.close();
  const seconds = (doneAt - started) / 1000;
  const maxRss = Math.max(...rss);
  const early = rss.slice(0, Math.max(1, Math.ceil(rss.length / 10)));
  const earlyMax = Math.max(...early);
  return {
    name: `Yearly tier evaluation of ${fmt(MEMBERS)} members, in the server process`,
    figures: {
      'seed ms': seedMs,
      'members evaluated': fmt(evaluated),
      'evaluated twice': twice,
      'kept / lowered messages': fmt(messages),
      'seconds (incl. server start)': Number(seconds.toFixed(1)),
      'members/s': Math.round(evaluated / seconds),
      'RSS first 10% max / max MB': `${earlyMax} / ${maxRss}`,
    },
    goals: [
      { label: 'every member evaluated once', met: evaluated === MEMBERS && twice === 0 },
      { label: 'RSS under 300 MB', met: maxRss < 300 },
      { label: 'RSS flat (max within 60 MB of the first tenth)', met: maxRss - earlyMax <= 60 },
    ],
  };
}
