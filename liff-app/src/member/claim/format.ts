import { formatDateTime } from '../../lib/format.ts';

const HEX = /^#[0-9a-f]{6}$/i;

function channels(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance(hex: string): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** A darker (amount > 0) or lighter (amount < 0) shade of #RRGGBB. */
function shade(hex: string, amount: number): string {
  const mix = (v: number) => Math.round(amount >= 0 ? v * (1 - amount) : v + (255 - v) * -amount);
  return `#${channels(hex)
    .map((v) => mix(v).toString(16).padStart(2, '0'))
    .join('')}`;
}

/**
 * The colours of an offer's stub: a gradient of the template's colour and the ink that reads on
 * it (white on dark colours, near-black on light ones such as a pale yellow).
 */
export function offerColors(color: string): { background: string; solid: string; soft: string; ink: 'light' | 'dark' } {
  const base = HEX.test(color) ? color : '#06C755';
  const dark = luminance(base) > 0.42;
  return {
    background: `linear-gradient(160deg, ${shade(base, -0.12)} 0%, ${base} 55%, ${shade(base, 0.18)} 100%)`,
    solid: base,
    soft: shade(base, -0.9),
    ink: dark ? 'dark' : 'light',
  };
}

/**
 * When a campaign ends, in the brand's time zone. A campaign that ends at midnight is shown as
 * the last minute of the day before (「3/31 23:59 截止」, not 「4/1 00:00」).
 */
export function endsAtText(iso: string, timeZone: string): string {
  const text = formatDateTime(iso, timeZone);
  return /\b00:00$/.test(text) ? formatDateTime(new Date(Date.parse(iso) - 60_000).toISOString(), timeZone) : text;
}

/**
 * How long a code lock-out lasts. The server's RATE_LIMITED message carries the minutes
 * (「請 15 分鐘後再試」 / "try again in 15 min"); the client's ApiError keeps no details.
 */
export function lockMinutes(message: string, fallback = 15): number {
  const match = /(\d+)/.exec(message);
  const minutes = match ? Number(match[1]) : NaN;
  return Number.isFinite(minutes) && minutes > 0 && minutes <= 24 * 60 ? minutes : fallback;
}
