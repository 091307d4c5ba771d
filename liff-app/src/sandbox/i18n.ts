import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { resourcesOf } from '../i18n/define.ts';
import { applyDocumentLanguage, I18N_OPTIONS, storedLanguage, storeLanguage, type Language } from '../i18n/language.ts';
import { sandboxStrings } from './strings.ts';

/**
 * The sandbox chat page's languages: zh-TW by default, English for someone who chose it — in
 * the member app, the console or here (one choice, localStorage `lang`, as liff-app/src/i18n
 * keeps it). Only this page's strings are loaded (both languages: a few hundred bytes), not the app's.
 */
export type SandboxLanguage = Language;

export function initSandboxI18n(): void {
  const lng = storedLanguage();
  const resources = resourcesOf(sandboxStrings);
  void i18n.use(initReactI18next).init({
    ...I18N_OPTIONS,
    resources: { 'zh-TW': { translation: resources['zh-TW'] }, en: { translation: resources.en } },
    lng,
  });
  applyDocumentLanguage(lng);
  // Until the account's name is known (SandboxApp then titles the page with it).
  document.title = i18n.t('sandbox.pageTitle');
}

export async function setSandboxLanguage(lang: SandboxLanguage): Promise<void> {
  storeLanguage(lang);
  await i18n.changeLanguage(lang);
}

/** The page's language, re-rendering the component when it changes. */
export function useSandboxLanguage(): SandboxLanguage {
  const { i18n: instance } = useTranslation();
  return (instance.resolvedLanguage ?? instance.language) === 'en' ? 'en' : 'zh-TW';
}

/** A string outside React (the API module's errors), in the current language. */
export function sandboxText(key: 'sandbox.errors.offline' | 'sandbox.errors.http' | 'sandbox.errors.notJson', options: Record<string, string> = {}): string {
  // The keys are typed above; i18next's overloads do not take a union of keys with options.
  return (i18n.t as (k: string, o: object) => string)(key, options);
}
