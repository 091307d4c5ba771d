import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CHECK = resolve(ROOT, 'bot-server/check-node.mjs');

/** A Node older than the project needs, if this machine has one (Debian's node, say). */
function findOldNode(): { path: string; version: string } | undefined {
  const candidates = new Set(['/usr/bin/node', '/usr/local/bin/node']);
  const which = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' });
  for (const line of (which.stdout ?? '').split('\n')) if (line.trim()) candidates.add(line.trim());
  for (const path of candidates) {
    try {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 5000 }).trim();
      const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
      if (major < 22 || (major === 22 && minor < 18)) return { path, version };
    } catch {
      // not a node we can run
    }
  }
  return undefined;
}

const old = findOldNode();

describe('the Node version check before npm start and the other scripts', () => {
  it('passes silently on this Node', () => {
    const result = spawnSync(process.execPath, [CHECK], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
  });

  it.skipIf(!old)(`refuses an old Node (${old?.version ?? 'none found'}) in one line that says which Node and how to get it`, () => {
    const result = spawnSync(old!.path, [CHECK], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Node.js 24 LTS');
    expect(lines[0]).toContain(old!.version);
    expect(lines[0]).toContain('https://nodejs.org/en/download');
    expect(lines[0]).toContain('nvm install 24');
    // Without the check this Node fails on the .ts entry itself.
    const bare = spawnSync(old!.path, [resolve(ROOT, 'bot-server/start.ts')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 10_000 });
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toMatch(/ERR_UNKNOWN_FILE_EXTENSION|SyntaxError/);
  });

  it('runs before every script that starts a .ts entry', () => {
    const scripts = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const direct = Object.entries(scripts).filter(([, command]) => /\bnode\b.*\.ts\b|\bvitest\b/.test(command));
    expect(direct.map(([name]) => name).sort()).toEqual(['admin', 'apikey', 'backup', 'bench', 'db:migrate', 'dev', 'dispatcher', 'lighthouse', 'restore', 'start', 'test', 'test:watch']);
    for (const [, command] of direct) expect(command.startsWith('node bot-server/check-node.mjs && ')).toBe(true);
  });
});
