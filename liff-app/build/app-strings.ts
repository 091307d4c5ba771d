import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

const PREFIX = 'virtual:app-strings/';
const LANGUAGES = ['zh-TW', 'en'] as const;
const STRINGS = resolve(import.meta.dirname, '../src/i18n/strings.ts');
const DEFINE = resolve(import.meta.dirname, '../src/i18n/define.ts');

/**
 * `virtual:app-strings/zh-TW` and `virtual:app-strings/en`: the app's own strings
 * (liff-app/src/i18n/strings.ts) one language per module, so the first load carries only the
 * language the member reads (liff-app/src/i18n/index.ts loads English when it is chosen). Made
 * from strings.ts at build time: the file keeps both languages side by side, typed against each
 * other, and a new string needs no step to remember.
 */
export function appStringsByLanguage(): Plugin {
  return {
    name: 'app-strings-by-language',
    resolveId(id) {
      return id.startsWith(PREFIX) && (LANGUAGES as readonly string[]).includes(id.slice(PREFIX.length)) ? `\0${id}` : null;
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const lang = id.slice(PREFIX.length + 1) as (typeof LANGUAGES)[number];
      this.addWatchFile(STRINGS);
      const stamp = `?t=${Date.now()}`;
      const [{ appStrings }, { resourcesOf }] = await Promise.all([
        import(`${pathToFileURL(STRINGS).href}${stamp}`) as Promise<typeof import('../src/i18n/strings.ts')>,
        import(pathToFileURL(DEFINE).href) as Promise<typeof import('../src/i18n/define.ts')>,
      ]);
      // JSON.parse of a string literal is quicker for a phone than the same object as code.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(resourcesOf(appStrings)[lang]))});`;
    },
  };
}
