/**
 * Strings of the English-version fields of the console forms (coupon templates, campaigns,
 * bundles, stores), under `enVer.*`. Added to i18n by EnglishVersion.tsx.
 */
import { defineStrings, type Translation } from '../../i18n/define.ts';

const zh = {
  summary: '英文版（選填）',
  hint: '會員以英文使用時顯示；留白則顯示中文。',
  filled: '已填寫',
  name: '英文名稱',
  terms: '英文使用說明',
  description: '英文說明',
};

const en: Translation<typeof zh> = {
  summary: 'English version (optional)',
  hint: 'Shown to members who use the app in English; left blank, they see the Chinese text.',
  filled: 'filled in',
  name: 'English name',
  terms: 'English terms',
  description: 'English description',
};

export const englishVersionStrings = defineStrings('enVer', zh, en);
