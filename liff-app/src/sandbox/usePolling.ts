import { useEffect, useRef } from 'react';

/**
 * Runs `task` every `intervalMs`, waiting for each run to finish before scheduling the next
 * (a slow server never gets overlapping requests), and skipping runs while the tab is hidden.
 */
export function usePolling(task: () => Promise<void>, intervalMs: number): void {
  const latest = useRef(task);
  useEffect(() => {
    latest.current = task;
  }, [task]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (!document.hidden) await latest.current().catch(() => undefined);
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    timer = setTimeout(tick, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [intervalMs]);
}
