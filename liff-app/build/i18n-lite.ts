import { resolve } from 'node:path';
import type { Alias } from 'vite';

const LITE = resolve(import.meta.dirname, '../src/i18n/lite');

/**
 * The browser bundle translates with liff-app/src/i18n/lite/ instead of i18next and
 * react-i18next: the same calls (`useTranslation`, `t`, `changeLanguage`, resource bundles) for
 * ~1 kB where the two libraries are ~19 kB gzipped and the largest script a phone evaluates
 * before the wallet's first paint after the renderer (issue 16 item 13). As with Preact
 * (preact-compat.ts), the source, its types and the tests keep the real names; only the build
 * resolves them to the small versions. test/unit/i18n-lite.test.ts holds them to i18next's answers.
 */
export const i18nLiteAliases: Alias[] = [
  { find: /^i18next$/, replacement: resolve(LITE, 'i18next.ts') },
  { find: /^react-i18next$/, replacement: resolve(LITE, 'react-i18next.ts') },
];
