import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { JobKind, ScheduleDef } from '../jobs/runner.ts';
import { backupDatabase, pruneBackups, scheduledBackupName } from './backup.ts';

export const BACKUP_JOB = 'database_backup';

export interface BackupSchedule {
  /** Where the copies go (BACKUP_DIR). */
  dir: string;
  /** Cron in brand time (BACKUP_SCHEDULE, default 04:00 daily). */
  cron: string;
  /** How many copies to keep (BACKUP_KEEP). */
  keep: number;
}

export function backupSchedule(settings: BackupSchedule): ScheduleDef {
  // Six hours of grace: a server that was down at 04:00 still takes that day's copy when it comes back.
  return { name: BACKUP_JOB, cron: settings.cron, kind: BACKUP_JOB, graceMs: 6 * 3600_000 };
}

/** A scheduled online backup into BACKUP_DIR, then the oldest beyond BACKUP_KEEP removed. */
export function backupJob(sqlite: Database.Database, databasePath: string, settings: BackupSchedule): JobKind {
  return {
    maxAttempts: 3,
    async run(ctx) {
      const at = ctx.dueAt ?? ctx.now();
      const result = await backupDatabase(sqlite, join(settings.dir, scheduledBackupName(databasePath, at)));
      const removed = pruneBackups(settings.dir, databasePath, settings.keep);
      return { result: { file: result.file, bytes: result.bytes, ms: result.ms, removed: removed.length } };
    },
  };
}
