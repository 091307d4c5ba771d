import { liff } from './liff-sdk.ts';

let initialized: Promise<void> | undefined;

function init(liffId: string): Promise<void> {
  initialized ??= liff.init({ liffId });
  return initialized;
}

/**
 * The raw LIFF ID token for the signed-in LINE user ('' when LIFF has none, e.g. without the
 * openid scope), or null while LINE Login takes over the page (outside the LINE app).
 */
export async function productionIdToken(liffId: string): Promise<string | null> {
  await init(liffId);
  if (!liff.isLoggedIn()) {
    liff.login({ redirectUri: window.location.href });
    return null;
  }
  return liff.getIDToken() ?? '';
}

/**
 * After a page resumed from its session cookie: starts LIFF (every page initialises it, for
 * shareTargetPicker, scanCodeV2 and the next sign-in) and gives the ID token of whoever LINE is
 * signed in as, or null when nobody is (no LINE Login is started: the session is good).
 */
export async function productionCurrentIdToken(liffId: string): Promise<string | null> {
  await init(liffId);
  return liff.isLoggedIn() ? liff.getIDToken() : null;
}

/** Forgets LINE's cached tokens and starts LINE Login again (an expired ID token). */
export async function productionRelogin(liffId: string): Promise<void> {
  await init(liffId);
  if (liff.isLoggedIn()) liff.logout();
  liff.login({ redirectUri: window.location.href });
}

export async function productionLogout(liffId: string): Promise<void> {
  await init(liffId);
  if (liff.isLoggedIn() && !liff.isInClient()) liff.logout();
}
