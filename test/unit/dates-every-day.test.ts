import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, daysInMonth, isCalendarDate, latestDateOnEarth, localDate, quietHoursEnd, shortDay, utcOffsetMinutes, zonedTime } from '../../shared/dates.ts';
import { ZRegisterRequest } from '../../shared/api/schemas.ts';

const TZ = 'Asia/Taipei';

/** Every calendar day of a leap year and a common year, built without the helpers under test. */
function everyDay(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe.each([2027, 2028])('date helpers on every day of %i', (year) => {
  const days = everyDay(year);

  it('has the right number of days, and daysBetween walks them all', () => {
    expect(days).toHaveLength(year % 4 === 0 ? 366 : 365);
    expect(daysBetween(`${year}-01-01`, `${year}-12-31`)).toEqual(days);
    let total = 0;
    for (let m = 1; m <= 12; m += 1) total += daysInMonth(year, m);
    expect(total).toBe(days.length);
  });

  it('formats short day labels without leading zeros, whatever the day of the month', () => {
    for (const day of days) {
      const [, m, d] = day.split('-');
      expect(shortDay(day)).toBe(`${Number(m)}/${Number(d)}`);
      expect(shortDay(day)).toMatch(/^(1[0-2]|[1-9])\/(3[01]|[12]\d|[1-9])$/);
    }
  });

  it('steps a day forward and back across every month and year end', () => {
    for (let i = 0; i < days.length - 1; i += 1) {
      expect(addDays(days[i]!, 1)).toBe(days[i + 1]);
      expect(addDays(days[i + 1]!, -1)).toBe(days[i]);
      expect(isCalendarDate(days[i]!)).toBe(true);
    }
    expect(addDays(`${year}-12-31`, 1)).toBe(`${year + 1}-01-01`);
  });

  it('finds the brand-local day at both ends of each brand-local day', () => {
    for (const day of days) {
      const midnight = zonedTime(day, 0, TZ);
      expect(utcOffsetMinutes(midnight, TZ)).toBe(480);
      expect(localDate(midnight, TZ)).toBe(day);
      expect(localDate(new Date(midnight.getTime() - 1), TZ)).toBe(addDays(day, -1));
      expect(localDate(new Date(midnight.getTime() + 86_400_000 - 1), TZ)).toBe(day);
      // 07:59 in Taipei is still the previous day in UTC: the brand day must win.
      expect(localDate(zonedTime(day, 7 * 60 + 59, TZ), TZ)).toBe(day);
    }
  });

  it('ends overnight quiet hours on the next brand-local morning', () => {
    const quiet = { start: 21 * 60, end: 9 * 60 };
    for (const day of days) {
      const evening = zonedTime(day, 22 * 60, TZ);
      expect(quietHoursEnd(evening, quiet, TZ)?.toISOString()).toBe(zonedTime(addDays(day, 1), 9 * 60, TZ).toISOString());
      const earlyMorning = zonedTime(day, 2 * 60, TZ);
      expect(quietHoursEnd(earlyMorning, quiet, TZ)?.toISOString()).toBe(zonedTime(day, 9 * 60, TZ).toISOString());
    }
  });
});

describe('dates people type', () => {
  it('accepts a birthday that is today in Taipei while UTC is still on yesterday', () => {
    // 2027-03-05 01:00 in Taipei is 2027-03-04 17:00 UTC.
    const at = zonedTime('2027-03-05', 60, TZ);
    expect(latestDateOnEarth(at) >= '2027-03-05').toBe(true);
    const today = localDate(new Date(), TZ);
    const result = ZRegisterRequest.safeParse({ name: '測試', mobile: '0912345678', code: '123456', birthday: today, consent: true });
    expect(result.success).toBe(true);
  });
  it('refuses a birthday that is in the future everywhere', () => {
    const future = addDays(latestDateOnEarth(), 1);
    expect(ZRegisterRequest.safeParse({ name: '測試', mobile: '0912345678', code: '123456', birthday: future, consent: true }).success).toBe(false);
  });
});
