import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '../../api/client.ts';

export type RotatingState<T> =
  | { phase: 'loading' }
  /** `nextAt`: when the next code is asked for (this phone's clock), for the countdown. */
  | { phase: 'ready'; value: T; nextAt: number }
  | { phase: 'paused'; value: T | null }
  | { phase: 'error'; error: unknown; value: T | null };

const WINDOW_MS = 30_000;
const AFTER_BOUNDARY_MS = 300;
const MIN_DELAY_MS = 1_000;

/**
 * A rotating code from the server (the member card), asked for again when the server says it
 * rotates (`refreshAt`): paused while the page is hidden, refetched when it is visible again,
 * delays clamped so a phone with a wrong clock neither spins nor stalls.
 */
export function useRotatingCode<T extends { code: string; refreshAt: string; expiresAt: string }>(load: (signal: AbortSignal) => Promise<T>) {
  const [state, setState] = useState<RotatingState<T>>({ phase: 'loading' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const last = useRef<T | null>(null);
  const unchanged = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const clear = () => {
    clearTimeout(timer.current);
    controller.current?.abort();
  };

  const fetchCode = useCallback(async () => {
    clear();
    const abort = new AbortController();
    controller.current = abort;
    try {
      const value = await loadRef.current(abort.signal);
      if (abort.signal.aborted) return;
      const previous = last.current;
      last.current = value;
      let delay = Date.parse(value.refreshAt) - Date.now() + AFTER_BOUNDARY_MS;
      if (delay < MIN_DELAY_MS) {
        unchanged.current = previous?.code === value.code ? unchanged.current + 1 : 0;
        delay = 1_000 * 2 ** Math.min(unchanged.current, 5);
      } else {
        unchanged.current = 0;
      }
      delay = Math.min(WINDOW_MS + AFTER_BOUNDARY_MS, delay);
      setState({ phase: 'ready', value, nextAt: Date.now() + delay });
      timer.current = setTimeout(() => void fetchCode(), delay);
    } catch (error) {
      if (abort.signal.aborted || (error as Error)?.name === 'AbortError') return;
      setState({ phase: 'error', error, value: last.current });
      if (isApiError(error) && (error.code === 'NETWORK_ERROR' || error.status >= 500)) {
        timer.current = setTimeout(() => void fetchCode(), 5_000);
      }
    }
  }, []);

  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') {
        clear();
        setState({ phase: 'paused', value: last.current });
      } else {
        setState(last.current ? { phase: 'paused', value: last.current } : { phase: 'loading' });
        void fetchCode();
      }
    };
    if (document.visibilityState === 'hidden') setState({ phase: 'paused', value: null });
    else void fetchCode();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      clear();
    };
  }, [fetchCode]);

  return { state, refresh: fetchCode };
}
