import type { TRichMenuBounds, TRichMenuLayout, TRichMenuSize, TRichMenuTemplate } from '../api/richmenus.ts';

/** LINE's two standard sizes (an uploaded image uses its own size). */
export const RICH_MENU_DIMENSIONS: Record<TRichMenuSize, { width: number; height: number }> = {
  large: { width: 2500, height: 1686 },
  compact: { width: 2500, height: 843 },
};

/**
 * Integer cut points splitting `total` pixels by `weights`: the first is 0, the last `total`,
 * each `floor(total × share so far)`. Neighbouring cells share a cut, so cells tile the image
 * with no gap or overlap (2500 in thirds → 0, 833, 1666, 2500).
 */
export function cuts(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const points = [0];
  let acc = 0;
  for (let i = 0; i < weights.length; i += 1) {
    acc += weights[i]!;
    points.push(i === weights.length - 1 ? total : Math.floor((total * acc) / sum));
  }
  return points;
}

function cell(xs: number[], ys: number[], col: number, row: number, colSpan = 1, rowSpan = 1): TRichMenuBounds {
  return { x: xs[col]!, y: ys[row]!, width: xs[col + colSpan]! - xs[col]!, height: ys[row + rowSpan]! - ys[row]! };
}

function grid(width: number, height: number, columns: number, rows: number): TRichMenuBounds[] {
  const xs = cuts(width, Array(columns).fill(1));
  const ys = cuts(height, Array(rows).fill(1));
  const cells: TRichMenuBounds[] = [];
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < columns; c += 1) cells.push(cell(xs, ys, c, r));
  return cells;
}

interface TemplateDef {
  sizes: TRichMenuSize[];
  'zh-TW': string;
  en: string;
  cells(width: number, height: number): TRichMenuBounds[];
}

/** The console's templates, in the order the LINE Official Account Manager lists them. */
export const TEMPLATES: Record<TRichMenuTemplate, TemplateDef> = {
  grid_3x2: { sizes: ['large'], 'zh-TW': '6 格（3×2）', en: '6 areas (3×2)', cells: (w, h) => grid(w, h, 3, 2) },
  top1_bottom3: {
    sizes: ['large'],
    'zh-TW': '上 1 大 + 下 3 格',
    en: '1 wide on top + 3 below',
    cells: (w, h) => {
      const xs = cuts(w, [1, 1, 1]);
      const ys = cuts(h, [1, 1]);
      return [cell(xs, ys, 0, 0, 3), cell(xs, ys, 0, 1), cell(xs, ys, 1, 1), cell(xs, ys, 2, 1)];
    },
  },
  grid_2x2: { sizes: ['large'], 'zh-TW': '4 格（2×2）', en: '4 areas (2×2)', cells: (w, h) => grid(w, h, 2, 2) },
  left1_right2: {
    sizes: ['large'],
    'zh-TW': '左 1 大 + 右 2 格',
    en: '1 large left + 2 on the right',
    cells: (w, h) => {
      const xs = cuts(w, [2, 1]);
      const ys = cuts(h, [1, 1]);
      return [cell(xs, ys, 0, 0, 1, 2), cell(xs, ys, 1, 0), cell(xs, ys, 1, 1)];
    },
  },
  top1_bottom2: {
    sizes: ['large'],
    'zh-TW': '上 1 大 + 下 2 格',
    en: '1 wide on top + 2 below',
    cells: (w, h) => {
      const xs = cuts(w, [1, 1]);
      const ys = cuts(h, [1, 1]);
      return [cell(xs, ys, 0, 0, 2), cell(xs, ys, 0, 1), cell(xs, ys, 1, 1)];
    },
  },
  cols_3: { sizes: ['large', 'compact'], 'zh-TW': '3 欄', en: '3 columns', cells: (w, h) => grid(w, h, 3, 1) },
  cols_2: { sizes: ['large', 'compact'], 'zh-TW': '2 欄', en: '2 columns', cells: (w, h) => grid(w, h, 2, 1) },
  rows_2: { sizes: ['large'], 'zh-TW': '上下 2 格', en: '2 rows', cells: (w, h) => grid(w, h, 1, 2) },
  left_wide: {
    sizes: ['compact'],
    'zh-TW': '左寬 + 右窄',
    en: 'Wide left + narrow right',
    cells: (w, h) => {
      const xs = cuts(w, [2, 1]);
      return [cell(xs, [0, h], 0, 0), cell(xs, [0, h], 1, 0)];
    },
  },
  right_wide: {
    sizes: ['compact'],
    'zh-TW': '左窄 + 右寬',
    en: 'Narrow left + wide right',
    cells: (w, h) => {
      const xs = cuts(w, [1, 2]);
      return [cell(xs, [0, h], 0, 0), cell(xs, [0, h], 1, 0)];
    },
  },
  single: { sizes: ['large', 'compact'], 'zh-TW': '1 整格', en: 'One area', cells: (w, h) => [{ x: 0, y: 0, width: w, height: h }] },
};

export const MAX_CUSTOM_ROWS = 4;
export const MAX_CUSTOM_COLUMNS = 5;

/**
 * The cells of a grid layout on a canvas of that size, left to right then top to bottom, or
 * null when the layout is not a grid (an uploaded image) or not valid for the size.
 */
export function layoutCells(layout: TRichMenuLayout, width: number, height: number, size: TRichMenuSize): TRichMenuBounds[] | null {
  if (layout.kind === 'template') {
    const def = TEMPLATES[layout.template];
    if (!def.sizes.includes(size)) return null;
    return def.cells(width, height);
  }
  if (layout.kind === 'custom') {
    const { rows, columns } = layout;
    if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1 || rows > MAX_CUSTOM_ROWS || columns > MAX_CUSTOM_COLUMNS) return null;
    return grid(width, height, columns, rows);
  }
  return null;
}

/** Every template offered for a size, with its cells on that size. */
export function templatesFor(size: TRichMenuSize): { template: TRichMenuTemplate; size: TRichMenuSize; 'zh-TW': string; en: string; cells: TRichMenuBounds[] }[] {
  const { width, height } = RICH_MENU_DIMENSIONS[size];
  return (Object.keys(TEMPLATES) as TRichMenuTemplate[])
    .filter((t) => TEMPLATES[t].sizes.includes(size))
    .map((t) => ({ template: t, size, 'zh-TW': TEMPLATES[t]['zh-TW'], en: TEMPLATES[t].en, cells: TEMPLATES[t].cells(width, height) }));
}
