import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SANDBOX_ACCESS_TOKEN, loadConfig } from '../../bot-server/config.ts';
import { LineClient } from '../../bot-server/line/line-client.ts';
import { fmt, percentile, startServerProcess, tempDir, type BenchResult } from './lib.ts';

const N = Number(process.env.BENCH_NOTIFICATIONS ?? 20_000);
const MULTICAST_MEMBERS = Number(process.env.BENCH_MULTICAST_MEMBERS ?? 100_000);
const LINE_RATE = 2000;
const LINE_MULTICAST_RECIPIENTS_PER_S = 200 * 500;

type Stats = { messages: number; distinctRetryKeys: number; duplicatedRetryKeys: number; acceptedRequests: number; recipients: number; recipientsWithRepeats: number; byVia: Record<string, number> };

/**
 * The two processes of a real deployment: the sandbox standing in for LINE (rate limits 2,000
 * pushes/s and 200 multicasts/s like LINE, optional random 429/500), and our server (main.ts, the
 * dispatcher inside it, synchronous=FULL by default) sending to it. Rows are enqueued straight
 * into our server's database; a probe asks our server for /healthz every 20 ms during the send.
 */
async function twoProcesses(dir: string, faults: { rate429: number; rate500: number }) {
  const line = await startServerProcess({ DATABASE_PATH: join(dir, 'sandbox.db'), NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false', SANDBOX_PUSH_RATE_PER_SECOND: String(LINE_RATE), SANDBOX_MONTHLY_QUOTA: '100000000' });
  const settings = (body: unknown) => fetch(`${line.origin}/sandbox/api/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await settings({ faults: { rate429: 0, rate500: 0, rate500AfterAccept: 0 } });
  const stats = async () => (await (await fetch(`${line.origin}/sandbox/api/stats`)).json()) as Stats;
  const start = async () => {
    await settings({ resetMessages: true, faults: { ...faults, rate500AfterAccept: 0 } });
    return startServerProcess({ DATABASE_PATH: join(dir, 'app.db'), LINE_API_BASE_URL: line.origin, SANDBOX_SEED_DEMO: 'false', WORKERS: 'off', NOTIFY_BACKOFF_BASE_MS: '200', LOG_LEVEL: 'error', ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}) });
  };
  return { line, settings, stats, start };
}

/** A process's user + system CPU seconds so far (Linux /proc), or NaN where it cannot be read: a figure a busy machine distorts less than wall-clock rates. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Latencies of GET /healthz every 20 ms until stopped. */
function probe(origin: string) {
  const latencies: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const t = performance.now();
      try {
        await (await fetch(`${origin}/healthz`)).arrayBuffer();
        latencies.push(performance.now() - t);
      } catch {
        latencies.push(Number.POSITIVE_INFINITY);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      const sorted = latencies.sort((a, b) => a - b);
      return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
    },
  };
}

function insertRows(path: string, n: number, row: (i: number) => { kind: string; variables: unknown; priority: number }): void {
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  const insertMember = db.prepare("insert into members (line_user_id, display_name, name, status, is_following) values (?, ?, ?, 'active', 1)");
  const insertOutbox = db.prepare("insert into outbox (id, member_id, kind, variables, priority, due_at, status) values (?, ?, ?, ?, ?, ?, 'pending')");
  db.transaction(() => {
    const now = Date.now();
    for (let i = 0; i < n; i += 1) {
      const { lastInsertRowid } = insertMember.run(`U${randomBytes(16).toString('hex')}`, `會員${i}`, `會員${i}`);
      const r = row(i);
      insertOutbox.run(randomUUID(), lastInsertRowid, r.kind, JSON.stringify(r.variables), r.priority, now);
    }
  })();
  db.close();
}

/** Polls our database until nothing is pending or sending; returns when 10% and 90% were sent. */
async function watch(path: string, n: number, label: string, limitMs: number) {
  const db = new Database(path, { readonly: true, timeout: 10_000 });
  // Only the open rows are counted while it runs, each through its partial index (the status
  // literals are what lets SQLite use them): a finished row leaves both, so a poll gets cheaper
  // as the send goes on. Counting the sent rows every 25 ms scanned the table (there is no index
  // on finished rows) and took CPU from the two processes being measured.
  const countOpen = db.prepare("select (select count(*) from outbox where status = 'pending') + (select count(*) from outbox where status = 'sending') n");
  const start = performance.now();
  let t10 = 0;
  let t90 = 0;
  let lastLog = start;
  for (;;) {
    await new Promise((r) => setTimeout(r, 25));
    // Finished (sent, or failed for good: none are expected with retried 429/500s; the totals
    // below are exact).
    const open = (countOpen.get() as { n: number }).n;
    const sent = n - open;
    if (!t10 && sent >= n * 0.1) t10 = performance.now();
    if (!t90 && sent >= n * 0.9) t90 = performance.now();
    if (open === 0 && sent > 0) break;
    if (performance.now() - lastLog > 2000) {
      lastLog = performance.now();
      process.stdout.write(`  ${label}: ${fmt(sent)} / ${fmt(n)} sent\n`);
    }
    if (performance.now() - start > limitMs) throw new Error(`${label} did not finish in ${limitMs / 1000} s`);
  }
  const statuses = db.prepare('select status, count(*) n from outbox group by status').all() as { status: string; n: number }[];
  const retried = (db.prepare('select count(*) n from outbox where attempts > 1').get() as { n: number }).n;
  db.close();
  return { t10, t90, end: performance.now(), sent: statuses.find((s) => s.status === 'sent')?.n ?? 0, retried };
}

/**
 * Fan-out of N personalised notifications (one push each) through the sandbox with 5% of
 * requests answered 429/500 at random: sustained throughput as a ratio of LINE's 2,000/s and of a
 * bare push loop against the same sandbox process in the same run; zero lost, zero doubled; the
 * web server's latency meanwhile.
 */
export async function benchNotificationFanout(): Promise<BenchResult> {
  const dir = tempDir('bench-fanout-');
  const env = await twoProcesses(dir, { rate429: 0.025, rate500: 0.025 });
  let app: Awaited<ReturnType<typeof env.start>> | undefined;
  try {
    const config = loadConfig({ DATABASE_PATH: join(dir, 'x.db'), LINE_API_BASE_URL: env.line.origin });
    const client = new LineClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, apiBaseUrl: env.line.origin });

    // Baseline: bare pushes, same concurrency and rate, no database or templates (no faults).
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

    app = await env.start();
    const watching = probe(app.origin);
    const idle = await watching.stop();
    insertRows(join(dir, 'app.db'), N, (i) => ({ kind: 'points_earned', priority: 0, variables: { earned: (i % 50) + 1, points: 1000 + i, reason: `消費 NT$${(i % 50) * 50 + 50}` } }));
    const during = probe(app.origin);
    const start = performance.now();
    const w = await watch(join(dir, 'app.db'), N, 'fan-out', 180_000);
    const latency = await during.stop();
    const stats = await env.stats();
    const seconds = (w.end - start) / 1000;
    const throughput = (N * 0.8) / ((w.t90 - w.t10) / 1000);
    const endToEnd = w.sent / seconds;
    const lost = N - stats.distinctRetryKeys;
    return {
      name: 'Notification fan-out: our server (dispatcher inside, synchronous=FULL) → sandbox (LINE limit 2,000/s, 5% random 429/500)',
      figures: {
        notifications: N,
        seconds: Number(seconds.toFixed(2)),
        'sustained sent/s (10%→90%)': Math.round(throughput),
        'sustained ratio to LINE limit': Number((throughput / LINE_RATE).toFixed(3)),
        'end-to-end sent/s (incl. retry tail)': Math.round(endToEnd),
        'end-to-end ratio to LINE limit': Number((endToEnd / LINE_RATE).toFixed(3)),
        'baseline bare push loop /s': Math.round(bareRate),
        'ratio to bare loop': Number((throughput / bareRate).toFixed(3)),
        'rows retried': w.retried,
        'sandbox messages': stats.messages,
        lost,
        duplicated: stats.duplicatedRetryKeys,
        'web /healthz p50 ms (idle)': Number(idle.p50.toFixed(1)),
        'web /healthz p50 / p99 / max ms (sending)': `${latency.p50.toFixed(1)} / ${latency.p99.toFixed(1)} / ${latency.max.toFixed(1)} (${latency.n} probes)`,
        'dispatcher rate setting /s': limiterRate,
      },
      goals: [
        { label: 'sustained throughput ≥ 0.9 of LINE limit', met: throughput / LINE_RATE >= 0.9 },
        { label: 'zero lost', met: lost === 0 && w.sent === N },
        { label: 'zero duplicated', met: stats.duplicatedRetryKeys === 0 && stats.messages === N },
        { label: 'web server answered every probe during the send', met: Number.isFinite(latency.max) },
      ],
    };
  } finally {
    await app?.stop();
    await env.line.stop();
  }
}

/**
 * One identical marketing message (a partner's announcement, no per-member variables) to
 * 100,000 members: enqueue → every member delivered per the sandbox's delivery log, through
 * multicast (≤ 500 recipients a request, LINE's 200 requests/s), as recipients/s against LINE's
 * 200 × 500/s. BENCH_MULTICAST_FAULTS=1 adds 5% random 429/500.
 */
export async function benchMulticast(): Promise<BenchResult> {
  const dir = tempDir('bench-multicast-');
  const injected = process.env.BENCH_MULTICAST_FAULTS === '1';
  const env = await twoProcesses(dir, injected ? { rate429: 0.025, rate500: 0.025 } : { rate429: 0, rate500: 0 });
  let app: Awaited<ReturnType<typeof env.start>> | undefined;
  try {
    app = await env.start();
    const e0 = performance.now();
    insertRows(join(dir, 'app.db'), MULTICAST_MEMBERS, () => ({ kind: 'third_party', priority: 1, variables: { title: '週年慶開跑', body: '全館滿千折百，只到週日。' } }));
    const enqueueSeconds = (performance.now() - e0) / 1000;
    const during = probe(app.origin);
    const start = performance.now();
    const cpu0 = { app: cpuSeconds(app.child.pid), line: cpuSeconds(env.line.child.pid) };
    let delivered = 0;
    let stats: Stats | undefined;
    let lastLog = start;
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      stats = await env.stats();
      delivered = stats.recipients;
      if (delivered >= MULTICAST_MEMBERS) break;
      if (performance.now() - lastLog > 2000) {
        lastLog = performance.now();
        process.stdout.write(`  multicast: ${fmt(delivered)} / ${fmt(MULTICAST_MEMBERS)} delivered\n`);
      }
      if (performance.now() - start > 180_000) throw new Error('multicast did not finish in 3 minutes');
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = { app: cpuSeconds(app.child.pid) - cpu0.app, line: cpuSeconds(env.line.child.pid) - cpu0.line };
    const w = await watch(join(dir, 'app.db'), MULTICAST_MEMBERS, 'multicast rows', 60_000);
    const latency = await during.stop();
    stats = await env.stats();
    const rate = MULTICAST_MEMBERS / seconds;
    return {
      name: `Multicast: one identical marketing message to ${fmt(MULTICAST_MEMBERS)} members (LINE multicast limit 200 requests/s × 500)${injected ? ', 5% random 429/500' : ''}`,
      figures: {
        members: MULTICAST_MEMBERS,
        'enqueue seconds (one transaction)': Number(enqueueSeconds.toFixed(2)),
        'enqueued → all delivered, seconds': Number(seconds.toFixed(2)),
        'recipients/s': Math.round(rate),
        'ratio to LINE multicast limit (100,000/s)': Number((rate / LINE_MULTICAST_RECIPIENTS_PER_S).toFixed(3)),
        'multicast requests accepted': stats.byVia.multicast ? stats.acceptedRequests : 0,
        'messages by multicast / push': `${stats.byVia.multicast ?? 0} / ${stats.byVia.push ?? 0}`,
        'rows sent': w.sent,
        'rows retried': w.retried,
        'members with more than one message': stats.recipientsWithRepeats,
        'our server CPU ms per 1,000 recipients (send)': Number(((cpu.app * 1000 * 1000) / MULTICAST_MEMBERS).toFixed(1)),
        'sandbox CPU ms per 1,000 recipients (send)': Number(((cpu.line * 1000 * 1000) / MULTICAST_MEMBERS).toFixed(1)),
        'web /healthz p50 / p99 / max ms (sending)': `${latency.p50.toFixed(1)} / ${latency.p99.toFixed(1)} / ${latency.max.toFixed(1)} (${latency.n} probes)`,
      },
      goals: [
        { label: '≥ 0.5 of LINE multicast limit, enqueue → delivered', met: rate / LINE_MULTICAST_RECIPIENTS_PER_S >= 0.5 },
        { label: 'every member delivered once, every row sent', met: stats.recipients === MULTICAST_MEMBERS && stats.recipientsWithRepeats === 0 && stats.messages === MULTICAST_MEMBERS && w.sent === MULTICAST_MEMBERS },
      ],
    };
  } finally {
    await app?.stop();
    await env.line.stop();
  }
}
