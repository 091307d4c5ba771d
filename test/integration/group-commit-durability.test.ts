import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../bot-server/db/client.ts';
import { prepareDatabase } from '../bench/pos-redemption.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The rush lasts RUSH_MS (the issue asks for 60 s; 12 s keeps CI short and already writes far more than the bound). */
const RUSH_MS = 12_000;
// The WAL holds what is written between two checkpoint rounds (~1 s apart, sooner when busy); a loaded CI machine can delay
// a round by seconds, so the bound leaves room for that, below journal_size_limit (64 MB): without the rounds it grows without end.
const WAL_BOUND_BYTES = 48 * 1024 * 1024;
const CONNECTIONS = 32;

const dir = mkdtempSync(join(tmpdir(), 'coupons-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

describe('durability under a redemption rush (a real server process at its default synchronous=FULL)', () => {
  it('the WAL stays bounded by background checkpoints, and after a SIGKILL mid-rush every acknowledged redemption is there', { timeout: 90_000 }, async () => {
    const path = join(dir, 'app.db');
    const { key, storeId, codes } = prepareDatabase(path, 40_000);
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'bot-server/main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC', HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: path, LOG_LEVEL: 'warn', NOTIFY_DISPATCHER: 'off', WORKERS: 'off', SANDBOX_SEED_DEMO: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise((ok) => child.once('exit', ok));
    try {
      const origin = `http://127.0.0.1:${port}`;
      for (let deadline = Date.now() + 20_000; ; ) {
        if (await fetch(`${origin}/healthz`).then((r) => r.ok, () => false)) break;
        if (Date.now() > deadline) throw new Error('server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
      const acknowledged: string[] = [];
      let next = 0;
      let maxWal = 0;
      let stop = false;
      const walPath = `${path}-wal`;
      const sampler = setInterval(() => {
        try {
          maxWal = Math.max(maxWal, statSync(walPath).size);
        } catch {
          // no WAL file at this instant
        }
      }, 50);
      const worker = async () => {
        while (!stop && next < codes.length) {
          const code = codes[next++]!;
          try {
            const res = await fetch(`${origin}/api/pos/redemptions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
              body: JSON.stringify({ storeId, code, orderAmount: 300 }),
            });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
            else await res.arrayBuffer();
          } catch {
            // the kill cut this request off: it was never acknowledged
          }
        }
      };
      const workers = Array.from({ length: CONNECTIONS }, worker);
      await new Promise((r) => setTimeout(r, RUSH_MS));
      const beforeKill = acknowledged.length;
      // Mid-rush: requests are in flight and in batches when the process dies.
      child.kill('SIGKILL');
      await exited;
      stop = true;
      await Promise.all(workers);
      clearInterval(sampler);

      expect(beforeKill).toBeGreaterThan(2000);
      // ~10 pages a redemption without checkpoints would put well over the bound in the WAL.
      expect(beforeKill * 10 * 4096).toBeGreaterThan(WAL_BOUND_BYTES);
      expect(maxWal).toBeGreaterThan(0);
      expect(maxWal).toBeLessThan(WAL_BOUND_BYTES);

      // The restart: SQLite recovers from the WAL; every redemption answered 201 is there.
      const reopened = openDatabase(path);
      try {
        expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        const present = new Set((reopened.sqlite.prepare('select id from redemptions').all() as { id: string }[]).map((r) => r.id));
        const missing = acknowledged.filter((id) => !present.has(id));
        expect(missing).toEqual([]);
        // And nothing is half-done: each redemption's coupon is used, once.
        const used = (reopened.sqlite.prepare("select count(*) as n from coupons where status = 'used'").get() as { n: number }).n;
        expect(used).toBe(present.size);
      } finally {
        reopened.close();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });
});
