import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The Node flags every process a benchmark starts runs with: those of `npm start` (read from
 * package.json, so the benchmark measures what a brand runs), or BENCH_NODE_FLAGS to compare.
 */
export const NODE_FLAGS: string[] = (() => {
  if (process.env.BENCH_NODE_FLAGS !== undefined) return process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean);
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const start = /node ((?:--\S+ \S+ |--\S+=\S+ )*)bot-server\/start\.ts/.exec(scripts.start ?? '');
  return (start?.[1] ?? '').split(/\s+/).filter(Boolean).map((flag) => (flag.startsWith('./') ? join(ROOT, flag) : flag));
})();

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Starts `node bot-server/main.ts` as its own process and waits for /healthz. */
export async function startServerProcess(env: Record<string, string>): Promise<{ origin: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, 'bot-server/main.ts')], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    child,
    stop: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

/** A process's resident memory in MB (Linux /proc), or NaN where it cannot be read. */
export function rssMb(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export interface BenchResult {
  name: string;
  figures: Record<string, number | string | boolean>;
  goals: { label: string; met: boolean }[];
}

/**
 * The group-commit batches a running server of ours made, from its /metrics (open in sandbox
 * mode): how many commits, the mean requests per commit and the share of requests in batches
 * of 2 or more. Read just before stopping the server.
 */
export async function batchSizes(origin: string): Promise<string> {
  try {
    const text = await (await fetch(`${origin}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}\\{committed="yes"[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    const count = value('group_commit_batch_size_count');
    const sum = value('group_commit_batch_size_sum');
    const singles = Number(new RegExp('^group_commit_batch_size_bucket\\{[^}]*le="1"[^}]*committed="yes"[^}]*\\} (\\S+)$|^group_commit_batch_size_bucket\\{[^}]*committed="yes"[^}]*le="1"[^}]*\\} (\\S+)$', 'm').exec(text)?.slice(1).find(Boolean) ?? Number.NaN);
    if (!Number.isFinite(count) || count === 0) return 'n/a';
    return `${fmt(count)} commits, mean ${fmt(sum / count, 1)} requests/commit, ${fmt((100 * (sum - singles)) / sum, 0)}% of requests shared a commit`;
  } catch {
    return 'n/a';
  }
}
