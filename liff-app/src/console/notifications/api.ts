import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import type { TTemplateInput, TTemplateView } from '../../../../shared/api/notifications.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { useLanguage, type Language as Lang } from '../../i18n/index.ts';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'sending', 'sent', 'failed', 'skipped'];

/** LINE refuses a bubble over 30 KB (the sandbox's message rules use the same 30 × 1,024 bytes). */
export const LINE_FLEX_LIMIT_BYTES = 30 * 1024;

export const notifKeys = {
  // The server labels kinds and variables in the caller's language: the language is part of the key.
  templates: (lang: Lang) => ['console', 'notif', 'templates', lang] as const,
  preview: (kind: string, lang: Lang, uiLang: Lang, memberId: number | null, template: TTemplateInput) =>
    ['console', 'notif', 'preview', kind, lang, uiLang, memberId, template] as const,
  deliveries: (query: Record<string, unknown>) => ['console', 'notif', 'deliveries', query] as const,
  apiKeys: ['console', 'notif', 'api-keys'] as const,
  memberSearch: (q: string) => ['console', 'notif', 'member-search', q] as const,
};

export function useTemplates() {
  const lang = useLanguage();
  return useQuery({ queryKey: notifKeys.templates(lang), queryFn: () => call('consoleListTemplates') });
}

/** The part of a template view the brand edits (what PUT and preview take). */
export function toInput(view: TTemplateView | TTemplateInput): TTemplateInput {
  return {
    enabled: view.enabled,
    content: {
      'zh-TW': { ...view.content['zh-TW'] },
      en: { ...view.content.en },
    },
    ctaTarget: view.ctaTarget,
    heroImageUrl: view.heroImageUrl,
    accentColor: view.accentColor,
  };
}

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** Bytes for people: 812 B, 2.4 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export interface DayCount {
  day: string;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
}

export const SERIES = [
  { key: 'sent', color: '#06C755' },
  { key: 'failed', color: '#D92D20' },
  { key: 'skipped', color: '#98A2B3' },
  { key: 'pending', color: '#F79009' },
] as const;

const CONTENT_FIELD_NAMES = { title: 'notif.editor.titleField', body: 'notif.editor.body', ctaLabel: 'notif.editor.ctaLabel', altText: 'notif.editor.altText' } as const;
const SETTING_FIELD_NAMES = { ctaTarget: 'notif.editor.ctaTarget', heroImageUrl: 'notif.editor.heroImageUrl', accentColor: 'notif.editor.accentColor' } as const;

/** A template field path from the server (content.zh-TW.title, ctaTarget…) in people's words. */
export function fieldLabel(field: string, t: TFunction): string {
  const content = /^content\.(zh-TW|en)\.(\w+)$/.exec(field);
  if (content) {
    const name = content[2]!;
    const lang = content[1] === 'en' ? t('notif.editor.langEn') : t('notif.editor.langZh');
    return t('notif.editor.fieldInLang', { lang, field: Object.hasOwn(CONTENT_FIELD_NAMES, name) ? t(CONTENT_FIELD_NAMES[name as keyof typeof CONTENT_FIELD_NAMES]) : name });
  }
  return Object.hasOwn(SETTING_FIELD_NAMES, field) ? t(SETTING_FIELD_NAMES[field as keyof typeof SETTING_FIELD_NAMES]) : field;
}

/** Puts a saved template into every cached list (both languages keep their own labels). */
export function storeSavedTemplate(saved: TTemplateView): void {
  for (const lang of ['zh-TW', 'en'] as const) {
    queryClient.setQueryData<{ items: TTemplateView[] }>(notifKeys.templates(lang), (old) =>
      old ? { items: old.items.map((item) => (item.kind === saved.kind ? { ...saved, label: item.label, variables: item.variables } : item)) } : old,
    );
  }
}
