import { useQuery } from '@tanstack/react-query';
import type { TMyTier } from '../../../../shared/api/tiers.ts';
import { call } from '../../api/client.ts';

export const tierKeys = { mine: ['tiers', 'me'] as const };

/** The member's tier, progress, next evaluation and every tier's benefits. */
export function useMyTier() {
  return useQuery<TMyTier>({ queryKey: tierKeys.mine, queryFn: () => call('myTier'), staleTime: 10_000, refetchOnWindowFocus: true });
}
