import { useQuery } from '@tanstack/react-query';
import type { TCouponView, TWallet } from '../../../../shared/api/coupons.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage } from '../../i18n/index.ts';

export type WalletTab = 'active' | 'used' | 'expired';
export const WALLET_TABS: readonly WalletTab[] = ['active', 'used', 'expired'];

/** A coupon page's shape while its chunk or its coupon loads. */
export const DETAIL_SKELETON = [{ width: 120, height: 24 }, { height: 168, radius: 20 }, { height: 420, radius: 14 }];

export function isWalletTab(value: string | null): value is WalletTab {
  return value === 'active' || value === 'used' || value === 'expired';
}

/** Coupon texts (summary, verdicts) come from the server in the app's language, so the language is part of the key. */
export const walletKeys = {
  all: ['wallet'] as const,
  list: (tab: WalletTab) => ['wallet', 'list', tab, currentLanguage()] as const,
  coupon: (id: number) => ['wallet', 'coupon', id, currentLanguage()] as const,
};

export function useWallet(tab: WalletTab) {
  return useQuery<TWallet>({
    queryKey: walletKeys.list(tab),
    queryFn: () => call('walletList', { query: { tab } }),
    // A coupon may have been redeemed at the counter a moment ago.
    staleTime: 5_000,
    refetchOnWindowFocus: true,
  });
}

export function useCoupon(id: number) {
  return useQuery<TCouponView>({
    queryKey: walletKeys.coupon(id),
    queryFn: () => call('walletCoupon', { params: { id } }),
    enabled: Number.isSafeInteger(id) && id > 0,
    staleTime: 5_000,
    // Seed from the list the member just tapped in, so the card paints at once.
    initialData: () => findInLists(id),
    initialDataUpdatedAt: 0,
  });
}

function findInLists(id: number): TCouponView | undefined {
  for (const [, data] of queryClient.getQueriesData<TWallet>({ queryKey: walletKeys.all })) {
    const found = data?.items?.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/** After a redemption or a QR answer that says the coupon changed. */
export function refreshWallet(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: walletKeys.all });
}
