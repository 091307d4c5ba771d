/**
 * Strings of the claim centre (領券中心), under `claimCentre.*`. Added to i18n by the page's own
 * chunk (see ClaimCentre.tsx), the way the console's notification pages add theirs.
 */
import { GLOSSARY } from '../../../../shared/glossary.ts';
import { defineStrings, type Translation } from '../../i18n/define.ts';

const zh = {
  title: '領券中心',
  intro: '領取會員專屬優惠，或輸入兌換碼換取票券。',
  code: {
    title: '輸入兌換碼',
    hint: '活動、實體卡或合作品牌提供的兌換碼，英文大小寫皆可',
    label: '兌換碼',
    placeholder: '例如 WINTER2026',
    submit: '兌換',
    submitting: '兌換中…',
    empty: '請輸入兌換碼',
    locked: '錯誤次數過多，請 {{count}} 分鐘後再試',
    lockedShort: '暫時鎖定',
  },
  birthday: {
    title: '本月壽星專屬',
    intro: '生日快樂！這個月送您的禮物，記得領取。',
  },
  offers: {
    title: '可領取的優惠',
    count: '{{count}} 項',
    emptyTitle: '目前沒有可領取的優惠',
    emptyBody: '新的優惠上架後會出現在這裡。',
    loadFailed: '無法載入優惠',
  },
  card: {
    kindBundle: GLOSSARY['zh-TW'].bundle,
    kindCoupon: GLOSSARY['zh-TW'].coupon,
    contains: '套票內含：',
    item: '{{name}} ×{{quantity}}',
    itemSeparator: '、',
    endsAt: '{{date}} 截止',
    stockLow: '剩 {{count}} 張',
    soldOut: '已領完',
    mine: '已領 {{count}}/{{limit}}',
    claim: '領取',
    claimed: '已領取',
    claimLabel: '領取「{{name}}」',
    claiming: '領取中…',
    unavailable: '無法領取',
    price: '{{formatted}} 點',
    priceLabel: '兌換需 {{formatted}} 點',
    pointsShort: '還差 {{formatted}} 點',
    redeem: '用 {{formatted}} 點兌換',
    redeemLabel: '用 {{formatted}} 點兌換「{{name}}」',
  },
  points: {
    label: '我的點數',
    balanceLabel: '可用點數',
    amount: '{{formatted}} 點',
    history: '點數明細',
    short: '點數不足',
  },
  sheet: {
    title: '領取成功！',
    body: '「{{campaign}}」的票券已放入您的票券夾',
    pointsSpent: '已使用 {{spent}} 點，剩餘 {{balance}} 點',
    coupons: '獲得的票券',
    view: '查看票券',
    close: '繼續逛逛',
    closeLabel: '關閉',
  },
  toast: {
    dismiss: '關閉訊息',
  },
};

const en: Translation<typeof zh> = {
  title: 'Get coupons',
  intro: 'Claim member offers, or type a redemption code to get a coupon.',
  code: {
    title: 'Redemption code',
    hint: 'From a campaign, a gift card or a partner brand; upper or lower case both work',
    label: 'Redemption code',
    placeholder: 'e.g. WINTER2026',
    submit: 'Redeem',
    submitting: 'Redeeming…',
    empty: 'Enter a code',
    locked: 'Too many wrong attempts; try again in {{count}} min',
    lockedShort: 'Locked',
  },
  birthday: {
    title: 'Birthday treats this month',
    intro: 'Happy birthday! Here is a gift for you this month.',
  },
  offers: {
    title: 'Offers for you',
    count: '{{count}}',
    emptyTitle: 'No offers to claim right now',
    emptyBody: 'New offers will appear here.',
    loadFailed: 'Could not load the offers',
  },
  card: {
    kindBundle: GLOSSARY.en.bundle,
    kindCoupon: GLOSSARY.en.coupon,
    contains: 'Includes: ',
    item: '{{name}} ×{{quantity}}',
    itemSeparator: ', ',
    endsAt: 'Ends {{date}}',
    stockLow: '{{count}} left',
    soldOut: 'All gone',
    mine: 'Claimed {{count}}/{{limit}}',
    claim: 'Claim',
    claimed: 'Claimed',
    claimLabel: 'Claim “{{name}}”',
    claiming: 'Claiming…',
    unavailable: 'Not available',
    price: '{{formatted}} pts',
    priceLabel: 'Costs {{formatted}} points',
    pointsShort: '{{formatted}} more points needed',
    redeem: 'Use {{formatted}} points',
    redeemLabel: 'Use {{formatted}} points for “{{name}}”',
  },
  points: {
    label: 'My points',
    balanceLabel: 'Points available',
    amount: '{{formatted}} pts',
    history: 'Points history',
    short: 'Not enough points',
  },
  sheet: {
    title: 'Claimed!',
    body: 'The coupons of “{{campaign}}” are in your wallet',
    pointsSpent: '{{spent}} points used, {{balance}} left',
    coupons: 'You got',
    view: 'View coupons',
    close: 'Keep browsing',
    closeLabel: 'Close',
  },
  toast: {
    dismiss: 'Dismiss',
  },
};

export const claimStrings = defineStrings('claimCentre', zh, en);
