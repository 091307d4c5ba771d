/** The app's own strings in one language, made at build time from strings.ts (liff-app/build/app-strings.ts). */
declare module 'virtual:app-strings/zh-TW' {
  import type { StringTable } from './define.ts';

  const table: StringTable;
  export default table;
}
declare module 'virtual:app-strings/en' {
  import type { StringTable } from './define.ts';

  const table: StringTable;
  export default table;
}
