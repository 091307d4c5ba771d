import type { Lang, TCouponTemplateView } from './api.ts';
import { shortDate, untilInstant } from './api.ts';

/** Monday first, as calendars in Taiwan print the week; values are 0 = Sunday. */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

const DAY_NAMES: Record<Lang, string[]> = {
  'zh-TW': ['週日', '週一', '週二', '週三', '週四', '週五', '週六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

export function dayName(day: number, lang: Lang): string {
  return DAY_NAMES[lang][day] ?? String(day);
}

/** 「週一至週五」, 「週二、週四」, "Mon–Fri". Runs of three or more days become a range. */
export function weekdayText(days: number[], lang: Lang): string {
  const positions = WEEK_ORDER.map((d, i) => (days.includes(d) ? i : -1)).filter((i) => i >= 0);
  const groups: number[][] = [];
  for (const p of positions) {
    const last = groups.at(-1);
    if (last && last.at(-1) === p - 1) last.push(p);
    else groups.push([p]);
  }
  const name = (i: number) => dayName(WEEK_ORDER[i]!, lang);
  const parts = groups.flatMap((g) => (g.length >= 3 ? [lang === 'en' ? `${name(g[0]!)}–${name(g.at(-1)!)}` : `${name(g[0]!)}至${name(g.at(-1)!)}`] : g.map(name)));
  return parts.join(lang === 'en' ? ', ' : '、');
}

/** The validity of a template, short: 「領取後 30 天」 or 2026/12/01 – 2026/12/31. */
export function validityShort(view: Pick<TCouponTemplateView, 'validity'>, timeZone: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  const v = view.validity;
  if (v.type === 'relative') return t('cpn.validity.relative', { days: v.days });
  return t('cpn.validity.fixed', { from: shortDate(v.from, timeZone), until: shortDate(untilInstant(v.until, timeZone), timeZone) });
}

/** Where and when a template works, for the list: 「信義店 · 週一至週五 · 14:00–17:00」. Empty when anywhere, any time. */
export function conditionsText(view: Pick<TCouponTemplateView, 'storeIds' | 'weekdays' | 'timeWindows'>, storeName: (id: number) => string, lang: Lang): string {
  const sep = lang === 'en' ? ', ' : '、';
  const parts: string[] = [];
  if (view.storeIds) parts.push(view.storeIds.map(storeName).join(sep));
  if (view.weekdays?.length) parts.push(weekdayText(view.weekdays, lang));
  if (view.timeWindows?.length) parts.push(view.timeWindows.map((w) => `${w.start}–${w.end}`).join(sep));
  return parts.join(' · ');
}
