import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

/**
 * What a member's phone downloads before the wallet shows, read from the build's manifest
 * (dist/liff-app/.vite/manifest.json): the page, the entry chunk with everything it imports and
 * their CSS, the wallet page's chunk, and the sign-in module. Three paths:
 * - production: a member coming back with a good session cookie. The wallet renders from the
 *   session and LINE's LIFF SDK starts after the first paint (liff-app/src/auth/session.ts), so
 *   the SDK is not on the path;
 * - first-sign-in: production with no session yet (first open, or the session lapsed): LIFF
 *   gives the ID token the session is made from, so the SDK is on the path;
 * - sandbox: the sandbox's token minting, never LINE's SDK.
 * The contract (zod schemas) is on none: the client loads it when the page is idle
 * (liff-app/src/api/client.ts). Nor is English unless chosen (liff-app/build/app-strings.ts).
 */

/** The budget for every path, gzipped (kB = 1000 bytes, as Vite prints sizes). */
export const START_PATH_BUDGET_GZIP = 150_000;
/** The first sign-in also downloads LINE's SDK (~28 kB gzipped) before the wallet can show; the same 150 kB. */
export const FIRST_SIGN_IN_BUDGET_GZIP = 150_000;
export const BUDGET_GZIP: Record<StartMode, number> = { production: START_PATH_BUDGET_GZIP, 'first-sign-in': FIRST_SIGN_IN_BUDGET_GZIP, sandbox: START_PATH_BUDGET_GZIP };

export type StartMode = 'production' | 'first-sign-in' | 'sandbox';
export const START_MODES: readonly StartMode[] = ['production', 'first-sign-in', 'sandbox'];
/**
 * A part of the start path: its module, or the chunk group that holds it
 * (`chunk:<name>`, liff-app/build/start-chunks.ts; a grouped module has no manifest key of its own).
 */
export type StartPart = readonly string[];
/** The sign-in module each path loads before the wallet shows. */
export const SIGN_IN_MODULE: Record<StartMode, StartPart[]> = {
  production: [],
  'first-sign-in': [['src/auth/liff-production.ts', 'chunk:liff']],
  sandbox: [['src/auth/liff-sandbox.ts', 'chunk:sandbox-sign-in']],
};
/** Loaded as soon as the page opens at /app/wallet (liff-app/src/member/pages.ts). */
export const WALLET_MODULES: StartPart[] = [['src/member/WalletPage.tsx', 'chunk:wallet']];
export const CONTRACT_MODULE = '../shared/api/routes.ts';

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export interface StartFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface StartPath {
  mode: StartMode;
  files: StartFile[];
  raw: number;
  gzip: number;
  brotli: number;
}

export function readManifest(distDir: string): Manifest {
  return JSON.parse(readFileSync(resolve(distDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** The files `keys` need, with everything they import statically, in load order. */
export function closureOf(manifest: Manifest, keys: readonly string[]): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    files.add(chunk.file);
    chunk.css?.forEach((css) => files.add(css));
    chunk.imports?.forEach(visit);
  };
  keys.forEach(visit);
  return [...files];
}

/** The manifest key of a start part: its module's own chunk, or the named group holding it. */
export function keyOf(manifest: Manifest, part: StartPart): string {
  for (const option of part) {
    if (option.startsWith('chunk:')) {
      const name = option.slice('chunk:'.length);
      const key = Object.keys(manifest).find((k) => manifest[k]!.name === name && manifest[k]!.file.endsWith('.js'));
      if (key) return key;
    } else if (manifest[option]) return option;
  }
  throw new Error(`the build has none of ${part.join(', ')} (liff-app/build/start-chunks.ts moved it?)`);
}

/** The files the first sign-in adds for LINE's SDK (not on the other paths). */
export function liffSdkFiles(manifest: Manifest): string[] {
  const entry = entryKey(manifest);
  const base = new Set(closureOf(manifest, [entry]));
  return closureOf(manifest, SIGN_IN_MODULE['first-sign-in'].map((part) => keyOf(manifest, part))).filter((file) => !base.has(file));
}

function entryKey(manifest: Manifest): string {
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry && manifest[key]!.src === 'index.html');
  if (!entry) throw new Error('the manifest has no index.html entry');
  return entry;
}

function sizeOf(distDir: string, file: string): StartFile {
  const path = resolve(distDir, file);
  const source = readFileSync(path);
  const twin = (suffix: string, make: () => Buffer) => (existsSync(path + suffix) ? readFileSync(path + suffix).length : make().length);
  return {
    file,
    raw: source.length,
    gzip: twin('.gz', () => gzipSync(source, { level: 9 })),
    brotli: twin('.br', () => brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
}

export function startPath(distDir: string, mode: StartMode, manifest: Manifest = readManifest(distDir)): StartPath {
  const parts = [...WALLET_MODULES, ...SIGN_IN_MODULE[mode]].map((part) => keyOf(manifest, part));
  const files = ['index.html', ...closureOf(manifest, [entryKey(manifest), ...parts])].map((file) => sizeOf(distDir, file));
  const sum = (pick: (f: StartFile) => number) => files.reduce((total, f) => total + pick(f), 0);
  return { mode, files, raw: sum((f) => f.raw), gzip: sum((f) => f.gzip), brotli: sum((f) => f.brotli) };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function describeStartPath(path: StartPath): string {
  const rows = [...path.files].sort((a, b) => b.gzip - a.gzip).map((f) => `    ${f.file.padEnd(52)} ${kB(f.gzip).padStart(9)} gzip ${kB(f.brotli).padStart(9)} br`);
  const budget = BUDGET_GZIP[path.mode];
  const verdict = ` (budget ${kB(budget)} gzip${path.gzip > budget ? ' — OVER' : ''})`;
  return [`  member start path, ${path.mode} (/app/wallet): ${path.files.length} files, ${kB(path.gzip)} gzip, ${kB(path.brotli)} brotli, ${kB(path.raw)} raw${verdict}`, ...rows].join('\n');
}

/** Prints the start paths after every build (test/integration/start-path-budget.test.ts holds the budget). */
export function reportStartPath(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'report-start-path',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      order: 'post',
      handler() {
        const dir = config.build.outDir;
        if (!existsSync(resolve(dir, '.vite/manifest.json'))) return;
        const manifest = readManifest(dir);
        const text = START_MODES.map((mode) => describeStartPath(startPath(dir, mode, manifest))).join('\n');
        if (config.logLevel !== 'silent') config.logger.info(`\n${text}`, { clear: false });
        if (process.env.START_PATH_REPORT) process.stdout.write(`${text}\n`);
      },
    },
  };
}
