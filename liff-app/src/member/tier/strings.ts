/** Strings of 會員等級 (/app/tier), under `myTier.*`; added to i18n by the page's own chunk. */
import { defineStrings, type Translation } from '../../i18n/define.ts';

const zh = {
  title: '會員等級',
  current: '目前等級',
  loadFailed: '無法載入會員等級',
  off: '品牌目前沒有會員等級制度',
  spend: 'NT${{amount}}',
  points: '{{amount}} 點',
  counted: {
    rolling: '近 {{months}} 個月累積（{{from}} 起）：{{amount}}',
    calendar_year: '今年累積（{{from}} 起）：{{amount}}',
  },
  progress: {
    spend: '再消費 NT${{amount}} 升等{{tier}}',
    points: '再累積 {{amount}} 點升等{{tier}}',
    top: '您已是最高等級',
  },
  progressLabel: '升等進度',
  evaluation: '{{date}} 重新評估等級',
  keep: {
    spend: '評估前累積滿 NT${{amount}} 即可保留{{tier}}',
    points: '評估前累積滿 {{amount}} 點即可保留{{tier}}',
    met: '已達保級條件，評估後維持{{tier}}',
  },
  grace: '保級寬限至 {{date}}：達標即可保留等級',
  base: '消費即可累積升等，達門檻當下立即升等',
  benefits: '各等級禮遇',
  threshold: {
    spend: '累積消費 NT${{amount}}',
    points: '累積 {{amount}} 點',
    start: '入會即享',
  },
  multiplier: '點數 {{x}} 倍',
  upgradeGift: '升等禮：{{name}}',
  birthdayGift: '生日禮：{{name}}',
  mine: '目前等級',
};
const en: Translation<typeof zh> = {
  title: 'My tier',
  current: 'Current tier',
  loadFailed: 'Could not load your tier',
  off: 'This brand has no tiers right now',
  spend: 'NT${{amount}}',
  points: '{{amount}} points',
  counted: {
    rolling: 'Last {{months}} months (since {{from}}): {{amount}}',
    calendar_year: 'This year (since {{from}}): {{amount}}',
  },
  progress: {
    spend: 'Spend NT${{amount}} more to reach {{tier}}',
    points: 'Earn {{amount}} more points to reach {{tier}}',
    top: 'You are at the top tier',
  },
  progressLabel: 'Progress to the next tier',
  evaluation: 'Your tier is reviewed on {{date}}',
  keep: {
    spend: 'Reach NT${{amount}} by then to keep {{tier}}',
    points: 'Reach {{amount}} points by then to keep {{tier}}',
    met: 'You already keep {{tier}} at the review',
  },
  grace: 'Grace period until {{date}}: reach the amount to keep your tier',
  base: 'Every purchase counts; you are upgraded the moment you reach a threshold',
  benefits: 'Benefits by tier',
  threshold: {
    spend: 'Spend NT${{amount}}',
    points: 'Earn {{amount}} points',
    start: 'From joining',
  },
  multiplier: '{{x}}× points',
  upgradeGift: 'Upgrade gift: {{name}}',
  birthdayGift: 'Birthday gift: {{name}}',
  mine: 'Your tier',
};

export const myTierStrings = defineStrings('myTier', zh, en);
