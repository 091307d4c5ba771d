/** When a monthly bulk issue runs next: day N (1–28) at a brand-local time. Pure, for both sides. */
import { localDate, zonedTime } from '../dates.ts';

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function timeOf(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** The first run strictly after `after`: this month's day N at that time if still ahead, else next month's. */
export function nextMonthlyRun(after: Date, dayOfMonth: number, minuteOfDay: number, timeZone: string): Date {
  const [y, m] = localDate(after, timeZone).split('-').map(Number) as [number, number];
  for (let i = 0; i < 3; i += 1) {
    const year = y + Math.floor((m - 1 + i) / 12);
    const month = ((m - 1 + i) % 12) + 1;
    const at = zonedTime(`${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`, minuteOfDay, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('unreachable: a month ahead always has day 1–28');
}
