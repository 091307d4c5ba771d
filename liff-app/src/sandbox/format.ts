const timeFormat = new Intl.DateTimeFormat('zh-TW', { hour: 'numeric', minute: '2-digit', hour12: true });
const dateFormat = new Intl.DateTimeFormat('zh-TW', { month: 'numeric', day: 'numeric', weekday: 'short' });
const fullFormat = new Intl.DateTimeFormat('zh-TW', { dateStyle: 'medium', timeStyle: 'medium' });

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** 「下午3:04」, as LINE stamps each message. */
export function formatTime(iso: string): string {
  const date = parse(iso);
  return date ? timeFormat.format(date).replace(/\s+/g, '') : '';
}

export function formatFull(iso: string): string {
  const date = parse(iso);
  return date ? fullFormat.format(date) : iso;
}

/** A local calendar day, for grouping messages under 「今天」「昨天」「11/23（六）」. */
export function dayKey(iso: string): string {
  const date = parse(iso);
  return date ? `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}` : '';
}

export function formatDay(iso: string, now = new Date()): string {
  const date = parse(iso);
  if (!date) return '';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(iso) === dayKey(now.toISOString())) return '今天';
  if (dayKey(iso) === dayKey(yesterday.toISOString())) return '昨天';
  const parts = dateFormat.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('month')}/${get('day')}（${get('weekday').replace('週', '')}）`;
}
