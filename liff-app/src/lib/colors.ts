/** Colours from a template's #RRGGBB: readable ink on it, and its lighter or darker shades. */

const HEX = /^#[0-9a-f]{6}$/i;
/** The card colour when a template's own is not a #RRGGBB: LINE green. */
const FALLBACK = '#06C755';
/** #111827, the ink of the app. */
const INK_LUMINANCE = 0.0117;

function channels(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG relative luminance of #RRGGBB (0 black – 1 white). */
export function luminance(hex: string): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** A darker (amount > 0) or lighter (amount < 0) shade of #RRGGBB, by that fraction. */
export function shade(hex: string, amount: number): string {
  const mix = (v: number) => Math.max(0, Math.min(255, Math.round(amount >= 0 ? v * (1 - amount) : v + (255 - v) * -amount)));
  return `#${channels(hex)
    .map((v) => mix(v).toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Dark or light text on a colour, whichever reads better. */
export function inkOn(hex: string): string {
  if (!HEX.test(hex)) return '#fff';
  return luminance(hex) > 0.42 ? '#111827' : '#ffffff';
}

function hue(hex: string): number {
  const [r, g, b] = channels(hex).map((v) => v / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

/**
 * A wallet card in the template's colour that stays readable (WCAG AA, 4.5:1 for the small text
 * on it). White text when the colour, or a slightly darker shade of it, allows; yellows and golds
 * turn olive when darkened, and very light colours muddy, so those keep their own colour with
 * dark text instead. LINE green #06C755 becomes a deeper green with white text.
 */
export function cardColors(color: string): { background: string; solid: string; ink: 'light' | 'dark' } {
  // A wallet renders a card per coupon and most share a handful of colours: work each out once.
  let found = cardColorCache.get(color);
  if (!found) {
    found = computeCardColors(color);
    // The console's colour picker asks for every colour dragged through: keep the cache small.
    if (cardColorCache.size >= 64) cardColorCache.clear();
    cardColorCache.set(color, found);
  }
  return found;
}

const cardColorCache = new Map<string, { background: string; solid: string; ink: 'light' | 'dark' }>();

function computeCardColors(color: string): { background: string; solid: string; ink: 'light' | 'dark' } {
  const hex = HEX.test(color) ? color : FALLBACK;
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

/**
 * The colours of a claim-centre offer's stub: a gradient of the template's colour and the ink
 * that reads on it (white on dark colours, near-black on light ones such as a pale yellow).
 */
export function offerColors(color: string): { background: string; solid: string; soft: string; ink: 'light' | 'dark' } {
  const base = HEX.test(color) ? color : FALLBACK;
  return {
    background: `linear-gradient(160deg, ${shade(base, -0.12)} 0%, ${base} 55%, ${shade(base, 0.18)} 100%)`,
    solid: base,
    soft: shade(base, -0.9),
    ink: luminance(base) > 0.42 ? 'dark' : 'light',
  };
}
