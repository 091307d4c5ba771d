import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/**
 * The LIFF app's files as the build wrote them, each with the `.br` and `.gz` twins the build
 * compressed once (liff-app/build/precompress.ts): the member's phone gets brotli (or gzip) without
 * the server compressing anything per request. Plain files are the fallback.
 */

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/**
 * The encodings the request accepts, best first (br before gzip at equal weight: smaller).
 * `Accept-Encoding: gzip;q=0` or `identity` alone means none; `*` stands for both.
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(token, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((encoding) => weightOf(encoding) > 0).sort((a, b) => weightOf(b) - weightOf(a));
}

/** Hashed files never change, so whether their twin exists is remembered; other files are checked each time. */
const knownVariants = new Map<string, string | null>();

/** A file's validator for revalidation (If-None-Match → 304), or null when there is no such file. */
async function fileTag(path: string, remember: boolean): Promise<string | null> {
  const known = knownVariants.get(path);
  if (known !== undefined) return known;
  const found = await stat(path).then(
    (s) => (s.isFile() ? `W/"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"` : null),
    () => null,
  );
  if (remember && knownVariants.size < 5000) knownVariants.set(path, found);
  return found;
}

export interface SendOptions {
  /** The Cache-Control header, e.g. `public, max-age=31536000, immutable` or `no-cache`. */
  cacheControl: string;
  /** Remember which compressed twins exist (only for content-hashed, never-changing files). */
  immutable?: boolean;
}

/**
 * Sends `file` (an absolute path) in the best encoding the request accepts that the build wrote,
 * with `Vary: Accept-Encoding`; calls `next()` when the file itself does not exist.
 */
export async function sendPrecompressed(req: Request, res: Response, next: NextFunction, file: string, options: SendOptions): Promise<void> {
  const remember = options.immutable ?? false;
  let tag = await fileTag(file, remember);
  if (tag === null) return next();
  let path = file;
  let encoding: Encoding | undefined;
  for (const candidate of acceptedEncodings(req.get('accept-encoding'))) {
    const twin = await fileTag(file + SUFFIX[candidate], remember);
    if (twin !== null) {
      path = file + SUFFIX[candidate];
      encoding = candidate;
      tag = twin;
      break;
    }
  }
  res.vary('Accept-Encoding');
  // The type of the original file, not of `.br` / `.gz`.
  res.type(extname(file));
  if (encoding) res.setHeader('Content-Encoding', encoding);
  // Our own ETag, one per encoding (the app's ETag setting is off for res.send answers, and
  // Express hands that setting to sendFile too); `send` answers 304 against it.
  res.setHeader('ETag', tag);
  res.sendFile(path, { cacheControl: false, headers: { 'Cache-Control': options.cacheControl } }, (error) => {
    if (!error) return;
    if (res.headersSent) return;
    res.removeHeader('Content-Encoding');
    next((error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : error);
  });
}

const ASSET_NAME_RE = /^\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * `/assets/*`: Vite's content-hashed files, cached for a year and never revalidated. Names other
 * than a plain file name (sub-folders, `..`, the `.br` twins asked for directly) fall through.
 */
export function serveHashedAssets(assetsDir: string) {
  const root = resolve(assetsDir);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!ASSET_NAME_RE.test(req.path) || /\.(br|gz)$/.test(req.path)) return next();
    const file = resolve(root, req.path.slice(1));
    if (!file.startsWith(root + sep)) return next();
    sendPrecompressed(req, res, next, file, { cacheControl: IMMUTABLE, immutable: true }).catch(next);
  };
}
