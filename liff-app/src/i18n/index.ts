import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zhTW } from './zh-TW.ts';

export type Language = 'zh-TW' | 'en';

const STORAGE_KEY = 'lang';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-TW';
  } catch {
    return 'zh-TW';
  }
}

function applyDocumentLanguage(lang: Language): void {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hant-TW';
}

/** zh-TW unless the person chose English before (the choice is kept in localStorage). */
export function initI18n(): typeof i18n {
  const lng = storedLanguage();
  void i18n.use(initReactI18next).init({
    resources: { 'zh-TW': { translation: zhTW }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-TW',
    supportedLngs: ['zh-TW', 'en'],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  applyDocumentLanguage(lng);
  return i18n;
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-TW';
}

export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyDocumentLanguage(lang);
  await i18n.changeLanguage(lang);
}

/** Adds a lazily loaded part's strings (the console) to both languages. */
export function addStrings(resources: Record<Language, Record<string, unknown>>): void {
  for (const lang of ['zh-TW', 'en'] as const) i18n.addResourceBundle(lang, 'translation', resources[lang], true, true);
}

export { i18n };
