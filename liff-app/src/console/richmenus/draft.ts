import type { TRichMenuAction, TRichMenuArea, TRichMenuBounds, TRichMenuDesign, TRichMenuIcon, TRichMenuLayout, TRichMenuOverview, TRichMenuPage, TRichMenuProblem, TRichMenuPublication, TRichMenuSize, TRichMenuVersionParsed, TRichMenuVersionSummary } from '../../../../shared/api/richmenus.ts';
import { layoutCells, RICH_MENU_DIMENSIONS, TEMPLATES } from '../../../../shared/richmenus/layouts.ts';
import { RICH_MENU_PAGE_TARGETS } from '../../../../shared/richmenus/pages.ts';
import { RICH_MENU_LIMITS } from '../../../../shared/richmenus/validate.ts';

/** The pages a new grid offers, in the order a member reaches for them. */
const PAGE_ORDER: TRichMenuPage[] = ['wallet', 'claim', 'mall', 'points', 'member_card', 'missions', 'tier', 'profile'];

/** Alternating brand tints for a new grid's cells (both ≥ 4.5:1 with their text). */
const CELL_TINTS = [
  { background: '#067A37', color: '#FFFFFF' },
  { background: '#F0FDF4', color: '#14532D' },
] as const;

/** The area a new cell gets: the next of our pages, its name and icon, alternating tints. */
export function defaultArea(index: number, lang: 'zh-TW' | 'en' = 'zh-TW'): TRichMenuArea {
  const page = PAGE_ORDER[index % PAGE_ORDER.length]!;
  const target = RICH_MENU_PAGE_TARGETS[page];
  const tint = CELL_TINTS[index % 2]!;
  return { label: target[lang], icon: target.icon as TRichMenuIcon, ...tint, action: { type: 'page', page }, bounds: null };
}

export function newMenu(key: string, name: string, chatBarText: string, lang: 'zh-TW' | 'en' = 'zh-TW'): TRichMenuDesign {
  return {
    key,
    name,
    chatBarText,
    size: 'large',
    layout: { kind: 'template', template: 'grid_3x2' },
    areas: Array.from({ length: 6 }, (_, i) => defaultArea(i, lang)),
    selected: true,
    background: '#FFFFFF',
  };
}

export function newVersion(name: string, lang: 'zh-TW' | 'en' = 'zh-TW'): TRichMenuVersionParsed {
  const menu = newMenu('main', lang === 'en' ? 'Member menu' : '會員選單', lang === 'en' ? 'Menu' : '會員選單', lang);
  return { name, menus: [menu], audiences: { default: 'main', unregistered: null, registered: null, tiers: [] } };
}

/** A tab key not used yet: tab2, tab3, … */
export function nextKey(menus: readonly TRichMenuDesign[]): string {
  const keys = new Set(menus.map((m) => m.key));
  for (let n = menus.length + 1; ; n += 1) if (!keys.has(`tab${n}`)) return `tab${n}`;
}

/** The menu's canvas: the standard size, or the uploaded image's own. */
export function canvasOf(menu: TRichMenuDesign, images: ReadonlyMap<number, { width: number; height: number }>): { width: number; height: number } | null {
  if (menu.layout.kind === 'image') return images.get(menu.layout.imageId) ?? null;
  return RICH_MENU_DIMENSIONS[menu.size];
}

/** The areas' pixel bounds as LINE will get them (the shared grid geometry), or the drawn ones. */
export function boundsOf(menu: TRichMenuDesign, images: ReadonlyMap<number, { width: number; height: number }>): TRichMenuBounds[] {
  const canvas = canvasOf(menu, images);
  if (!canvas) return [];
  if (menu.layout.kind === 'image') return menu.areas.map((a) => a.bounds ?? { x: 0, y: 0, width: 0, height: 0 });
  return layoutCells(menu.layout, canvas.width, canvas.height, menu.size) ?? [];
}

/**
 * The menu with a new layout (or size): a grid keeps the areas it had, in order, and gets a
 * default for each new cell; a template not offered for the size becomes that size's first.
 */
export function withLayout(menu: TRichMenuDesign, layout: TRichMenuLayout, size: TRichMenuSize = menu.size): TRichMenuDesign {
  let next = layout;
  if (next.kind === 'template' && !TEMPLATES[next.template].sizes.includes(size)) {
    next = { kind: 'template', template: size === 'large' ? 'grid_3x2' : 'cols_3' };
  }
  if (next.kind === 'image') {
    const areas = menu.layout.kind === 'image' ? menu.areas : [];
    return { ...menu, size, layout: next, areas };
  }
  const cells = layoutCells(next, RICH_MENU_DIMENSIONS[size].width, RICH_MENU_DIMENSIONS[size].height, size) ?? [];
  const kept = menu.layout.kind === 'image' ? [] : menu.areas;
  const areas = cells.map((_, i) => ({ ...(kept[i] ?? defaultArea(i)), bounds: null }));
  return { ...menu, size, layout: next, areas };
}

/** A fresh action of a type, carrying over what fits. */
export function actionOfType(type: TRichMenuAction['type'], otherKeys: readonly string[]): TRichMenuAction {
  switch (type) {
    case 'page':
      return { type: 'page', page: 'wallet' };
    case 'uri':
      return { type: 'uri', uri: 'https://' };
    case 'message':
      return { type: 'message', text: '' };
    case 'postback':
      return { type: 'postback', data: '', displayText: null };
    case 'switch':
      return { type: 'switch', to: otherKeys[0] ?? '' };
  }
}

/** A rectangle dragged between two points on the image, snapped to whole pixels and kept inside it. */
export function dragRect(a: { x: number; y: number }, b: { x: number; y: number }, canvas: { width: number; height: number }): TRichMenuBounds {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
  const x1 = clamp(Math.min(a.x, b.x), canvas.width);
  const y1 = clamp(Math.min(a.y, b.y), canvas.height);
  const x2 = clamp(Math.max(a.x, b.x), canvas.width);
  const y2 = clamp(Math.max(a.y, b.y), canvas.height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** The problems of one path and everything under it (`menus.0.areas.2` gets its label's, its action's …). */
export function problemsAt(problems: readonly TRichMenuProblem[], prefix: string, exact = false): TRichMenuProblem[] {
  return problems.filter((p) => p.path === prefix || (!exact && p.path.startsWith(`${prefix}.`)));
}

export function messagesAt(problems: readonly TRichMenuProblem[], path: string, lang: 'zh-TW' | 'en', severity: 'error' | 'warning' = 'error'): string[] {
  return problems.filter((p) => p.path === path && p.severity === severity).map((p) => p[lang]);
}

export const PUBLISH_STEPS = ['create', 'upload', 'alias', 'link', 'default', 'delete'] as const;
export type StepState = 'done' | 'failed' | 'skipped' | 'pending' | 'running';

/**
 * Each publishing step's state from the publication. While it runs, the steps before the one
 * under way (`step`; null: creating the first menu) are done, that one is running, the rest wait;
 * once live (succeeded) the delete of the old menus may still run, or have failed (they are kept
 * and deleted later). When it failed, the steps before the failed one ran (and were undone).
 */
export function stepStates(pub: Pick<TRichMenuPublication, 'status' | 'failedStep' | 'step' | 'finishedAt'> | null): Record<(typeof PUBLISH_STEPS)[number], StepState> {
  const out = {} as Record<(typeof PUBLISH_STEPS)[number], StepState>;
  const failedAt = pub?.failedStep ? PUBLISH_STEPS.indexOf(pub.failedStep) : -1;
  const at = pub?.step ? PUBLISH_STEPS.indexOf(pub.step) : 0;
  const last = PUBLISH_STEPS.length - 1;
  PUBLISH_STEPS.forEach((step, i) => {
    if (!pub) out[step] = 'pending';
    else if (pub.status === 'succeeded') out[step] = i < last ? 'done' : pub.finishedAt === null ? 'running' : failedAt === last ? 'failed' : 'done';
    else if (pub.status === 'running') out[step] = i < at ? 'done' : i === at ? 'running' : 'pending';
    else if (failedAt < 0) out[step] = 'skipped';
    else out[step] = i < failedAt ? 'done' : i === failedAt ? 'failed' : 'skipped';
  });
  return out;
}

export const MAX_AREAS = RICH_MENU_LIMITS.maxAreas;

/** The publication to show for a version: the one under way for it (polled), else the last one this page saw. */
export function currentPublication(versionId: number | null, overview: Pick<TRichMenuOverview, 'publications'> | undefined, seen: TRichMenuPublication | null): TRichMenuPublication | null {
  const fresh = seen ? overview?.publications.find((p) => p.id === seen.id) : undefined;
  const underWay = versionId === null ? undefined : overview?.publications.find((p) => p.versionId === versionId && p.finishedAt === null && (!seen || p.id >= seen.id));
  return underWay ?? fresh ?? seen;
}

export type VersionState = { kind: 'live' | 'scheduled' | 'draft' | 'published' | 'running' } | { kind: 'failed'; step: TRichMenuPublication['failedStep'] };

/**
 * What the list says about a version: live, publishing now, scheduled (a pending or active
 * schedule), failed (its latest publication failed, with the step), else draft / was live.
 */
export function versionState(version: TRichMenuVersionSummary, overview: Pick<TRichMenuOverview, 'schedules' | 'publications'>): VersionState {
  const latest = overview.publications.filter((p) => p.versionId === version.id).sort((a, b) => b.id - a.id)[0];
  if (latest?.status === 'running') return { kind: 'running' };
  if (version.status === 'live') return { kind: 'live' };
  if (overview.schedules.some((s) => s.versionId === version.id && (s.status === 'pending' || s.status === 'active'))) return { kind: 'scheduled' };
  if (latest?.status === 'failed') return { kind: 'failed', step: latest.failedStep };
  return { kind: version.status };
}
