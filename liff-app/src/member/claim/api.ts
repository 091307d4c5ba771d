import { useQuery } from '@tanstack/react-query';
import type { TClaimable } from '../../../../shared/api/campaigns.ts';

/** The claim centre's answer: the offers, and the member's spendable points when an offer costs points. */
export type ClaimCentreData = { items: TClaimable[]; points: { balance: number } | null };
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** Offer summaries and "why not" reasons come from the server in the app's language, so the language is part of the key. */
export const claimKeys = {
  all: ['claims'] as const,
  list: () => ['claims', 'list', currentLanguage()] as const,
};

export function useClaimCentre() {
  return useQuery<ClaimCentreData>({
    queryKey: claimKeys.list(),
    queryFn: () => call('claimCentre'),
    // Stock moves while the member looks: ask again soon and when they come back to the app.
    staleTime: 10_000,
    refetchOnWindowFocus: true,
    // Switching language asks again (the key changes); keep showing the list meanwhile.
    placeholderData: (previous) => previous,
  });
}

/**
 * After a claim or a redeemed code: the list (stock, 已領取) and the wallet. The wallet's queries
 * live under the key prefix ['wallet'] (see member/wallet/api.ts); invalidating by prefix also
 * covers any wallet view that is not mounted yet.
 */
export function afterClaim(): void {
  void queryClient.invalidateQueries({ queryKey: claimKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['wallet'] });
  // 以點換券 changes the balance 我的點數 and the member card show.
  void queryClient.invalidateQueries({ queryKey: ['points'] });
}

export function refreshClaims(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: claimKeys.all });
}
