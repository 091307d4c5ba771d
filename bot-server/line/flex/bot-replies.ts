import type { messagingApi } from '@line/bot-sdk';
import { GLOSSARY } from '../../../shared/glossary.ts';
import type { WelcomeOffers } from '../../members/welcome.port.ts';
import { readableAccent } from '../../../shared/a11y/contrast.ts';

type FlexMessage = messagingApi.FlexMessage;

/** LINE green deepened so the white text on the header and button reads (5.4:1; #06C755 is 2.26:1). */
const LINE_GREEN = '#067A37';

function ctaBubble(input: {
  eyebrow: string;
  title: string;
  lines: string[];
  cta: { label: string; uri: string };
  secondary?: { label: string; uri: string };
  accent?: string;
}): messagingApi.FlexBubble {
  const accent = readableAccent(input.accent ?? LINE_GREEN);
  return {
    type: 'bubble',
    size: 'mega',
    header: {
      type: 'box',
      layout: 'vertical',
      backgroundColor: accent,
      paddingAll: 'lg',
      contents: [
        { type: 'text', text: input.eyebrow, size: 'xs', color: '#FFFFFF', weight: 'bold' },
        { type: 'text', text: input.title, size: 'xl', color: '#FFFFFF', weight: 'bold', wrap: true, margin: 'sm' },
      ],
    },
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'md',
      paddingAll: 'lg',
      contents: input.lines.map((line) => ({ type: 'text', text: line, size: 'sm', color: '#555555', wrap: true })),
    },
    footer: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [
        { type: 'button', style: 'primary', color: accent, height: 'sm', action: { type: 'uri', label: input.cta.label, uri: input.cta.uri } },
        ...(input.secondary
          ? [{ type: 'button' as const, style: 'link' as const, height: 'sm' as const, action: { type: 'uri' as const, label: input.secondary.label, uri: input.secondary.uri } }]
          : []),
      ],
    },
  };
}

/**
 * What registering brings, said only for what the brand has switched on: 「完成會員註冊，即可領取
 * 入會禮「NT$50 現金券」、在生日當月領取生日禮」; with nothing on, the wallet and claim centre only.
 */
export function registrationBenefits(offers: WelcomeOffers): string {
  const benefits = [
    ...(offers.welcomeGift ? [`領取入會禮「${offers.welcomeGift}」`] : []),
    ...(offers.birthdayGift ? ['在生日當月領取生日禮'] : []),
    ...(offers.points ? ['消費累積點數'] : []),
  ];
  const wallet = GLOSSARY['zh-TW'].wallet;
  return benefits.length > 0 ? `完成會員註冊，即可${benefits.join('、')}。` : `完成會員註冊，即可使用${wallet}與領券中心。`;
}

/** The reply to a new follower: a welcome and the way into registration. */
export function welcomeMessage(input: { brandName: string; displayName: string; registered: boolean; registerUrl: string; walletUrl: string; offers: WelcomeOffers }): FlexMessage {
  const name = input.displayName || '您';
  const bubble = input.registered
    ? ctaBubble({
        eyebrow: input.brandName,
        title: `${name}，歡迎回來！`,
        lines: ['您的會員資料與票券都還在，隨時可以打開票券夾使用。'],
        cta: { label: '打開我的票券', uri: input.walletUrl },
      })
    : ctaBubble({
        eyebrow: input.brandName,
        title: `${name}，歡迎加入！`,
        lines: [registrationBenefits(input.offers), '填寫姓名、手機號碼與生日即可註冊。'],
        cta: { label: '立即註冊會員', uri: input.registerUrl },
      });
  const altText = input.registered || !input.offers.welcomeGift ? `歡迎加入${input.brandName}！` : `歡迎加入${input.brandName}！完成會員註冊即可領取入會禮。`;
  return { type: 'flex', altText, contents: bubble };
}

/** The reply to 「我的票券」: a link into the LIFF wallet. */
export function walletLinkMessage(input: { brandName: string; walletUrl: string; claimUrl: string; lang: 'zh-TW' | 'en' }): FlexMessage {
  const en = input.lang === 'en';
  const bubble = ctaBubble({
    eyebrow: input.brandName,
    title: en ? 'Your coupons' : '我的票券',
    lines: [en ? 'Open your wallet to show a coupon at the counter, or claim new ones.' : '打開票券夾，結帳時出示 QR Code 即可使用；也可以到領券中心領取新優惠。'],
    cta: { label: en ? 'Open my wallet' : '打開票券夾', uri: input.walletUrl },
    secondary: { label: en ? 'Claim coupons' : '前往領券中心', uri: input.claimUrl },
  });
  return { type: 'flex', altText: en ? 'Open your coupon wallet' : '打開我的票券夾', contents: bubble };
}

/** The reply to 「說明」/ help: what the account can do. */
export function helpMessage(input: { brandName: string; walletUrl: string; profileUrl: string }): FlexMessage {
  const bubble = ctaBubble({
    eyebrow: input.brandName,
    title: '可以這樣問我',
    lines: ['・輸入「我的票券」打開票券夾', '・輸入「會員」查看會員資料與點數', '・門市結帳時出示票券 QR Code 即可核銷'],
    cta: { label: '打開票券夾', uri: input.walletUrl },
    secondary: { label: '會員資料', uri: input.profileUrl },
  });
  return { type: 'flex', altText: `${input.brandName}：輸入「我的票券」打開票券夾`, contents: bubble };
}
