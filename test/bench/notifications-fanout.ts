import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { SANDBOX_ACCESS_TOKEN, loadConfig } from '../../bot-server/config.ts';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { LineClient } from '../../bot-server/line/line-client.ts';
import { Links } from '../../bot-server/links.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { createDispatcher } from '../../bot-server/notifications/create-dispatcher.ts';
import { fmt, startServerProcess, tempDir, type BenchResult } from './lib.ts';

const N = Number(process.env.BENCH_NOTIFICATIONS ?? 20_000);
const LINE_RATE = 2000;

/**
 * Fan-out of N personalised notifications through the sandbox (its own process, rate limit
 * 2,000/s like LINE, 5% of requests answered 429/500 at random): sustained throughput as a
 * ratio of LINE's limit, zero lost, zero duplicated. Baseline in the same run: a bare push
 * loop (no database, no rendering) through the same client and limiter settings.
 */
export async function benchNotificationFanout(): Promise<BenchResult> {
  const dir = tempDir('bench-fanout-');
  const line = await startServerProcess({ DATABASE_PATH: join(dir, 'sandbox.db'), NOTIFY_DISPATCHER: 'off', SANDBOX_SEED_DEMO: 'false', SANDBOX_PUSH_RATE_PER_SECOND: String(LINE_RATE), SANDBOX_MONTHLY_QUOTA: '10000000' });
  const settings = (body: unknown) => fetch(`${line.origin}/sandbox/api/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    const config = loadConfig({ DATABASE_PATH: join(dir, 'app.db'), LINE_API_BASE_URL: line.origin, LOG_LEVEL: 'error', NOTIFY_BACKOFF_BASE_MS: '200' });
    const handle = openDatabase(config.databasePath);
    migrateDatabase(handle);
    const client = new LineClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, apiBaseUrl: line.origin });

    // Baseline: the same number of bare pushes, same concurrency and rate, no DB or templates.
    const baselineCount = Math.min(N, 10_000);
    const limiterRate = config.notify.ratePerSecond;
    let next = 0;
    let sentBare = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: config.notify.concurrency }, async () => {
        for (;;) {
          const i = next++;
          if (i >= baselineCount) return;
          const due = t0 + (i / limiterRate) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const outcome = await client.push(`U${randomBytes(16).toString('hex')}`, [{ type: 'text', text: `bare ${i}` }], randomUUID());
          if (outcome.ok) sentBare += 1;
        }
      }),
    );
    const bareRate = sentBare / ((performance.now() - t0) / 1000);
    await settings({ resetMessages: true });

    // Members and their notifications, as features would enqueue them.
    const insertMember = handle.sqlite.prepare("insert into members (line_user_id, display_name, name, status, is_following) values (?, ?, ?, 'active', 1)");
    const insertOutbox = handle.sqlite.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, 'points_earned', ?, 0, ?, 'pending')");
    handle.sqlite.transaction(() => {
      const now = Date.now();
      for (let i = 0; i < N; i += 1) {
        const { lastInsertRowid } = insertMember.run(`U${randomBytes(16).toString('hex')}`, `會員${i}`, `會員${i}`);
        insertOutbox.run(randomUUID(), lastInsertRowid, JSON.stringify({ earned: (i % 50) + 1, points: 1000 + i, reason: `消費 NT$${(i % 50) * 50 + 50}` }), now);
      }
    })();

    await settings({ faults: { rate429: 0.025, rate500: 0.025, rate500AfterAccept: 0 } });
    const dispatcher = createDispatcher({ config, db: handle.db, line: client, links: new Links(config, () => line.origin), log: createLogger('error') });
    const start = performance.now();
    dispatcher.start();
    const countSent = handle.db.select({ n: sql<number>`count(*)` }).from(sql`outbox`).where(sql`status = 'sent'`).prepare();
    const countOpen = handle.db.select({ n: sql<number>`count(*)` }).from(sql`outbox`).where(sql`status in ('pending','sending')`).prepare();
    let lastLog = start;
    // Sustained rate: between 10% and 90% sent, away from the start-up and the retry tail.
    let t10 = 0;
    let t90 = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const sentSoFar = (countSent.get() as { n: number }).n;
      if (!t10 && sentSoFar >= N * 0.1) t10 = performance.now();
      if (!t90 && sentSoFar >= N * 0.9) t90 = performance.now();
      if ((countOpen.get() as { n: number }).n === 0) break;
      if (performance.now() - lastLog > 2000) {
        lastLog = performance.now();
        process.stdout.write(`  fan-out: ${fmt((countSent.get() as { n: number }).n)} / ${fmt(N)} sent\n`);
      }
      if (performance.now() - start > 180_000) throw new Error('fan-out did not finish in 3 minutes');
    }
    const seconds = (performance.now() - start) / 1000;
    await dispatcher.stop();
    const statuses = handle.sqlite.prepare('select status, count(*) n from outbox group by status').all() as { status: string; n: number }[];
    const retried = (handle.sqlite.prepare('select count(*) n from outbox where attempts > 1').get() as { n: number }).n;
    handle.close();
    const stats = (await (await fetch(`${line.origin}/sandbox/api/stats`)).json()) as { messages: number; distinctRetryKeys: number; duplicatedRetryKeys: number; acceptedRequests: number };
    const sent = statuses.find((s) => s.status === 'sent')?.n ?? 0;
    const throughput = (N * 0.8) / ((t90 - t10) / 1000);
    const endToEnd = sent / seconds;
    const lost = N - stats.distinctRetryKeys;
    return {
      name: 'Notification fan-out through the sandbox (LINE limit 2,000/s, 5% random 429/500)',
      figures: {
        notifications: N,
        seconds: Number(seconds.toFixed(2)),
        'sustained sent/s (10%→90%)': Math.round(throughput),
        'sustained ratio to LINE limit': Number((throughput / LINE_RATE).toFixed(3)),
        'end-to-end sent/s (incl. retry tail)': Math.round(endToEnd),
        'end-to-end ratio to LINE limit': Number((endToEnd / LINE_RATE).toFixed(3)),
        'baseline bare push loop /s': Math.round(bareRate),
        'ratio to bare loop': Number((throughput / bareRate).toFixed(3)),
        'rows retried': retried,
        'sandbox messages': stats.messages,
        lost,
        duplicated: stats.duplicatedRetryKeys,
        'dispatcher rate setting /s': limiterRate,
      },
      goals: [
        { label: 'sustained throughput ≥ 0.9 of LINE limit', met: throughput / LINE_RATE >= 0.9 },
        { label: 'zero lost', met: lost === 0 && sent === N },
        { label: 'zero duplicated', met: stats.duplicatedRetryKeys === 0 && stats.messages === N },
      ],
    };
  } finally {
    await line.stop();
  }
}
