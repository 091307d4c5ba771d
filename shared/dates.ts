/** Calendar helpers in the brand's time zone; pure, for both sides. */

// Building an Intl formatter costs far more than using one; these run on hot paths.
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Zones that have kept one offset from UTC (no daylight saving) since an instant: their wall
 * clock is arithmetic, no Intl. In a browser the first Intl formatter loads ICU's locale and
 * zone data, 30–130 ms on a laptop and four times that on a phone; it was the wallet's one long
 * task after it appeared (issue 16 item 13), for a date any brand in Taiwan can compute with an
 * addition. Other zones, and instants before `since`, ask Intl. test/unit/dates-fixed-offset.test.ts
 * checks every entry against Intl from `since` to 2100.
 */
const FIXED_OFFSETS: Readonly<Record<string, { minutes: number; since: number }>> = {
  // Taiwan's last daylight saving time ended on 1979-09-30.
  'Asia/Taipei': { minutes: 480, since: Date.UTC(1980, 0, 1) },
  'Asia/Hong_Kong': { minutes: 480, since: Date.UTC(1980, 0, 1) },
  'Asia/Shanghai': { minutes: 480, since: Date.UTC(1992, 0, 1) },
  'Asia/Singapore': { minutes: 480, since: Date.UTC(1982, 0, 1) },
  'Asia/Tokyo': { minutes: 540, since: Date.UTC(1952, 0, 1) },
  UTC: { minutes: 0, since: Date.UTC(1900, 0, 1) },
  'Etc/UTC': { minutes: 0, since: Date.UTC(1900, 0, 1) },
};
// The wall clock past the year 9999 is no YYYY-MM-DD (Date#toISOString writes +010000-…).
const FIXED_UNTIL = Date.UTC(9999, 11, 30);

/** The zone's offset in minutes at `at` when it is a fixed one then (FIXED_OFFSETS), else null: ask Intl. */
export function fixedOffsetMinutes(at: Date, timeZone: string): number | null {
  const fixed = FIXED_OFFSETS[timeZone];
  const t = at.getTime();
  return fixed && t >= fixed.since && t < FIXED_UNTIL ? fixed.minutes : null;
}
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const fixed = fixedOffsetMinutes(at, timeZone);
  if (fixed !== null) return new Date(at.getTime() + fixed * 60_000).toISOString().slice(0, 10);
  const parts = formatter(`date:${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "2026-11-23" → "11/23", the short day label of charts and tables (no leading zeros). */
export function shortDay(day: string): string {
  const [, m, d] = day.split('-');
  return `${Number(m)}/${Number(d)}`;
}

/** The calendar day `n` days after a YYYY-MM-DD day (negative for before); calendar arithmetic, no time zone. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The days from `from` to `to` (both YYYY-MM-DD, inclusive), at most `max`. */
export function daysBetween(from: string, to: string, max = 400): string[] {
  const out: string[] = [];
  for (let day = from; day <= to && out.length < max; day = addDays(day, 1)) out.push(day);
  return out;
}

/** The number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The latest calendar date anywhere on Earth right now (UTC+14), for "not in the future" checks
 * on dates people type (a birthday is today's date in Taipei eight hours before it is in UTC).
 */
export function latestDateOnEarth(at: Date = new Date()): string {
  return localDate(at, 'Pacific/Kiritimati');
}

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whole years between a birthday and a date, both YYYY-MM-DD. */
export function ageOn(birthday: string, on: string): number {
  const [by, bm, bd] = birthday.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Minutes the zone is ahead of UTC at that instant (Asia/Taipei: 480). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const fixed = fixedOffsetMinutes(at, timeZone);
  if (fixed !== null) return fixed;
  const parts = formatter(`offset:${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  ).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a brand-local wall-clock time happens (YYYY-MM-DD, minutes after midnight). */
export function zonedTime(date: string, minutesOfDay: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, 0, minutesOfDay);
  const offset = utcOffsetMinutes(new Date(guess), timeZone);
  return new Date(guess - offset * 60_000);
}

export interface QuietHours {
  /** Minutes after midnight, brand time. */
  start: number;
  end: number;
}

/** Parses "21:00-09:00"; empty means none. */
export function parseQuietHours(text: string): QuietHours | null | 'invalid' {
  if (text.trim() === '') return null;
  const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return 'invalid';
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return 'invalid';
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return start === end ? 'invalid' : { start, end };
}

/** When `at` falls in quiet hours, the instant they end; otherwise null. */
export function quietHoursEnd(at: Date, quiet: QuietHours, timeZone: string): Date | null {
  const offset = utcOffsetMinutes(at, timeZone);
  const local = new Date(at.getTime() + offset * 60_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const today = localDate(at, timeZone);
  const inside = quiet.start < quiet.end ? minute >= quiet.start && minute < quiet.end : minute >= quiet.start || minute < quiet.end;
  if (!inside) return null;
  // The end falls today when we are before it, otherwise tomorrow.
  if (minute < quiet.end) return zonedTime(today, quiet.end, timeZone);
  return zonedTime(addDays(today, 1), quiet.end, timeZone);
}
