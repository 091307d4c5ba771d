import { useQuery } from '@tanstack/react-query';
import type { TRedeemRequest, TRedemptionView } from '../../../../shared/api/coupons.ts';
import { ApiError, call, isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const staffKeys = {
  redemptions: (storeId: number) => ['staff', 'redemptions', storeId, currentLanguage()] as const,
  stores: ['staff', 'stores'] as const,
};

/** Today's redemptions at the store, newest first; kept fresh while the counter is open. */
export function useStoreRedemptions(storeId: number) {
  return useQuery({
    queryKey: staffKeys.redemptions(storeId),
    queryFn: () => call('staffRedemptions', { query: { storeId } }),
    refetchInterval: 30_000,
    staleTime: 10_000,
  });
}

/** Every active store, for admins (who may act at any store without being staff at one). */
export function useAllStores(enabled: boolean) {
  return useQuery({
    queryKey: staffKeys.stores,
    queryFn: () => call('listStores'),
    enabled,
    staleTime: 5 * 60_000,
    select: (data) => data.items.filter((s) => s.isActive).map((s) => ({ id: s.id, name: s.name })),
  });
}

export function refreshRedemptions(storeId: number): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['staff', 'redemptions', storeId] });
}

/** Errors from the counter endpoints carry the server's `details` (e.g. `reason`). */
export { ApiError as CounterError };

/** A fresh Idempotency-Key for one confirmation (8–128 of [A-Za-z0-9._:-]). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `scan-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * POST /api/staff/redemptions with an Idempotency-Key, so a double tap or a retry after a lost
 * answer redeems once (the client renews a lapsed session and retries with the same key).
 */
export function redeemCoupon(body: TRedeemRequest, idempotencyKey: string): Promise<TRedemptionView> {
  return call('staffRedeem', { body, headers: { 'idempotency-key': idempotencyKey } });
}

/** Whether the answer to a redemption is unknown (it may have gone through): retry with the same key. */
export function isUncertain(error: unknown): boolean {
  return isApiError(error) && (error.code === 'NETWORK_ERROR' || error.status >= 500 || error.code === 'BAD_RESPONSE');
}
