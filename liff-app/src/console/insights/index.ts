import './insights.css';
import { addStrings } from '../../i18n/index.ts';
import { insightsStrings } from './strings.ts';

// Before any page renders: the overview, member, audit and bulk pages use these.
addStrings(insightsStrings);

export const insightsKeys = {
  overview: (lang: string) => ['console', 'ins', 'overview', lang] as const,
  member360: (id: number, lang: string) => ['console', 'ins', 'member360', id, lang] as const,
  auditPage: (query: Record<string, unknown>, lang: string) => ['console', 'audit', 'ins', query, lang] as const,
  bulkSchedules: ['console', 'ins', 'bulk-schedules'] as const,
};

/** Values in a before → after diff, in words. */
export function changeValue(value: unknown, words: { empty: string; yes: string; no: string }): string {
  if (value === null || value === undefined || value === '') return words.empty;
  if (value === true) return words.yes;
  if (value === false) return words.no;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
