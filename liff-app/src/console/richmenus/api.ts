import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';

export const rmKeys = {
  all: ['console', 'rmenu'] as const,
  overview: ['console', 'rmenu', 'overview'] as const,
  options: ['console', 'rmenu', 'options'] as const,
  version: (id: number) => ['console', 'rmenu', 'version', id] as const,
};

/** How often the overview is asked again while a publication is under way. */
export const PUBLISH_POLL_MS = 1000;

/**
 * Versions, schedules and publications; polled while a publication is under way (running, or
 * live with its old menus still being deleted) — and while `watch` (a publish request is out,
 * so its steps show as they move before the request answers).
 */
export function useRichMenuOverview(options: { watch?: boolean } = {}) {
  const watch = options.watch ?? false;
  return useQuery({
    queryKey: rmKeys.overview,
    queryFn: () => call('consoleRichMenus'),
    refetchInterval: (query) => (watch || query.state.data?.publications.some((p) => p.finishedAt === null) ? PUBLISH_POLL_MS : false),
  });
}

export function useRichMenuOptions() {
  return useQuery({ queryKey: rmKeys.options, queryFn: () => call('consoleRichMenuOptions'), staleTime: 60_000 });
}

export function useRichMenuVersion(id: number | null) {
  return useQuery({ queryKey: rmKeys.version(id ?? 0), queryFn: () => call('consoleRichMenuVersion', { params: { id: id! } }), enabled: id !== null });
}

export function refreshRichMenus(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: rmKeys.all });
}

// The list's and the designer's pure helpers live with the draft logic (unit-tested there).
export { currentPublication, versionState, type VersionState } from './draft.ts';
