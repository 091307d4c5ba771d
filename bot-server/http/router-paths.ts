/**
 * What an Express router answers for a path, read from its mounted layers (router 2.x, as in
 * Express 5), so a 405's Allow header and the body-type check stay right for every route
 * without a second list of paths.
 */

interface LayerLike {
  match(path: string): { path: string } | false;
  route?: { path: string; methods: Record<string, boolean | undefined> };
  handle?: unknown;
}

/** A router, an Express app's `router`, or anything with a layer stack. */
export interface RouterLike {
  stack: unknown[];
}

export interface MatchedRoute {
  /** The route's path as registered, relative to the router walked (e.g. `/wallet/:id`). */
  path: string;
  /** Upper-case methods, HEAD included with GET. */
  methods: string[];
}

function subStack(handle: unknown): unknown[] | undefined {
  const stack = (handle as { stack?: unknown } | undefined)?.stack;
  return Array.isArray(stack) ? stack : undefined;
}

function matchLayer(layer: LayerLike, path: string): { path: string } | false {
  try {
    return layer.match(path);
  } catch {
    // A parameter with a malformed percent-escape: routing itself refuses those (400).
    return false;
  }
}

/** Every route of `router` (and the routers mounted in it) whose path matches `path`. */
export function matchRoutes(router: RouterLike, path: string, depth = 0): MatchedRoute[] {
  const out: MatchedRoute[] = [];
  if (depth > 8) return out;
  for (const item of router.stack) {
    const layer = item as LayerLike;
    if (typeof layer.match !== 'function') continue;
    const match = matchLayer(layer, path);
    if (!match) continue;
    if (layer.route) {
      if (layer.route.methods._all) continue;
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]).map((m) => m.toUpperCase());
      if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
      out.push({ path: layer.route.path, methods });
      continue;
    }
    const stack = subStack(layer.handle);
    if (!stack) continue;
    const rest = path.slice(match.path.length);
    out.push(...matchRoutes({ stack }, rest.startsWith('/') ? rest : `/${rest}`, depth + 1));
  }
  return out;
}

/** The methods `router` answers at `path`, in a stable order; empty for an unknown path. */
export function allowedMethods(router: RouterLike, path: string): string[] {
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  const methods = new Set(matchRoutes(router, path).flatMap((r) => r.methods));
  return [...methods].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
}
