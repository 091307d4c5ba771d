import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN } from '../../shared/api/schemas.ts';
import type { RouteDef } from '../../shared/api/routes.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { authorizeRoute } from '../auth/policies.ts';
import { hasBody, refuseIllFormedUnicode } from './request-guards.ts';
import { validate } from './validate.ts';

export interface RouteContext<I> {
  /** The validated body (or query for GET); for a `body: 'csv'` route, `req.body` is the text. */
  input: I;
  actor: Actor | undefined;
  params: Record<string, string>;
  /** The request's `Idempotency-Key`, on routes that declare `idempotent`. */
  idempotencyKey: string | undefined;
  req: Request;
  res: Response;
}

type InputOf<D> = D extends RouteDef<infer I, z.ZodType> ? (I extends z.ZodType ? z.output<I> : undefined) : never;
type OutputOf<D> = D extends RouteDef<z.ZodType | undefined, infer O> ? z.input<O> : never;

export interface BindOptions {
  /** The status of a successful answer (default 200, or what the handler set with `res.status`). */
  status?: number;
  /** The largest body the route accepts (default 100 KB; member lists and CSV uploads are larger). */
  bodyLimit?: string;
}

const parsers = new Map<string, RequestHandler>();
function bodyParser(kind: 'json' | 'csv', limit: string): RequestHandler {
  const key = `${kind}:${limit}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = kind === 'json' ? express.json({ limit, strict: true, verify: refuseIllFormedUnicode }) : express.text({ type: ['text/csv', 'text/plain'], limit });
    parsers.set(key, parser);
  }
  return parser;
}

function runMiddleware(handler: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    const next: NextFunction = (error?: unknown) => (error ? reject(error) : resolve());
    void handler(req, res, next);
  });
}

/**
 * A body of a type the route does not read is refused (415) rather than silently handled as if
 * there were none: JSON for every route, CSV text for `body: 'csv'` uploads. This also closes the
 * cross-site `<form enctype="text/plain">`, which needs no CORS preflight. Body-less writes are fine.
 */
function requireBodyType(req: Request, kind: 'json' | 'csv'): void {
  if (!hasBody(req)) return;
  if (kind === 'json' ? req.is('application/json') : req.is(['text/csv', 'text/plain'])) return;
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', kind === 'csv' ? { message: '請以 text/csv 上傳', messageEn: 'Upload the file as text/csv' } : {});
}

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new AppError('VALIDATION_FAILED', { message: 'Idempotency-Key: 8–128 個英數字或 . _ : -', messageEn: 'Idempotency-Key: 8–128 letters, digits or . _ : -', field: 'Idempotency-Key' });
  }
  return key;
}

/**
 * Binds a contract route, in the one order every route follows: who is calling (401/403, from
 * the route's `access`), then the body is read and checked against the shared schema (415/413/400),
 * then the handler runs and its answer is sent. No input is read for a caller who may not call.
 */
export function bind<D extends RouteDef>(
  router: Router,
  def: D,
  handler: (ctx: RouteContext<InputOf<D>>) => OutputOf<D> | Promise<OutputOf<D>>,
  options: BindOptions = {},
): void {
  const path = def.path.replace(/^\/api/, '');
  const method = def.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const parser = def.method === 'GET' ? undefined : bodyParser(def.body ?? 'json', options.bodyLimit ?? (def.body === 'csv' ? '10mb' : '100kb'));
  router[method](path, async (req: Request, res: Response) => {
    // The route template labels this request's metrics (ops/metrics.ts), never the raw URL.
    res.locals.route = def.path;
    const actor = res.locals.actor as Actor | undefined;
    authorizeRoute(def.access, actor);
    if (parser) {
      requireBodyType(req, def.body ?? 'json');
      await runMiddleware(parser, req, res);
    }
    const idempotencyKey = def.idempotent ? idempotencyKeyOf(req) : undefined;
    let input: unknown;
    if (def.body === 'csv') {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '請以 text/csv 上傳', messageEn: 'Upload the file as text/csv' });
      input = req.body;
    } else if (def.input) {
      input = validate(def.input, (def.method === 'GET' ? req.query : req.body) ?? {});
    }
    const params = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, String(v)]));
    const output = await handler({ input: input as InputOf<D>, actor, params, idempotencyKey, req, res });
    // A handler that answered itself (a redirect: LINE Pay's return to the mall) is done.
    if (res.headersSent) return;
    if (options.status !== undefined) res.status(options.status);
    if (def.produces === 'csv') {
      res.type('text/csv; charset=utf-8').send(output);
      return;
    }
    res.json(output);
  });
}

/** A positive integer path parameter, or -1. */
function idParam(params: Record<string, string>, name = 'id'): number {
  const value = Number(params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) return -1;
  return value;
}

/** A positive integer path parameter, or 404 NOT_FOUND. */
export function requireIdParam(params: Record<string, string>, name = 'id'): number {
  const value = idParam(params, name);
  if (value < 0) throw new AppError('NOT_FOUND');
  return value;
}

/** Names the file a CSV route's answer is saved as. */
export function attachment(res: Response, filename: string): void {
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
}
