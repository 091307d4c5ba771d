/** Strings of the member's invite (推薦好友), under `invite.*`. */
import { defineStrings, type Translation } from '../../i18n/define.ts';

const zh = {
  title: '邀請好友加入',
  bothRewards: '好友透過您的連結{{when}}，您可獲得「{{referrer}}」，好友可獲得「{{friend}}」。',
  referrerOnly: '好友透過您的連結{{when}}，您可獲得「{{referrer}}」。',
  friendOnly: '好友透過您的連結{{when}}，好友可獲得「{{friend}}」。',
  noRewards: '分享您的專屬連結，邀請好友一起成為會員。',
  whenRegistration: '完成註冊',
  whenFirstRedemption: '註冊並第一次使用票券後',
  cap: '每月最多 {{count}} 位好友可為您帶來獎勵。',
  rules: '每位好友只算一次，以好友最先開啟的邀請連結為準；曾註冊過的手機號碼不列入。',
  share: '用 LINE 分享',
  copy: '複製邀請連結',
  copied: '已複製連結',
  linkLabel: '您的邀請連結',
  stats: '已有 {{registered}} 位好友加入，{{rewarded}} 位已帶來獎勵',
  loadFailed: '無法載入邀請連結',
  flexTitle: '一起加入 {{brand}} 會員',
  flexBody: '{{name}} 邀請您加入會員，註冊即享會員優惠。',
  flexCta: '加入會員',
  flexAlt: '{{name}} 邀請您加入 {{brand}} 會員',
};

const en: Translation<typeof zh> = {
  title: 'Invite friends',
  bothRewards: 'When a friend {{when}} through your link, you get "{{referrer}}" and your friend gets "{{friend}}".',
  referrerOnly: 'When a friend {{when}} through your link, you get "{{referrer}}".',
  friendOnly: 'When a friend {{when}} through your link, your friend gets "{{friend}}".',
  noRewards: 'Share your own link and invite friends to become members.',
  whenRegistration: 'registers',
  whenFirstRedemption: 'registers and first uses a coupon',
  cap: 'Up to {{count}} friends a month can earn you a reward.',
  rules: 'Each friend counts once, for the first invite link they open; numbers registered before do not count.',
  share: 'Share on LINE',
  copy: 'Copy invite link',
  copied: 'Link copied',
  linkLabel: 'Your invite link',
  stats: '{{registered}} friends joined, {{rewarded}} earned you a reward',
  loadFailed: 'Could not load your invite link',
  flexTitle: 'Join {{brand}} as a member',
  flexBody: '{{name}} invites you to become a member and enjoy member offers.',
  flexCta: 'Join now',
  flexAlt: '{{name}} invites you to join {{brand}}',
};

export const inviteStrings = defineStrings('invite', zh, en);
