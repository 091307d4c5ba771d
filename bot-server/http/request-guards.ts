import { isUtf8 } from 'node:buffer';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../shared/errors.ts';
import { SESSION_COOKIE } from '../auth/auth.middleware.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The HTTP parser's limit for the request line and headers together (Node's default, made explicit). */
export const MAX_HEADER_SIZE = 16 * 1024;

/** URLs longer than this are refused (414), well inside MAX_HEADER_SIZE. */
export const MAX_URL_LENGTH = 8 * 1024;

export const refuseLongUrls: RequestHandler = (req, _res, next) => {
  next(req.originalUrl.length > MAX_URL_LENGTH ? new AppError('URI_TOO_LONG') : undefined);
};

/** Under /api: what the server answers is personal, so nothing stores it, except these public documents. */
const CACHEABLE_API_PATHS = new Set(['/config', '/partner/openapi.json', '/openapi.json']);

export const noStoreApi: RequestHandler = (req, res, next) => {
  if (!CACHEABLE_API_PATHS.has(req.path)) res.setHeader('cache-control', 'no-store');
  next();
};

function isCookieAuthenticated(req: Request): boolean {
  // The same precedence as sessionToken(): a Bearer header wins over the cookie.
  if (req.get('authorization')?.startsWith('Bearer ')) return false;
  return Boolean((req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE]);
}

/**
 * Whether the browser says the request comes from one of our own pages. Fetch metadata first
 * (every current browser sends it on https and localhost), then Origin against our own host or
 * PUBLIC_BASE_URL; a request with neither header is not from a browser, so it cannot be forged
 * by one (the same rule as Go's net/http CrossOriginProtection).
 */
export function isSameOrigin(req: Request, allowedOrigins: ReadonlySet<string>): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.get('origin');
  if (origin === undefined) return true;
  if (allowedOrigins.has(origin)) return true;
  try {
    const url = new URL(origin);
    return url.origin !== 'null' && url.host === req.get('host');
  } catch {
    return false;
  }
}

/**
 * Cross-site request forgery: a write authenticated by the session cookie (which a browser
 * attaches to any request to us) must come from our own pages. Bearer tokens and API keys are
 * sent deliberately, so they are not checked. Signing in and out are checked whatever the
 * credentials, since they set and clear the cookie (a forged sign-in would act as the forger).
 */
export function refuseCrossSiteWrites(options: { allowedOrigins: Iterable<string> }): RequestHandler {
  const allowed = new Set(options.allowedOrigins);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!WRITE_METHODS.has(req.method)) return next();
    if (!isCookieAuthenticated(req) && req.path !== '/session') return next();
    if (isSameOrigin(req, allowed)) return next();
    req.log?.info({ secFetchSite: req.get('sec-fetch-site'), origin: req.get('origin') }, 'cross-site write refused');
    next(new AppError('CSRF_REJECTED'));
  };
}

/** Whether the request carries a body (a Content-Length above 0, or a chunked body). */
export function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** Whether any string or key in a parsed JSON value is not well-formed Unicode (iterative: any depth). */
function holdsLoneSurrogate(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) return true;
        pending.push(item);
      }
    }
  }
  return false;
}

/**
 * express.json's `verify` hook, refusing text that is not well-formed Unicode rather than
 * letting it become U+FFFD (which is what the decoder, and SQLite, would make of it): bytes
 * that are not UTF-8, and escaped lone surrogates such as "\ud800" (valid JSON syntax, but no
 * character). A body with no surrogate escape (nearly every one) costs two byte scans; the rest
 * are parsed once more and walked. Refused as INVALID_JSON (400). Bodies in UTF-16 or UTF-32
 * are left to the parser.
 */
export function refuseIllFormedUnicode(_req: unknown, _res: unknown, body: Buffer, encoding: string | null): void {
  if ((encoding ?? 'utf-8') !== 'utf-8') return;
  if (!isUtf8(body)) throw new IllFormedUnicodeError('not UTF-8');
  if (!body.includes('\\u') || !SURROGATE_ESCAPE.test(body.toString('latin1'))) return;
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return; // malformed JSON: the parser itself says so
  }
  if (holdsLoneSurrogate(value)) throw new IllFormedUnicodeError('lone surrogate');
}

/** What refuseIllFormedUnicode throws (the error middleware answers INVALID_JSON). */
export class IllFormedUnicodeError extends SyntaxError {
  readonly reason: 'not UTF-8' | 'lone surrogate';
  constructor(reason: 'not UTF-8' | 'lone surrogate') {
    super(reason === 'not UTF-8' ? 'the body is not UTF-8' : 'lone surrogate in a JSON string');
    this.reason = reason;
  }
}
