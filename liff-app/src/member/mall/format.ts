import type { TFunction } from 'i18next';
import type { TMallProduct, TProductKind } from '../../../../shared/api/mall.ts';
import { INVOICE_CARRIER_PATTERN } from '../../../../shared/api/mall.ts';

export const MALL_KINDS: readonly TProductKind[] = ['voucher', 'multi_pickup', 'bundle', 'pass'];

const money = (n: number) => n.toLocaleString('en-US');

/** 「NT$1,680」, 「300 點」 or 「300 點 + NT$1,680」 for `quantity` units. */
export function priceText(t: TFunction, product: Pick<TMallProduct, 'priceMode' | 'priceCash' | 'pricePoints'>, quantity = 1): string {
  const amount = money(product.priceCash * quantity);
  const points = money(product.pricePoints * quantity);
  if (product.priceMode === 'points') return t('mall.price.points', { points });
  if (product.priceMode === 'points_cash') return t('mall.price.both', { points, amount });
  if (product.priceCash === 0) return t('mall.price.free');
  return t('mall.price.cash', { amount });
}

/** The list price struck beside the price: only when it is above what the member pays in NT$. */
export function listPriceOf(product: Pick<TMallProduct, 'listPrice' | 'priceCash' | 'priceMode'>): number | null {
  if (product.listPrice === null || product.listPrice <= 0) return null;
  if (product.priceMode === 'cash' && product.listPrice <= product.priceCash) return null;
  return product.listPrice;
}

export { money };

export type CarrierCheck = { state: 'empty' } | { state: 'incomplete'; missing: number } | { state: 'invalid' } | { state: 'ok'; value: string };

/**
 * The 手機條碼 as the member types it: upper-cased, spaces dropped; incomplete while it is a
 * good beginning of `/` + 7 characters, invalid once a character cannot belong.
 */
export function checkCarrier(raw: string): CarrierCheck {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  if (!value) return { state: 'empty' };
  if (INVOICE_CARRIER_PATTERN.test(value)) return { state: 'ok', value };
  if (value.length < 8 && /^\/[0-9A-Z.+-]*$/.test(value)) return { state: 'incomplete', missing: 8 - value.length };
  return { state: 'invalid' };
}
