/**
 * What the browser build uses in place of react-i18next (liff-app/build/i18n-lite.ts): the
 * `useTranslation()` hook over ./i18next.ts. The component re-renders when the language
 * changes, and gets a `t` fixed to the language it renders in (a new function after a change, so
 * `useMemo`/`useEffect` deps on `t` see it, as with react-i18next).
 */
import { useMemo, useSyncExternalStore } from 'react';
import i18n, { type I18nLite } from './i18next.ts';

export const initReactI18next = { type: '3rdParty' as const, init: () => undefined };

function subscribe(listener: () => void): () => void {
  i18n.on('languageChanged', listener);
  return () => i18n.off('languageChanged', listener);
}
const currentLanguage = () => i18n.language;

type Answer = [I18nLite['t'], I18nLite, boolean] & { t: I18nLite['t']; i18n: I18nLite; ready: boolean };

export function useTranslation(): Answer {
  const lng = useSyncExternalStore(subscribe, currentLanguage);
  return useMemo(() => {
    const t = i18n.getFixedT(lng);
    return Object.assign([t, i18n, true] as [I18nLite['t'], I18nLite, boolean], { t, i18n, ready: true });
  }, [lng]);
}
