import { describe, expect, it } from 'vitest';
import { ageOn, isCalendarDate, localDate, parseQuietHours, quietHoursEnd, zonedTime } from '../../shared/dates.ts';

describe('brand-time dates', () => {
  it('knows the brand-local date across midnight', () => {
    expect(localDate(new Date('2026-11-30T15:59:59Z'), 'Asia/Taipei')).toBe('2026-11-30');
    expect(localDate(new Date('2026-11-30T16:00:00Z'), 'Asia/Taipei')).toBe('2026-12-01');
  });
  it('validates calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('26-01-01')).toBe(false);
  });
  it('computes ages on birthdays', () => {
    expect(ageOn('2000-11-23', '2026-11-22')).toBe(25);
    expect(ageOn('2000-11-23', '2026-11-23')).toBe(26);
  });
  it('finds the end of quiet hours, overnight windows included', () => {
    const q = parseQuietHours('21:00-09:00');
    if (q === null || q === 'invalid') throw new Error('parse');
    expect(quietHoursEnd(new Date('2026-11-23T12:59:00Z'), q, 'Asia/Taipei')).toBeNull(); // 20:59
    expect(quietHoursEnd(new Date('2026-11-23T13:00:00Z'), q, 'Asia/Taipei')?.toISOString()).toBe('2026-11-24T01:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-11-23T18:00:00Z'), q, 'Asia/Taipei')?.toISOString()).toBe('2026-11-24T01:00:00.000Z'); // 02:00
    expect(quietHoursEnd(new Date('2026-11-24T01:00:00Z'), q, 'Asia/Taipei')).toBeNull();
    expect(zonedTime('2026-03-08', 9 * 60, 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(parseQuietHours('25:00-09:00')).toBe('invalid');
    expect(parseQuietHours('')).toBeNull();
  });
});
