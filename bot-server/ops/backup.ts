import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_FOLDER } from '../db/client.ts';

/**
 * Backups a brand can rely on: a consistent copy taken while the server runs, through SQLite's
 * online backup API (better-sqlite3's `backup()`), and a restore that checks before it replaces.
 *
 * Consistency: the copy is made in one backup step, so it is one snapshot of the database —
 * every transaction committed before the step began is in it, none half-way. In WAL mode the
 * step holds only a read lock: the server keeps writing meanwhile.
 */

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
  /** The newest migration the copy carries (its schema level). */
  migration: string | null;
}

/** Copies the open database `source` to `destination` (written beside it first, then renamed into place). */
export async function backupDatabase(source: Database.Database, destination: string): Promise<BackupResult> {
  const started = Date.now();
  const file = resolve(destination);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    // One step for every page (returning a page count larger than the database each time):
    // a step copies from one read snapshot, so the copy cannot restart or mix two states.
    await source.backup(partial, { progress: () => 2 ** 30 });
    const copy = new Database(partial);
    try {
      const ok = copy.pragma('quick_check', { simple: true });
      if (ok !== 'ok') throw new Error(`the copy failed its check: ${String(ok)}`);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { file, bytes: statSync(file).size, ms: Date.now() - started, migration: inspectBackup(file).latestMigration };
}

/** The backups of `databasePath` in `dir` that the scheduled job made, newest first. */
export function scheduledBackups(dir: string, databasePath: string): string[] {
  if (!existsSync(dir)) return [];
  const stem = basename(databasePath).replace(/\.db$/, '');
  const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{8}-\\d{6}\\.db$`);
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .reverse()
    .map((name) => join(dir, name));
}

/** The file name a scheduled backup at `at` gets: `<stem>-YYYYMMDD-HHMMSS.db` (UTC, so names sort by time). */
export function scheduledBackupName(databasePath: string, at: Date): string {
  const stem = basename(databasePath).replace(/\.db$/, '');
  const iso = at.toISOString();
  return `${stem}-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}.db`;
}

/** Removes all but the newest `keep` scheduled backups; returns the removed files. */
export function pruneBackups(dir: string, databasePath: string, keep: number): string[] {
  const old = scheduledBackups(dir, databasePath).slice(Math.max(1, keep));
  for (const file of old) rmSync(file, { force: true });
  return old;
}

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

/** The migrations this code carries (drizzle/meta/_journal.json), oldest first. */
export function knownMigrations(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

export interface BackupInspection {
  /** PRAGMA integrity_check's answer: 'ok' or what is wrong. */
  integrity: string;
  /** The tag of the newest applied migration this code knows, or null (none applied). */
  latestMigration: string | null;
  /** Applied migrations this code does not know (the backup comes from a newer version). */
  unknownMigrations: number;
}

/** Opens a backup read-only and says whether it can be restored by this code. Throws if it is not a SQLite database. */
export function inspectBackup(file: string): BackupInspection {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const integrity = rows.map((r) => r.integrity_check).join('; ');
    const known = knownMigrations();
    const byWhen = new Map(known.map((m) => [m.when, m.tag]));
    let applied: { created_at: number }[] = [];
    try {
      applied = db.prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at').all() as { created_at: number }[];
    } catch {
      applied = [];
    }
    const unknown = applied.filter((m) => !byWhen.has(Number(m.created_at))).length;
    const last = applied.at(-1);
    return { integrity, latestMigration: last ? (byWhen.get(Number(last.created_at)) ?? null) : null, unknownMigrations: unknown };
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  restored: string;
  /** Where the database that was replaced now is (null when there was none). */
  previous: string | null;
  migration: string | null;
}

/**
 * Replaces the database at `target` with the backup `file` (the server must be stopped — the
 * caller checks presence). The current database is checkpointed and kept beside it as
 * `<target>.before-restore-<time>`; the backup is copied in through the backup API and
 * renamed into place, so a crash half-way leaves either the old or the new file, never a mix.
 */
export async function restoreDatabase(file: string, target: string, at = new Date()): Promise<RestoreResult> {
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  const incoming = `${path}.restoring`;
  rmSync(incoming, { force: true });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming, { progress: () => 2 ** 30 });
  } finally {
    source.close();
  }
  let previous: string | null = null;
  if (existsSync(path)) {
    // Fold the WAL into the file so the kept copy is whole on its own.
    const current = new Database(path);
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
      current.pragma('journal_mode = DELETE');
    } finally {
      current.close();
    }
    previous = `${path}.before-restore-${at.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, previous);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  renameSync(incoming, path);
  return { restored: path, previous, migration: inspectBackup(path).latestMigration };
}
