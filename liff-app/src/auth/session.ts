import { useSyncExternalStore } from 'react';
import type { TMe, TPublicConfig } from '../../../shared/api/schemas.ts';
import { call, isApiError, setReauthenticate, setSessionToken } from '../api/client.ts';
import { queryClient, queryKeys } from '../api/query.ts';
import { i18n } from '../i18n/index.ts';
import { getSandboxUser, setSandboxUser } from './sandbox-user.ts';

/**
 * One sign-in per page load, shared by the member app and the console: LIFF gives an ID token,
 * POST /api/session turns it into our session token (and an HttpOnly cookie).
 */

export type SessionState =
  | { phase: 'idle' }
  | { phase: 'signing-in' }
  | { phase: 'ready'; me: TMe }
  | { phase: 'pick-user'; notice?: string }
  | { phase: 'signed-out' }
  | { phase: 'redirecting' }
  | { phase: 'error'; error: unknown };

let state: SessionState = { phase: 'idle' };
let config: TPublicConfig | null = null;
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

export function useSessionState(): SessionState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

const RELOGIN_KEY = 'liffRelogin';

/** The ID token for this page, or null when LINE Login is taking over the page. */
async function idTokenFor(cfg: TPublicConfig): Promise<string | null> {
  if (cfg.sandbox) {
    const userId = getSandboxUser();
    if (!userId) throw new Error('no sandbox user');
    const { sandboxIdToken } = await import('./liff-sandbox.ts');
    return sandboxIdToken(cfg.liffId, userId);
  }
  const { productionIdToken } = await import('./liff-production.ts');
  return productionIdToken(cfg.liffId);
}

class RedirectingError extends Error {}

/**
 * Fetches the sign-in module as the page starts, alongside the start chunk and GET /api/config,
 * when the page already knows which it is: a sandbox user in the link or the tab means the
 * sandbox's token minting (one round trip less before the wallet; issue 16 item 13).
 */
export function warmUpSignIn(): void {
  if (getSandboxUser()) void import('./liff-sandbox.ts').catch(() => undefined);
}

/*
 * Production, a member coming back: LINE's SDK (~30 kB, and liff.init's round trips to LINE) is
 * not needed to show the wallet when the HttpOnly session cookie from an earlier sign-in is still
 * good. The page keeps a hint of that session (its expiry and a hash of the LINE user it belongs
 * to; never the token), asks GET /api/me with the cookie, renders, and starts LIFF after the
 * first paint: LIFF is still initialised on every page (shareTargetPicker, scanCodeV2 and a fresh
 * ID token need it), and if LINE is signed in as someone else now, that user's ID token makes a
 * new session (verified by the server as always) and replaces the old one. A session is only
 * ever created from an ID token the server verifies; the cookie is one the server issued.
 */
const SESSION_HINT_KEY = 'sessionHint';
/** Query parameters LINE adds when it hands a page to liff.init (LIFF URL paths, LINE Login's return). */
const LIFF_HANDOFF_PARAMS = ['liff.state', 'liff.referrer', 'code', 'state', 'liffClientId', 'liffRedirectUri', 'error'];

interface SessionHint {
  expiresAt: string;
  /** SHA-256 of the LINE user id (the ID token's `sub`) the session belongs to. */
  user: string;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The LINE user id an ID token names (read only to compare; the server verifies tokens). */
export function idTokenSubject(idToken: string): string | null {
  try {
    const payload = idToken.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' && sub ? sub : null;
  } catch {
    return null;
  }
}

async function rememberSession(idToken: string, expiresAt: string): Promise<void> {
  try {
    const sub = idTokenSubject(idToken);
    if (!sub || !crypto.subtle) return forgetSession();
    const hint: SessionHint = { expiresAt, user: await sha256(sub) };
    localStorage.setItem(SESSION_HINT_KEY, JSON.stringify(hint));
  } catch {
    // private mode or no WebCrypto: every page signs in through LIFF, as before
  }
}

function forgetSession(): void {
  try {
    localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    // nothing kept
  }
}

function sessionHint(): SessionHint | null {
  try {
    const hint = JSON.parse(localStorage.getItem(SESSION_HINT_KEY) ?? 'null') as Partial<SessionHint> | null;
    if (typeof hint?.expiresAt !== 'string' || typeof hint.user !== 'string') return null;
    // A minute's margin: a session about to lapse is renewed through LIFF now rather than mid-page.
    if (Date.parse(hint.expiresAt) - Date.now() < 60_000) return null;
    return { expiresAt: hint.expiresAt, user: hint.user };
  } catch {
    return null;
  }
}

/** The member of the session cookie, when the page may show it before LIFF has started. */
async function resumeSession(): Promise<{ me: TMe; user: string } | null> {
  const hint = sessionHint();
  if (!hint) return null;
  const params = new URLSearchParams(window.location.search);
  if (LIFF_HANDOFF_PARAMS.some((name) => params.has(name))) return null;
  try {
    // No Authorization header yet: the server reads the HttpOnly cookie. A lapsed one answers 401
    // and the client signs in through LIFF (setReauthenticate) before retrying.
    const me = await call('getMe');
    queryClient.setQueryData(queryKeys.me, me);
    // A lapsed cookie was renewed through LIFF on the way (createSession kept the new user).
    return { me, user: sessionHint()?.user ?? hint.user };
  } catch (error) {
    if (error instanceof RedirectingError) throw error;
    forgetSession();
    return null;
  }
}

/** Starts LIFF once the resumed page has painted; switches session if LINE's user is someone else now. */
function startLiffAfterPaint(cfg: TPublicConfig, sessionUser: string): void {
  let switching = false;
  const start = () =>
    void (async () => {
      const { productionCurrentIdToken } = await import('./liff-production.ts');
      const idToken = await productionCurrentIdToken(cfg.liffId);
      const sub = idToken && idTokenSubject(idToken);
      if (!idToken || !sub || (await sha256(sub)) === sessionUser) return;
      // Someone else is signed in to LINE on this device now: nothing of the old member stays.
      switching = true;
      forgetSession();
      setSessionToken(null);
      setState({ phase: 'signing-in' });
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.config[0] });
      await call('deleteSession').catch(() => undefined);
      setState({ phase: 'ready', me: await createSession(cfg, idToken) });
    })().catch((error: unknown) => {
      if (error instanceof RedirectingError) return setState({ phase: 'redirecting' });
      if (switching) return setState({ phase: 'error', error });
      // LIFF could not start (offline, LINE down): the page goes on with the session it has.
      console.warn('[liff] init after first paint failed', error);
    });
  // After the wallet's first frame, not competing with its own requests.
  requestAnimationFrame(() => setTimeout(start, 0));
}

async function createSession(cfg: TPublicConfig, token?: string): Promise<TMe> {
  const idToken = token ?? (await idTokenFor(cfg));
  if (idToken === null) throw new RedirectingError();
  if (!idToken) throw new Error(i18n.t('errors.liffNoIdToken'));
  try {
    const session = await call('createSession', { body: { idToken } });
    setSessionToken(session.token);
    queryClient.setQueryData(queryKeys.me, session.me);
    sessionStorage.removeItem(RELOGIN_KEY);
    if (!cfg.sandbox) await rememberSession(idToken, session.expiresAt);
    return session.me;
  } catch (error) {
    // LIFF caches the ID token; once it lapses only a fresh LINE Login gives a new one.
    if (!cfg.sandbox && isApiError(error) && error.code === 'ID_TOKEN_EXPIRED' && !sessionStorage.getItem(RELOGIN_KEY)) {
      sessionStorage.setItem(RELOGIN_KEY, '1');
      const { productionRelogin } = await import('./liff-production.ts');
      await productionRelogin(cfg.liffId);
      throw new RedirectingError();
    }
    throw error;
  }
}

async function signIn(cfg: TPublicConfig): Promise<void> {
  if (cfg.sandbox && !getSandboxUser()) {
    setState({ phase: 'pick-user' });
    return;
  }
  setState({ phase: 'signing-in' });
  try {
    const resumed = cfg.sandbox ? null : await resumeSession();
    if (resumed) {
      setState({ phase: 'ready', me: resumed.me });
      startLiffAfterPaint(cfg, resumed.user);
      return;
    }
    setState({ phase: 'ready', me: await createSession(cfg) });
  } catch (error) {
    if (error instanceof RedirectingError) return setState({ phase: 'redirecting' });
    if (cfg.sandbox && (error as { name?: string }).name === 'SandboxRequestError' && (error as { status?: number }).status === 404) {
      setSandboxUser(null);
      return setState({ phase: 'pick-user', notice: i18n.t('errors.sandboxUserUnknown') });
    }
    setState({ phase: 'error', error });
  }
}

/** Starts signing in once; later callers (another part of the app) reuse the session. */
export function ensureSession(cfg: TPublicConfig): void {
  config = cfg;
  if (state.phase !== 'idle') return;
  setReauthenticate(async () => {
    const me = await createSession(cfg);
    if (state.phase === 'ready') setState({ phase: 'ready', me });
  });
  void signIn(cfg);
}

export function retrySignIn(): void {
  if (config) void signIn(config);
}

/** Sandbox: act as another test user. */
export function pickSandboxUser(userId: string): void {
  setSandboxUser(userId);
  retrySignIn();
}

export async function signOut(): Promise<void> {
  forgetSession();
  await call('deleteSession').catch(() => undefined);
  setSessionToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.config[0] });
  if (!config) return;
  if (config.sandbox) {
    setSandboxUser(null);
    setState({ phase: 'pick-user' });
    return;
  }
  const { productionLogout } = await import('./liff-production.ts');
  await productionLogout(config.liffId).catch(() => undefined);
  setState({ phase: 'signed-out' });
}

export const switchSandboxUser = signOut;
