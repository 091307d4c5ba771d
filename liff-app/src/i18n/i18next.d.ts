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
import type { englishVersionStrings } from '../console/english/strings.ts';
import type { memberCardStrings } from '../member/card/strings.ts';
import type { myPointsStrings } from '../member/points/strings.ts';
import type { pointsConsoleStrings } from '../console/points/strings.ts';
import type { giftStrings } from '../member/gifts/strings.ts';
import type { transferConsoleStrings } from '../console/transfers/strings.ts';
import type { insightsStrings } from '../console/insights/strings.ts';
import type { mobileVerifyStrings } from '../member/mobile/strings.ts';
import type { inviteStrings } from '../member/invite/strings.ts';
import type { referralConsoleStrings } from '../console/referrals/strings.ts';
import type { missionStrings } from '../member/missions/strings.ts';
import type { missionConsoleStrings } from '../console/missions/strings.ts';
import type { myTierStrings } from '../member/tier/strings.ts';
import type { tierConsoleStrings } from '../console/tiers/strings.ts';
import type { mallStrings } from '../member/mall/strings.ts';
import type { mallConsoleStrings } from '../console/mall/strings.ts';
import type { richMenuStrings } from '../console/richmenus/strings.ts';
import type { sandboxStrings } from '../sandbox/strings.ts';

type Resources = (typeof appStrings)['zh-TW'] & {
  console: (typeof consoleStrings)['zh-TW'];
  cpn: (typeof couponStrings)['zh-TW'];
  camp: (typeof campaignStrings)['zh-TW'];
  notif: (typeof notificationStrings)['zh-TW'];
  claimCentre: (typeof claimStrings)['zh-TW'];
  enVer: (typeof englishVersionStrings)['zh-TW'];
  memberCard: (typeof memberCardStrings)['zh-TW'];
  myPoints: (typeof myPointsStrings)['zh-TW'];
  pts: (typeof pointsConsoleStrings)['zh-TW'];
  gifts: (typeof giftStrings)['zh-TW'];
  xfer: (typeof transferConsoleStrings)['zh-TW'];
  ins: (typeof insightsStrings)['zh-TW'];
  mobileVerify: (typeof mobileVerifyStrings)['zh-TW'];
  invite: (typeof inviteStrings)['zh-TW'];
  ref: (typeof referralConsoleStrings)['zh-TW'];
  missions: (typeof missionStrings)['zh-TW'];
  msn: (typeof missionConsoleStrings)['zh-TW'];
  myTier: (typeof myTierStrings)['zh-TW'];
  tiersC: (typeof tierConsoleStrings)['zh-TW'];
  mall: (typeof mallStrings)['zh-TW'];
  mallC: (typeof mallConsoleStrings)['zh-TW'];
  rmenu: (typeof richMenuStrings)['zh-TW'];
  sandbox: (typeof sandboxStrings)['zh-TW'];
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}
