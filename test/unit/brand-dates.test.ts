import { describe, expect, it } from 'vitest';
import { NO_EXPIRY_UNTIL } from '../../shared/coupons/validity.ts';
import {
  couponUntil,
  daysLeft,
  englishMonth,
  formatBirthday,
  formatClock,
  formatDateTime,
  formatDay,
  formatLongDate,
  hourOf,
  isoToLocalInput,
  lastValidInstant,
  localInputFromNow,
  localInputToIso,
  monthOf,
  numericDate,
  numericDateTime,
  untilInstant,
  wallClock,
  weekdayName,
  weekdayRuns,
} from '../../liff-app/src/lib/dates.ts';

/**
 * The front end's one dates module (liff-app/src/lib/dates.ts). The tests run with TZ=UTC: every
 * expected value is on the brand's clock (Asia/Taipei, UTC+8, or a DST zone), never the machine's.
 */

const TPE = 'Asia/Taipei';
const NYC = 'America/New_York';

describe('brand-time formatting', () => {
  // 10:04 UTC is 18:04 in Taipei; 18:30 UTC is already the next day there.
  const at = '2026-11-23T10:04:00Z';
  const lateUtc = '2026-11-23T18:30:00Z';

  it('shows dates and times on the brand clock in the UI language', () => {
    // ICU puts a thin space (U+2009) between the zh-TW date and time.
    expect(formatDateTime(at, TPE, 'zh-TW')).toBe('2026/11/23\u200918:04');
    expect(formatDateTime(at, TPE, 'en')).toBe('23 Nov 2026, 18:04');
    expect(formatDay(lateUtc, TPE, 'zh-TW')).toBe('2026/11/24');
    expect(formatDay(lateUtc, TPE, 'en')).toBe('24 Nov 2026');
    expect(formatLongDate(at, TPE, 'zh-TW')).toBe('2026年11月23日');
    expect(formatLongDate(at, TPE, 'en')).toBe('23 November 2026');
    expect(formatClock(lateUtc, TPE, 'zh-TW')).toBe('02:30');
  });

  it('writes console dates the same in both languages', () => {
    expect(numericDate(lateUtc, TPE)).toBe('2026/11/24');
    expect(numericDateTime(at, TPE)).toBe('2026/11/23 18:04');
    expect(numericDateTime(new Date(at), NYC)).toBe('2026/11/23 05:04');
    expect(wallClock(lateUtc, TPE)).toEqual({ year: '2026', month: '11', day: '24', hour: '02', minute: '30' });
    expect(hourOf(lateUtc, TPE)).toBe(2);
    expect(monthOf('2026-11-30T16:00:00Z', TPE)).toBe(12);
  });

  it('keeps a birthday on its calendar day in every zone', () => {
    expect(formatBirthday('2000-02-29', 'zh-TW')).toBe('2000年2月29日');
    expect(formatBirthday('2000-01-01', 'en')).toBe('1 January 2000');
  });

  it('names weekdays Sunday-first and runs them Monday-first', () => {
    expect([0, 1, 6].map((d) => weekdayName(d, 'zh-TW'))).toEqual(['週日', '週一', '週六']);
    expect(weekdayName(3, 'en')).toBe('Wed');
    expect(weekdayRuns([1, 2, 3, 4, 5], 'zh-TW')).toBe('週一至週五');
    expect(weekdayRuns([5, 1, 2, 3, 4], 'en')).toBe('Mon–Fri');
    expect(weekdayRuns([2, 4, 0], 'zh-TW')).toBe('週二、週四、週日');
    expect(weekdayRuns([6, 0], 'en')).toBe('Sat, Sun');
    expect(englishMonth(3)).toBe('March');
  });
});

describe('ends of validity', () => {
  it('shows an end at brand midnight as the last minute of the day before', () => {
    // 2026-12-24 00:00 in Taipei.
    expect(untilInstant('2026-12-23T16:00:00.000Z', TPE)).toBe('2026-12-23T15:59:00.000Z');
    expect(numericDateTime(untilInstant('2026-12-23T16:00:00.000Z', TPE), TPE)).toBe('2026/12/23 23:59');
    // Midnight UTC is 08:00 in Taipei: shown as it is.
    expect(untilInstant('2026-12-24T00:00:00.000Z', TPE)).toBe('2026-12-24T00:00:00.000Z');
  });

  it('counts the days a coupon has left on the brand calendar', () => {
    const until = '2026-11-25T16:00:00.000Z'; // valid until 11/26 00:00 Taipei: the last day is 11/25
    expect(lastValidInstant(until).toISOString()).toBe('2026-11-25T15:59:59.999Z');
    expect(daysLeft(until, TPE, new Date('2026-11-25T15:00:00Z'))).toBe(0);
    // 17:00 UTC on the 24th is already the 25th in Taipei.
    expect(daysLeft(until, TPE, new Date('2026-11-24T17:00:00Z'))).toBe(0);
    expect(daysLeft(until, TPE, new Date('2026-11-24T15:00:00Z'))).toBe(1);
    expect(daysLeft(until, TPE, new Date('2026-11-26T01:00:00Z'))).toBe(-1);
  });

  it('says 無使用期限 / No expiry for a coupon that never expires, never 9999/12/31, and it is never due', () => {
    const never = NO_EXPIRY_UNTIL.toISOString();
    const show = (v: string) => `有效至 ${formatDay(lastValidInstant(v), TPE, 'zh-TW')}`;
    expect(couponUntil(never, 'zh-TW', show)).toBe('無使用期限');
    expect(couponUntil(never, 'en', show)).toBe('No expiry');
    expect(couponUntil('2026-11-25T16:00:00.000Z', 'zh-TW', show)).toBe('有效至 2026/11/25');
    expect(daysLeft(never, TPE)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('datetime-local inputs on the brand clock', () => {
  it('turns the brand wall clock into an instant with the brand offset', () => {
    expect(localInputToIso('2026-12-01T00:00', TPE)).toBe('2026-12-01T00:00:00+08:00');
    expect(Date.parse(localInputToIso('2026-12-01T00:00', TPE)!)).toBe(Date.parse('2026-11-30T16:00:00Z'));
    expect(localInputToIso('2026-07-01T09:30', 'UTC')).toBe('2026-07-01T09:30:00+00:00');
    expect(localInputToIso('2026-07-01T09:30', 'Asia/Kolkata')).toBe('2026-07-01T09:30:00+05:30');
  });

  it('takes the offset the brand clock shows on that day, across a DST switch', () => {
    // New York springs forward on 2026-03-08 at 02:00 and falls back on 2026-11-01 at 02:00.
    expect(localInputToIso('2026-03-08T01:30', NYC)).toBe('2026-03-08T01:30:00-05:00');
    expect(localInputToIso('2026-03-08T03:30', NYC)).toBe('2026-03-08T03:30:00-04:00');
    expect(localInputToIso('2026-07-04T12:00', NYC)).toBe('2026-07-04T12:00:00-04:00');
    expect(localInputToIso('2026-11-01T03:00', NYC)).toBe('2026-11-01T03:00:00-05:00');
    for (const local of ['2026-03-08T03:30', '2026-07-04T12:00', '2026-11-01T03:00', '2026-12-31T23:59']) {
      expect(isoToLocalInput(localInputToIso(local, NYC)!, NYC)).toBe(local);
    }
  });

  it('refuses what is not a real date and time', () => {
    for (const bad of ['', '2026-12-01', '2026-12-01 10:00', '2026-02-30T10:00', '2026-12-01T24:00', '2026-12-01T10:60', '2026-12-01T10:00:00']) {
      expect(localInputToIso(bad, TPE), bad).toBeNull();
    }
  });

  it('reads an instant back as the brand wall clock', () => {
    expect(isoToLocalInput('2026-11-30T16:00:00Z', TPE)).toBe('2026-12-01T00:00');
    expect(isoToLocalInput('not a time', TPE)).toBe('');
  });

  it('offers now, or days from now, on the brand calendar', () => {
    const now = new Date('2026-11-23T18:30:00Z'); // 11/24 02:30 in Taipei
    expect(localInputFromNow(0, TPE, undefined, now)).toBe('2026-11-24T02:30');
    expect(localInputFromNow(30, TPE, '23:59', now)).toBe('2026-12-24T23:59');
    expect(localInputFromNow(0, NYC, '00:00', now)).toBe('2026-11-23T00:00');
  });
});
