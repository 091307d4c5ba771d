import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFF_DIST } from '../../bot-server/http/app.ts';
import { CONTRACT_MODULE, describeStartPath, FIRST_SIGN_IN_BUDGET_GZIP, liffSdkFiles, readManifest, START_MODES, START_PATH_BUDGET_GZIP, startPath, type Manifest } from '../../liff-app/build/start-path.ts';

/**
 * Issue 16, item 13: what a member's phone downloads before the wallet shows stays within
 * 150 kB gzipped (the first sign-in with LINE's SDK too) in a handful of requests, and the heavy
 * parts (the contract's zod schemas, the console, charts, the camera scanner) stay off it. Reads the build the global setup made; a SKIP_LIFF_BUILD run builds its
 * own copy in a temporary folder (a few seconds) rather than trusting a stale dist/.
 */

const ROOT = resolve(import.meta.dirname, '../..');
let dist = LIFF_DIST;
let ownBuild: string | undefined;
let manifest: Manifest;

beforeAll(() => {
  if (process.env.SKIP_LIFF_BUILD === '1' || !existsSync(resolve(LIFF_DIST, '.vite/manifest.json'))) {
    ownBuild = mkdtempSync(join(tmpdir(), 'start-path-'));
    const built = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', ownBuild, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(built.status, built.stderr).toBe(0);
    dist = ownBuild;
  }
  manifest = readManifest(dist);
}, 120_000);

afterAll(() => {
  if (ownBuild) rmSync(ownBuild, { recursive: true, force: true });
});

function filesOf(pattern: RegExp): string[] {
  return Object.entries(manifest)
    .filter(([key, chunk]) => pattern.test(key) || pattern.test(chunk.file))
    .map(([, chunk]) => chunk.file);
}

describe('the member start path (/app/wallet)', () => {
  it('is within 150 kB in sandbox mode, gzipped', () => {
    const path = startPath(dist, 'sandbox', manifest);
    expect(path.gzip, describeStartPath(path)).toBeLessThanOrEqual(START_PATH_BUDGET_GZIP);
  });

  it('is within 150 kB gzipped in production for a member with a session (LINE SDK after the first paint)', () => {
    const path = startPath(dist, 'production', manifest);
    expect(path.gzip, describeStartPath(path)).toBeLessThanOrEqual(START_PATH_BUDGET_GZIP);
    const sdk = new Set(liffSdkFiles(manifest));
    expect(path.files.filter((f) => sdk.has(f.file)), describeStartPath(path)).toEqual([]);
  });

  it('holds the first sign-in (LINE SDK included) within 150 kB gzipped', () => {
    const path = startPath(dist, 'first-sign-in', manifest);
    const sdk = liffSdkFiles(manifest);
    expect(sdk.some((file) => readFileSync(resolve(dist, file), 'utf8').includes('liffId is necessary for liff.init()')), sdk.join(', ')).toBe(true);
    expect(path.files.map((f) => f.file), describeStartPath(path)).toEqual(expect.arrayContaining(sdk));
    expect(path.gzip, describeStartPath(path)).toBeLessThanOrEqual(FIRST_SIGN_IN_BUDGET_GZIP);
  });

  it('comes in a few requests: the page, its CSS, the start and wallet chunks, the sign-in chunk', () => {
    for (const mode of START_MODES) {
      const path = startPath(dist, mode, manifest);
      expect(path.files.filter((f) => f.file.endsWith('.js')).length, describeStartPath(path)).toBeLessThanOrEqual(mode === 'production' ? 4 : 5);
    }
  });

  it('carries one language of the app\'s strings: English is its own chunk', () => {
    const english = Object.entries(manifest).find(([key]) => key.endsWith('virtual:app-strings/en'))?.[1].file;
    expect(english, 'English strings have their own chunk').toBeDefined();
    for (const mode of START_MODES) {
      const path = startPath(dist, mode, manifest);
      expect(path.files.map((f) => f.file), describeStartPath(path)).not.toContain(english);
    }
  });

  it('leaves the contract, the console, charts, the scanner and the LIFF SDK (sandbox) for later', () => {
    const contract = manifest[CONTRACT_MODULE]?.file;
    expect(contract, 'the contract has its own chunk').toBeDefined();
    const later = [contract!, ...filesOf(/ConsoleApp|recharts|CartesianChart|qr-scanner|CameraScanner|StaffPage|ClaimPage|ProfilePage|RegisterPage|CouponDetailPage/)];
    for (const mode of START_MODES) {
      const path = startPath(dist, mode, manifest);
      const onPath = new Set(path.files.map((f) => f.file));
      for (const file of later) expect(onPath.has(file), `${mode}: ${file} is on the start path\n${describeStartPath(path)}`).toBe(false);
      if (mode === 'sandbox') expect(path.files.filter((f) => liffSdkFiles(manifest).includes(f.file))).toEqual([]);
    }
  });

  it('translates with the small i18n of liff-app/src/i18n/lite/, not i18next (build/i18n-lite.ts)', () => {
    const scripts = readdirSync(resolve(dist, 'assets')).filter((f) => f.endsWith('.js'));
    // Method and service names of i18next and react-i18next that minification keeps.
    const withI18next = scripts.filter((f) => /pluralResolver|hasLoadedNamespace|languageDetector/.test(readFileSync(resolve(dist, 'assets', f), 'utf8')));
    expect(withI18next).toEqual([]);
  });

  it('modulepreloads the wallet chunk from index.html, with its CSS (build/preload-wallet.ts)', () => {
    const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
    const wallet = manifest[Object.keys(manifest).find((key) => manifest[key]!.name === 'wallet' && manifest[key]!.file.endsWith('.js'))!]!;
    expect(html).toContain(`<link rel="modulepreload" crossorigin href="/${wallet.file}">`);
    for (const css of wallet.css ?? []) expect(html).toContain(`<link rel="preload" as="style" crossorigin href="/${css}">`);
    expect(readFileSync(resolve(dist, 'sandbox.html'), 'utf8')).not.toContain(wallet.file);
  });

  it('has a smaller brotli and gzip twin next to every compressible file', () => {
    const assets = resolve(dist, 'assets');
    const text = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f) && statSync(join(assets, f)).size > 1024);
    expect(text.length).toBeGreaterThan(5);
    for (const file of text) {
      const size = statSync(join(assets, file)).size;
      for (const twin of ['.br', '.gz']) {
        expect(existsSync(join(assets, file + twin)), file + twin).toBe(true);
        expect(statSync(join(assets, file + twin)).size, file + twin).toBeLessThan(size);
      }
    }
  });
});
