/**
 * The notification kinds, the variables each declares and the templates shipped with them.
 * Features emit a kind with variables; the brand edits the wording in the console.
 */

export type VariableType = 'text' | 'date' | 'datetime' | 'money' | 'integer';

export interface VariableDef {
  type: VariableType;
  /** Required variables must be given when the notification is requested. */
  required: boolean;
  label: { 'zh-TW': string; en: string };
  /** An example value, used by the console preview when no real data is at hand. */
  example: string | number;
}

export type Priority = 'transactional' | 'marketing';

export interface TemplateContent {
  title: string;
  body: string;
  ctaLabel: string;
  altText: string;
}

export interface KindDef {
  label: { 'zh-TW': string; en: string };
  priority: Priority;
  /** Where the CTA leads by default: a LIFF path of ours (starting with /) or an https URL. */
  ctaTarget: string;
  accentColor: string;
  variables: Record<string, VariableDef>;
  defaults: { 'zh-TW': TemplateContent; en: TemplateContent };
  /** Partners may request this kind through the partner API. */
  partner: boolean;
}

const memberName: VariableDef = { type: 'text', required: false, label: { 'zh-TW': '會員姓名', en: 'Member name' }, example: '王小明' };
const points: VariableDef = { type: 'integer', required: true, label: { 'zh-TW': '點數餘額', en: 'Points balance' }, example: 1280 };
const couponName: VariableDef = { type: 'text', required: true, label: { 'zh-TW': '票券名稱', en: 'Coupon name' }, example: '草莓蛋糕兌換券' };
const expiresAt: VariableDef = { type: 'date', required: false, label: { 'zh-TW': '到期日', en: 'Expiry date' }, example: '2026-12-31T15:59:59Z' };

/** Variables every kind can use: filled from the member's record at send time. */
export const MEMBER_VARIABLES = { memberName } as const;

export const KINDS = {
  welcome: {
    label: { 'zh-TW': '歡迎加入', en: 'Welcome' },
    priority: 'transactional',
    ctaTarget: '/wallet',
    accentColor: '#06C755',
    variables: {},
    defaults: {
      'zh-TW': { title: '歡迎加入會員！', body: '{{memberName}} 您好，感謝您完成註冊。專屬優惠已準備好，打開票券夾看看吧！', ctaLabel: '打開票券夾', altText: '{{memberName}}，歡迎加入會員！' },
      en: { title: 'Welcome aboard!', body: 'Hi {{memberName}}, thanks for registering. Your member offers are waiting in your wallet.', ctaLabel: 'Open my wallet', altText: 'Welcome, {{memberName}}!' },
    },
    partner: false,
  },
  tier_upgrade: {
    label: { 'zh-TW': '升等祝賀', en: 'Tier upgrade' },
    priority: 'transactional',
    ctaTarget: '/tier',
    accentColor: '#C9A227',
    variables: { newTier: { type: 'text', required: true, label: { 'zh-TW': '新等級', en: 'New tier' }, example: 'VIP' } },
    defaults: {
      'zh-TW': { title: '恭喜升等 {{newTier}}！', body: '{{memberName}} 您好，您已升等為 {{newTier}} 會員，更多專屬禮遇等您享受。', ctaLabel: '查看等級禮遇', altText: '恭喜 {{memberName}} 升等 {{newTier}}！' },
      en: { title: 'You are now {{newTier}}!', body: 'Hi {{memberName}}, you have been upgraded to {{newTier}}. Enjoy your new benefits.', ctaLabel: 'See my benefits', altText: 'Congratulations, you are now {{newTier}}!' },
    },
    partner: false,
  },
  points_earned: {
    label: { 'zh-TW': '累點通知', en: 'Points earned' },
    priority: 'transactional',
    ctaTarget: '/points',
    accentColor: '#06C755',
    variables: {
      earned: { type: 'integer', required: true, label: { 'zh-TW': '本次獲得點數', en: 'Points earned' }, example: 20 },
      points,
      reason: { type: 'text', required: false, label: { 'zh-TW': '原因', en: 'Reason' }, example: '消費 NT$1,000' },
    },
    defaults: {
      'zh-TW': { title: '獲得 {{earned}} 點', body: '{{memberName}} 您好，{{reason}}，獲得 {{earned}} 點，目前共 {{points}} 點。', ctaLabel: '查看點數', altText: '您獲得 {{earned}} 點，目前共 {{points}} 點' },
      en: { title: 'You earned {{earned}} points', body: 'Hi {{memberName}}, {{reason}} earned you {{earned}} points. Balance: {{points}}.', ctaLabel: 'See my points', altText: 'You earned {{earned}} points' },
    },
    partner: false,
  },
  coupon_received: {
    label: { 'zh-TW': '獲得票券', en: 'Coupon received' },
    priority: 'transactional',
    ctaTarget: '/wallet',
    accentColor: '#06C755',
    variables: { couponName, expiresAt },
    defaults: {
      'zh-TW': { title: '您獲得了一張票券', body: '{{memberName}} 您好，「{{couponName}}」已放入您的票券夾，使用期限至 {{expiresAt}}。', ctaLabel: '查看票券', altText: '您獲得「{{couponName}}」' },
      en: { title: 'A coupon for you', body: 'Hi {{memberName}}, "{{couponName}}" is in your wallet, valid until {{expiresAt}}.', ctaLabel: 'View coupon', altText: 'You received "{{couponName}}"' },
    },
    partner: false,
  },
  coupon_redeemed: {
    label: { 'zh-TW': '票券已使用', en: 'Coupon redeemed' },
    priority: 'transactional',
    ctaTarget: '/wallet?tab=used',
    accentColor: '#06C755',
    variables: {
      couponName,
      storeName: { type: 'text', required: true, label: { 'zh-TW': '門市', en: 'Store' }, example: '信義店' },
      redeemedAt: { type: 'datetime', required: true, label: { 'zh-TW': '使用時間', en: 'Redeemed at' }, example: '2026-11-23T07:30:00Z' },
      usesLeft: { type: 'integer', required: false, label: { 'zh-TW': '剩餘次數', en: 'Uses left' }, example: 4 },
    },
    defaults: {
      'zh-TW': { title: '票券已使用', body: '{{memberName}} 您好，「{{couponName}}」已於 {{redeemedAt}} 在{{storeName}}使用，剩餘 {{usesLeft}} 次。', ctaLabel: '查看紀錄', altText: '「{{couponName}}」已在{{storeName}}使用' },
      en: { title: 'Coupon used', body: 'Hi {{memberName}}, "{{couponName}}" was used at {{storeName}} on {{redeemedAt}}. Uses left: {{usesLeft}}.', ctaLabel: 'View history', altText: '"{{couponName}}" was used at {{storeName}}' },
    },
    partner: false,
  },
  coupon_transferred: {
    label: { 'zh-TW': '轉贈成功', en: 'Coupon sent' },
    priority: 'transactional',
    ctaTarget: '/wallet?tab=used',
    accentColor: '#06C755',
    variables: { couponName, recipientName: { type: 'text', required: true, label: { 'zh-TW': '受贈者', en: 'Recipient' }, example: '陳美玲' } },
    defaults: {
      'zh-TW': { title: '轉贈成功', body: '{{memberName}} 您好，您已將「{{couponName}}」送給 {{recipientName}}。', ctaLabel: '查看票券夾', altText: '「{{couponName}}」已送給 {{recipientName}}' },
      en: { title: 'Gift sent', body: 'Hi {{memberName}}, you sent "{{couponName}}" to {{recipientName}}.', ctaLabel: 'Open my wallet', altText: '"{{couponName}}" was sent to {{recipientName}}' },
    },
    partner: false,
  },
  bundle_received: {
    label: { 'zh-TW': '大禮包到手', en: 'Bundle received' },
    priority: 'transactional',
    ctaTarget: '/wallet',
    accentColor: '#E5487A',
    variables: {
      bundleName: { type: 'text', required: true, label: { 'zh-TW': '禮包名稱', en: 'Bundle' }, example: '生日大禮包' },
      items: { type: 'text', required: true, label: { 'zh-TW': '內容', en: 'Contents' }, example: 'NT$50 現金券、鞋款 8 折券、滿千折百' },
    },
    defaults: {
      'zh-TW': { title: '🎁 {{bundleName}}已入袋', body: '{{memberName}} 您好，以下票券已放入您的票券夾：{{items}}。', ctaLabel: '查看票券', altText: '{{bundleName}}已放入您的票券夾' },
      en: { title: '🎁 {{bundleName}} is yours', body: 'Hi {{memberName}}, these coupons are now in your wallet: {{items}}.', ctaLabel: 'View coupons', altText: '{{bundleName}} is in your wallet' },
    },
    partner: false,
  },
  birthday_pack: {
    label: { 'zh-TW': '生日禮領取提醒', en: 'Birthday pack' },
    priority: 'marketing',
    ctaTarget: '/claim',
    accentColor: '#E5487A',
    variables: { campaignName: { type: 'text', required: true, label: { 'zh-TW': '活動名稱', en: 'Campaign' }, example: '壽星生日禮' } },
    defaults: {
      'zh-TW': { title: '🎂 生日快樂！', body: '{{memberName}} 您好，本月壽星專屬的「{{campaignName}}」已準備好，記得在本月內領取喔！', ctaLabel: '領取生日禮', altText: '{{memberName}}，您的生日禮已準備好' },
      en: { title: '🎂 Happy birthday!', body: 'Hi {{memberName}}, your "{{campaignName}}" is ready. Claim it before the month ends!', ctaLabel: 'Claim my gift', altText: 'Your birthday gift is ready' },
    },
    partner: false,
  },
  gift_received: {
    label: { 'zh-TW': '好友贈禮', en: 'Gift received' },
    priority: 'transactional',
    ctaTarget: '/wallet',
    accentColor: '#E5487A',
    variables: { couponName, senderName: { type: 'text', required: true, label: { 'zh-TW': '贈送者', en: 'Sender' }, example: '王小明' }, expiresAt },
    defaults: {
      'zh-TW': { title: '{{senderName}} 送您一份禮物', body: '{{memberName}} 您好，{{senderName}} 送給您「{{couponName}}」，使用期限至 {{expiresAt}}。', ctaLabel: '收下禮物', altText: '{{senderName}} 送您「{{couponName}}」' },
      en: { title: '{{senderName}} sent you a gift', body: 'Hi {{memberName}}, {{senderName}} gave you "{{couponName}}", valid until {{expiresAt}}.', ctaLabel: 'See my gift', altText: '{{senderName}} sent you "{{couponName}}"' },
    },
    partner: false,
  },
  coupon_expiring: {
    label: { 'zh-TW': '票券即將到期', en: 'Coupon expiring' },
    priority: 'marketing',
    ctaTarget: '/wallet',
    accentColor: '#F08A00',
    variables: { couponName, expiresAt: { ...expiresAt, required: true }, daysLeft: { type: 'integer', required: true, label: { 'zh-TW': '剩餘天數', en: 'Days left' }, example: 3 } },
    defaults: {
      'zh-TW': { title: '⏰ 票券只剩 {{daysLeft}} 天', body: '{{memberName}} 您好，「{{couponName}}」將於 {{expiresAt}} 到期，別讓優惠溜走！', ctaLabel: '馬上使用', altText: '「{{couponName}}」只剩 {{daysLeft}} 天就到期' },
      en: { title: '⏰ {{daysLeft}} days left', body: 'Hi {{memberName}}, "{{couponName}}" expires on {{expiresAt}}. Don\'t miss it!', ctaLabel: 'Use it now', altText: '"{{couponName}}" expires in {{daysLeft}} days' },
    },
    partner: false,
  },
  points_expiring: {
    label: { 'zh-TW': '點數即將到期', en: 'Points expiring' },
    priority: 'marketing',
    ctaTarget: '/points',
    accentColor: '#F08A00',
    variables: {
      expiringPoints: { type: 'integer', required: true, label: { 'zh-TW': '到期點數', en: 'Expiring points' }, example: 300 },
      expiresAt: { ...expiresAt, required: true },
    },
    defaults: {
      'zh-TW': { title: '⏰ {{expiringPoints}} 點即將到期', body: '{{memberName}} 您好，您有 {{expiringPoints}} 點將於 {{expiresAt}} 到期，快去兌換好禮！', ctaLabel: '用點數兌換', altText: '您有 {{expiringPoints}} 點即將到期' },
      en: { title: '⏰ {{expiringPoints}} points expiring', body: 'Hi {{memberName}}, {{expiringPoints}} points expire on {{expiresAt}}. Redeem them for rewards!', ctaLabel: 'Redeem points', altText: '{{expiringPoints}} points are expiring' },
    },
    partner: false,
  },
  order_status: {
    label: { 'zh-TW': '訂單動態', en: 'Order status' },
    priority: 'transactional',
    ctaTarget: '/orders',
    accentColor: '#2F80ED',
    variables: {
      orderNo: { type: 'text', required: true, label: { 'zh-TW': '訂單編號', en: 'Order no.' }, example: 'A20261123001' },
      statusText: { type: 'text', required: true, label: { 'zh-TW': '訂單狀態', en: 'Status' }, example: '已出貨' },
      detail: { type: 'text', required: false, label: { 'zh-TW': '說明', en: 'Detail' }, example: '預計 2 天內送達' },
    },
    defaults: {
      'zh-TW': { title: '訂單{{statusText}}', body: '{{memberName}} 您好，您的訂單 {{orderNo}} {{statusText}}。{{detail}}', ctaLabel: '查看訂單', altText: '訂單 {{orderNo}} {{statusText}}' },
      en: { title: 'Order {{statusText}}', body: 'Hi {{memberName}}, your order {{orderNo}} is {{statusText}}. {{detail}}', ctaLabel: 'View order', altText: 'Order {{orderNo}}: {{statusText}}' },
    },
    partner: true,
  },
  subscription_renewal: {
    label: { 'zh-TW': '訂閱續訂提醒', en: 'Renewal reminder' },
    priority: 'transactional',
    ctaTarget: '/subscriptions',
    accentColor: '#7B61FF',
    variables: {
      planName: { type: 'text', required: true, label: { 'zh-TW': '方案', en: 'Plan' }, example: '每月咖啡訂閱' },
      expiresAt: { ...expiresAt, required: true },
    },
    defaults: {
      'zh-TW': { title: '您的訂閱即將到期', body: '{{memberName}} 您好，「{{planName}}」將於 {{expiresAt}} 到期，續訂即可不間斷享受。', ctaLabel: '立即續訂', altText: '「{{planName}}」即將到期，記得續訂' },
      en: { title: 'Your plan is ending soon', body: 'Hi {{memberName}}, "{{planName}}" ends on {{expiresAt}}. Renew to keep enjoying it.', ctaLabel: 'Renew now', altText: '"{{planName}}" ends soon' },
    },
    partner: true,
  },
  mission_reward: {
    label: { 'zh-TW': '任務獎勵', en: 'Mission reward' },
    priority: 'transactional',
    ctaTarget: '/missions',
    accentColor: '#E5487A',
    variables: {
      missionName: { type: 'text', required: true, label: { 'zh-TW': '任務名稱', en: 'Mission' }, example: '冬季火鍋任務' },
      reward: { type: 'text', required: true, label: { 'zh-TW': '獎勵', en: 'Reward' }, example: '100 點' },
    },
    defaults: {
      'zh-TW': { title: '🎉 任務完成！', body: '{{memberName}} 您好，您完成了「{{missionName}}」，獲得 {{reward}}！', ctaLabel: '查看獎勵', altText: '完成「{{missionName}}」，獲得 {{reward}}' },
      en: { title: '🎉 Mission complete!', body: 'Hi {{memberName}}, you completed "{{missionName}}" and earned {{reward}}!', ctaLabel: 'See my reward', altText: 'You completed "{{missionName}}"' },
    },
    partner: false,
  },
  reservation: {
    label: { 'zh-TW': '訂位通知', en: 'Reservation' },
    priority: 'transactional',
    ctaTarget: '/app',
    accentColor: '#2F80ED',
    variables: {
      store: { type: 'text', required: true, label: { 'zh-TW': '門市', en: 'Store' }, example: '信義店' },
      time: { type: 'datetime', required: true, label: { 'zh-TW': '時間', en: 'Time' }, example: '2026-11-28T10:30:00Z' },
      partySize: { type: 'integer', required: true, label: { 'zh-TW': '人數', en: 'Party size' }, example: 4 },
    },
    defaults: {
      'zh-TW': { title: '訂位成功', body: '{{memberName}} 您好，已為您保留 {{time}} {{store}} {{partySize}} 位，期待您的光臨！', ctaLabel: '查看訂位', altText: '訂位成功：{{time}} {{store}} {{partySize}} 位' },
      en: { title: 'Table booked', body: 'Hi {{memberName}}, your table for {{partySize}} at {{store}} is booked for {{time}}. See you soon!', ctaLabel: 'View booking', altText: 'Booked: {{store}}, {{time}}, {{partySize}} people' },
    },
    partner: true,
  },
  third_party: {
    label: { 'zh-TW': '第三方通知', en: 'Third-party' },
    priority: 'transactional',
    ctaTarget: '/app',
    accentColor: '#06C755',
    variables: {
      title: { type: 'text', required: true, label: { 'zh-TW': '標題', en: 'Title' }, example: '您的包裹已送達' },
      body: { type: 'text', required: true, label: { 'zh-TW': '內容', en: 'Body' }, example: '請至信義店櫃台領取。' },
    },
    defaults: {
      'zh-TW': { title: '{{title}}', body: '{{body}}', ctaLabel: '查看詳情', altText: '{{title}}' },
      en: { title: '{{title}}', body: '{{body}}', ctaLabel: 'Details', altText: '{{title}}' },
    },
    partner: true,
  },
} as const satisfies Record<string, KindDef>;

export type NotificationKind = keyof typeof KINDS;
export const NOTIFICATION_KINDS = Object.keys(KINDS) as NotificationKind[];

export function isNotificationKind(value: string): value is NotificationKind {
  return Object.hasOwn(KINDS, value);
}

/** All variables a kind's template may use: its own plus the member's. */
export function variablesOf(kind: NotificationKind): Record<string, VariableDef> {
  return { ...MEMBER_VARIABLES, ...(KINDS[kind].variables as Record<string, VariableDef>) };
}
