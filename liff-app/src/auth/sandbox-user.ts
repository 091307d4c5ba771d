/** The sandbox test user this tab acts as: `?sandboxUser=U…` in a link, remembered in sessionStorage. */

const KEY = 'sandboxUser';
const USER_ID_RE = /^U[0-9a-f]{32}$/;

export function isSandboxUserId(value: string): boolean {
  return USER_ID_RE.test(value);
}

/** Moves `?sandboxUser=` from the address into sessionStorage, before the router reads the URL. */
export function captureSandboxUserFromUrl(): void {
  const url = new URL(window.location.href);
  const value = url.searchParams.get('sandboxUser');
  if (value === null) return;
  if (isSandboxUserId(value)) setSandboxUser(value);
  url.searchParams.delete('sandboxUser');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

export function getSandboxUser(): string | null {
  try {
    const value = sessionStorage.getItem(KEY);
    return value && isSandboxUserId(value) ? value : null;
  } catch {
    return null;
  }
}

export function setSandboxUser(userId: string | null): void {
  try {
    if (userId) sessionStorage.setItem(KEY, userId);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the picker will ask again
  }
}
