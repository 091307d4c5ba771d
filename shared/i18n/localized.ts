import { z } from 'zod';

/**
 * English mode for what a brand writes (coupon, campaign, bundle and store names and texts):
 * each has an optional English version; a member using the app in English sees it, and the
 * zh-TW text when the brand wrote none.
 */

export type Lang = 'zh-TW' | 'en';

/** The English text in English mode when there is one; the zh-TW text otherwise. */
export function localized(zh: string, en: string | null | undefined, lang: Lang): string {
  return lang === 'en' && en && en.trim() ? en : zh;
}

/** An optional English version in a console form: blank means none (null). */
export function optionalEnglish(max: number) {
  return z.string().trim().max(max).nullable().default(null);
}

/** Blank English text is stored as null, so fallback works the same for '' and for never set. */
export function englishOrNull(value: string | null | undefined): string | null {
  return value && value.trim() ? value.trim() : null;
}

/**
 * A notification variable in both languages. The outbox keeps both and the dispatcher renders
 * the member's language, which is known only at send time.
 */
export interface Bilingual {
  'zh-TW': string;
  en: string;
}

export function bilingual(zh: string, en: string | null | undefined): Bilingual {
  return { 'zh-TW': zh, en: localized(zh, en, 'en') };
}

/** Names listed in both languages: 「A、B」 and "A, B" (a name with no English stays Chinese). */
export function bilingualNames(items: readonly { name: string; nameEn: string | null }[]): Bilingual {
  return bilingual(items.map((i) => i.name).join('、'), items.map((i) => i.nameEn ?? i.name).join(', '));
}

export function isBilingual(value: unknown): value is Bilingual {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)['zh-TW'] === 'string';
}
