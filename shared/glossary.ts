/**
 * The product's words, defined once. The member app, the console, the sandbox and the server's
 * Flex messages name the same thing the same way: a 7 折 coupon is a 折扣券 in the wallet, in
 * the console and on the claim card; a LINE user who added the account is 已加入好友 (LINE's own
 * words) everywhere. The UI strings modules take these values instead of typing their own
 * (test/unit/glossary.test.ts holds them to it).
 */

export type GlossaryLang = 'zh-TW' | 'en';
export type CouponKindTerm = 'amount_off' | 'percent_off' | 'exchange';

const zh = {
  /** Anything in the wallet, whatever its kind. */
  coupon: '票券',
  /** Where a member's coupons are. */
  wallet: '票券夾',
  /** A set of coupons given together. */
  bundle: '套票',
  /** What a campaign hands out, a coupon or a bundle. */
  offer: '優惠',
  couponKind: {
    /** NT$ off: 「折 NT$100」. */
    amount_off: '折價券',
    /** A percentage off: 「8 折」. */
    percent_off: '折扣券',
    /** An item for free: 「大杯拿鐵兌換券」. */
    exchange: '兌換券',
  },
  follower: {
    /** Followed (added as a friend) the Official Account. */
    following: '已加入好友',
    notFollowing: '未加入好友',
  },
  /** Messages the member may turn off (priority 'marketing'). */
  marketingMessages: '優惠與活動訊息',
  /** A coupon that never expires (a paid 禮券, validity `none`), where others show their end date. */
  noExpiry: '無使用期限',
} as const;

type Glossary = { [K in keyof typeof zh]: (typeof zh)[K] extends string ? string : { [L in keyof (typeof zh)[K]]: string } };

const en: Glossary = {
  coupon: 'Coupon',
  wallet: 'Wallet',
  bundle: 'Bundle',
  offer: 'Offer',
  couponKind: {
    amount_off: 'Amount off',
    percent_off: 'Percent off',
    exchange: 'Voucher',
  },
  follower: {
    following: 'Friend',
    notFollowing: 'Not a friend',
  },
  marketingMessages: 'Offers and news',
  noExpiry: 'No expiry',
};

export const GLOSSARY: Record<GlossaryLang, Glossary> = { 'zh-TW': zh, en };

/** The coupon kind's name: 折價券 / 折扣券 / 兌換券. */
export function couponKindLabel(kind: CouponKindTerm, lang: GlossaryLang): string {
  return GLOSSARY[lang].couponKind[kind];
}

/** 已加入好友 / 未加入好友. */
export function followerLabel(isFollowing: boolean, lang: GlossaryLang): string {
  return GLOSSARY[lang].follower[isFollowing ? 'following' : 'notFollowing'];
}
