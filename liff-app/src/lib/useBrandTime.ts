import { useConfig } from '../api/query.ts';
import { useLanguage } from '../i18n/index.ts';
import { formatClock, formatDateTime, formatDay, formatLongDate, numericDate, numericDateTime } from './dates.ts';

type Instant = string | Date;

/**
 * The brand's clock for a component: lib/dates.ts bound to the brand's time zone (from
 * /api/config, loaded before any page renders) and the UI language, re-rendering on a switch.
 */
export function useBrandTime() {
  const { data: config } = useConfig();
  const lang = useLanguage();
  const timeZone = config?.timezone ?? 'Asia/Taipei';
  return {
    timeZone,
    lang,
    /** 2026/11/23 18:04 · 23/11/2026, 18:04 */
    dateTime: (at: Instant) => formatDateTime(at, timeZone, lang),
    /** 2026/11/23 · 23/11/2026 */
    day: (at: Instant) => formatDay(at, timeZone, lang),
    /** 2026年11月23日 · 23 November 2026 */
    longDate: (at: Instant) => formatLongDate(at, timeZone, lang),
    /** 14:05 */
    clock: (at: Instant) => formatClock(at, timeZone, lang),
    /** 2026/11/23 in both languages */
    numericDate: (at: Instant) => numericDate(at, timeZone),
    /** 2026/11/23 18:04 in both languages */
    numericDateTime: (at: Instant) => numericDateTime(at, timeZone),
  };
}
