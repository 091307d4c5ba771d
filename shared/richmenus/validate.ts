import type { TRichMenuBounds, TRichMenuDesign, TRichMenuProblem, TRichMenuValidation, TRichMenuVersionParsed } from '../api/richmenus.ts';
import { AA_TEXT, contrastRatio } from '../a11y/contrast.ts';
import { layoutCells, MAX_CUSTOM_COLUMNS, MAX_CUSTOM_ROWS, RICH_MENU_DIMENSIONS, TEMPLATES } from './layouts.ts';

/** LINE's rich-menu limits (shared/LINE-PLATFORM.md, Messaging API reference). */
export const RICH_MENU_LIMITS = {
  maxAreas: 20,
  chatBarTextMax: 14,
  nameMax: 300,
  imageMinWidth: 800,
  imageMaxWidth: 2500,
  imageMinHeight: 250,
  minAspectRatio: 1.45,
  /** 1 MB as LINE counts it. */
  maxImageBytes: 1024 * 1024,
  uriMax: 1000,
  textMax: 300,
  postbackDataMax: 300,
  labelMax: 20,
} as const;

export const ALIAS_PATTERN = /^[a-z0-9_-]{1,32}$/;

/** Characters as a person counts them (a CJK character or an emoji is one). */
export function charCount(text: string): number {
  return [...text].length;
}

type Issue = Omit<TRichMenuProblem, 'path' | 'severity'>;
const msg = (code: string, zh: string, en: string): Issue => ({ code, 'zh-TW': zh, en });

/** Every message a marketer can see, by code (tests assert each). */
export const RICH_MENU_MESSAGES = {
  nameRequired: () => msg('NAME_REQUIRED', '請輸入選單名稱', 'Enter a name for the menu'),
  nameTooLong: () => msg('NAME_TOO_LONG', `選單名稱最多 ${RICH_MENU_LIMITS.nameMax} 字`, `The menu name can be at most ${RICH_MENU_LIMITS.nameMax} characters`),
  chatBarRequired: () => msg('CHAT_BAR_TEXT_REQUIRED', '請輸入選單列文字（聊天室下方顯示的文字）', 'Enter the chat-bar text (shown under the chat)'),
  chatBarTooLong: (n: number) => msg('CHAT_BAR_TEXT_TOO_LONG', `選單列文字最多 ${RICH_MENU_LIMITS.chatBarTextMax} 字（目前 ${n} 字）`, `The chat-bar text can be at most ${RICH_MENU_LIMITS.chatBarTextMax} characters (now ${n})`),
  keyInvalid: () => msg('MENU_KEY_INVALID', '分頁代稱只能用小寫英文、數字、- 或 _，1–32 字', 'A tab key is 1–32 lower-case letters, digits, - or _'),
  keyDuplicate: (key: string) => msg('MENU_KEY_DUPLICATE', `分頁代稱「${key}」重複了`, `The tab key "${key}" is used twice`),
  templateNotForSize: () => msg('TEMPLATE_NOT_FOR_SIZE', '這個版型不適用於此尺寸，請換一個版型', 'This layout is not offered for this size; pick another'),
  customGridInvalid: () => msg('CUSTOM_GRID_INVALID', `自訂格線：1–${MAX_CUSTOM_ROWS} 列、1–${MAX_CUSTOM_COLUMNS} 欄，最多 ${RICH_MENU_LIMITS.maxAreas} 格`, `Custom grid: 1–${MAX_CUSTOM_ROWS} rows, 1–${MAX_CUSTOM_COLUMNS} columns, at most ${RICH_MENU_LIMITS.maxAreas} areas`),
  areaCount: (want: number, have: number) => msg('AREA_COUNT_MISMATCH', `這個版型有 ${want} 格，請為每一格設定動作（目前 ${have} 格）`, `This layout has ${want} areas; set an action for each (now ${have})`),
  tooManyAreas: (n: number) => msg('TOO_MANY_AREAS', `一個選單最多 ${RICH_MENU_LIMITS.maxAreas} 個區塊（目前 ${n} 個）`, `A menu can have at most ${RICH_MENU_LIMITS.maxAreas} areas (now ${n})`),
  noAreas: () => msg('NO_AREAS', '請至少畫一個可點選的區塊', 'Draw at least one tappable area'),
  boundsRequired: () => msg('AREA_BOUNDS_REQUIRED', '請在圖片上畫出這個區塊的範圍', 'Draw this area on the image'),
  outOfBounds: () => msg('AREA_OUT_OF_BOUNDS', '區塊超出圖片範圍，請調整位置或大小', 'The area goes past the image; move or resize it'),
  tooSmall: () => msg('AREA_TOO_SMALL', '區塊太小，寬高至少 1 像素', 'The area is too small (at least 1 px wide and high)'),
  labelTooLong: () => msg('LABEL_TOO_LONG', `按鈕文字最多 ${RICH_MENU_LIMITS.labelMax} 字`, `A label can be at most ${RICH_MENU_LIMITS.labelMax} characters`),
  uriInvalid: () => msg('URI_INVALID', '請輸入完整網址（https:// 開頭）或 tel: 電話', 'Enter a full address (starting with https://) or a tel: number'),
  uriTooLong: () => msg('URI_TOO_LONG', `網址最多 ${RICH_MENU_LIMITS.uriMax} 字`, `An address can be at most ${RICH_MENU_LIMITS.uriMax} characters`),
  textRequired: () => msg('MESSAGE_TEXT_REQUIRED', '請輸入點選後送出的文字', 'Enter the text sent when tapped'),
  textTooLong: () => msg('MESSAGE_TEXT_TOO_LONG', `送出的文字最多 ${RICH_MENU_LIMITS.textMax} 字`, `The text can be at most ${RICH_MENU_LIMITS.textMax} characters`),
  dataRequired: () => msg('POSTBACK_DATA_REQUIRED', '請輸入 postback 資料', 'Enter the postback data'),
  dataTooLong: () => msg('POSTBACK_DATA_TOO_LONG', `postback 資料最多 ${RICH_MENU_LIMITS.postbackDataMax} 字`, `Postback data can be at most ${RICH_MENU_LIMITS.postbackDataMax} characters`),
  displayTextTooLong: () => msg('DISPLAY_TEXT_TOO_LONG', `顯示文字最多 ${RICH_MENU_LIMITS.textMax} 字`, `The display text can be at most ${RICH_MENU_LIMITS.textMax} characters`),
  switchUnknown: (to: string) => msg('SWITCH_TARGET_UNKNOWN', `找不到要切換的分頁「${to}」`, `There is no tab "${to}" to switch to`),
  switchSelf: () => msg('SWITCH_TO_SELF', '切換分頁不能指向自己', 'A tab switch cannot point at its own tab'),
  lowContrast: (ratio: number) => msg('LOW_CONTRAST', `文字與底色對比 ${ratio.toFixed(1)}:1，低於 4.5:1，可能不易閱讀`, `Text contrast is ${ratio.toFixed(1)}:1, below 4.5:1; it may be hard to read`),
  imageMissing: () => msg('IMAGE_NOT_FOUND', '找不到上傳的圖片，請重新上傳', 'The uploaded image is missing; upload it again'),
  audienceUnknown: (key: string) => msg('AUDIENCE_MENU_UNKNOWN', `對象指定的選單「${key}」不存在`, `The audience's menu "${key}" does not exist`),
  tierDuplicate: () => msg('AUDIENCE_TIER_DUPLICATE', '同一個等級只能指定一個選單', 'Give each tier one menu only'),
  tierUnknown: () => msg('AUDIENCE_TIER_UNKNOWN', '這個等級已不存在', 'This tier no longer exists'),
  imageType: () => msg('IMAGE_TYPE', '圖片須為 PNG 或 JPEG', 'The image must be a PNG or a JPEG'),
  imageTooNarrow: (w: number) => msg('IMAGE_TOO_NARROW', `圖片寬度至少 ${RICH_MENU_LIMITS.imageMinWidth} 像素（目前 ${w}）`, `The image must be at least ${RICH_MENU_LIMITS.imageMinWidth} px wide (now ${w})`),
  imageTooWide: (w: number) => msg('IMAGE_TOO_WIDE', `圖片寬度最多 ${RICH_MENU_LIMITS.imageMaxWidth} 像素（目前 ${w}）`, `The image can be at most ${RICH_MENU_LIMITS.imageMaxWidth} px wide (now ${w})`),
  imageTooShort: (h: number) => msg('IMAGE_TOO_SHORT', `圖片高度至少 ${RICH_MENU_LIMITS.imageMinHeight} 像素（目前 ${h}）`, `The image must be at least ${RICH_MENU_LIMITS.imageMinHeight} px high (now ${h})`),
  imageAspect: (r: number) => msg('IMAGE_ASPECT', `圖片寬高比須至少 1.45（目前 ${r.toFixed(2)}），請裁得更寬或更矮`, `Width ÷ height must be at least 1.45 (now ${r.toFixed(2)}); crop it wider or shorter`),
  imageTooLarge: (bytes: number) => msg('IMAGE_TOO_LARGE', `圖片檔案最大 1 MB（目前 ${(bytes / 1024 / 1024).toFixed(2)} MB），請壓縮後再上傳`, `The file can be at most 1 MB (now ${(bytes / 1024 / 1024).toFixed(2)} MB); compress it and upload again`),
  imageUnreadable: () => msg('IMAGE_UNREADABLE', '無法讀取這張圖片，請確認檔案是否完整', 'This image cannot be read; check that the file is complete'),
};

export interface ImageMeta {
  contentType: string;
  width: number;
  height: number;
  bytes: number;
}

/** LINE's image rules, each with its own message; empty when LINE would accept the image. */
export function validateImage(meta: ImageMeta): Issue[] {
  const issues: Issue[] = [];
  const M = RICH_MENU_MESSAGES;
  if (meta.contentType !== 'image/png' && meta.contentType !== 'image/jpeg') issues.push(M.imageType());
  if (meta.width < RICH_MENU_LIMITS.imageMinWidth) issues.push(M.imageTooNarrow(meta.width));
  if (meta.width > RICH_MENU_LIMITS.imageMaxWidth) issues.push(M.imageTooWide(meta.width));
  if (meta.height < RICH_MENU_LIMITS.imageMinHeight) issues.push(M.imageTooShort(meta.height));
  if (meta.height > 0 && meta.width / meta.height < RICH_MENU_LIMITS.minAspectRatio) issues.push(M.imageAspect(meta.width / meta.height));
  if (meta.bytes > RICH_MENU_LIMITS.maxImageBytes) issues.push(M.imageTooLarge(meta.bytes));
  return issues;
}

export interface ValidationContext {
  /** Uploaded images by id (an image layout needs its image's size). */
  images?: ReadonlyMap<number, { width: number; height: number }>;
  /** The brand's tier ids, when tiers exist (unknown ones are flagged). */
  tierIds?: ReadonlySet<number>;
}

/** The canvas size of a menu: the standard size, or the uploaded image's own. */
export function menuDimensions(menu: TRichMenuDesign, ctx: ValidationContext = {}): { width: number; height: number } | null {
  if (menu.layout.kind === 'image') return ctx.images?.get(menu.layout.imageId) ?? null;
  return RICH_MENU_DIMENSIONS[menu.size];
}

/**
 * The areas' bounds as LINE receives them: a grid's cells (pixel-exact, shared cut points), or
 * the areas drawn on an uploaded image. Null when the layout cannot be resolved.
 */
export function areaBounds(menu: TRichMenuDesign, ctx: ValidationContext = {}): TRichMenuBounds[] | null {
  const dims = menuDimensions(menu, ctx);
  if (!dims) return null;
  if (menu.layout.kind === 'image') return menu.areas.map((a) => a.bounds ?? { x: 0, y: 0, width: 0, height: 0 });
  const cells = layoutCells(menu.layout, dims.width, dims.height, menu.size);
  if (!cells) return null;
  return cells;
}

function isUri(value: string): boolean {
  if (/^tel:\+?[0-9-]{3,20}$/.test(value)) return true;
  if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function validateMenu(menu: TRichMenuDesign, keys: ReadonlySet<string>, ctx: ValidationContext, at: string, out: TRichMenuProblem[]): void {
  const M = RICH_MENU_MESSAGES;
  const err = (path: string, issue: Issue) => out.push({ path: `${at}.${path}`.replace(/\.$/, ''), severity: 'error', ...issue });
  const warn = (path: string, issue: Issue) => out.push({ path: `${at}.${path}`, severity: 'warning', ...issue });

  if (!ALIAS_PATTERN.test(menu.key)) err('key', M.keyInvalid());
  if (menu.name.trim().length === 0) err('name', M.nameRequired());
  else if (charCount(menu.name) > RICH_MENU_LIMITS.nameMax) err('name', M.nameTooLong());
  const chatBar = charCount(menu.chatBarText);
  if (menu.chatBarText.trim().length === 0) err('chatBarText', M.chatBarRequired());
  else if (chatBar > RICH_MENU_LIMITS.chatBarTextMax) err('chatBarText', M.chatBarTooLong(chatBar));

  const n = menu.areas.length;
  if (n > RICH_MENU_LIMITS.maxAreas) err('areas', M.tooManyAreas(n));

  const layout = menu.layout;
  if (layout.kind === 'template') {
    if (!TEMPLATES[layout.template].sizes.includes(menu.size)) err('layout.template', M.templateNotForSize());
  } else if (layout.kind === 'custom') {
    if (!layoutCells(layout, 2500, 843, menu.size) || layout.rows * layout.columns > RICH_MENU_LIMITS.maxAreas) err('layout', M.customGridInvalid());
  }
  const dims = menuDimensions(menu, ctx);
  if (layout.kind === 'image') {
    if (!dims) err('layout.imageId', M.imageMissing());
    if (n === 0) err('areas', M.noAreas());
  } else {
    const cells = dims ? layoutCells(layout, dims.width, dims.height, menu.size) : null;
    if (cells && cells.length !== n && cells.length <= RICH_MENU_LIMITS.maxAreas) err('areas', M.areaCount(cells.length, n));
  }

  menu.areas.forEach((area, i) => {
    const p = `areas.${i}`;
    if (layout.kind === 'image') {
      const b = area.bounds;
      if (!b) err(`${p}.bounds`, M.boundsRequired());
      else if (b.width < 1 || b.height < 1) err(`${p}.bounds`, M.tooSmall());
      else if (dims && (b.x < 0 || b.y < 0 || b.x + b.width > dims.width || b.y + b.height > dims.height)) err(`${p}.bounds`, M.outOfBounds());
    } else if (area.label.length > 0 || area.icon) {
      const ratio = contrastRatio(area.color, area.background);
      if (ratio < AA_TEXT) warn(`${p}.color`, M.lowContrast(ratio));
    }
    if (charCount(area.label) > RICH_MENU_LIMITS.labelMax) err(`${p}.label`, M.labelTooLong());
    const a = area.action;
    if (a.type === 'uri') {
      if (charCount(a.uri) > RICH_MENU_LIMITS.uriMax) err(`${p}.action.uri`, M.uriTooLong());
      else if (!isUri(a.uri)) err(`${p}.action.uri`, M.uriInvalid());
    } else if (a.type === 'message') {
      if (a.text.trim().length === 0) err(`${p}.action.text`, M.textRequired());
      else if (charCount(a.text) > RICH_MENU_LIMITS.textMax) err(`${p}.action.text`, M.textTooLong());
    } else if (a.type === 'postback') {
      if (a.data.length === 0) err(`${p}.action.data`, M.dataRequired());
      else if (charCount(a.data) > RICH_MENU_LIMITS.postbackDataMax) err(`${p}.action.data`, M.dataTooLong());
      if (a.displayText !== null && charCount(a.displayText) > RICH_MENU_LIMITS.textMax) err(`${p}.action.displayText`, M.displayTextTooLong());
    } else if (a.type === 'switch') {
      if (a.to === menu.key) err(`${p}.action.to`, M.switchSelf());
      else if (!keys.has(a.to)) err(`${p}.action.to`, M.switchUnknown(a.to));
    }
  });
}

/**
 * Every problem LINE (or a member) would have with a version: LINE's limits, the layout's cell
 * count, tab links and audiences; contrast below AA as a warning. `ok` is false when any
 * problem is an error (such a version is saved as a draft but cannot be published).
 */
export function validateVersion(version: TRichMenuVersionParsed, ctx: ValidationContext = {}): TRichMenuValidation {
  const M = RICH_MENU_MESSAGES;
  const problems: TRichMenuProblem[] = [];
  const keys = new Set<string>();
  version.menus.forEach((menu, i) => {
    if (keys.has(menu.key)) problems.push({ path: `menus.${i}.key`, severity: 'error', ...M.keyDuplicate(menu.key) });
    keys.add(menu.key);
  });
  version.menus.forEach((menu, i) => validateMenu(menu, keys, ctx, `menus.${i}`, problems));
  const aud = version.audiences;
  const checkKey = (path: string, key: string | null) => {
    if (key !== null && !keys.has(key)) problems.push({ path, severity: 'error', ...M.audienceUnknown(key) });
  };
  checkKey('audiences.default', aud.default);
  checkKey('audiences.unregistered', aud.unregistered);
  checkKey('audiences.registered', aud.registered);
  const seen = new Set<number>();
  aud.tiers.forEach((t, i) => {
    if (seen.has(t.tierId)) problems.push({ path: `audiences.tiers.${i}.tierId`, severity: 'error', ...M.tierDuplicate() });
    seen.add(t.tierId);
    if (ctx.tierIds && !ctx.tierIds.has(t.tierId)) problems.push({ path: `audiences.tiers.${i}.tierId`, severity: 'error', ...M.tierUnknown() });
    checkKey(`audiences.tiers.${i}.menu`, t.menu);
  });
  return { ok: !problems.some((p) => p.severity === 'error'), problems };
}

/** Validates one menu on its own (the render preview). */
export function validateMenuAlone(menu: TRichMenuDesign, ctx: ValidationContext = {}): TRichMenuValidation {
  const problems: TRichMenuProblem[] = [];
  validateMenu(menu, new Set([menu.key]), ctx, 'menu', problems);
  // A lone menu's tab switches point at tabs the preview does not know: not an error here.
  const kept = problems.filter((p) => p.code !== 'SWITCH_TARGET_UNKNOWN');
  return { ok: !kept.some((p) => p.severity === 'error'), problems: kept };
}
