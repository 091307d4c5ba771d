/** LINE's keyword scales, in CSS pixels, as the Flex Message reference lists them. */

const SPACING: Record<string, number> = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const TEXT_SIZE: Record<string, number> = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
const IMAGE_SIZE: Record<string, number> = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 240 };
const CORNER_RADIUS: Record<string, number> = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const BORDER_WIDTH: Record<string, number> = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };
export const BUBBLE_WIDTH: Record<string, number> = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };

/** Explicit CSS lengths LINE accepts alongside keywords: `12px`, `50%`. */
const LENGTH = /^\d+(\.\d+)?(px|%)$/;

function resolve(scale: Record<string, number>, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const keyword = scale[value];
  if (keyword !== undefined) return `${keyword}px`;
  return LENGTH.test(value) ? value : undefined;
}

export const spacing = (value: string | undefined) => resolve(SPACING, value);
export const textSize = (value: string | undefined) => resolve(TEXT_SIZE, value);
export const imageSize = (value: string | undefined) => (value === 'full' ? '100%' : resolve(IMAGE_SIZE, value));
export const cornerRadius = (value: string | undefined) => resolve(CORNER_RADIUS, value);
export const borderWidth = (value: string | undefined) => resolve(BORDER_WIDTH, value);
/** Offsets, widths and heights: keywords on the spacing scale, or px / %. */
export const length = (value: string | undefined) => resolve(SPACING, value);

/** `"20:13"` → `"20 / 13"` for CSS aspect-ratio; LINE's default is 1:1. */
export function aspectRatio(value: string | undefined): string {
  const match = value?.match(/^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/);
  return match ? `${match[1]} / ${match[2]}` : '1 / 1';
}

export function aspectRatioNumber(value: string | undefined): number {
  const match = value?.match(/^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/);
  return match ? Number(match[1]) / Number(match[2]) : 1;
}
