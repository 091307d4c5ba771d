import { readableAccent } from '../a11y/contrast.ts';
import { isBilingual } from '../i18n/localized.ts';
import { KINDS, variablesOf, type NotificationKind, type TemplateContent, type VariableDef } from './kinds.ts';

export type Lang = 'zh-TW' | 'en';

/** What the brand can edit for one kind. */
export interface NotificationTemplate {
  kind: NotificationKind;
  enabled: boolean;
  content: Record<Lang, TemplateContent>;
  /** A LIFF path of ours (starting with /) or an https URL. */
  ctaTarget: string;
  heroImageUrl: string | null;
  accentColor: string;
}

export const TEMPLATE_LIMITS = { title: 60, body: 500, ctaLabel: 20, altText: 200, url: 1000 } as const;
/** Rendered lengths stay far inside LINE's (altText 1,500; bubble 30 KB) whatever the variables hold. */
const RENDERED_LIMITS = { title: 120, body: 1200, altText: 400, value: 200 } as const;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
/**
 * A conditional section: `{{#usesLeft}}，剩餘 {{usesLeft}} 次{{/usesLeft}}` shows its text only
 * when the variable has a value (not empty, not 0), `{{^welcomeGift}}…{{/welcomeGift}}` only when
 * it has none — so 「剩餘 0 次」 never reaches a single-use coupon's owner. Sections may nest.
 */
const SECTION = /\{\{\s*([#^])\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}([\s\S]*?)\{\{\s*\/\s*\2\s*\}\}/g;
const SECTION_TAG = /\{\{\s*([#^/])\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export function defaultTemplate(kind: NotificationKind): NotificationTemplate {
  const def = KINDS[kind];
  return {
    kind,
    enabled: true,
    content: { 'zh-TW': { ...def.defaults['zh-TW'] }, en: { ...def.defaults.en } },
    ctaTarget: def.ctaTarget,
    heroImageUrl: null,
    accentColor: def.accentColor,
  };
}

/** Every variable a text names, in a placeholder or a section tag. */
export function placeholdersIn(text: string): string[] {
  return [...[...text.matchAll(PLACEHOLDER)].map((m) => m[1]!), ...[...text.matchAll(SECTION_TAG)].filter((m) => m[1] !== '/').map((m) => m[2]!)];
}

/** The first section tag left without its partner, e.g. `{{#usesLeft}}` with no `{{/usesLeft}}`. */
function unbalancedSection(text: string): string | null {
  const open: string[] = [];
  for (const m of text.matchAll(SECTION_TAG)) {
    if (m[1] !== '/') open.push(m[2]!);
    else if (open.pop() !== m[2]) return m[2]!;
  }
  return open.length > 0 ? open[open.length - 1]! : null;
}

/** Whether a variable counts as given for a section: not missing, not empty, not 0, not false. */
function hasValue(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  const text = (isBilingual(value) ? value['zh-TW'] : String(value)).trim();
  return text !== '' && text !== '0';
}

/** Keeps or drops each conditional section by its variable (innermost sections are resolved with their parent). */
export function resolveSections(text: string, variables: Record<string, unknown>): string {
  let out = text;
  for (let depth = 0; depth < 8 && out.includes('{{'); depth += 1) {
    const next = out.replace(SECTION, (_, mark: string, name: string, inner: string) => ((mark === '#') === hasValue(variables[name]) ? inner : ''));
    if (next === out) break;
    out = next;
  }
  return out;
}

export interface TemplateProblem {
  field: string;
  message: Record<Lang, string>;
}

/** Refuses, at save time, what would break at send time: unknown variables, over-long text, bad links. */
export function validateTemplate(template: NotificationTemplate): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const known = variablesOf(template.kind);
  for (const lang of ['zh-TW', 'en'] as const) {
    const content = template.content[lang];
    for (const field of ['title', 'body', 'ctaLabel', 'altText'] as const) {
      const text = content[field];
      const path = `content.${lang}.${field}`;
      const max = TEMPLATE_LIMITS[field];
      if (text.trim().length === 0) {
        problems.push({ field: path, message: { 'zh-TW': '不可空白', en: 'must not be empty' } });
        continue;
      }
      if ([...text].length > max) problems.push({ field: path, message: { 'zh-TW': `最多 ${max} 字（目前 ${[...text].length} 字）`, en: `at most ${max} characters (now ${[...text].length})` } });
      for (const name of placeholdersIn(text)) {
        if (!Object.hasOwn(known, name)) {
          problems.push({
            field: path,
            message: { 'zh-TW': `沒有 {{${name}}} 這個變數，可用：${Object.keys(known).join('、')}`, en: `unknown variable {{${name}}}; available: ${Object.keys(known).join(', ')}` },
          });
        }
      }
      const unclosed = unbalancedSection(text);
      if (unclosed) {
        problems.push({ field: path, message: { 'zh-TW': `區段 {{#${unclosed}}} 須以 {{/${unclosed}}} 結束`, en: `the section {{#${unclosed}}} must end with {{/${unclosed}}}` } });
        continue;
      }
      const stray = text.replace(PLACEHOLDER, '').replace(SECTION_TAG, '');
      if (stray.includes('{{') || stray.includes('}}')) problems.push({ field: path, message: { 'zh-TW': '大括號未成對，變數請寫成 {{memberName}}', en: 'unbalanced braces; write variables as {{memberName}}' } });
    }
  }
  if (!isCtaTarget(template.ctaTarget)) {
    problems.push({ field: 'ctaTarget', message: { 'zh-TW': '連結須為 App 頁面（以 / 開頭）或 https:// 網址', en: 'must be an app page (starting with /) or an https:// URL' } });
  }
  if (template.heroImageUrl !== null && !/^https:\/\/\S+$/.test(template.heroImageUrl)) {
    problems.push({ field: 'heroImageUrl', message: { 'zh-TW': '圖片網址須為 https://', en: 'must be an https:// URL' } });
  } else if (template.heroImageUrl && template.heroImageUrl.length > TEMPLATE_LIMITS.url) {
    problems.push({ field: 'heroImageUrl', message: { 'zh-TW': '網址太長', en: 'URL is too long' } });
  }
  if (!/^#[0-9A-Fa-f]{6}$/.test(template.accentColor)) {
    problems.push({ field: 'accentColor', message: { 'zh-TW': '顏色須為 #RRGGBB', en: 'must be a colour like #06C755' } });
  }
  return problems;
}

export function isCtaTarget(target: string): boolean {
  if (target.length > TEMPLATE_LIMITS.url) return false;
  if (/^\/[A-Za-z0-9\-._~/?=&%]*$/.test(target)) return true;
  return /^https:\/\/[^\s]+$/.test(target);
}

export interface RenderContext {
  lang: Lang;
  timeZone: string;
  brandName: string;
  /** Turns a LIFF path of ours into a link (liff.line.me in production). */
  liffUrl: (path: string) => string;
}

function clamp(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

// Intl formatters are costly to build and the dispatcher renders thousands a second.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** Formats one variable for people: brand-local dates, NT$ amounts, grouped integers. */
export function formatValue(def: VariableDef | undefined, raw: unknown, ctx: Pick<RenderContext, 'lang' | 'timeZone'>): string {
  // A name the brand wrote in both languages (shared/i18n/localized.ts bilingual): the member's.
  const value = isBilingual(raw) ? (ctx.lang === 'en' ? raw.en : raw['zh-TW']) : raw;
  if (value === undefined || value === null || value === '') return '';
  const locale = ctx.lang === 'en' ? 'en-GB' : 'zh-TW';
  const type = def?.type ?? 'text';
  if (type === 'money' || type === 'integer') {
    const n = Number(value);
    if (!Number.isFinite(n)) return clamp(String(value), RENDERED_LIMITS.value);
    const grouped = formatter(`n:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(n);
    return type === 'money' ? `NT$${grouped}` : grouped;
  }
  if (type === 'date' || type === 'datetime') {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) return clamp(String(value), RENDERED_LIMITS.value);
    // English spells the month ("1 Dec 2027", "Tue 1 Dec, 18:30"): 01/12 means a different day to a US reader.
    const en = ctx.lang === 'en';
    const options: Intl.DateTimeFormatOptions =
      type === 'date'
        ? en
          ? { timeZone: ctx.timeZone, day: 'numeric', month: 'short', year: 'numeric' }
          : { timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }
        : en
          ? { timeZone: ctx.timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false }
          : { timeZone: ctx.timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, weekday: 'short' };
    return formatter(`d:${locale}:${type}:${ctx.timeZone}`, () => new Intl.DateTimeFormat(locale, options)).format(date);
  }
  return clamp(String(value).replace(/\s+/g, ' ').trim(), RENDERED_LIMITS.value);
}

function fill(text: string, kind: NotificationKind, variables: Record<string, unknown>, ctx: RenderContext): string {
  const defs = variablesOf(kind);
  return resolveSections(text, variables)
    .replace(PLACEHOLDER, (_, name: string) => formatValue(defs[name], variables[name], ctx))
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

export interface RenderedNotification {
  title: string;
  body: string;
  altText: string;
  ctaLabel: string;
  ctaUrl: string;
  heroImageUrl: string | null;
  accentColor: string;
}

export function renderNotification(
  template: NotificationTemplate,
  variables: Record<string, unknown>,
  ctx: RenderContext,
  ctaOverride?: { label?: string | undefined; url: string },
): RenderedNotification {
  const content = template.content[ctx.lang];
  const target = ctaOverride?.url ?? template.ctaTarget;
  return {
    title: clamp(fill(content.title, template.kind, variables, ctx), RENDERED_LIMITS.title) || ctx.brandName,
    body: clamp(fill(content.body, template.kind, variables, ctx), RENDERED_LIMITS.body),
    altText: clamp(fill(content.altText, template.kind, variables, ctx), RENDERED_LIMITS.altText) || ctx.brandName,
    ctaLabel: clamp(ctaOverride?.label ?? content.ctaLabel, TEMPLATE_LIMITS.ctaLabel),
    ctaUrl: target.startsWith('/') ? ctx.liffUrl(target) : target,
    heroImageUrl: template.heroImageUrl,
    accentColor: template.accentColor,
  };
}

/** What a test send says it is, in the title and the notification text: no one takes it for the real thing. */
export const TEST_MARK: Record<Lang, string> = { 'zh-TW': '【測試】', en: '[TEST] ' };

/** A rendered notification marked as a test send (the console's test send), within the rendered limits. */
export function markAsTest(rendered: RenderedNotification, lang: Lang): RenderedNotification {
  const mark = TEST_MARK[lang];
  return { ...rendered, title: clamp(`${mark}${rendered.title}`, RENDERED_LIMITS.title), altText: clamp(`${mark}${rendered.altText}`, RENDERED_LIMITS.altText) };
}

/**
 * The Flex message for a rendered notification: brand header, title, body, one CTA button.
 * White text sits on the accent, so the accent is deepened to 4.5:1 if the brand picked a light one.
 */
export function toFlexMessage(rendered: RenderedNotification, brandName: string): Record<string, unknown> {
  const accent = readableAccent(rendered.accentColor);
  const bubble: Record<string, unknown> = {
    type: 'bubble',
    size: 'mega',
    header: {
      type: 'box',
      layout: 'vertical',
      paddingAll: 'lg',
      backgroundColor: accent,
      contents: [
        { type: 'text', text: brandName, size: 'xs', color: '#FFFFFF', weight: 'bold' },
        { type: 'text', text: rendered.title, size: 'lg', color: '#FFFFFF', weight: 'bold', wrap: true, margin: 'sm' },
      ],
    },
    body: {
      type: 'box',
      layout: 'vertical',
      paddingAll: 'lg',
      contents: [{ type: 'text', text: rendered.body || ' ', size: 'sm', color: '#374151', wrap: true }],
    },
    footer: {
      type: 'box',
      layout: 'vertical',
      contents: [
        { type: 'button', style: 'primary', color: accent, height: 'sm', action: { type: 'uri', label: rendered.ctaLabel, uri: rendered.ctaUrl } },
      ],
    },
  };
  if (rendered.heroImageUrl) {
    bubble.hero = { type: 'image', url: rendered.heroImageUrl, size: 'full', aspectRatio: '20:13', aspectMode: 'cover', action: { type: 'uri', label: 'open', uri: rendered.ctaUrl } };
  }
  return { type: 'flex', altText: rendered.altText, contents: bubble };
}
