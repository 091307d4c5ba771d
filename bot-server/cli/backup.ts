import { configOrReport } from './with-database.ts';
import { openDatabase } from '../db/client.ts';
import { backupDatabase } from '../ops/backup.ts';

/**
 * `npm run backup -- <file>`: a consistent copy of the configured database (DATABASE_PATH),
 * taken through SQLite's online backup API while the server keeps running.
 */
async function main(argv: string[]): Promise<number> {
  const target = argv.find((a) => !a.startsWith('-'));
  if (!target || argv.includes('--help')) {
    console.error('Usage: npm run backup -- <file>\n  Copies DATABASE_PATH to <file> while the server runs (SQLite online backup).\n  用法：npm run backup -- <檔案>：伺服器運作中也能取得一致的資料庫備份。');
    return target ? 0 : 1;
  }
  const config = configOrReport();
  if (!config) return 1;
  const handle = openDatabase(config.databasePath, { busyTimeoutMs: config.dbBusyTimeoutMs });
  try {
    const result = await backupDatabase(handle.sqlite, target);
    console.log(`Backed up ${config.databasePath} → ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.ms} ms, schema ${result.migration ?? 'none'})`);
    console.log(`已備份 ${config.databasePath} → ${result.file}`);
    return 0;
  } catch (error) {
    console.error(`Backup failed: ${(error as Error).message}\n備份失敗：${(error as Error).message}`);
    return 1;
  } finally {
    handle.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
