/**
 * `npm run lighthouse [-- <url>]`: Lighthouse (mobile emulation, simulated slow 4G and a 4× slower
 * CPU, as PageSpeed Insights runs it) on the member wallet, in headless Chromium. Not part of CI:
 * the scores depend on the machine. Without a URL it starts its own sandbox server on a free port
 * with a throw-away database and signs the demo member 王小明 in with `?sandboxUser=`.
 *
 *   npm run lighthouse                      # own server, /app/wallet
 *   npm run lighthouse -- http://localhost:3000/app/wallet?sandboxUser=U…
 *   LIGHTHOUSE_RUNS=3 npm run lighthouse    # median of three runs
 *   LIGHTHOUSE_JSON=/tmp/lhr.json npm run lighthouse   # keep the full report (last run)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO_MEMBER = 'U0000000000000000000000000000a001';

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', './bot-server/preload.mjs', 'bot-server/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'app.db'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error('the server exited');
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: `${base}/app/wallet?sandboxUser=${DEMO_MEMBER}`,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Run {
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  jsRequests: number;
  jsTransferKb: number;
  totalTransferKb: number;
  unusedJsKb: number;
  failing: string[];
}

async function runOnce(url: string): Promise<Run> {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    if (!result) throw new Error('Lighthouse gave no result');
    const { lhr } = result;
    if (process.env.LIGHTHOUSE_JSON) writeFileSync(process.env.LIGHTHOUSE_JSON, JSON.stringify(lhr));
    const audit = (id: string) => lhr.audits[id];
    const requests = ((audit('network-requests')?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? []);
    const js = requests.filter((r) => r.resourceType === 'Script');
    const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      fcp: audit('first-contentful-paint')?.numericValue ?? NaN,
      lcp: audit('largest-contentful-paint')?.numericValue ?? NaN,
      tbt: audit('total-blocking-time')?.numericValue ?? NaN,
      cls: audit('cumulative-layout-shift')?.numericValue ?? NaN,
      si: audit('speed-index')?.numericValue ?? NaN,
      jsRequests: js.length,
      jsTransferKb: kb(js.reduce((sum, r) => sum + (r.transferSize ?? 0), 0)),
      totalTransferKb: kb(requests.reduce((sum, r) => sum + (r.transferSize ?? 0), 0)),
      unusedJsKb: kb(((audit('unused-javascript')?.details as { overallSavingsBytes?: number } | undefined)?.overallSavingsBytes) ?? 0),
      failing: Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable')
        .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`),
    };
  } finally {
    chrome.kill();
  }
}

const argUrl = process.argv[2];
const server = argUrl ? null : await startServer();
const url = argUrl ?? server!.url;
const runs = Math.max(1, Math.min(5, Number(process.env.LIGHTHOUSE_RUNS ?? 1)));
try {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) results.push(await runOnce(url));
  results.sort((a, b) => a.performance - b.performance);
  const median = results[Math.floor(results.length / 2)]!;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  process.stdout.write(
    [
      `Lighthouse (mobile) ${url}${runs > 1 ? ` — median of ${runs}: ${results.map((r) => r.performance).join(', ')}` : ''}`,
      `  performance ${median.performance}   accessibility ${median.accessibility}`,
      `  FCP ${s(median.fcp)}   LCP ${s(median.lcp)}   TBT ${Math.round(median.tbt)} ms   CLS ${median.cls.toFixed(3)}   Speed Index ${s(median.si)}`,
      `  ${median.jsRequests} JS requests, ${median.jsTransferKb} KB JS transferred (${median.unusedJsKb} KB unused), ${median.totalTransferKb} KB in all`,
      median.failing.length ? `  below 90: ${median.failing.join(', ')}` : '  every scored audit ≥ 90',
      '',
    ].join('\n'),
  );
} finally {
  server?.stop();
}
