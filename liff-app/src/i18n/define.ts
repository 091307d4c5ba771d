/**
 * The one layout of UI strings. Every strings module (the app's own in strings.ts, each console
 * area's and the claim centre's next to their pages) is written the same way:
 *
 *   const zh = { title: '活動', list: { empty: '還沒有活動' } };
 *   const en: Translation<typeof zh> = { title: 'Campaigns', list: { empty: 'No campaigns yet' } };
 *   export const campaignStrings = defineStrings('camp', zh, en);
 *
 * zh-TW is the source; `Translation<typeof zh>` makes TypeScript refuse an English table with a
 * key missing, a key zh-TW does not have, or a group where zh-TW has a string (tsc --noEmit runs
 * in the checks). test/unit/i18n-keys.test.ts checks the same at run time, and that no string is
 * empty and both languages use the same {{variables}}.
 */

/** A table of strings: nested groups, every leaf a string. */
export interface StringTable {
  [key: string]: string | StringTable;
}

/** The other language's table: exactly the keys of `T`, every leaf a string. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

export interface StringsModule<N extends string = string, T extends StringTable = StringTable> {
  /** The first part of every key of the module (`camp` → t('camp.list.empty')); '' for the app's own top-level groups. */
  namespace: N;
  'zh-TW': T;
  en: Translation<T>;
}

export function defineStrings<const N extends string, T extends StringTable>(namespace: N, zh: T, en: Translation<T>): StringsModule<N, T> {
  return { namespace, 'zh-TW': zh, en };
}

/** The i18next resources of a module, both languages: its tables under its namespace. */
export function resourcesOf(module: StringsModule): Record<'zh-TW' | 'en', StringTable> {
  const wrap = (table: StringTable) => (module.namespace ? { [module.namespace]: table } : table);
  return { 'zh-TW': wrap(module['zh-TW']), en: wrap(module.en as StringTable) };
}
