import { existsSync } from 'node:fs';
import { configOrReport } from './with-database.ts';
import { migrateDatabase, openDatabase } from '../db/client.ts';
import { inspectBackup, knownMigrations, restoreDatabase } from '../ops/backup.ts';
import { livePresences } from '../ops/presence.ts';

/**
 * `npm run restore -- <file>`: replaces DATABASE_PATH with a backup. Refuses while a server or
 * dispatcher has the database open, when the backup fails SQLite's integrity check, or when it
 * comes from a newer version of this software (migrations this code does not know). After the
 * swap it applies this code's newer migrations, if any. The replaced database is kept beside it.
 */
async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('-'));
  if (!file || argv.includes('--help')) {
    console.error('Usage: npm run restore -- <file>\n  Stop the server (and any `npm run dispatcher`) first.\n  用法：npm run restore -- <備份檔>（請先停止伺服器）');
    return file ? 0 : 1;
  }
  const config = configOrReport();
  if (!config) return 1;
  if (!existsSync(file)) {
    console.error(`No such file: ${file}\n找不到備份檔：${file}`);
    return 1;
  }
  const live = livePresences(config.databasePath);
  if (live.length > 0) {
    const who = live.map((p) => `${p.role} (pid ${p.pid} on ${p.host}, since ${p.startedAt})`).join(', ');
    console.error(`Refusing to restore: ${config.databasePath} is in use by ${who}. Stop it first.\n無法還原：資料庫仍在使用中（${who}），請先停止伺服器。`);
    return 2;
  }
  let inspection;
  try {
    inspection = inspectBackup(file);
  } catch (error) {
    console.error(`Refusing to restore: ${file} is not a readable SQLite database (${(error as Error).message}).\n無法還原：備份檔不是可讀取的資料庫。`);
    return 3;
  }
  if (inspection.integrity !== 'ok') {
    console.error(`Refusing to restore: the backup fails SQLite's integrity check: ${inspection.integrity.slice(0, 500)}\n無法還原：備份檔未通過完整性檢查。`);
    return 3;
  }
  if (inspection.unknownMigrations > 0) {
    const latest = knownMigrations().at(-1)?.tag;
    console.error(`Refusing to restore: the backup has ${inspection.unknownMigrations} migration(s) newer than this version knows (this code ends at ${latest}). Restore it with the version that made it.\n無法還原：備份來自較新的版本。`);
    return 4;
  }
  const result = await restoreDatabase(file, config.databasePath);
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.dbBusyTimeoutMs });
  try {
    migrateDatabase(handle);
  } finally {
    handle.close();
  }
  console.log(`Restored ${file} → ${result.restored} (schema ${result.migration ?? 'none'}, now migrated to ${knownMigrations().at(-1)?.tag}).`);
  if (result.previous) console.log(`The replaced database is kept at ${result.previous}.`);
  console.log('已還原。');
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
