import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';
import { insertMember } from '../../bot-server/members/member.repo.ts';

const cli = resolve(import.meta.dirname, '../../bot-server/cli/admin.ts');

function run(dbPath: string, ...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, DATABASE_PATH: dbPath }, encoding: 'utf8', timeout: 20_000 });
}

describe('npm run admin', () => {
  // Seven CLI processes one after another (a node start-up each, ~1.3 s on CI, more beside another test file): more than vitest's 30 s on a busy machine.
  it('grants by LINE user id (before first sign-in) and by mobile, revokes, lists, and audits', { timeout: 90_000 }, () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'admin-cli-')), 'app.db');
    const handle = openDatabase(dbPath);
    migrateDatabase(handle);
    insertMember(handle.db, { lineUserId: 'U' + 'b'.repeat(32), name: '老闆', mobile: '+886912000111', registeredAt: new Date() });
    handle.close();

    const byId = run(dbPath, 'grant', 'U' + 'c'.repeat(32));
    expect(byId.status, byId.stderr).toBe(0);
    const byMobile = run(dbPath, 'grant', '0912-000-111');
    expect(byMobile.stdout).toContain('Granted admin');
    expect(byMobile.stdout).toContain('老闆');
    expect(run(dbPath, 'list').stdout).toMatch(/老闆\tadmin/);
    expect(run(dbPath, 'revoke', '0912000111').status).toBe(0);
    expect(run(dbPath, 'list').stdout).not.toContain('老闆');

    const unknown = run(dbPath, 'grant', '0988777666');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No member matches');
    expect(run(dbPath, 'grant', 'nobody').status).toBe(2);

    const check = openDatabase(dbPath);
    const rows = check.sqlite.prepare('select actor_kind, action from audit_log order by id').all();
    check.close();
    expect(rows).toEqual([
      { actor_kind: 'cli', action: 'admin.grant' },
      { actor_kind: 'cli', action: 'admin.grant' },
      { actor_kind: 'cli', action: 'admin.revoke' },
    ]);
  });
});
