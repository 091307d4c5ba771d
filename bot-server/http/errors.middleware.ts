import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, type ErrorBody, type ErrorCode, type Lang } from '../../shared/errors.ts';
import { IllFormedUnicodeError, MAX_URL_LENGTH } from './request-guards.ts';
import { allowedMethods, type RouterLike } from './router-paths.ts';
import { isDatabaseBusy } from '../db/client.ts';

/** zh-TW unless the caller prefers English (Accept-Language or ?lang=en). */
export function preferredLang(req: Request): Lang {
  // Express 5 parses the query string on every read of req.query: only when there is one.
  const query = req.url.includes('?') ? req.query : undefined;
  const q = typeof query?.lang === 'string' ? query.lang : undefined;
  if (q === 'en') return 'en';
  if (q === 'zh-TW') return 'zh-TW';
  const header = req.get('accept-language') ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-TW';
}

/** Seconds a client waits before repeating a request refused with DATABASE_BUSY. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = '1';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  code?: string;
}

/** Turns what body parsers and Express throw into our AppError vocabulary. */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const e = error as BodyParserError;
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (error instanceof IllFormedUnicodeError) {
    return error.reason === 'not UTF-8'
      ? new AppError('INVALID_JSON', { message: '內容不是有效的 UTF-8 文字', messageEn: 'The body is not valid UTF-8' })
      : new AppError('INVALID_JSON', { message: 'JSON 字串含有無效的 Unicode 字元（不成對的代理字元，如 \\ud800）', messageEn: 'A JSON string holds a lone surrogate (such as \\ud800), which is not valid Unicode' });
  }
  if (e?.type === 'entity.parse.failed') return new AppError('INVALID_JSON');
  if (e?.type === 'charset.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (e?.type === 'encoding.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '不支援這種 Content-Encoding，請以 gzip、deflate、br 壓縮或不壓縮', messageEn: 'Unsupported Content-Encoding; send gzip, deflate, br or none' });
  }
  // The router could not decode a path parameter (`/api/wallet/%E0%A4%A`).
  if (error instanceof URIError) return new AppError('MALFORMED_REQUEST', { message: '網址含有無效的 % 編碼', messageEn: 'The URL has a malformed percent-escape' });
  // Other refusals of body parsers (http-errors with a 4xx status): corrupt compressed bodies, aborted uploads.
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
    if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
    // zlib's codes for gzip/deflate (Z_DATA_ERROR, Z_BUF_ERROR), brotli (ERR__ERROR_FORMAT_*) and zstd (ZSTD_error_*).
    if (/^(Z_|ERR__ERROR|ZSTD_)/.test(e.code ?? '')) {
      return new AppError('MALFORMED_REQUEST', { message: '壓縮內容無法解開', messageEn: 'The compressed body could not be decompressed' });
    }
    return new AppError('MALFORMED_REQUEST');
  }
  // better-sqlite3's SqliteError (SQLITE_BUSY*, "database is locked"): the transaction wrote nothing.
  if (isDatabaseBusy(error)) return new AppError('DATABASE_BUSY', { cause: error });
  return undefined;
}

export const errorMiddleware: ErrorRequestHandler = (error, req, res, _next) => {
  const appError = toAppError(error);
  const requestId = String(req.id ?? '');
  if (res.headersSent) {
    req.log?.error({ err: error }, 'error after response started');
    return;
  }
  if (!appError) {
    req.log?.error({ err: error }, 'unhandled error');
    const fallback = new AppError('INTERNAL');
    const body: ErrorBody = { error: { code: 'INTERNAL', message: fallback.messages[preferredLang(req)], requestId } };
    res.status(500).json(body);
    return;
  }
  res.locals.errorCode = appError.code;
  if (appError.status >= 500) req.log?.error({ err: appError }, appError.message);
  else if (req.log?.isLevelEnabled('info')) req.log.info({ code: appError.code }, 'request refused');
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.messages[preferredLang(req)],
      ...(appError.field ? { field: appError.field } : {}),
      ...(appError.details ? { details: appError.details } : {}),
      requestId,
    },
  };
  // General rule: a refusal that knows when to come back (lock-outs, rate limits) says so in the header too.
  const retryAfter = appError.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > 0) res.setHeader('retry-after', String(Math.ceil(retryAfter)));
  if (appError.code === 'DATABASE_BUSY') res.setHeader('retry-after', DATABASE_BUSY_RETRY_AFTER_SECONDS);
  res.status(appError.status).json(body);
};

/**
 * The end of a router: a path it knows, with a method it does not take, is 405 with `Allow`
 * (read from the router's own layers, so it stays right as routes are added); anything else is
 * 404 ROUTE_NOT_FOUND.
 */
export function routeNotFound(router: RouterLike): RequestHandler {
  return (req, res, next) => {
    const allow = allowedMethods(router, req.path);
    if (allow.length > 0 && !allow.includes(req.method)) {
      res.setHeader('allow', allow.join(', '));
      next(new AppError('METHOD_NOT_ALLOWED', { details: { allow } }));
      return;
    }
    next(new AppError('ROUTE_NOT_FOUND'));
  };
}

function clientErrorCode(error: NodeJS.ErrnoException, packet: string): ErrorCode {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW': {
      // The request line is the first line; when it does not end inside the limit, the URL overflowed.
      if (packet === '') return 'HEADERS_TOO_LARGE';
      const end = packet.indexOf('\r\n');
      return end === -1 || end > MAX_URL_LENGTH ? 'URI_TOO_LONG' : 'HEADERS_TOO_LARGE';
    }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'PAYLOAD_TOO_LARGE';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'REQUEST_TIMEOUT';
    default:
      return 'MALFORMED_REQUEST';
  }
}

/**
 * The server's `clientError` listener. Node's HTTP parser refuses some requests before Express
 * sees them (a header block over the limit, a malformed request line, a client too slow to send
 * its headers) and by default answers with a bare status line; this answers the same statuses
 * with our JSON error body, logged as a refusal, not an error.
 */
export function answerClientError(log: Logger): (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => void {
  const answered = new WeakSet<Duplex>();
  return (error, socket) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || answered.has(socket) || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const packet = error.rawPacket?.subarray(0, MAX_URL_LENGTH + 2048).toString('latin1') ?? '';
    const code = clientErrorCode(error, packet);
    const appError = new AppError(code);
    const lang: Lang = /\r\naccept-language:[ \t]*en/i.test(packet) ? 'en' : 'zh-TW';
    const requestId = randomUUID();
    const body: ErrorBody = { error: { code, message: appError.messages[lang], requestId } };
    const json = JSON.stringify(body);
    log.info({ reqId: requestId, code, parserError: error.code }, 'request refused by the HTTP parser');
    socket.end(
      [
        `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? 'Error'}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(json)}`,
        'cache-control: no-store',
        `x-request-id: ${requestId}`,
        'connection: close',
        '',
        json,
      ].join('\r\n'),
    );
    // The peer may still be sending what we refused; do not wait for it.
    setTimeout(() => socket.destroy(), 1000).unref();
  };
}
