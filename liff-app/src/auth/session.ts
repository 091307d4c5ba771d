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

async function createSession(cfg: TPublicConfig): Promise<TMe> {
  const idToken = await idTokenFor(cfg);
  if (idToken === null) throw new RedirectingError();
  if (!idToken) throw new Error(i18n.t('errors.liffNoIdToken'));
  try {
    const session = await call('createSession', { body: { idToken } });
    setSessionToken(session.token);
    queryClient.setQueryData(queryKeys.me, session.me);
    sessionStorage.removeItem(RELOGIN_KEY);
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
