import type { TRichMenuPage } from '../api/richmenus.ts';

/** Our member pages an area can open: the app path (a LIFF URL on the server) and the names a marketer reads. */
export const RICH_MENU_PAGE_TARGETS: Record<TRichMenuPage, { path: string; 'zh-TW': string; en: string; icon: string }> = {
  wallet: { path: '/wallet', 'zh-TW': '我的票券', en: 'My coupons', icon: 'ticket' },
  claim: { path: '/claim', 'zh-TW': '領券中心', en: 'Claim centre', icon: 'gift' },
  mall: { path: '/mall', 'zh-TW': '商城', en: 'Mall', icon: 'bag' },
  points: { path: '/points', 'zh-TW': '點數', en: 'Points', icon: 'coin' },
  member_card: { path: '/card', 'zh-TW': '會員卡', en: 'Member card', icon: 'card' },
  tier: { path: '/tier', 'zh-TW': '會員等級', en: 'Tier', icon: 'crown' },
  missions: { path: '/missions', 'zh-TW': '任務', en: 'Missions', icon: 'flag' },
  profile: { path: '/profile', 'zh-TW': '會員資料', en: 'Profile', icon: 'user' },
  register: { path: '/register', 'zh-TW': '加入會員', en: 'Join', icon: 'user' },
};

/**
 * The postback data our webhook answers (bot-server/richmenus/postbacks.ts): `action=<page>`
 * replies with that page's link (a fallback for brands that prefer a postback to a URL).
 */
export const POSTBACK_ACTION_PREFIX = 'action=';
