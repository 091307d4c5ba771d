import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, LIFF_DIST } from '../../bot-server/http/app.ts';
import { acceptedEncodings } from '../../bot-server/http/precompressed.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { compressDirectory } from '../../liff-app/build/precompress.ts';

/**
 * The LIFF app's files over real HTTP: the brotli / gzip twins the build writes are chosen by
 * Accept-Encoding (with Vary), hashed files are cached for a year, the pages are revalidated each
 * time, and the security headers stay on every answer.
 */

const JS = `export const greeting = ${JSON.stringify('會員中心 '.repeat(400))};\n`;
const HTML = `<!doctype html><html><head><title>會員中心</title><script type="module" src="/assets/app-AbC123.js"></script></head><body><div id="root"></div>${'<!-- padding -->'.repeat(100)}</body></html>`;

let root: string;
let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'static-assets-'));
  dir = join(root, 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'assets', 'app-AbC123.js'), JS);
  writeFileSync(join(dir, 'assets', 'tiny-XyZ.js'), 'x');
  writeFileSync(join(dir, 'index.html'), HTML);
  writeFileSync(join(dir, 'sandbox.html'), HTML);
  writeFileSync(join(root, 'secret.txt'), 'not public');
  await compressDirectory(dir);
  const app = createApp({
    logger: createLogger('silent'),
    sandbox: false,
    health: () => ({ ok: true, db: 'ok' }),
    webhook: express.Router(),
    api: express.Router(),
    distDir: dir,
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(root, { recursive: true, force: true });
});

/** fetch() would decode the body itself; node's own decoding is done here to check the bytes. */
async function get(path: string, headers: Record<string, string> = {}) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((done, fail) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('hashed assets', () => {
  it('answers brotli, cached for a year and immutable, when the browser takes it', async () => {
    const res = await get('/assets/app-AbC123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.body).toString()).toBe(JS);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(JS) / 5);
    // The security headers stay.
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers gzip to a browser without brotli, and plain bytes to one that takes neither', async () => {
    const gz = await get('/assets/app-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(JS);

    const refused = await get('/assets/app-AbC123.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    expect(refused.headers['content-encoding']).toBe('gzip');

    const plain = await get('/assets/app-AbC123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString()).toBe(JS);
  });

  it('gives each encoding its own ETag and answers 304 to a revalidation', async () => {
    const br = await get('/assets/app-AbC123.js', { 'accept-encoding': 'br' });
    const gz = await get('/assets/app-AbC123.js', { 'accept-encoding': 'gzip' });
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(gz.headers.etag);
    const again = await get('/assets/app-AbC123.js', { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('sends a file too small to compress as it is', async () => {
    const res = await get('/assets/tiny-XyZ.js', { 'accept-encoding': 'br, gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('x');
  });

  it('never reaches outside the assets folder', async () => {
    for (const path of ['/assets/..%2F..%2Fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2Fsecret.txt', '/assets/missing-123.js']) {
      const res = await get(path, { 'accept-encoding': 'br' });
      expect([403, 404], path).toContain(res.status);
      expect(res.body.toString()).not.toContain('not public');
    }
  });
});

describe('pages', () => {
  it('revalidates index.html on every visit and sends it compressed', async () => {
    for (const path of ['/app/wallet', '/app', '/console/coupons', '/index.html']) {
      const res = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
      if (path !== '/index.html') {
        expect(res.headers['content-encoding'], path).toBe('br');
        expect(brotliDecompressSync(res.body).toString()).toBe(HTML);
      }
      expect(res.headers['content-security-policy'], path).toBeTruthy();
    }
  });
});

describe('Accept-Encoding', () => {
  it('reads weights, wildcards and refusals', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip;q=1.0, br;q=0.5')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*;q=0')).toEqual([]);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });
});

// The real build, when there is one (the global setup makes it; SKIP_LIFF_BUILD runs may not).
const manifestPath = resolve(LIFF_DIST, '.vite/manifest.json');
describe.skipIf(!existsSync(manifestPath))('the built LIFF app', () => {
  it('has a brotli and a gzip twin for its entry, served by the real server', async () => {
    const { startTestServer } = await import('../helpers/server.ts');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, { file: string; isEntry?: boolean; src?: string }>;
    const entry = Object.values(manifest).find((chunk) => chunk.isEntry && chunk.src === 'index.html');
    expect(entry).toBeDefined();
    const real = await startTestServer({}, { seedDemo: false });
    try {
      const res = await fetch(real.url(`/${entry!.file}`), { headers: { 'accept-encoding': 'br' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('cache-control')).toContain('immutable');
      const page = await fetch(real.url('/app/wallet'), { headers: { 'accept-encoding': 'br' } });
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain(entry!.file);
    } finally {
      await real.stop();
    }
  });
});
