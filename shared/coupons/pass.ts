/**
 * Subscription passes (訂閱方案): "30 days of one coffee a day". A pass coupon is valid for
 * `periodDays` brand-local days from issue and allows `usesPerDay` uses on each brand day
 * (Asia/Taipei, shared/dates.ts). Pure: the server, the wallet and the scanner agree.
 */
import { localDate } from '../dates.ts';
import { unitsText, type CouponUnit } from './units.ts';

export interface PassRule {
  /** Brand days the pass runs, counting the day it is issued. */
  periodDays: number;
  /** Uses allowed on each brand day. */
  usesPerDay: number;
}

/** The uses a pass carries in all: one day's allowance for every day of the period. */
export function passTotalUses(pass: PassRule): number {
  return pass.periodDays * pass.usesPerDay;
}

/** The brand day (YYYY-MM-DD) a use at `at` counts against. */
export function passDay(at: Date, timeZone: string): string {
  return localDate(at, timeZone);
}

/** A pass's last day (YYYY-MM-DD, brand time): the day before its `validUntil` instant (00:00 the day after). */
export function passLastDay(validUntil: Date, timeZone: string): string {
  return localDate(new Date(validUntil.getTime() - 1), timeZone);
}

/** 「方案至 12/31」 / "Plan until 12/31": from the last day YYYY-MM-DD. */
export function passUntilText(lastDay: string, lang: 'zh-TW' | 'en'): string {
  const [, m, d] = lastDay.split('-');
  const md = `${Number(m)}/${Number(d)}`;
  return lang === 'en' ? `Plan until ${md}` : `方案至 ${md}`;
}

/** 「今日剩 1 杯」 / "1 cup left today"; 「今日已使用」 / "Used today" once the day's allowance is spent. */
export function passTodayText(leftToday: number, unit: CouponUnit, lang: 'zh-TW' | 'en'): string {
  if (leftToday <= 0) return lang === 'en' ? 'Used today' : '今日已使用';
  return lang === 'en' ? `${unitsText(unit, leftToday, 'en')} left today` : `今日剩 ${unitsText(unit, leftToday, 'zh-TW')}`;
}

/** Whole brand days from `today` to `lastDay` (both YYYY-MM-DD): 0 on the last day. */
export function daysUntil(today: string, lastDay: string): number {
  return Math.round((Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
