import { useCallback, useEffect, useRef, useState } from 'react';
import type { TQrToken } from '../../../../shared/api/coupons.ts';
import { call, isApiError } from '../../api/client.ts';

export type QrState =
  | { phase: 'loading' }
  /** `nextAt`: when the next token is asked for (on this phone's clock), for the countdown. */
  | { phase: 'ready'; qr: TQrToken; nextAt: number }
  | { phase: 'paused'; qr: TQrToken | null }
  | { phase: 'error'; error: unknown; qr: TQrToken | null };

/** The server's window; refreshAt − now is never more than this unless the phone's clock is off. */
const WINDOW_MS = 30_000;
/** Ask a little after the boundary so the server is surely in the new window. */
const AFTER_BOUNDARY_MS = 300;
const MIN_DELAY_MS = 1_000;

/**
 * The coupon's QR token, refetched when the server says it rotates (`refreshAt`), so a
 * screenshot stops working within a minute. Paused while the page is hidden (nothing to
 * show, nothing to leak), refetched the moment it is visible again. A phone whose clock is off
 * cannot make this spin or stall: delays are clamped to [1 s, 30 s], and a token that did not
 * change yet is asked for again shortly.
 */
export function useRotatingQr(couponId: number, enabled: boolean, onUnusable: () => void) {
  const [state, setState] = useState<QrState>({ phase: 'loading' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const last = useRef<TQrToken | null>(null);
  const unchanged = useRef(0);
  const onUnusableRef = useRef(onUnusable);
  onUnusableRef.current = onUnusable;

  const clear = () => {
    clearTimeout(timer.current);
    controller.current?.abort();
  };

  const fetchToken = useCallback(async () => {
    clear();
    const abort = new AbortController();
    controller.current = abort;
    try {
      const qr = await call('walletQr', { params: { id: couponId }, signal: abort.signal });
      if (abort.signal.aborted) return;
      const previous = last.current;
      last.current = qr;
      let delay = Date.parse(qr.refreshAt) - Date.now() + AFTER_BOUNDARY_MS;
      if (delay < MIN_DELAY_MS) {
        // This phone's clock is ahead of the server's: back off until the token changes.
        unchanged.current = previous?.token === qr.token ? unchanged.current + 1 : 0;
        delay = 1_000 * 2 ** unchanged.current;
      } else {
        unchanged.current = 0;
      }
      delay = Math.min(WINDOW_MS + AFTER_BOUNDARY_MS, delay);
      setState({ phase: 'ready', qr, nextAt: Date.now() + delay });
      timer.current = setTimeout(() => void fetchToken(), delay);
    } catch (error) {
      if (abort.signal.aborted || (error as Error)?.name === 'AbortError') return;
      // The coupon was just used up (or voided): the page shows its new state instead.
      if (isApiError(error) && (error.code === 'COUPON_NOT_USABLE' || error.code === 'COUPON_NOT_FOUND')) {
        last.current = null;
        onUnusableRef.current();
      }
      setState({ phase: 'error', error, qr: last.current });
      // Keep trying on a shaky connection while the current token may still be valid.
      if (isApiError(error) && (error.code === 'NETWORK_ERROR' || error.status >= 500)) {
        timer.current = setTimeout(() => void fetchToken(), 5_000);
      }
    }
  }, [couponId]);

  useEffect(() => {
    if (!enabled) return;
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        clear();
        setState({ phase: 'paused', qr: last.current });
      } else {
        setState(last.current ? { phase: 'paused', qr: last.current } : { phase: 'loading' });
        void fetchToken();
      }
    };
    if (document.visibilityState === 'hidden') setState({ phase: 'paused', qr: null });
    else void fetchToken();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      clear();
    };
  }, [enabled, fetchToken]);

  return { state, refresh: fetchToken };
}
