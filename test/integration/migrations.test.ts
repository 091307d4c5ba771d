import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../bot-server/db/client.ts';

const root = resolve(import.meta.dirname, '../..');

describe('migrations', () => {
  it('the committed migrations match the Drizzle schema (no drift)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-'));
    cpSync(join(root, 'drizzle'), join(dir, 'drizzle'), { recursive: true });
    const before = readdirSync(join(dir, 'drizzle')).sort();
    const configPath = join(dir, 'drizzle.config.ts');
    writeFileSync(
      configPath,
      `export default { dialect: 'sqlite', schema: ${JSON.stringify(join(root, 'bot-server/db/schema.ts'))}, out: ${JSON.stringify(join(dir, 'drizzle'))} };\n`,
    );
    const result = spawnSync(process.execPath, [join(root, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--config', configPath], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const after = readdirSync(join(dir, 'drizzle')).sort();
    expect(after, `schema changed without a migration: run npm run db:generate\n${result.stdout}`).toEqual(before);
  });

  it('applies to an empty file and again without change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-'));
    const handle = openDatabase(join(dir, 'app.db'));
    migrateDatabase(handle);
    migrateDatabase(handle);
    const tables = handle.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['members', 'stores', 'webhook_events']));
    expect(handle.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    handle.close();
  });
});
