import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StringsModule, StringTable } from '../../liff-app/src/i18n/define.ts';

/**
 * The UI strings: every module in the one layout (liff-app/src/i18n/define.ts), both languages
 * with the same keys, no empty strings, the same {{variables}}; and every key the code asks
 * t() for exists. tsc checks the English tables' keys too; this also catches what types cannot
 * (an empty string, a {{name}} typed as {{nmae}}, a t('…') key nobody wrote).
 */

const SRC = resolve(import.meta.dirname, '../../liff-app/src');

const files = import.meta.glob<Record<string, unknown>>('../../liff-app/src/**/strings.ts', { eager: true });

function isStringsModule(value: unknown): value is StringsModule {
  return typeof value === 'object' && value !== null && 'namespace' in value && 'zh-TW' in value && 'en' in value;
}

const modules = Object.entries(files).flatMap(([file, exports]) => Object.values(exports).filter(isStringsModule).map((module) => ({ file, module })));

/** Every leaf as "a.b.c" → text. */
function leaves(table: StringTable, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(table)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** Groups too, so a key built at run time (`camp.status.${phase}`) can be checked by its prefix. */
function groups(table: StringTable, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(table)) {
    if (typeof value === 'string') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    out.add(path);
    for (const g of groups(value, path)) out.add(g);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

const withNamespace = (module: StringsModule, key: string) => (module.namespace ? `${module.namespace}.${key}` : key);

describe('UI strings', () => {
  it('finds every strings module in the one layout', () => {
    // Each strings.ts exports its tables through defineStrings().
    for (const [file, exports] of Object.entries(files)) expect(Object.values(exports).some(isStringsModule), file).toBe(true);
    // Namespaces are unique (two modules under one name would overwrite each other's keys).
    const names = modules.map((m) => m.module.namespace);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(names).toContain('');
  });

  it('types t() with every module (liff-app/src/i18n/i18next.d.ts)', () => {
    const declaration = readFileSync(join(SRC, 'i18n/i18next.d.ts'), 'utf8');
    for (const { module } of modules) if (module.namespace) expect(declaration, module.namespace).toMatch(new RegExp(`\\b${module.namespace}: \\(typeof \\w+\\)\\['zh-TW'\\]`));
  });

  for (const { file, module } of modules) {
    describe(file.replace('../../liff-app/src/', ''), () => {
      const zh = leaves(module['zh-TW']);
      const en = leaves(module.en as StringTable);

      it('has every key in both languages', () => {
        expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
      });

      it('has no empty strings', () => {
        const empty = [...zh, ...en].filter(([, text]) => text.trim() === '').map(([key]) => key);
        expect(empty).toEqual([]);
      });

      it('uses the same {{variables}} in both languages', () => {
        const differ = [...zh].filter(([key, text]) => en.has(key) && variables(text).join() !== variables(en.get(key)!).join()).map(([key]) => key);
        expect(differ).toEqual([]);
      });
    });
  }

  it('has every key the code asks t() for', () => {
    const known = new Set<string>();
    const knownGroups = new Set<string>();
    for (const { module } of modules) {
      for (const key of leaves(module['zh-TW']).keys()) known.add(withNamespace(module, key));
      for (const group of groups(module['zh-TW'])) knownGroups.add(withNamespace(module, group));
      if (module.namespace) knownGroups.add(module.namespace);
    }
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('strings.ts') && !entry.name.endsWith('.d.ts')) sources.push(path);
      }
    };
    walk(SRC);
    const missing: string[] = [];
    let asked = 0;
    for (const path of sources) {
      const text = readFileSync(path, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*(['"`])((?:(?!\1).)+)\1/g)) {
        const key = match[2]!;
        asked += 1;
        const dynamic = key.indexOf('${');
        // A key built at run time must at least start in a group that exists.
        const ok = dynamic >= 0 ? knownGroups.has(key.slice(0, dynamic).replace(/\.$/, '')) : known.has(key);
        if (!ok) missing.push(`${relative(SRC, path)}: ${key}`);
      }
    }
    expect(asked).toBeGreaterThan(1000);
    expect(missing).toEqual([]);
  });
});
