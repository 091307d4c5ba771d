import { currentLanguage } from '../i18n/index.ts';

const locale = () => (currentLanguage() === 'en' ? 'en-GB' : 'zh-TW');

/** A date and time in the brand's time zone, e.g. 2026/11/23 18:04. */
export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

/** A calendar day of an instant in the brand's time zone. */
export function formatDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

/** A birthday (YYYY-MM-DD, no time zone) for people. */
export function formatBirthday(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Today (YYYY-MM-DD) in a time zone, for date inputs. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The hour of day (0–23) in a time zone. */
export function hourIn(timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
}
