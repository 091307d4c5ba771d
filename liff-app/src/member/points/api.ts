import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TPointsHistory, TPointsSummary } from '../../../../shared/api/points.ts';
import { call } from '../../api/client.ts';

export const pointsKeys = { summary: ['points', 'summary'] as const, history: ['points', 'history'] as const };

/** The balance, pending points and the soonest expiry (the member card shows the balance too). */
export function usePointsSummary() {
  return useQuery<TPointsSummary>({ queryKey: pointsKeys.summary, queryFn: () => call('pointsSummary'), staleTime: 10_000, refetchOnWindowFocus: true });
}

export function usePointsHistory() {
  return useInfiniteQuery<TPointsHistory, Error, { pages: TPointsHistory[] }, typeof pointsKeys.history, number | undefined>({
    queryKey: pointsKeys.history,
    queryFn: ({ pageParam }) => call('pointsHistory', { query: pageParam === undefined ? {} : { before: pageParam } }),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
}
