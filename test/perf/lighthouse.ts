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
 *
 * Every run is its own: a fresh server and database, a Node process and a Chromium with an empty
 * profile of its own. A run Lighthouse could not measure (no paint, no trace) is no score of 0:
 * the script says why and exits 1 (a failure to record the trace is tried once more first).
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

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', './bot-server/preload.mjs', 'bot-server/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'app.db'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode})`);
    ready = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  if (!ready) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the server on port ${port} was not healthy after 30 s`);
  }
  return {
    url: `${base}/app/wallet?sandboxUser=${DEMO_MEMBER}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
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

/**
 * One run in a Chromium of its own: a fresh profile directory (no cache, cookies, service worker
 * or session of an earlier run), on a port chrome-launcher picks, and waited for until the
 * process has exited before the next run starts (a Chromium still closing is what made every
 * second run in a row report "no paint", score 0).
 */
async function runOnce(url: string, n: number): Promise<Run> {
  const profile = mkdtempSync(join(tmpdir(), 'lighthouse-chromium-'));
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    userDataDir: profile,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    if (!result) throw new Error('Lighthouse gave no result');
    const { lhr } = result;
    if (process.env.LIGHTHOUSE_JSON) writeFileSync(process.env.LIGHTHOUSE_JSON, JSON.stringify(lhr));
    // A run Lighthouse could not measure (NO_FCP, a page that did not load, …) scores 0: that is
    // no figure for the page, so say so and fail rather than report it.
    const performance = lhr.categories.performance?.score;
    if (lhr.runtimeError || typeof performance !== 'number' || performance === 0) {
      const why = lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : `performance score ${String(performance)}`;
      const warnings = lhr.runWarnings.length ? `\n  ${lhr.runWarnings.join('\n  ')}` : '';
      throw new Error(`Lighthouse run ${n} did not measure the page (${why})${warnings}`);
    }
    const audit = (id: string) => lhr.audits[id];
    const requests = ((audit('network-requests')?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? []);
    const js = requests.filter((r) => r.resourceType === 'Script');
    const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
    return {
      performance: Math.round(performance * 100),
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
    await stopChrome(chrome);
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Kills Chromium and waits until its process has exited (chrome-launcher's kill() does not wait). */
async function stopChrome(chrome: chromeLauncher.LaunchedChrome): Promise<void> {
  const child = chrome.process;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()));
  chrome.kill();
  const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Lighthouse's own failures to record a page load (the trace, not the page); such a run is tried once more. */
const TRACE_ERRORS = ['NO_NAVSTART', 'NO_TRACING_STARTED', 'NO_FCP', 'NO_LCP', 'PROTOCOL_TIMEOUT', 'NO_SPEEDLINE_FRAMES', 'SPEEDINDEX_OF_ZERO'];

/**
 * Each run in a Node process of its own (`LIGHTHOUSE_ONE_RUN=1`, the result as JSON on stdout):
 * nothing Lighthouse or chrome-launcher keeps between runs in one process carries over.
 */
function runInChild(url: string, n: number): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [import.meta.filename, url], {
      cwd: ROOT,
      env: { ...process.env, LIGHTHOUSE_ONE_RUN: String(n) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === 0) return done(JSON.parse(out) as Run);
      const message = /Lighthouse run \d+ did not measure the page.*$/m.exec(err)?.[0] ?? err.trim().split('\n').slice(-3).join('\n');
      fail(new Error(message || `the Lighthouse run exited with code ${String(code)}`));
    });
  });
}

async function measure(url: string, n: number): Promise<Run> {
  try {
    return await runInChild(url, n);
  } catch (error) {
    const message = (error as Error).message;
    if (!TRACE_ERRORS.some((code) => message.includes(`(${code}`))) throw error;
    process.stderr.write(`${message}\n  Lighthouse failed to record the load; trying run ${n} once more.\n`);
    return runInChild(url, n);
  }
}

const argUrl = process.argv[2];
if (process.env.LIGHTHOUSE_ONE_RUN) {
  process.stdout.write(JSON.stringify(await runOnce(argUrl!, Number(process.env.LIGHTHOUSE_ONE_RUN))));
  process.exit(0);
}
const runs = Math.max(1, Math.min(5, Number(process.env.LIGHTHOUSE_RUNS ?? 1)));
const results: Run[] = [];
let shownUrl = argUrl ?? '';
for (let i = 1; i <= runs; i++) {
  // Each run against a server of its own (a fresh database and demo member) unless a URL is given.
  const server = argUrl ? null : await startServer();
  try {
    shownUrl = argUrl ?? server!.url;
    results.push(await measure(shownUrl, i));
  } finally {
    await server?.stop();
  }
}
results.sort((a, b) => a.performance - b.performance);
const median = results[Math.floor(results.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
process.stdout.write(
  [
    `Lighthouse (mobile) ${shownUrl.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:<port>')}${runs > 1 ? ` — median of ${runs}: ${results.map((r) => r.performance).join(', ')}` : ''}`,
    `  performance ${median.performance}   accessibility ${median.accessibility}`,
    `  FCP ${s(median.fcp)}   LCP ${s(median.lcp)}   TBT ${Math.round(median.tbt)} ms   CLS ${median.cls.toFixed(3)}   Speed Index ${s(median.si)}`,
    `  ${median.jsRequests} JS requests, ${median.jsTransferKb} KB JS transferred (${median.unusedJsKb} KB unused), ${median.totalTransferKb} KB in all`,
    median.failing.length ? `  below 90: ${median.failing.join(', ')}` : '  every scored audit ≥ 90',
    '',
  ].join('\n'),
);
