import { describe, expect, it } from 'vitest';
import { fixedOffsetMinutes, localDate, utcOffsetMinutes } from '../../shared/dates.ts';
import { formatClock, formatDay, wallClock } from '../../liff-app/src/lib/dates.ts';

/**
 * shared/dates.ts computes the wall clock of a fixed-offset zone (Asia/Taipei …) by arithmetic,
 * so that the wallet's first render builds no Intl formatter (issue 16 item 13). Each table entry
 * must say what Intl says, from its `since` to 2100 (a tzdata update that brings back daylight
 * saving fails here).
 */
const ZONES: Record<string, number> = {
  'Asia/Taipei': Date.UTC(1980, 0, 1),
  'Asia/Hong_Kong': Date.UTC(1980, 0, 1),
  'Asia/Shanghai': Date.UTC(1992, 0, 1),
  'Asia/Singapore': Date.UTC(1982, 0, 1),
  'Asia/Tokyo': Date.UTC(1952, 0, 1),
  UTC: Date.UTC(1900, 0, 1),
  'Etc/UTC': Date.UTC(1900, 0, 1),
};
const END = Date.UTC(2100, 0, 1);
// Every 2 days and 7 h 13 min: every hour of the day comes round, and both sides of midnight.
const STEP = (2 * 24 * 60 + 7 * 60 + 13) * 60_000;

function intlParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

describe('fixed-offset zones without Intl', () => {
  for (const [zone, since] of Object.entries(ZONES)) {
    it(`${zone}: the same wall clock, day and offset as Intl from ${new Date(since).getUTCFullYear()} to 2100`, () => {
      const reference = {
        parts: new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
        zhDay: new Intl.DateTimeFormat('zh-TW', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
        clock: new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      };
      let checked = 0;
      for (let t = since; t < END; t += STEP) {
        const at = new Date(t);
        expect(fixedOffsetMinutes(at, zone)).not.toBeNull();
        const p = reference.parts.formatToParts(at);
        const get = (type: string) => p.find((x) => x.type === type)!.value;
        const want = { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
        const asUtc = Date.UTC(Number(want.year), Number(want.month) - 1, Number(want.day), Number(want.hour), Number(want.minute));
        // Compare only on mismatch (expect() per sample is slow): one failing sample says all.
        const offset = Math.round((asUtc - Math.floor(t / 60_000) * 60_000) / 60_000);
        const ok =
          JSON.stringify(wallClock(at, zone)) === JSON.stringify(want) &&
          localDate(at, zone) === `${want.year}-${want.month}-${want.day}` &&
          utcOffsetMinutes(at, zone) === offset &&
          formatDay(at, zone, 'zh-TW') === reference.zhDay.format(at) &&
          formatClock(at, zone, 'en') === reference.clock.format(at);
        if (!ok) {
          expect({ at: at.toISOString(), wallClock: wallClock(at, zone), localDate: localDate(at, zone), offset: utcOffsetMinutes(at, zone), day: formatDay(at, zone, 'zh-TW'), clock: formatClock(at, zone, 'en') }).toEqual({
            at: at.toISOString(),
            wallClock: want,
            localDate: `${want.year}-${want.month}-${want.day}`,
            offset,
            day: reference.zhDay.format(at),
            clock: reference.clock.format(at),
          });
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(7000);
    });
  }

  it('leaves other zones, earlier instants and invalid dates to Intl', () => {
    expect(fixedOffsetMinutes(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBeNull();
    expect(fixedOffsetMinutes(new Date('1979-08-01T00:00:00Z'), 'Asia/Taipei')).toBeNull();
    expect(fixedOffsetMinutes(new Date('invalid'), 'Asia/Taipei')).toBeNull();
    // Taipei's 1979 daylight saving time, from Intl.
    expect(utcOffsetMinutes(new Date('1979-08-01T00:00:00Z'), 'Asia/Taipei')).toBe(540);
    // New York in summer and winter, from Intl.
    expect(wallClock('2026-07-01T12:00:00Z', 'America/New_York')).toEqual(intlParts(new Date('2026-07-01T12:00:00Z'), 'America/New_York'));
    expect(localDate(new Date('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31');
    // The far-future end of a coupon with no expiry (NO_EXPIRY_UNTIL) is past the arithmetic's range.
    expect(fixedOffsetMinutes(new Date('9999-12-31T16:00:00.000Z'), 'Asia/Taipei')).toBeNull();
    expect(localDate(new Date('9999-12-31T16:00:00.000Z'), 'Asia/Taipei')).toBe('10000-01-01');
  });
});
