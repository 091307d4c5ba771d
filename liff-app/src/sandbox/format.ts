import type { SandboxLanguage } from './i18n.ts';

const formats = new Map<string, Intl.DateTimeFormat>();
function format(lang: SandboxLanguage, kind: 'time' | 'date' | 'full'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let found = formats.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time' ? { hour: 'numeric', minute: '2-digit', hour12: true } : kind === 'date' ? { month: 'numeric', day: 'numeric', weekday: 'short' } : { dateStyle: 'medium', timeStyle: 'medium' };
    found = new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'zh-TW', options);
    formats.set(key, found);
  }
  return found;
}

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** 「下午3:04」 / "3:04 PM", as LINE stamps each message. */
export function formatTime(iso: string, lang: SandboxLanguage = 'zh-TW'): string {
  const date = parse(iso);
  if (!date) return '';
  const text = format(lang, 'time').format(date);
  return lang === 'en' ? text : text.replace(/\s+/g, '');
}

export function formatFull(iso: string, lang: SandboxLanguage = 'zh-TW'): string {
  const date = parse(iso);
  return date ? format(lang, 'full').format(date) : iso;
}

/** A local calendar day, for grouping messages under 「今天」「昨天」「11/23（六）」. */
export function dayKey(iso: string): string {
  const date = parse(iso);
  return date ? `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}` : '';
}

/** 「今天」「昨天」「11/23（六）」 / "Today", "Yesterday", "Sat 11/23". */
export function formatDay(iso: string, lang: SandboxLanguage = 'zh-TW', words: { today: string; yesterday: string } = { today: '今天', yesterday: '昨天' }, now = new Date()): string {
  const date = parse(iso);
  if (!date) return '';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(iso) === dayKey(now.toISOString())) return words.today;
  if (dayKey(iso) === dayKey(yesterday.toISOString())) return words.yesterday;
  const parts = format(lang, 'date').formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  return lang === 'en' ? `${get('weekday')} ${get('month')}/${get('day')}` : `${get('month')}/${get('day')}（${get('weekday').replace('週', '')}）`;
}
