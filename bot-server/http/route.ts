import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { RouteDef } from '../../shared/api/routes.ts';
import type { Actor } from '../auth/actor.ts';
import { validate } from './validate.ts';

export interface RouteContext<I> {
  input: I;
  actor: Actor | undefined;
  params: Record<string, string>;
  req: Request;
  res: Response;
}

type InputOf<D> = D extends RouteDef<infer I, z.ZodType> ? (I extends z.ZodType ? z.output<I> : undefined) : never;
type OutputOf<D> = D extends RouteDef<z.ZodType | undefined, infer O> ? z.input<O> : never;

/**
 * Binds a contract route: validates the body (or the query for GET) with the shared schema,
 * hands the service call the actor, and sends what the handler presents.
 */
export function bind<D extends RouteDef>(
  router: Router,
  def: D,
  handler: (ctx: RouteContext<InputOf<D>>) => OutputOf<D> | Promise<OutputOf<D>>,
  options: { status?: number } = {},
): void {
  const path = def.path.replace(/^\/api/, '');
  const method = def.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  router[method](path, async (req: Request, res: Response) => {
    const raw = def.method === 'GET' ? req.query : req.body;
    const input = (def.input ? validate(def.input, raw ?? {}) : undefined) as InputOf<D>;
    const params = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, String(v)]));
    const output = await handler({ input, actor: res.locals.actor as Actor | undefined, params, req, res });
    res.status(options.status ?? 200).json(output);
  });
}

/** A positive integer path parameter, or 404. */
export function idParam(params: Record<string, string>, name = 'id'): number {
  const value = Number(params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) return -1;
  return value;
}
