import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { TConsoleProduct } from '../../../../shared/api/mall.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { useLanguage, type Language } from '../../i18n/index.ts';

export const mallConsoleKeys = {
  all: ['console', 'mall'] as const,
  products: (lang: Language) => ['console', 'mall', 'products', lang] as const,
  product: (id: number, lang: Language) => ['console', 'mall', 'product', id, lang] as const,
  orders: (filters: OrderFilters, lang: Language) => ['console', 'mall', 'orders', filters, lang] as const,
  order: (id: number, lang: Language) => ['console', 'mall', 'order', id, lang] as const,
  report: (from: string, until: string, productId: number | undefined) => ['console', 'mall', 'report', from, until, productId ?? null] as const,
};

export interface OrderFilters {
  status?: 'pending' | 'paid' | 'cancelled' | 'expired' | 'refunded' | 'partially_refunded';
  memberId?: number;
  productId?: number;
  from?: string;
  until?: string;
}

export function useConsoleProducts() {
  const lang = useLanguage();
  return useQuery({ queryKey: mallConsoleKeys.products(lang), queryFn: () => call('consoleProducts') });
}

export function useConsoleProduct(id: number | null) {
  const lang = useLanguage();
  return useQuery({ queryKey: mallConsoleKeys.product(id ?? 0, lang), queryFn: () => call('consoleProduct', { params: { id: id! } }), enabled: id !== null });
}

export function useConsoleOrders(filters: OrderFilters) {
  const lang = useLanguage();
  return useQuery({ queryKey: mallConsoleKeys.orders(filters, lang), queryFn: () => call('consoleOrders', { query: { ...filters, limit: 100 } }), placeholderData: (previous) => previous });
}

export function useConsoleOrder(id: number) {
  const lang = useLanguage();
  return useQuery({ queryKey: mallConsoleKeys.order(id, lang), queryFn: () => call('consoleOrder', { params: { id } }), enabled: Number.isSafeInteger(id) && id > 0 });
}

export function refreshMall(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: mallConsoleKeys.all });
}

const money = (n: number) => n.toLocaleString('en-US');

/** 「NT$1,680」, 「300 點」 or 「300 點 + NT$1,680」. */
export function consolePrice(t: TFunction, p: Pick<TConsoleProduct, 'priceMode' | 'priceCash' | 'pricePoints'>): string {
  if (p.priceMode === 'points') return t('mallC.price.points', { points: money(p.pricePoints) });
  if (p.priceMode === 'points_cash') return t('mallC.price.both', { points: money(p.pricePoints), amount: money(p.priceCash) });
  return t('mallC.price.cash', { amount: money(p.priceCash) });
}

/** An order's amount: NT$ and points. */
export function orderMoney(t: TFunction, o: { totalCash: number; totalPoints: number }): string {
  if (o.totalPoints > 0 && o.totalCash > 0) return t('mallC.price.both', { points: money(o.totalPoints), amount: money(o.totalCash) });
  if (o.totalPoints > 0) return t('mallC.price.points', { points: money(o.totalPoints) });
  return t('mallC.price.cash', { amount: money(o.totalCash) });
}

export { money };
