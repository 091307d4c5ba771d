import { useQuery } from '@tanstack/react-query';
import type { TGiftList } from '../../../../shared/api/transfers.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage } from '../../i18n/index.ts';

export type GiftTab = 'received' | 'sent';

export const giftKeys = {
  all: ['gifts'] as const,
  list: (tab: GiftTab) => ['gifts', 'list', tab, currentLanguage()] as const,
};

export function useGifts(tab: GiftTab) {
  return useQuery<TGiftList>({
    queryKey: giftKeys.list(tab),
    queryFn: () => call('giftList', { query: { tab } }),
    staleTime: 5_000,
    refetchOnWindowFocus: true,
  });
}

/** After any step on a gift: the gift lists and the wallet (a coupon was locked, moved or came back). */
export function afterGiftChange(): void {
  void queryClient.invalidateQueries({ queryKey: giftKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['wallet'] });
}
