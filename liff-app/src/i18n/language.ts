/**
 * The language choice every page shares (the member app, the console and the sandbox chat): one
 * localStorage key, zh-TW unless English was chosen, and i18next's options. No strings here, so a
 * page loads only its own (the sandbox chat does not load the app's).
 */
export type Language = 'zh-TW' | 'en';

const STORAGE_KEY = 'lang';

export function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-TW';
  } catch {
    return 'zh-TW';
  }
}

/** Keeps the choice (for this page only in private mode) and marks the document's language. */
export function storeLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyDocumentLanguage(lang);
}

export function applyDocumentLanguage(lang: Language): void {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hant-TW';
}

/** i18next's options on every page: zh-TW the fallback, strings in memory (no async init). */
export const I18N_OPTIONS = {
  fallbackLng: 'zh-TW',
  supportedLngs: ['zh-TW', 'en'],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
  showSupportNotice: false,
} as const;
