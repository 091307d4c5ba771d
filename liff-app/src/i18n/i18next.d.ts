/**
 * Typed keys: t('…') only takes keys the zh-TW tables have, so a typo or a removed string fails
 * `tsc --noEmit`. Every strings module (define.ts) is listed here under its namespace;
 * test/unit/i18n-keys.test.ts fails when one is missing.
 */
import 'i18next';
import type { appStrings } from './strings.ts';
import type { consoleStrings } from '../console/strings.ts';
import type { couponStrings } from '../console/coupons/strings.ts';
import type { campaignStrings } from '../console/campaigns/strings.ts';
import type { notificationStrings } from '../console/notifications/strings.ts';
import type { claimStrings } from '../member/claim/strings.ts';

type Resources = (typeof appStrings)['zh-TW'] & {
  console: (typeof consoleStrings)['zh-TW'];
  cpn: (typeof couponStrings)['zh-TW'];
  camp: (typeof campaignStrings)['zh-TW'];
  notif: (typeof notificationStrings)['zh-TW'];
  claimCentre: (typeof claimStrings)['zh-TW'];
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}
