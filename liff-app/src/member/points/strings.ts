/** Strings of 我的點數 (/app/points), under `myPoints.*`; added to i18n by the page's own chunk. */
import { defineStrings, type Translation } from '../../i18n/define.ts';

const zh = {
  title: '我的點數',
  balance: '可用點數',
  unit: '點',
  pending: '{{count}} 點待生效（退貨期過後可使用）',
  negative: '退貨扣回的點數超過餘額，之後消費獲得的點數會先抵扣',
  expiry: '{{count}} 點將於 {{date}} 到期',
  noExpiry: '目前沒有即將到期的點數',
  off: '品牌目前未開放點數',
  history: '點數紀錄',
  loadMore: '載入更多',
  loadFailed: '無法載入點數',
  emptyTitle: '還沒有點數紀錄',
  emptyBody: '在門市消費時出示會員條碼即可累積點數。',
  type: { earn: '獲得', spend: '使用', expire: '到期', adjust: '調整', reverse: '退貨扣回' },
  pendingUntil: '{{date}} 起可使用',
  expiresOn: '有效至 {{date}}',
  goClaim: '用點數兌換優惠',
};
const en: Translation<typeof zh> = {
  title: 'My points',
  balance: 'Points available',
  unit: 'pts',
  pending: '{{count}} pending (usable after the return window)',
  negative: 'A return took back more points than you had; points you earn next settle it first',
  expiry: '{{count}} points expire on {{date}}',
  noExpiry: 'No points expiring soon',
  off: 'Points are not offered right now',
  history: 'History',
  loadMore: 'Load more',
  loadFailed: 'Could not load your points',
  emptyTitle: 'No points yet',
  emptyBody: 'Show your member card when you pay in store to earn points.',
  type: { earn: 'Earned', spend: 'Used', expire: 'Expired', adjust: 'Adjusted', reverse: 'Return' },
  pendingUntil: 'Usable from {{date}}',
  expiresOn: 'Valid until {{date}}',
  goClaim: 'Use points for offers',
};

export const myPointsStrings = defineStrings('myPoints', zh, en);
