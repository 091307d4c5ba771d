import { localDate } from '../../../../shared/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';

/**
 * Formatting for coupons, all in the brand's time zone (from /api/config), never the phone's.
 */

const locale = () => (currentLanguage() === 'en' ? 'en-GB' : 'zh-TW');

/**
 * The last instant a coupon can be used. Relative validity ends at brand-local midnight
 * (00:00 of the next day), so one millisecond earlier is the last day people should read.
 */
export function lastValidInstant(validUntil: string): Date {
  return new Date(Date.parse(validUntil) - 1);
}

/** Whole brand-local days from today to the coupon's last day: 0 = expires today. */
export function daysLeft(validUntil: string, timeZone: string, now = new Date()): number {
  const last = localDate(lastValidInstant(validUntil), timeZone);
  const today = localDate(now, timeZone);
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** 2026/11/23 */
export function shortDate(iso: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** 2026/11/23 23:59 */
export function shortDateTime(iso: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** 14:05 */
export function clockTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** 週一 / Mon for 0–6 (Sunday first, as the server counts). */
export function weekdayName(day: number): string {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(locale(), { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day)));
}

/** NT$1,234 */
export function ntd(amount: number): string {
  return `NT$${amount.toLocaleString('en-US')}`;
}

/** Codes are read aloud and typed at the counter: groups of four, "AA12 3456 7890". */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/** "9:58" for a countdown. */
export function mmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** A darker shade of a #RRGGBB colour (amount 0–1). */
export function shade(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const f = (v: number) => Math.max(0, Math.min(255, Math.round(v * (1 - amount))));
  return `#${((f((n >> 16) & 255) << 16) | (f((n >> 8) & 255) << 8) | f(n & 255)).toString(16).padStart(6, '0')}`;
}

function hue(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

const INK_LUMINANCE = 0.0117; // #111827

/**
 * A card in the template's colour that stays readable (WCAG AA, 4.5:1 for the small text on
 * it). White text when the colour, or a slightly darker shade of it, allows; yellows and golds
 * turn olive when darkened, and very light colours muddy, so those keep their own colour with
 * dark text instead. LINE green #06C755 becomes a deeper green with white text.
 */
export function cardColors(color: string): { background: string; solid: string; ink: 'light' | 'dark' } {
  const hex = /^#[0-9a-f]{6}$/i.test(color) ? color : '#06C755';
  const h = hue(hex);
  const darkInk = (luminance(hex) + 0.05) / (INK_LUMINANCE + 0.05);
  const yellowish = h >= 38 && h <= 72;
  if (!(yellowish && darkInk >= 4.5)) {
    for (let amount = 0; amount <= 0.36; amount += 0.04) {
      const solid = shade(hex, amount);
      if (1.05 / (luminance(solid) + 0.05) >= 4.5) {
        return { solid, ink: 'light', background: `linear-gradient(135deg, ${solid} 0%, ${shade(solid, 0.22)} 100%)` };
      }
    }
  }
  return { solid: hex, ink: 'dark', background: `linear-gradient(135deg, ${hex} 0%, ${shade(hex, 0.1)} 100%)` };
}

/** Weekday (0 = Sunday) and minutes after midnight of an instant in a time zone. */
export function localClock(at: Date, timeZone: string): { weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { weekday, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/**
 * Whether the coupon's day and hour limits allow it right now in brand time (the counter has
 * the final word; this only spares the member a wasted trip to the till).
 */
export function withinUsageHours(rules: { weekdays: number[] | null; timeWindows: { start: string; end: string }[] | null }, timeZone: string, now = new Date()): boolean {
  const clock = localClock(now, timeZone);
  if (rules.weekdays && rules.weekdays.length > 0 && !rules.weekdays.includes(clock.weekday)) return false;
  if (!rules.timeWindows || rules.timeWindows.length === 0) return true;
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return rules.timeWindows.some((w) => {
    const start = toMin(w.start);
    const end = toMin(w.end);
    return start < end ? clock.minutes >= start && clock.minutes < end : clock.minutes >= start || clock.minutes < end;
  });
}
