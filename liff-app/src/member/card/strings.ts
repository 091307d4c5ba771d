/**
 * Strings of the member card page (會員條碼), under `memberCard.*`. Added to i18n by the page's
 * own chunk (CardPage.tsx).
 */
import { defineStrings, type Translation } from '../../i18n/define.ts';

const zh = {
  title: '會員條碼',
  intro: '結帳時出示給店員掃描，即可累積點數、查詢會員。',
  qrLabel: '會員 QR Code',
  barcodeLabel: '會員條碼，號碼 {{code}}',
  codeLabel: '條碼號碼',
  memberNo: '會員編號 {{no}}',
  refreshing: '更新中…',
  autoRefresh: '條碼每 30 秒自動更新',
  paused: '已暫停，回到此畫面時自動更新',
  expired: '條碼已逾時',
  loadFailed: '無法取得會員條碼',
  retrying: '連線不穩，正在重試…',
  reload: '重新整理',
  antiScreenshot: '條碼每 30 秒更新一次，截圖無法使用。',
  brightness: '請將螢幕亮度調高，方便掃描',
  points: '點數',
  pointsValue: '{{points}} 點',
  pointsPending: '另有 {{points}} 點待生效',
  pointsExpiry: '{{points}} 點將於 {{date}} 到期',
  pointsUnavailable: '點數暫時無法顯示',
  pointsLink: '查看點數',
};

const en: Translation<typeof zh> = {
  title: 'Member card',
  intro: 'Show this at the till to earn points and be recognised as a member.',
  qrLabel: 'Member QR code',
  barcodeLabel: 'Member barcode, number {{code}}',
  codeLabel: 'Barcode number',
  memberNo: 'Member no. {{no}}',
  refreshing: 'Refreshing…',
  autoRefresh: 'The code refreshes every 30 seconds',
  paused: 'Paused; refreshes when you come back',
  expired: 'This code has expired',
  loadFailed: 'Could not load your member card',
  retrying: 'Weak connection, retrying…',
  reload: 'Reload',
  antiScreenshot: 'The code changes every 30 seconds, so a screenshot will not work.',
  brightness: 'Turn up the screen brightness for scanning',
  points: 'Points',
  pointsValue: '{{points}} pts',
  pointsPending: '{{points}} more pending',
  pointsExpiry: '{{points}} pts expire on {{date}}',
  pointsUnavailable: 'Points are not available right now',
  pointsLink: 'See my points',
};

export const memberCardStrings = defineStrings('memberCard', zh, en);
