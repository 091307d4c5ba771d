import { api, buildPath, type RouteInput, type RouteName, type RouteOutput } from '../../shared/api/routes.ts';

/**
 * The typed test client: calls a route of the contract (`shared/api/routes.ts`) by name. The
 * path comes from the contract (`buildPath`), the method too; the body, query and answer types
 * are inferred from the route's schemas. A 2xx JSON answer is checked against the route's
 * output schema, so every test that goes through the client also tests the contract; the body
 * returned is the server's own (not the parsed copy), so assertions see exactly what was sent.
 */

/** What an error answer holds (`shared/errors.ts` ErrorBody, with `code` as a string for assertions). */
export interface ErrorShape {
  code: string;
  message: string;
  field?: string;
  details?: Record<string, unknown> & { reason?: string; problems?: unknown[] };
  requestId?: string;
}

/** The answer's body: the route's output, and (for tests that expect a refusal) `error`. */
export type Answer<N extends RouteName> = RouteOutput<N> extends string ? string : RouteOutput<N> & (RouteOutput<N> extends { error: unknown } ? unknown : { error: ErrorShape });

export interface CallOptions<N extends RouteName> {
  /** Values for the path's `:name` segments. */
  params?: Record<string, string | number>;
  /** The JSON body, typed by the route's input (POST, PUT, PATCH, DELETE). */
  body?: RouteInput<N>;
  /** A body the route's input type does not describe (a test of refusals, or loosely typed test data): sent as JSON as it is. */
  untypedBody?: unknown;
  /** A raw text body (CSV uploads, malformed JSON), with its content type (default text/csv for CSV routes). */
  text?: string;
  /** The query string (GET), typed by the route's input. */
  query?: RouteInput<N> | Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Skip the output check (a test of an answer the schema does not describe). */
  unchecked?: boolean;
}

export interface CallResult<N extends RouteName> {
  status: number;
  body: Answer<N>;
  headers: Headers;
}

export interface Client {
  call<N extends RouteName>(name: N, options?: CallOptions<N>): Promise<CallResult<N>>;
  /** The path of a route with its parameters filled, for tests that need the URL itself. */
  path<N extends RouteName>(name: N, params?: Record<string, string | number>, query?: Record<string, unknown>): string;
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A client for a server reachable at `origin()` (a function, so a restarted test server is followed). */
export function createClient(origin: string | (() => string)): Client {
  const base = typeof origin === 'string' ? () => origin : origin;
  const path: Client['path'] = (name, params, query) => buildPath(api[name].path, params) + queryString(query);
  return {
    path,
    async call(name, options = {}) {
      const def = api[name];
      const url = path(name, options.params, def.method === 'GET' ? (options.query as Record<string, unknown> | undefined) : undefined);
      const headers: Record<string, string> = {};
      let body: string | undefined;
      if (options.text !== undefined) {
        body = options.text;
        headers['content-type'] = def.body === 'csv' ? 'text/csv' : 'application/json';
      } else if (options.untypedBody !== undefined || options.body !== undefined) {
        body = JSON.stringify(options.untypedBody !== undefined ? options.untypedBody : options.body);
        headers['content-type'] = 'application/json';
      }
      Object.assign(headers, options.headers);
      const response = await fetch(`${base()}${url}`, { method: def.method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (CSV downloads); keep the text
      }
      if (response.ok && !options.unchecked && def.produces !== 'csv') {
        const check = def.output.safeParse(parsed);
        if (!check.success) {
          const issue = check.error.issues[0]!;
          throw new Error(`${name}: the answer does not match the contract's output schema at ${issue.path.join('.') || '(root)'}: ${issue.message}\n${text.slice(0, 500)}`);
        }
      }
      return { status: response.status, body: parsed as never, headers: response.headers };
    },
  };
}
