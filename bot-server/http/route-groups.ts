/**
 * Route dispatch by path prefix. The API is ~150 contract routes bound into some twenty domain
 * routers, all mounted at the API router's root: Express would try every route of every router
 * in turn (and hop through a `setImmediate` at the end of each router that did not answer)
 * before reaching, say, the mall's. Here those routers' routes are regrouped once, at start-up,
 * into one Express router per first path segment (and, where every route under it has a literal
 * second segment, per second segment: `/console/mall`, `/console/members`), so a request tries
 * only the routes that could match it. Express itself still matches within a group, so params,
 * their decoding, trailing slashes, case-insensitivity, HEAD and `next('route')` behave as before.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

interface RouteLayer {
  route: { path: unknown; methods: Record<string, boolean | undefined> };
  match(path: string): unknown;
}

interface MountedLayer {
  route?: unknown;
  handle?: unknown;
  /** router 2.x: true for a layer mounted at `/` (matches every path). */
  slash?: boolean;
}

/** A segment of a route's path: a literal (lower-cased, as routers match case-insensitively), or null for anything else. */
type Segment = string | null;

const PLAIN_SEGMENT = /^[A-Za-z0-9._~-]*$/;

/** The first `n` segments of a route path; null where a segment is a parameter, a wildcard or optional; '' past the end. */
function routeSegments(path: string, n: number): Segment[] {
  const parts = path.split('/').slice(1);
  const out: Segment[] = [];
  for (let i = 0; i < n; i += 1) {
    const part = parts[i];
    if (part === undefined) out.push('');
    else out.push(PLAIN_SEGMENT.test(part) ? part.toLowerCase() : null);
  }
  return out;
}

/** The layers of a router that holds only routes bound at a string path with a literal first segment, or undefined for anything else. */
function routeOnlyStack(layer: MountedLayer): RouteLayer[] | undefined {
  if (layer.route || !layer.slash || typeof layer.handle !== 'function') return undefined;
  const stack = (layer.handle as { stack?: unknown }).stack;
  if (!Array.isArray(stack) || stack.length === 0) return undefined;
  for (const inner of stack as MountedLayer[]) {
    const route = inner.route as RouteLayer['route'] | undefined;
    if (!route || typeof route.path !== 'string' || !route.path.startsWith('/')) return undefined;
    const [first] = routeSegments(route.path, 1);
    if (first === null || first === '') return undefined;
  }
  return stack as RouteLayer[];
}

function routerOf(layers: RouteLayer[]): Router {
  const router = Router();
  (router as unknown as { stack: RouteLayer[] }).stack.push(...layers);
  return router;
}

interface Group {
  /** Every route under this first segment, in the order they were bound. */
  all: Router;
  /** Per second segment ('' for none, as in `/me` or `/me/`), when every route under the first has a literal one. */
  bySecond?: Map<string, Router>;
}

/** The first two segments of a request's path, lower-cased ('' when absent). */
function requestSegments(path: string): [string, string] {
  const a = path.indexOf('/', 1);
  if (a === -1) return [path.slice(1).toLowerCase(), ''];
  const b = path.indexOf('/', a + 1);
  return [path.slice(1, a).toLowerCase(), path.slice(a + 1, b === -1 ? undefined : b).toLowerCase()];
}

/**
 * One request handler for these routes, trying only those whose first (and second) literal path
 * segments are the request's. Its `stack` lists every route in bound order, for the 405's Allow
 * header (router-paths.ts) and the tests that walk the route table. Routes added to the
 * routers after this call are not seen.
 */
export function groupRoutes(layers: RouteLayer[]): RequestHandler & { stack: RouteLayer[] } {
  const byFirst = new Map<string, RouteLayer[]>();
  for (const layer of layers) {
    const first = routeSegments(layer.route.path as string, 1)[0];
    if (first === null || first === undefined || first === '') throw new Error(`groupRoutes: ${String(layer.route.path)} has no literal first segment`);
    let list = byFirst.get(first);
    if (!list) byFirst.set(first, (list = []));
    list.push(layer);
  }
  const groups = new Map<string, Group>();
  for (const [first, list] of byFirst) {
    const group: Group = { all: routerOf(list) };
    const seconds = list.map((layer) => routeSegments(layer.route.path as string, 2)[1]!);
    if (list.length > 8 && seconds.every((s) => s !== null)) {
      const bySecond = new Map<string, RouteLayer[]>();
      list.forEach((layer, i) => {
        const second = seconds[i]!;
        let sub = bySecond.get(second);
        if (!sub) bySecond.set(second, (sub = []));
        sub.push(layer);
      });
      group.bySecond = new Map([...bySecond].map(([second, sub]) => [second, routerOf(sub)]));
    }
    groups.set(first, group);
  }
  const handler = (req: Request, res: Response, next: NextFunction): void => {
    const [first, second] = requestSegments(req.path);
    const group = groups.get(first);
    // No route has this first segment: none could match.
    if (!group) return next();
    const router = group.bySecond ? group.bySecond.get(second) : group.all;
    if (!router) return next();
    router(req, res, next);
  };
  return Object.assign(handler, { stack: layers });
}

/**
 * Replaces, in `router`'s own stack, each run of two or more consecutive routers mounted at its
 * root that hold only routes (what `bind()` makes) with one grouped handler (groupRoutes). Other
 * middleware (authentication) stays where it was, so what runs before a route is unchanged.
 */
export function groupMountedRouters(router: Router): void {
  const stack = (router as unknown as { stack: MountedLayer[] }).stack;
  const out: MountedLayer[] = [];
  let run: MountedLayer[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const grouped = groupRoutes(run.flatMap((layer) => routeOnlyStack(layer)!));
      const holder = Router();
      holder.use(grouped);
      out.push(...(holder as unknown as { stack: MountedLayer[] }).stack);
    } else out.push(...run);
    run = [];
  };
  for (const layer of stack) {
    if (routeOnlyStack(layer)) run.push(layer);
    else {
      flush();
      out.push(layer);
    }
  }
  flush();
  stack.splice(0, stack.length, ...out);
}
