import type { RouteInput, RouteName, RouteOutput } from '../../../shared/api/routes.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import { currentLanguage, i18n } from '../i18n/index.ts';
import { readJson } from '../lib/json.ts';
import routeTable from 'virtual:api-route-table';

/**
 * The typed client for `shared/api/routes.ts`. Requests need only the route table (method and
 * path, made at build time); the contract (zod schemas and libphonenumber metadata) is in its
 * own chunk, loaded when the page is idle, so the first load stays small.
 */

export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  /** The server's machine-readable facts, e.g. `{ reason: 'MIN_SPEND_NOT_MET' }`. */
  readonly details: Record<string, unknown> | undefined;

  constructor(init: { status: number; code: ClientErrorCode; message: string; field?: string | undefined; requestId?: string | undefined; details?: Record<string, unknown> | undefined }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.requestId = init.requestId;
    this.details = init.details;
  }

  /** The message without the "field: " prefix the server adds to validation messages. */
  get fieldMessage(): string {
    const prefix = this.field ? `${this.field}: ` : '';
    return prefix && this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type Contract = typeof import('../../../shared/api/routes.ts');
let contract: Promise<Contract> | undefined;
let loadedContract: Contract | undefined;

/** The shared contract module (routes and, through them, every zod schema). */
export function loadContract(): Promise<Contract> {
  contract ??= import('../../../shared/api/routes.ts').then((loaded) => {
    loadedContract = loaded;
    pendingChecks.splice(0).forEach((check) => check(loaded));
    return loaded;
  });
  return contract;
}

/** Answers received before the contract, to check against it when it arrives. */
const pendingChecks: ((loaded: Contract) => void)[] = [];

let contractTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * The contract (zod and every schema, ~70 KB gzipped) is not on the first load: requests go out
 * with the route table from the first paint, and the contract follows once the page is idle
 * (or at once when a form asks for it, see useContract). Answers that arrive before it are
 * checked when it comes.
 *
 * Building the schemas is one long task: ~0.6 s of this machine's CPU in a trace, two seconds
 * and more on a phone. So it waits for 5 s with no API answer (every answer starts the count
 * again), then for an idle moment: on a slow phone sign-in, session and wallet answers can be
 * more than 5 s apart from the first one (/api/config, asked before the first render), and a
 * count from that first answer put the contract in the middle of the start path, the long task
 * after the wallet appeared (issue 16 item 13).
 */
export function loadContractWhenIdle(): void {
  if (loadedContract || contract) return;
  const load = () => void loadContract().catch(() => undefined);
  const idle = () => ('requestIdleCallback' in window ? window.requestIdleCallback(load, { timeout: 4000 }) : setTimeout(load, 200));
  clearTimeout(contractTimer);
  contractTimer = setTimeout(idle, 5000);
}

function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

export interface CallOptions<N extends RouteName> {
  /** Values for `:name` segments of the path. */
  params?: Record<string, string | number>;
  /** JSON body (POST, PUT, PATCH). */
  body?: RouteInput<N>;
  /** Query string (GET). */
  query?: RouteInput<N>;
  /** Extra request headers, e.g. `Idempotency-Key` on redemptions. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

let sessionToken: string | null = null;
let reauthenticate: (() => Promise<void>) | null = null;
let refreshing: Promise<void> | null = null;
const errorListeners = new Set<(error: ApiError) => void>();

export function setSessionToken(token: string | null): void {
  sessionToken = token;
}

/** How to get a new session when the current one lapses (sign in through LIFF again). */
export function setReauthenticate(handler: (() => Promise<void>) | null): void {
  reauthenticate = handler;
}

/** Hears every API error (e.g. REGISTRATION_REQUIRED sends the member to registration). */
export function onApiError(listener: (error: ApiError) => void): () => void {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
}

function toQueryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

interface ErrorPayload {
  error?: { code?: string; message?: string; field?: string; requestId?: string; details?: Record<string, unknown> };
}

/** The ApiError for a non-2xx answer, from its JSON `{ error: { code, message, … } }` body when it has one. */
export function apiErrorOf(response: Response, payload: unknown): ApiError {
  const error = (payload as ErrorPayload | undefined)?.error;
  return new ApiError({
    status: response.status,
    code: (error?.code as ErrorCode | undefined) ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE'),
    message: error?.message ?? i18n.t('errors.generic'),
    field: error?.field,
    requestId: error?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    details: error?.details,
  });
}

/** Anything fetch() throws but an abort becomes NETWORK_ERROR. */
export function networkError(error: unknown): unknown {
  if ((error as Error)?.name === 'AbortError') return error;
  return new ApiError({ status: 0, code: 'NETWORK_ERROR', message: i18n.t('errors.network') });
}

async function send<N extends RouteName>(name: N, options: CallOptions<N>): Promise<RouteOutput<N>> {
  const entry = routeTable[name];
  if (!entry) throw new Error(`unknown route ${name}: rebuild the LIFF app`);
  const def = { method: entry[0], path: entry[1] };
  const url = buildPath(def.path, options.params) + (def.method === 'GET' ? toQueryString(options.query) : '');
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json', 'accept-language': currentLanguage() };
  if (sessionToken) headers.authorization = `Bearer ${sessionToken}`;
  const hasBody = def.method !== 'GET' && options.body !== undefined;
  if (hasBody) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, {
      method: def.method,
      headers,
      credentials: 'same-origin',
      ...(hasBody ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw networkError(error);
  }

  const payload = await readJson(response);

  if (!response.ok) throw apiErrorOf(response, payload);

  if (!loadedContract) {
    // Checked as soon as the contract has loaded; an answer that does not fit is logged.
    loadContractWhenIdle();
    if (pendingChecks.length < 100) {
      pendingChecks.push((loaded) => {
        const late = loaded.api[name].output.safeParse(payload);
        if (!late.success) console.error(`[api] ${name}: unexpected response`, late.error.issues);
      });
    }
    return payload as RouteOutput<N>;
  }
  const parsed = loadedContract.api[name].output.safeParse(payload);
  if (!parsed.success) {
    console.error(`[api] ${name}: unexpected response`, parsed.error.issues);
    throw new ApiError({ status: response.status, code: 'BAD_RESPONSE', message: i18n.t('errors.badResponse') });
  }
  return parsed.data as RouteOutput<N>;
}

const RETRYABLE_AUTH: ReadonlySet<ClientErrorCode> = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

/**
 * Calls one route of the contract. Output is parsed with the route's schema. A lapsed session
 * (401 SESSION_EXPIRED / UNAUTHENTICATED) signs in again once and retries.
 */
export async function call<N extends RouteName>(name: N, options: CallOptions<N> = {}): Promise<RouteOutput<N>> {
  try {
    return await send(name, options);
  } catch (error) {
    if (isApiError(error) && RETRYABLE_AUTH.has(error.code) && reauthenticate && name !== 'createSession' && name !== 'deleteSession') {
      refreshing ??= reauthenticate().finally(() => {
        refreshing = null;
      });
      await refreshing;
      try {
        return await send(name, options);
      } catch (retryError) {
        if (isApiError(retryError)) errorListeners.forEach((listener) => listener(retryError));
        throw retryError;
      }
    }
    if (isApiError(error)) errorListeners.forEach((listener) => listener(error));
    throw error;
  }
}

/** A person-readable message for anything thrown. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('errors.generic');
}
