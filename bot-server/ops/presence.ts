import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { hostname } from 'node:os';

/**
 * Which processes have a database file open for writing: each server (and `npm run dispatcher`)
 * writes `<database>.<role>-<pid>.live` beside the file when it starts and removes it when it
 * stops. A process killed with SIGKILL leaves its file behind; it is recognised as dead because
 * its pid no longer runs on this host. `npm run restore` refuses while any live one is found.
 */

export interface Presence {
  role: string;
  pid: number;
  host: string;
  startedAt: string;
  file: string;
}

function marker(databasePath: string, role: string): string {
  return `${resolve(databasePath)}.${role}-${process.pid}.live`;
}

/** Announces this process as a user of the database; returns the function that withdraws it. */
export function announcePresence(databasePath: string, role: string): () => void {
  if (databasePath === ':memory:') return () => {};
  const file = marker(databasePath, role);
  const entry = { role, pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(entry)}\n`);
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The processes that have the database open now (stale markers of dead processes are removed). */
export function livePresences(databasePath: string): Presence[] {
  const path = resolve(databasePath);
  const dir = dirname(path);
  if (!existsSync(dir)) return [];
  const prefix = `${basename(path)}.`;
  const found: Presence[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.live')) continue;
    const file = resolve(dir, name);
    let entry: Omit<Presence, 'file'>;
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as Omit<Presence, 'file'>;
    } catch {
      continue;
    }
    if (entry.host === hostname() && !alive(entry.pid)) {
      rmSync(file, { force: true });
      continue;
    }
    found.push({ ...entry, file });
  }
  return found;
}
