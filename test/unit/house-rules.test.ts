import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const server = join(root, 'bot-server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Any static import, re-export, dynamic import or require of drizzle-orm or one of its entry points. */
const DRIZZLE = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]drizzle-orm(?:\/[^'"]*)?['"]/m;

const importsDrizzle = (path: string) => DRIZZLE.test(readFileSync(path, 'utf8'));
const mayQuery = (file: string) => file.endsWith('.repo.ts') || file.startsWith('bot-server/db/');

describe('house rules', () => {
  it('only repos (*.repo.ts) and bot-server/db/ import Drizzle: every query sits in a repo', () => {
    const files = sourceFiles(server).map((p) => relative(root, p).split('\\').join('/'));
    const offenders = files.filter((file) => !mayQuery(file) && importsDrizzle(join(root, file)));
    expect(offenders, 'move these queries into the domain\'s *.repo.ts').toEqual([]);
  });

  it('the check sees an import when there is one', () => {
    // Not vacuous: repos and the schema do import Drizzle, in each of the forms the rule looks for.
    expect(importsDrizzle(join(server, 'members/member.repo.ts'))).toBe(true);
    expect(importsDrizzle(join(server, 'db/schema/members.ts'))).toBe(true);
    for (const text of ["import { eq } from 'drizzle-orm';", 'import type { SQL } from "drizzle-orm/sql";', "const d = await import('drizzle-orm/better-sqlite3');", "const { eq } = require('drizzle-orm');", "import 'drizzle-orm';", "export { eq } from 'drizzle-orm';"]) {
      expect(DRIZZLE.test(text), text).toBe(true);
    }
    expect(DRIZZLE.test("import { z } from 'zod'; // drizzle-orm is for repos")).toBe(false);
  });
});
