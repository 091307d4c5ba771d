import { useEffect } from 'react';
import { call } from '../../api/client.ts';

const KEY = 'invite.ref';

/** The invite code in the address (?ref=ABCD2345), kept for the session so a reload or a detour keeps it. */
function inviteCode(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('ref');
  try {
    if (fromUrl && !sessionStorage.getItem(KEY)) sessionStorage.setItem(KEY, fromUrl);
    return sessionStorage.getItem(KEY) ?? fromUrl;
  } catch {
    return fromUrl;
  }
}

/**
 * Tells the server this signed-in LINE user opened an invite link, once. The server decides
 * whether it counts (the first link wins; one's own does not; members already registered do not).
 */
export function useInviteVisit(active: boolean | undefined): void {
  useEffect(() => {
    if (!active) return;
    const code = inviteCode();
    if (!code || !/^[A-Za-z0-9]{4,20}$/.test(code)) return;
    void call('recordInvite', { body: { code } }).catch(() => undefined);
  }, [active]);
}
