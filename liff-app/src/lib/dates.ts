/**
 * Dates and times for the front end, always in the brand's time zone (from /api/config), never
 * the phone's or the browser's. Pure: every function is told the time zone and, where words or
 * order differ, the language; `useBrandTime()` (lib/useBrandTime.ts) binds both for components.
 * Calendar arithmetic comes from shared/dates.ts, which the server uses too.
 */
import { isNoExpiry } from '../../../shared/coupons/validity.ts';
import { fixedOffsetMinutes, isCalendarDate, localDate, utcOffsetMinutes, zonedTime } from '../../../shared/dates.ts';
import { GLOSSARY } from '../../../shared/glossary.ts';
import type { Language } from '../i18n/index.ts';

export { addDays, daysBetween, localDate, shortDay } from '../../../shared/dates.ts';

type Instant = string | Date;

const toDate = (at: Instant): Date => (typeof at === 'string' ? new Date(at) : at);
const locale = (lang: Language): string => (lang === 'en' ? 'en-GB' : 'zh-TW');

// Building an Intl formatter costs far more than using one; tables re-render them by the hundred.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locales: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locales}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locales, options);
    formatters.set(key, f);
  }
  return f;
}

const NUMERIC = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
/** English spells the month: 01/12/2027 reads as 1 December in Taipei and 12 January in Seattle. */
const DAY: Record<Language, Intl.DateTimeFormatOptions> = { 'zh-TW': NUMERIC, en: { day: 'numeric', month: 'short', year: 'numeric' } };
const CLOCK = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;

/** The brand's wall clock at an instant: zero-padded year, month, day, hour and minute. */
export function wallClock(at: Instant, timeZone: string): { year: string; month: string; day: string; hour: string; minute: string } {
  // A fixed-offset zone (Asia/Taipei) by arithmetic: no Intl, whose first formatter costs a long
  // task on a phone (shared/dates.ts FIXED_OFFSETS).
  const date = toDate(at);
  const fixed = fixedOffsetMinutes(date, timeZone);
  if (fixed !== null) {
    const iso = new Date(date.getTime() + fixed * 60_000).toISOString();
    return { year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10), hour: iso.slice(11, 13), minute: iso.slice(14, 16) };
  }
  const parts = formatter('en-CA', { timeZone, ...NUMERIC, ...CLOCK }).formatToParts(toDate(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

// ── For people, in their language ─────────────────────────────────────────────────────

/** 2026/11/23 18:04 (zh-TW) or 23 Nov 2026, 18:04 (en). */
export function formatDateTime(at: Instant, timeZone: string, lang: Language): string {
  return formatter(locale(lang), { timeZone, ...DAY[lang], ...CLOCK }).format(toDate(at));
}

/** 2026/11/23 (zh-TW) or 23 Nov 2026 (en). */
export function formatDay(at: Instant, timeZone: string, lang: Language): string {
  // zh-TW's day is the numeric one: the same text as Intl's, without building a formatter (the
  // wallet's first render, shared/dates.ts FIXED_OFFSETS).
  if (lang === 'zh-TW') return numericDate(at, timeZone);
  return formatter(locale(lang), { timeZone, ...DAY[lang] }).format(toDate(at));
}

/** 2026年11月23日 or 23 November 2026. */
export function formatLongDate(at: Instant, timeZone: string, lang: Language): string {
  return formatter(locale(lang), { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(toDate(at));
}

/** A birthday (YYYY-MM-DD, a calendar day with no time zone) in long form. */
export function formatBirthday(day: string, lang: Language): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return formatLongDate(new Date(Date.UTC(y, m - 1, d)), 'UTC', lang);
}

/** 14:05 */
export function formatClock(at: Instant, timeZone: string, _lang: Language): string {
  // 18:04 in both languages (zh-TW and en-GB with h23).
  const p = wallClock(at, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** January … December for a month (1–12). */
export function englishMonth(month: number): string {
  return formatter('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, month - 1, 1)));
}

const WEEKDAYS: Record<Language, readonly string[]> = {
  'zh-TW': ['週日', '週一', '週二', '週三', '週四', '週五', '週六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

/** Monday first, as calendars in Taiwan print the week; the values are the server's (0 = Sunday). */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;

/** 週一 / Mon for 0–6, Sunday first as the server counts. */
export function weekdayName(day: number, lang: Language): string {
  return WEEKDAYS[lang][day] ?? String(day);
}

/** 「週一至週五」, 「週二、週四」, "Mon–Fri": runs of three or more days (Monday first) become a range. */
export function weekdayRuns(days: readonly number[], lang: Language): string {
  const positions = WEEK_ORDER.map((d, i) => (days.includes(d) ? i : -1)).filter((i) => i >= 0);
  const groups: number[][] = [];
  for (const p of positions) {
    const last = groups.at(-1);
    if (last && last.at(-1) === p - 1) last.push(p);
    else groups.push([p]);
  }
  const name = (i: number) => weekdayName(WEEK_ORDER[i]!, lang);
  const parts = groups.flatMap((g) => (g.length >= 3 ? [lang === 'en' ? `${name(g[0]!)}–${name(g.at(-1)!)}` : `${name(g[0]!)}至${name(g.at(-1)!)}`] : g.map(name)));
  return parts.join(lang === 'en' ? ', ' : '、');
}

// ── The same in every language (tables and forms of the console) ─────────────────────

/** 2026/12/01 on the brand's calendar, whatever the language. */
export function numericDate(at: Instant, timeZone: string): string {
  const p = wallClock(at, timeZone);
  return `${p.year}/${p.month}/${p.day}`;
}

/** 2026/12/01 18:00 on the brand's clock, whatever the language. */
export function numericDateTime(at: Instant, timeZone: string): string {
  const p = wallClock(at, timeZone);
  return `${p.year}/${p.month}/${p.day} ${p.hour}:${p.minute}`;
}

/** The hour of day (0–23) on the brand's clock. */
export function hourOf(at: Instant, timeZone: string): number {
  return Number(wallClock(at, timeZone).hour);
}

/** The month (1–12) on the brand's calendar. */
export function monthOf(at: Instant, timeZone: string): number {
  return Number(wallClock(at, timeZone).month);
}

// ── Ends of validity ─────────────────────────────────────────────────────────────────

/**
 * An exclusive end ("until 2026/12/24 00:00") as people read it: the last minute it still
 * works, 2026/12/23 23:59. Ends at other times are shown as they are.
 */
export function untilInstant(iso: string, timeZone: string): string {
  const p = wallClock(iso, timeZone);
  return p.hour === '00' && p.minute === '00' ? new Date(Date.parse(iso) - 60_000).toISOString() : iso;
}

/**
 * The last instant a coupon can be used, as the wallet and the scanner show it. Relative validity
 * ends at brand-local midnight (00:00 of the next day), so one millisecond earlier is the last
 * day people should read.
 */
export function lastValidInstant(validUntil: string): Date {
  return new Date(Date.parse(validUntil) - 1);
}

/**
 * A coupon's end as every page shows it (wallet, coupon page, gifts, scanner, console):
 * `show(validUntil)` in the page's own words and format, or 「無使用期限」 / "No expiry" for a
 * coupon that never expires (a paid 禮券, validity `none`: its validUntil is the far-future
 * NO_EXPIRY_UNTIL of shared/coupons/validity.ts) — never 「有效至 9999/12/31」.
 */
export function couponUntil<T>(validUntil: string, lang: Language, show: (validUntil: string) => T): T | string {
  return isNoExpiry(validUntil) ? GLOSSARY[lang].noExpiry : show(validUntil);
}

/**
 * Whole brand-local days from today to a coupon's last day: 0 = it expires today; Infinity for a
 * coupon that never expires (so no 「即將到期」 badge is ever due).
 */
export function daysLeft(validUntil: string, timeZone: string, now: Date = new Date()): number {
  if (isNoExpiry(validUntil)) return Number.POSITIVE_INFINITY;
  const last = localDate(lastValidInstant(validUntil), timeZone);
  const today = localDate(now, timeZone);
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

// ── <input type="datetime-local"> on the brand's clock ───────────────────────────────

/** "+08:00" for 480 minutes ahead of UTC. */
function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant as "YYYY-MM-DDTHH:MM" on the brand's clock; "" when it is not a time. */
export function isoToLocalInput(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = wallClock(date, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * "YYYY-MM-DDTHH:MM" on the brand's clock → ISO with the brand's offset at that moment, e.g.
 * 2026-12-01T00:00:00+08:00; null when it is not a real date and time.
 */
export function localInputToIso(local: string, timeZone: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match || !isCalendarDate(match[1]!)) return null;
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (hour > 23 || minute > 59) return null;
  // zonedTime takes the offset of the wall-clock reading taken as UTC; around a DST switch the
  // offset at the instant itself is the one the brand's clock shows.
  const instant = zonedTime(match[1]!, hour * 60 + minute, timeZone);
  return `${local}:00${offsetText(utcOffsetMinutes(instant, timeZone))}`;
}

/** Now, or `days` days from now, on the brand's clock, for datetime-local defaults; `time` ("HH:MM") replaces the clock time. */
export function localInputFromNow(days: number, timeZone: string, time?: `${number}:${number}`, now: Date = new Date()): string {
  const p = wallClock(new Date(now.getTime() + days * 86_400_000), timeZone);
  return `${p.year}-${p.month}-${p.day}T${time ?? `${p.hour}:${p.minute}`}`;
}
