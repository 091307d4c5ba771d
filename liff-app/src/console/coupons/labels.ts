import type { TFunction } from 'i18next';
import type { Language as Lang } from '../../i18n/index.ts';
import { numericDate, untilInstant, weekdayRuns } from '../../lib/dates.ts';
import type { TCouponTemplateView } from './api.ts';

/** The validity of a template, short: 「領取後 30 天」 or 2026/12/01 – 2026/12/31. */
export function validityShort(view: Pick<TCouponTemplateView, 'validity'>, timeZone: string, t: TFunction): string {
  const v = view.validity;
  if (v.type === 'relative') return t('cpn.validity.relative', { days: v.days });
  if (v.type === 'none') return t('cpn.validity.none');
  return t('cpn.validity.fixed', { from: numericDate(v.from, timeZone), until: numericDate(untilInstant(v.until, timeZone), timeZone) });
}

/** Where and when a template works, for the list: 「信義店 · 週一至週五 · 14:00–17:00」. Empty when anywhere, any time. */
export function conditionsText(view: Pick<TCouponTemplateView, 'storeIds' | 'weekdays' | 'timeWindows'>, storeName: (id: number) => string, lang: Lang): string {
  const sep = lang === 'en' ? ', ' : '、';
  const parts: string[] = [];
  if (view.storeIds) parts.push(view.storeIds.map(storeName).join(sep));
  if (view.weekdays?.length) parts.push(weekdayRuns(view.weekdays, lang));
  if (view.timeWindows?.length) parts.push(view.timeWindows.map((w) => `${w.start}–${w.end}`).join(sep));
  return parts.join(' · ');
}
