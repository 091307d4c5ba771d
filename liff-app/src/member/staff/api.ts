import { useQuery } from '@tanstack/react-query';
import type { TRedeemRequest, TRedemptionView } from '../../../../shared/api/coupons.ts';
import type { ErrorCode } from '../../../../shared/errors.ts';
import { ApiError, call, isApiError, loadContract } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage, i18n } from '../../i18n/index.ts';

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

/** An error from the counter endpoints with the server's `details` (e.g. `reason`). */
export class CounterError extends ApiError {
  readonly details: Record<string, unknown> | undefined;
  constructor(init: ConstructorParameters<typeof ApiError>[0] & { details?: Record<string, unknown> | undefined }) {
    super(init);
    this.details = init.details;
  }
}

/** A fresh Idempotency-Key for one confirmation (8–128 of [A-Za-z0-9._:-]). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `scan-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface ErrorPayload {
  error?: { code?: string; message?: string; field?: string; requestId?: string; details?: Record<string, unknown> };
}

/**
 * POST /api/staff/redemptions with an Idempotency-Key, so a double tap or a retry after a lost
 * answer redeems once. The typed client (api/client.ts) cannot send extra headers yet, so this
 * one request is sent here; it is authenticated by the session cookie that POST /api/session
 * set, and a lapsed session is renewed through the client (any call re-signs in) and retried
 * with the same key.
 */
export async function redeemCoupon(body: TRedeemRequest, idempotencyKey: string): Promise<TRedemptionView> {
  const contract = await loadContract();
  const def = contract.api.staffRedeem;
  const send = async (): Promise<Response> => {
    try {
      return await fetch(def.path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'accept-language': currentLanguage(), 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
      });
    } catch {
      throw new CounterError({ status: 0, code: 'NETWORK_ERROR', message: i18n.t('errors.network') });
    }
  };
  let response = await send();
  if (response.status === 401) {
    // Renew the session the way every other call does, then try once more with the same key.
    await call('getMe').catch(() => undefined);
    response = await send();
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    const error = (payload as ErrorPayload | undefined)?.error;
    throw new CounterError({
      status: response.status,
      code: (error?.code as ErrorCode | undefined) ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE'),
      message: error?.message ?? i18n.t('errors.generic'),
      field: error?.field,
      requestId: error?.requestId,
      details: error?.details,
    });
  }
  const parsed = def.output.safeParse(payload);
  if (!parsed.success) throw new CounterError({ status: response.status, code: 'BAD_RESPONSE', message: i18n.t('errors.badResponse') });
  return parsed.data;
}

/** Whether the answer to a redemption is unknown (it may have gone through): retry with the same key. */
export function isUncertain(error: unknown): boolean {
  return isApiError(error) && (error.code === 'NETWORK_ERROR' || error.status >= 500 || error.code === 'BAD_RESPONSE');
}
