import type { CouponRules } from './rules.ts';

type Lang = 'zh-TW' | 'en';

/** "8 折" for 20% off, "79 折" for 21% off (how Taiwan reads a discount). */
export function zheText(percentOff: number): string {
  const pay = 100 - percentOff;
  return pay % 10 === 0 ? `${pay / 10} 折` : `${pay} 折`;
}

const ntd = (n: number) => `NT$${n.toLocaleString('en-US')}`;

/** One line a person reads for a coupon's rules: 「滿 NT$1,000 折 NT$100」, 「8 折，最高折 NT$200」. */
export function summarizeRules(rules: Pick<CouponRules, 'kind' | 'amountOff' | 'percentOff' | 'maxDiscount' | 'exchangeItem' | 'minSpend' | 'scope'>, lang: Lang): string {
  const zh = lang === 'zh-TW';
  const parts: string[] = [];
  if (rules.minSpend > 0) parts.push(zh ? `滿 ${ntd(rules.minSpend)}` : `Spend ${ntd(rules.minSpend)}+`);
  if (rules.scope.type === 'items') parts.push(zh ? '指定商品' : 'selected items');
  if (rules.kind === 'amount_off') parts.push(zh ? `折 ${ntd(rules.amountOff ?? 0)}` : `${ntd(rules.amountOff ?? 0)} off`);
  if (rules.kind === 'percent_off') {
    parts.push(zh ? zheText(rules.percentOff ?? 0) : `${rules.percentOff}% off`);
    if (rules.maxDiscount !== null) parts.push(zh ? `最高折 ${ntd(rules.maxDiscount)}` : `up to ${ntd(rules.maxDiscount)}`);
  }
  if (rules.kind === 'exchange') parts.push(zh ? `兌換 ${rules.exchangeItem?.name ?? ''}` : `Redeem for ${rules.exchangeItem?.name ?? ''}`);
  return parts.join(zh ? ' ' : ', ');
}
