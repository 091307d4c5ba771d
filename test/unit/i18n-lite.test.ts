import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { StringsModule, StringTable } from '../../liff-app/src/i18n/define.ts';
import { resourcesOf } from '../../liff-app/src/i18n/define.ts';
import { createInstance } from '../../liff-app/src/i18n/lite/i18next.ts';
import { I18N_OPTIONS } from '../../liff-app/src/i18n/language.ts';

/**
 * The browser build translates with liff-app/src/i18n/lite/ in place of i18next
 * (liff-app/build/i18n-lite.ts). Both are given every strings module of the app, set up as
 * liff-app/src/i18n/index.ts sets up i18next, and must answer every key the same in both
 * languages: with its variables given, given as null, left out; keys missing in English (the
 * zh-TW fallback); keys nobody wrote; bundles added later and language changes.
 */

const files = import.meta.glob<Record<string, unknown>>('../../liff-app/src/**/strings.ts', { eager: true });
const modules = Object.values(files).flatMap((exports) =>
  Object.values(exports).filter((v): v is StringsModule => typeof v === 'object' && v !== null && 'namespace' in v && 'zh-TW' in v && 'en' in v),
);

function leaves(table: StringTable, prefix = ''): [string, string][] {
  return Object.entries(table).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string' ? [[path, value] as [string, string]] : leaves(value, path);
  });
}

async function pair(english: boolean) {
  const options = { ...I18N_OPTIONS, supportedLngs: [...I18N_OPTIONS.supportedLngs], lng: 'zh-TW' };
  const real = i18next.createInstance();
  const lite = createInstance();
  const [app, ...rest] = [...modules].sort((a, b) => a.namespace.localeCompare(b.namespace));
  const appResources = resourcesOf(app!);
  // i18next keeps the init resources by reference and merges later bundles into them: copies, so
  // the string modules other test files read (one worker runs many files) stay as written.
  void real.init({ ...options, resources: { 'zh-TW': { translation: structuredClone(appResources['zh-TW']) } } });
  void lite.init({ ...options, resources: { 'zh-TW': { translation: structuredClone(appResources['zh-TW']) } } });
  for (const instance of [real, lite]) {
    if (english) instance.addResourceBundle('en', 'translation', appResources.en, true, true);
    for (const module of rest) {
      const resources = resourcesOf(module);
      for (const lang of ['zh-TW', 'en'] as const) instance.addResourceBundle(lang, 'translation', resources[lang], true, true);
    }
  }
  return { real, lite };
}

const keys = leaves(resourcesOf(modules.find((m) => m.namespace === '')!)['zh-TW']).concat(
  modules.filter((m) => m.namespace).flatMap((m) => leaves(resourcesOf(m)['zh-TW'])),
);
const variablesOf = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]!))];

describe('the browser build’s i18next stand-in', () => {
  it('has every app string to compare', () => {
    expect(keys.length).toBeGreaterThan(500);
    expect(keys.some(([, text]) => text.includes('{{'))).toBe(true);
  });

  for (const lng of ['zh-TW', 'en'] as const) {
    it(`answers every key as i18next does in ${lng}`, async () => {
      const { real, lite } = await pair(true);
      await real.changeLanguage(lng);
      await lite.changeLanguage(lng);
      expect(lite.language).toBe(real.language);
      expect(lite.resolvedLanguage).toBe(real.resolvedLanguage);
      let compared = 0;
      for (const [key, text] of keys) {
        const names = variablesOf(text);
        const given = Object.fromEntries(names.map((name, i) => [name, i % 2 ? 42 : `«${name}»`]));
        const nulls = Object.fromEntries(names.map((name) => [name, null]));
        const t = real.t as unknown as (key: string, options?: object) => string;
        expect(lite.t(key, given), key).toBe(t(key, given));
        expect(lite.t(key, nulls), key).toBe(t(key, nulls));
        expect(lite.t(key), key).toBe(t(key));
        expect(lite.t(key, { count: 3 }), key).toBe(t(key, { count: 3 }));
        compared++;
      }
      expect(compared).toBe(keys.length);
      for (const missing of ['common.nope', 'nope', 'common', 'common.loading.deeper']) expect(lite.t(missing)).toBe(missing);
    });
  }

  it('falls back to zh-TW until English arrives, and resolves the language as i18next does', async () => {
    const { real, lite } = await pair(false);
    await real.changeLanguage('en');
    await lite.changeLanguage('en');
    const t = real.t as unknown as (key: string) => string;
    // The app's own English is not added: its strings fall back; a lazily loaded part's English is there.
    expect(lite.resolvedLanguage).toBe(real.resolvedLanguage);
    for (const [key] of keys) expect(lite.t(key), key).toBe(t(key));
    const english = resourcesOf(modules.find((m) => m.namespace === '')!).en;
    real.addResourceBundle('en', 'translation', english, true, true);
    lite.addResourceBundle('en', 'translation', english, true, true);
    await real.changeLanguage('en');
    await lite.changeLanguage('en');
    expect(lite.resolvedLanguage).toBe('en');
    expect(lite.t('common.loading')).toBe('Loading…');
    expect(lite.t('common.loading')).toBe(t('common.loading'));
  });

  it('tells languageChanged listeners and keeps a fixed t per language', async () => {
    const lite = createInstance();
    await lite.init({ lng: 'zh-TW', fallbackLng: 'zh-TW', resources: { 'zh-TW': { translation: { a: { b: '甲 {{n}}' } } }, en: { translation: { a: { b: 'A {{n}}' } } } } });
    const seen: unknown[] = [];
    const listener = (lng: unknown) => seen.push(lng);
    lite.on('languageChanged', listener);
    const zh = lite.getFixedT('zh-TW');
    await lite.changeLanguage('en');
    expect(seen).toEqual(['en']);
    expect(lite.t('a.b', { n: 1 })).toBe('A 1');
    expect(zh('a.b', { n: 1 })).toBe('甲 1');
    lite.off('languageChanged', listener);
    await lite.changeLanguage('zh-TW');
    expect(seen).toEqual(['en']);
    // A later bundle merges; it overwrites only when asked.
    lite.addResourceBundle('zh-TW', 'translation', { a: { c: '丙' } });
    lite.addResourceBundle('zh-TW', 'translation', { a: { b: '不' } }, true, false);
    expect([lite.t('a.b', { n: 2 }), lite.t('a.c')]).toEqual(['甲 2', '丙']);
    lite.addResourceBundle('zh-TW', 'translation', { a: { b: '乙' } }, true, true);
    expect(lite.t('a.b')).toBe('乙');
  });
});
