import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Canvas, createCanvas, GlobalFonts, loadImage, Path2D, type SKRSContext2D } from '@napi-rs/canvas';
import type { TRichMenuBounds, TRichMenuDesign } from '../../shared/api/richmenus.ts';
import { RICH_MENU_ICON_PATHS } from '../../shared/richmenus/icons.ts';
import { areaBounds, menuDimensions, RICH_MENU_LIMITS, type ValidationContext } from '../../shared/richmenus/validate.ts';

/** The CJK font the project installs from npm (@expo-google-fonts/noto-sans-tc ships Noto Sans TC as TTF); no font is assumed on the host. */
export const RICH_MENU_FONT_FAMILY = 'RichMenu Noto Sans TC';
let fontsLoaded = false;
function loadFonts(): void {
  if (fontsLoaded) return;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-tc/package.json'));
  GlobalFonts.registerFromPath(join(dir, '700Bold', 'NotoSansTC_700Bold.ttf'), RICH_MENU_FONT_FAMILY);
  fontsLoaded = true;
}

export interface RenderedImage {
  data: Buffer;
  contentType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /** The areas' bounds on the image, as LINE receives them. */
  areas: TRichMenuBounds[];
}

/** The last images drawn (a rollback or a retried step draws the same design again). */
const renderCache = new Map<string, RenderedImage>();

/** Space between cells' drawn tiles (the areas themselves tile the image edge to edge). */
const GAP = 6;

function drawLabel(ctx: SKRSContext2D, text: string, cx: number, cy: number, maxWidth: number, startSize: number): void {
  let size = Math.round(startSize);
  const minSize = 28;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (; size > minSize; size -= 4) {
    ctx.font = `${size}px "${RICH_MENU_FONT_FAMILY}"`;
    if (ctx.measureText(text).width <= maxWidth) break;
  }
  ctx.font = `${size}px "${RICH_MENU_FONT_FAMILY}"`;
  let shown = text;
  while ([...shown].length > 1 && ctx.measureText(shown).width > maxWidth) shown = `${[...shown].slice(0, -2).join('')}…`;
  ctx.fillText(shown, cx, cy);
}

function drawCell(ctx: SKRSContext2D, bounds: TRichMenuBounds, area: TRichMenuDesign['areas'][number], menuBackground: string): void {
  const { x, y, width, height } = bounds;
  ctx.fillStyle = menuBackground;
  ctx.fillRect(x, y, width, height);
  ctx.fillStyle = area.background;
  ctx.fillRect(x + GAP / 2, y + GAP / 2, width - GAP, height - GAP);
  const hasLabel = area.label.trim().length > 0;
  const unit = Math.min(width, height);
  const iconSize = Math.round(unit * (hasLabel ? 0.36 : 0.5));
  const labelSize = Math.min(unit * 0.16, 110);
  const block = (area.icon ? iconSize : 0) + (hasLabel ? labelSize * 1.3 : 0) + (area.icon && hasLabel ? unit * 0.06 : 0);
  let top = y + (height - block) / 2;
  if (area.icon) {
    const scale = iconSize / 24;
    ctx.save();
    ctx.translate(x + (width - iconSize) / 2, top);
    ctx.scale(scale, scale);
    ctx.strokeStyle = area.color;
    ctx.lineWidth = 2;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.stroke(new Path2D(RICH_MENU_ICON_PATHS[area.icon]));
    ctx.restore();
    top += iconSize + (hasLabel ? unit * 0.06 : 0);
  }
  if (hasLabel) {
    ctx.fillStyle = area.color;
    drawLabel(ctx, area.label, x + width / 2, top + (labelSize * 1.3) / 2, width * 0.86, labelSize);
  }
}

/** Encodes within LINE's 1 MB: PNG first, then JPEG at falling quality. */
export async function encodeWithinLimit(canvas: Canvas): Promise<{ data: Buffer; contentType: 'image/png' | 'image/jpeg' }> {
  const png = await canvas.encode('png');
  if (png.length <= RICH_MENU_LIMITS.maxImageBytes) return { data: png, contentType: 'image/png' };
  for (const quality of [92, 85, 75, 65, 50, 35]) {
    const jpeg = await canvas.encode('jpeg', quality);
    if (jpeg.length <= RICH_MENU_LIMITS.maxImageBytes) return { data: jpeg, contentType: 'image/jpeg' };
  }
  throw new Error('rich menu image does not fit in 1 MB');
}

/**
 * The menu's image at its exact size: each grid cell painted inside its own area's bounds
 * (integer cut points shared by neighbours, so taps land where the eye sees the tile), with
 * the icon and the label in Noto Sans TC; or the brand's uploaded image as it is.
 */
export async function renderRichMenu(menu: TRichMenuDesign, ctx: ValidationContext & { imageData?: (id: number) => { data: Buffer; contentType: string } | null } = {}): Promise<RenderedImage> {
  const dims = menuDimensions(menu, ctx);
  const areas = areaBounds(menu, ctx);
  if (!dims || !areas) throw new Error('rich menu layout cannot be resolved');
  if (menu.layout.kind === 'image') {
    const image = ctx.imageData?.(menu.layout.imageId);
    if (!image) throw new Error('rich menu image not found');
    return { data: image.data, contentType: image.contentType === 'image/jpeg' ? 'image/jpeg' : 'image/png', width: dims.width, height: dims.height, areas };
  }
  const cacheKey = JSON.stringify([menu.size, menu.layout, menu.background, menu.areas.map((a) => [a.label, a.icon, a.background, a.color])]);
  const cached = renderCache.get(cacheKey);
  if (cached) return { ...cached, areas };
  loadFonts();
  const canvas = createCanvas(dims.width, dims.height);
  const g = canvas.getContext('2d');
  g.fillStyle = menu.background;
  g.fillRect(0, 0, dims.width, dims.height);
  areas.forEach((bounds, i) => {
    const area = menu.areas[i];
    if (area) drawCell(g, bounds, area, menu.background);
  });
  const encoded = await encodeWithinLimit(canvas);
  const result = { ...encoded, width: dims.width, height: dims.height, areas };
  renderCache.set(cacheKey, result);
  if (renderCache.size > 32) renderCache.delete(renderCache.keys().next().value!);
  return result;
}

/** Reads an uploaded image's real type and size (never trusting the declared type). */
export async function probeImage(data: Buffer): Promise<{ contentType: 'image/png' | 'image/jpeg' | null; width: number; height: number } | null> {
  const isPng = data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
  try {
    const image = await loadImage(data);
    return { contentType: isPng ? 'image/png' : isJpeg ? 'image/jpeg' : null, width: image.width, height: image.height };
  } catch {
    return null;
  }
}
