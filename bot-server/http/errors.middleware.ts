import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, type ErrorBody, type Lang } from '../../shared/errors.ts';

/** zh-TW unless the caller prefers English (Accept-Language or ?lang=en). */
export function preferredLang(req: Request): Lang {
  const q = typeof req.query?.lang === 'string' ? req.query.lang : undefined;
  if (q === 'en') return 'en';
  if (q === 'zh-TW') return 'zh-TW';
  const header = req.get('accept-language') ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-TW';
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Turns what body parsers and Express throw into our AppError vocabulary. */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const e = error as BodyParserError;
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (e?.type === 'entity.parse.failed') return new AppError('INVALID_JSON');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE');
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
  if (appError.status >= 500) req.log?.error({ err: appError }, appError.message);
  else req.log?.info({ code: appError.code }, 'request refused');
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.messages[preferredLang(req)],
      ...(appError.field ? { field: appError.field } : {}),
      ...(appError.details ? { details: appError.details } : {}),
      requestId,
    },
  };
  res.status(appError.status).json(body);
};

export const apiNotFound: RequestHandler = (_req, _res, next) => {
  next(new AppError('ROUTE_NOT_FOUND'));
};
