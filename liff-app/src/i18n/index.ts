import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import zhStrings from 'virtual:app-strings/zh-TW';
import { resourcesOf, type StringsModule, type StringTable } from './define.ts';
import { applyDocumentLanguage, I18N_OPTIONS, storedLanguage, storeLanguage, type Language } from './language.ts';

export type { Language };

/**
 * The app's own strings (strings.ts) come one language per chunk (liff-app/build/app-strings.ts):
 * zh-TW, the default, is in the entry; English is fetched only for someone who reads it.
 */
let english: Promise<StringTable> | undefined;
let englishAdded = false;
function loadEnglish(): Promise<StringTable> {
  english ??= import('virtual:app-strings/en').then((module) => module.default);
  return english;
}

/**
 * zh-TW unless the person chose English before (the choice is kept in localStorage). i18next is
 * initialised at once (lazily loaded parts add their strings from the start); the promise
 * resolves at once for zh-TW, and for English once its strings have loaded (render after it, or
 * the first paint would be in the wrong language).
 */
export async function initI18n(): Promise<typeof i18n> {
  const lng = storedLanguage();
  void i18n.use(initReactI18next).init({
    ...I18N_OPTIONS,
    resources: { 'zh-TW': { translation: zhStrings } },
    lng,
  });
  applyDocumentLanguage(lng);
  if (lng === 'en') {
    // changeLanguage again so resolvedLanguage (useLanguage) sees the English strings now there.
    await addEnglish()
      .then(() => i18n.changeLanguage('en'))
      .catch(() => setLanguage('zh-TW'));
  }
  return i18n;
}

async function addEnglish(): Promise<void> {
  if (englishAdded) return;
  // A lazily loaded part may have added its own English strings already (addStrings): merge.
  i18n.addResourceBundle('en', 'translation', await loadEnglish(), true, true);
  englishAdded = true;
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
  if (lang === 'en') await addEnglish();
  storeLanguage(lang);
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
