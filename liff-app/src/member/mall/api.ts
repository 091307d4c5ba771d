import { useQuery } from '@tanstack/react-query';
import type { TMallProduct, TOrderView } from '../../../../shared/api/mall.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** Names and descriptions come from the server in the app's language: the language is part of each key. */
export const mallKeys = {
  all: ['mall'] as const,
  products: () => ['mall', 'products', currentLanguage()] as const,
  product: (id: number) => ['mall', 'product', id, currentLanguage()] as const,
  orders: () => ['mall', 'orders', currentLanguage()] as const,
  order: (id: number) => ['mall', 'order', id, currentLanguage()] as const,
  ticket: (id: number) => ['wallet', 'coupon', id, currentLanguage()] as const,
};

export function useMallProducts() {
  return useQuery({ queryKey: mallKeys.products(), queryFn: () => call('mallProducts'), staleTime: 15_000 });
}

export function useMallProduct(id: number) {
  return useQuery({
    queryKey: mallKeys.product(id),
    queryFn: () => call('mallProduct', { params: { id } }),
    enabled: Number.isSafeInteger(id) && id > 0,
    staleTime: 5_000,
  });
}

export function useMyOrders() {
  return useQuery({ queryKey: mallKeys.orders(), queryFn: () => call('mallMyOrders'), staleTime: 5_000, refetchOnWindowFocus: true });
}

/**
 * One order. While it waits for payment (or a payment is being confirmed) it is asked for again
 * every few seconds: LINE Pay's return, the reconciliation job or the release job may move it.
 */
export function useOrder(id: number) {
  return useQuery({
    queryKey: mallKeys.order(id),
    queryFn: () => call('mallOrder', { params: { id } }),
    enabled: Number.isSafeInteger(id) && id > 0,
    staleTime: 2_000,
    refetchOnWindowFocus: true,
    refetchInterval: (query) => {
      const order = query.state.data as TOrderView | undefined;
      return order && (order.status === 'pending' || order.paymentInProgress) ? 4_000 : false;
    },
  });
}

/** After an order changed: the order lists, the products (stock, limits) and the wallet. */
export function afterOrderChange(order?: TOrderView): void {
  if (order) queryClient.setQueryData(mallKeys.order(order.id), order);
  void queryClient.invalidateQueries({ queryKey: mallKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['wallet'] });
}

/** What the product can still be bought in: the smaller of stock left and the member's own limit (max 20 an order); none before its sale starts. */
export function maxQuantity(product: TMallProduct): number {
  if (product.saleStartsAt && Date.parse(product.saleStartsAt) > Date.now()) return 0;
  const limits = [20, product.available, product.remainingForMe].filter((n): n is number => n !== null);
  return Math.max(0, Math.min(...limits));
}
