/**
 * What one use of a coupon is called: a 寄杯 ticket counts cups (「剩 7 杯」 / "7 cups left"), a
 * set counts servings, anything else counts uses (次). Pure, for the server, the wallet and the scanner.
 */
export const COUPON_UNITS = ['use', 'cup', 'serving', 'item'] as const;
export type CouponUnit = (typeof COUPON_UNITS)[number];
export type UnitLang = 'zh-TW' | 'en';

const NAMES: Record<CouponUnit, { zh: string; one: string; many: string }> = {
  use: { zh: '次', one: 'use', many: 'uses' },
  cup: { zh: '杯', one: 'cup', many: 'cups' },
  serving: { zh: '份', one: 'serving', many: 'servings' },
  item: { zh: '個', one: 'item', many: 'items' },
};

/** The unit's word: 杯 / "cup" or "cups" by count. */
export function unitWord(unit: CouponUnit, lang: UnitLang, count = 2): string {
  const n = NAMES[unit] ?? NAMES.use;
  return lang === 'en' ? (count === 1 ? n.one : n.many) : n.zh;
}

/** 「剩 7 杯」 / "7 cups left". */
export function unitsLeftText(unit: CouponUnit, left: number, lang: UnitLang): string {
  return lang === 'en' ? `${left} ${unitWord(unit, 'en', left)} left` : `剩 ${left} ${unitWord(unit, 'zh-TW')}`;
}

/** 「3 杯」 / "3 cups". */
export function unitsText(unit: CouponUnit, count: number, lang: UnitLang): string {
  return lang === 'en' ? `${count} ${unitWord(unit, 'en', count)}` : `${count} ${unitWord(unit, 'zh-TW')}`;
}
