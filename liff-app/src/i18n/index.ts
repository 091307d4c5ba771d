import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { resourcesOf, type StringsModule } from './define.ts';
import { appStrings } from './strings.ts';

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
  const resources = resourcesOf(appStrings);
  void i18n.use(initReactI18next).init({
    resources: { 'zh-TW': { translation: resources['zh-TW'] }, en: { translation: resources.en } },
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

/** The UI language, re-rendering the component when it changes. */
export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return (instance.resolvedLanguage ?? currentLanguage()) === 'en' ? 'en' : 'zh-TW';
}

/** The server's bilingual wording ("zh-TW / English", as shared schemas write it) in one language. */
export function pickLanguage(text: string, lang: Language): string {
  if (!text.includes(' / ')) return text;
  const [zh, en] = text.split(' / ', 2) as [string, string];
  return lang === 'en' ? en : zh;
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

/** Adds a lazily loaded part's strings (a console area, the claim centre) to both languages. */
export function addStrings(...modules: StringsModule[]): void {
  for (const module of modules) {
    const resources = resourcesOf(module);
    for (const lang of ['zh-TW', 'en'] as const) i18n.addResourceBundle(lang, 'translation', resources[lang], true, true);
  }
}

export { i18n };
