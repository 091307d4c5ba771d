import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, pruneBackups, scheduledBackupName, scheduledBackups } from '../../bot-server/ops/backup.ts';
import { announcePresence, livePresences } from '../../bot-server/ops/presence.ts';
import { createTemplate, issueByMobile } from '../helpers/coupons.ts';
import { makeAdmin, makeApiKey, makeMember } from '../helpers/factories.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

// `npm run backup` / `npm run restore`: a consistent online copy taken during a redemption rush
// restores to a database that passes integrity_check and holds every redemption acknowledged
// before the backup began; restore refuses a live database, a damaged file and a newer schema.

const ROOT = resolve(import.meta.dirname, '../..');

function cli(script: 'backup' | 'restore', args: string[], databasePath: string): Promise<{ code: number | null; out: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, ['--import', './bot-server/preload.mjs', `bot-server/cli/${script}.ts`, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => ok({ code, out }));
  });
}

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-backup-'));
  server = await startTestServer({}, { dir });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('a backup taken during a redemption rush restores with every redemption acknowledged before it began', async () => {
    const admin = (await makeAdmin(server)).auth;
    const pos = await makeApiKey(server, admin, { scopes: ['pos'] });
    const stores = (await server.client.call('consoleListStores', { headers: admin })).body.items;
    const storeId = stores[0]!.id;
    const member = await makeMember(server);
    const template = await createTemplate(server, admin, { name: '備份壓測券', amountOff: 10, usesPerCoupon: 100 });
    const coupons = [];
    for (let i = 0; i < 6; i += 1) coupons.push(await issueByMobile(server, admin, template.id, member.mobile));

    const acknowledged: { id: string; at: number }[] = [];
    let stop = false;
    const worker = async (coupon: { code: string }) => {
      while (!stop) {
        const res = await server.client.call('posRedeem', { headers: pos.auth, untypedBody: { storeId, code: coupon.code } });
        if (res.status !== 201) break;
        acknowledged.push({ id: res.body.id, at: Date.now() });
      }
    };
    const rush = Promise.all(coupons.map(worker));
    // The rush is under way (more than 10 acknowledged) when the backup begins. Waiting for the
    // count rather than a fixed 400 ms: a loaded machine acknowledged only 5 in that time.
    await waitFor(() => acknowledged.filter((a) => a.at < Date.now()).length > 10, 20_000);
    const backupFile = join(dir, 'during-rush.db');
    const began = Date.now();
    const before = acknowledged.filter((a) => a.at < began).map((a) => a.id);
    const backup = await cli('backup', [backupFile], server.config.databasePath);
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await rush;
    expect(backup.out).toContain('Backed up');
    expect(backup.code).toBe(0);
    expect(before.length).toBeGreaterThan(10);
    // The rush went on during the backup: there are redemptions the copy may or may not hold.
    expect(acknowledged.length).toBeGreaterThan(before.length);

    // Restore into a database no server uses.
    const restoredPath = join(dir, 'restored', 'app.db');
    const restore = await cli('restore', [backupFile], restoredPath);
    expect(restore.out).toContain('Restored');
    expect(restore.code).toBe(0);
    const restored = new Database(restoredPath, { readonly: true });
    try {
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set((restored.prepare('SELECT id FROM redemptions').all() as { id: number | string }[]).map((r) => String(r.id)));
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      // Consistent: each coupon's balance matches its redemptions in the copy.
      const mismatched = restored
        .prepare('SELECT c.id FROM coupons c WHERE c.uses_total - c.uses_left != (SELECT coalesce(sum(r.uses), 0) FROM redemptions r WHERE r.coupon_id = c.id AND r.voided_at IS NULL) AND c.template_id = ?')
        .all(template.id);
      expect(mismatched).toEqual([]);
    } finally {
      restored.close();
    }
  });

  it('restore refuses a database a running server has open, a damaged file and a newer schema', async () => {
    const good = join(dir, 'good.db');
    await backupDatabase(server.db.sqlite, good);

    const live = await cli('restore', [good], server.config.databasePath);
    expect(live.code).toBe(2);
    expect(live.out).toContain('in use by server');

    const damaged = join(dir, 'damaged.db');
    writeFileSync(damaged, 'SQLite format 3\0 but not really a database, just text pretending to be one');
    const bad = await cli('restore', [damaged], join(dir, 'other', 'app.db'));
    expect(bad.code).toBe(3);

    const newer = join(dir, 'newer.db');
    await backupDatabase(server.db.sqlite, newer);
    const db = new Database(newer);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', Date.now() + 365 * 86_400_000);
    db.close();
    const future = await cli('restore', [newer], join(dir, 'other', 'app.db'));
    expect(future.code).toBe(4);
    expect(future.out).toContain('newer than this version');
  });

  it('a killed process does not block a restore; scheduled backups keep the newest N', async () => {
    const path = join(dir, 'stale', 'app.db');
    const withdraw = announcePresence(join(dir, 'x.db'), 'server');
    expect(livePresences(join(dir, 'x.db'))).toHaveLength(1);
    withdraw();
    expect(livePresences(join(dir, 'x.db'))).toHaveLength(0);
    // A marker left by a process that no longer runs (pid far above any live one) is ignored and removed.
    mkdirSync(dirname(path), { recursive: true });
    const marker = `${resolve(path)}.server-999999999.live`;
    writeFileSync(marker, JSON.stringify({ role: 'server', pid: 999_999_999, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString() }));
    const copy = join(dir, 'for-stale.db');
    await backupDatabase(server.db.sqlite, copy);
    const restored = await cli('restore', [copy], path);
    expect(restored.out).toContain('Restored');
    expect(restored.code).toBe(0);
    expect(livePresences(path)).toHaveLength(0);

    const backups = join(dir, 'scheduled');
    for (let i = 0; i < 5; i += 1) await backupDatabase(server.db.sqlite, join(backups, scheduledBackupName(server.config.databasePath, new Date(Date.UTC(2026, 11, 1 + i, 4)))));
    expect(pruneBackups(backups, server.config.databasePath, 3)).toHaveLength(2);
    expect(scheduledBackups(backups, server.config.databasePath).map((f) => f.slice(-22))).toEqual(['app-20261205-040000.db', 'app-20261204-040000.db', 'app-20261203-040000.db']);
  });
});
