/**
 * WCAG 2.2 contrast for colours a brand picks (a notification's accent, a coupon's colour):
 * LINE draws white text on a Flex header or a primary button in that colour, so the colour is
 * deepened until white reads on it at AA (4.5:1), keeping its hue. LINE green #06C755 (2.26:1)
 * becomes #067A37-ish (5.4:1). Pure: the server's Flex builders and the LIFF app use the same.
 */

const HEX = /^#([0-9a-f]{6})$/i;

/** WCAG's AA minimum for normal text. */
export const AA_TEXT = 4.5;

function channels(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1, 7), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG relative luminance of #RRGGBB (0 black – 1 white). */
export function relativeLuminance(hex: string): number {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The contrast ratio of two #RRGGBB colours, 1 – 21. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/**
 * The colour itself when white text reads on it at `min`, else the lightest shade of it that
 * does (mixed towards black in 2% steps). Anything that is not #RRGGBB is returned unchanged.
 */
export function readableAccent(hex: string, min: number = AA_TEXT): string {
  const match = HEX.exec(hex);
  if (!match) return hex;
  const base = channels(hex);
  for (let step = 0; step <= 50; step += 1) {
    const f = 1 - step * 0.02;
    const candidate = `#${base.map((v) => Math.round(v * f).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
    if (contrastRatio(candidate, '#FFFFFF') >= min) return step === 0 ? hex : candidate;
  }
  return '#000000';
}
