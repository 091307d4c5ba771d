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
  /** Header and button colour; LINE draws white text on it, so it is ≥ 4.5:1 against white (renders deepen a brand's own pick the same way, shared/a11y/contrast.ts). */
  accentColor: string;
  variables: Record<string, VariableDef>;
  defaults: { 'zh-TW': TemplateContent; en: TemplateContent };
  /** Partners may request this kind through the partner API. */
  partner: boolean;
}

const words = (zh: string, en: string) => ({ 'zh-TW': zh, en });

/** A variable: its type, whether a notification must give it, its label and the preview's example. */
function variable<const T extends VariableType, const R extends boolean>(type: T, required: R, zh: string, en: string, example: string | number) {
  return { type, required, label: words(zh, en), example };
}

/** The same variable, required. */
const required = <V extends VariableDef>(v: V) => ({ ...v, required: true as const });

type Wording = [title: string, body: string, ctaLabel: string, altText: string];
const wording = ([title, body, ctaLabel, altText]: Wording): TemplateContent => ({ title, body, ctaLabel, altText });

/**
 * CTA targets are pages the member app has today: until the tier, points, missions, orders and
 * subscription pages exist, their kinds open the nearest real page (profile, home, claim centre,
 * wallet); the issue that adds a page moves its kind's target to it.
 *
 * One kind, a row of the table below: label, priority, the CTA's default target, the accent
 * colour, whether partners may send it, its variables, then the shipped wording in zh-TW and en
 * (title, body, button, notification text).
 */
function kind<const P extends boolean, const V extends Record<string, VariableDef>>(label: [string, string], priority: Priority, ctaTarget: string, accentColor: string, partner: P, variables: V, zh: Wording, en: Wording) {
  return { label: words(...label), priority, ctaTarget, accentColor, variables, defaults: { 'zh-TW': wording(zh), en: wording(en) }, partner };
}

const memberName = variable('text', false, '會員姓名', 'Member name', '王小明');
const points = variable('integer', true, '點數餘額', 'Points balance', 1280);
const couponName = variable('text', true, '票券名稱', 'Coupon name', '草莓蛋糕兌換券');
const expiresAt = variable('date', false, '到期日', 'Expiry date', '2026-12-31T15:59:59Z');

/** Variables every kind can use: filled from the member's record at send time. */
export const MEMBER_VARIABLES = { memberName } as const;

export const KINDS = {
  // Each promise in the welcome is a section that drops when the brand has not switched it on
  // (bot-server/members/welcome.ts fills the variables from what is configured and was issued).
  welcome: kind(['歡迎加入', 'Welcome'], 'transactional', '/wallet', '#067A37', false, {
      welcomeGift: variable('text', false, '入會禮（已放入票券夾）', 'Welcome gift (in the wallet)', 'NT$50 現金券'),
      birthdayGift: variable('text', false, '生日禮活動', 'Birthday gift campaign', '壽星生日禮'),
      pointsOn: variable('text', false, '點數已開啟（有值時顯示）', 'Points on (shown when set)', '1'),
    },
    ['歡迎加入會員！', '{{memberName}} 您好，感謝您完成註冊。{{#welcomeGift}}入會禮「{{welcomeGift}}」已放入您的票券夾，打開看看吧！{{/welcomeGift}}{{#birthdayGift}}生日當月還可以到領券中心領取「{{birthdayGift}}」。{{/birthdayGift}}{{#pointsOn}}消費即可累積點數。{{/pointsOn}}', '打開票券夾', '{{memberName}}，歡迎加入會員！'],
    ['Welcome aboard!', 'Hi {{memberName}}, thanks for registering.{{#welcomeGift}} Your welcome gift "{{welcomeGift}}" is in your wallet.{{/welcomeGift}}{{#birthdayGift}} In your birthday month, claim "{{birthdayGift}}" in the claim centre.{{/birthdayGift}}{{#pointsOn}} Every purchase earns points.{{/pointsOn}}', 'Open my wallet', 'Welcome, {{memberName}}!']),
  tier_upgrade: kind(['升等祝賀', 'Tier upgrade'], 'transactional', '/tier', '#8D711B', false, { newTier: variable('text', true, '新等級', 'New tier', 'VIP') },
    ['恭喜升等 {{newTier}}！', '{{memberName}} 您好，您已升等為 {{newTier}} 會員，更多專屬禮遇等您享受。', '查看等級禮遇', '恭喜 {{memberName}} 升等 {{newTier}}！'],
    ['You are now {{newTier}}!', 'Hi {{memberName}}, you have been upgraded to {{newTier}}. Enjoy your new benefits.', 'See my benefits', 'Congratulations, you are now {{newTier}}!']),
  tier_kept: kind(['等級續等', 'Tier kept'], 'transactional', '/tier', '#8D711B', false, { tierName: variable('text', true, '等級', 'Tier', '金卡'), nextEvaluation: variable('date', true, '下次評估日', 'Next evaluation', '2027-03-10T00:00:00+08:00') },
    ['已續等 {{tierName}}', '{{memberName}} 您好，您已達成續等條件，{{tierName}} 會員資格延續至 {{nextEvaluation}}。', '查看等級禮遇', '您的 {{tierName}} 資格已延續'],
    ['You keep {{tierName}}', 'Hi {{memberName}}, you met the requirement: your {{tierName}} status continues until {{nextEvaluation}}.', 'See my benefits', 'You keep your {{tierName}} status']),
  tier_lowering_notice: kind(['等級保留提醒', 'Tier renewal reminder'], 'transactional', '/tier', '#AD6300', false, { tierName: variable('text', true, '目前等級', 'Current tier', '金卡'), evaluateOn: variable('date', true, '評估日', 'Evaluation date', '2026-03-10T00:00:00+08:00'), shortBy: variable('text', true, '還差', 'Still needed', 'NT$2,300') },
    ['{{tierName}} 資格即將到期', '{{memberName}} 您好，您的 {{tierName}} 將於 {{evaluateOn}} 重新評估，再累積 {{shortBy}} 即可保留等級。', '查看保級條件', '再累積 {{shortBy}} 即可保留 {{tierName}}'],
    ['Keep your {{tierName}} status', 'Hi {{memberName}}, your {{tierName}} status is reviewed on {{evaluateOn}}. {{shortBy}} more keeps it.', 'What keeps my tier', '{{shortBy}} more keeps your {{tierName}} status']),
  tier_lowered: kind(['等級調整', 'Tier changed'], 'transactional', '/tier', '#4B5563', false, { tierName: variable('text', true, '新等級', 'New tier', '銀卡'), previousTier: variable('text', true, '原等級', 'Previous tier', '金卡') },
    ['您的等級已調整為 {{tierName}}', '{{memberName}} 您好，依過去一期的累積，您的會員等級由 {{previousTier}} 調整為 {{tierName}}。再次達標即可立即升等。', '查看升等條件', '您的等級已調整為 {{tierName}}'],
    ['Your tier is now {{tierName}}', 'Hi {{memberName}}, based on the last period your tier changed from {{previousTier}} to {{tierName}}. Reach the threshold again to be upgraded at once.', 'How to upgrade', 'Your tier is now {{tierName}}']),
  points_earned: kind(['累點通知', 'Points earned'], 'transactional', '/points', '#067A37', false, { earned: variable('integer', true, '本次獲得點數', 'Points earned', 20), points, reason: variable('text', false, '原因', 'Reason', '消費 NT$1,000') },
    ['獲得 {{earned}} 點', '{{memberName}} 您好，{{reason}}，獲得 {{earned}} 點，目前共 {{points}} 點。', '查看點數', '您獲得 {{earned}} 點，目前共 {{points}} 點'],
    ['You earned {{earned}} points', 'Hi {{memberName}}, {{reason}} earned you {{earned}} points. Balance: {{points}}.', 'See my points', 'You earned {{earned}} points']),
  coupon_received: kind(['獲得票券', 'Coupon received'], 'transactional', '/wallet', '#067A37', false, {
      couponName,
      expiresAt,
      couponSummary: variable('text', false, '優惠內容', 'What it gives', '滿 NT$1,000 折 NT$100'),
      storeNames: variable('text', false, '限用門市（不限時空白）', 'Stores (empty: all)', '信義店'),
    },
    ['您獲得了一張票券', '{{memberName}} 您好，「{{couponName}}」已放入您的票券夾{{#couponSummary}}（{{couponSummary}}）{{/couponSummary}}{{#expiresAt}}，使用期限至 {{expiresAt}}{{/expiresAt}}。{{#storeNames}}限{{storeNames}}使用。{{/storeNames}}', '查看票券', '您獲得「{{couponName}}」'],
    ['A coupon for you', 'Hi {{memberName}}, "{{couponName}}"{{#couponSummary}} ({{couponSummary}}){{/couponSummary}} is in your wallet{{#expiresAt}}, valid until {{expiresAt}}{{/expiresAt}}.{{#storeNames}} Use it at {{storeNames}}.{{/storeNames}}', 'View coupon', 'You received "{{couponName}}"']),
  coupon_redeemed: kind(['票券已使用', 'Coupon redeemed'], 'transactional', '/wallet?tab=used', '#067A37', false, {
      couponName,
      storeName: variable('text', true, '門市', 'Store', '信義店'),
      storeAddress: variable('text', false, '門市地址', 'Store address', '台北市信義區松高路 11 號'),
      redeemedAt: variable('datetime', true, '使用時間', 'Redeemed at', '2026-11-23T07:30:00Z'),
      discount: variable('money', false, '折抵金額', 'Discount', 50),
      usesLeft: variable('integer', false, '剩餘次數（單次券為 0）', 'Uses left (0 for single-use)', 4),
    },
    ['票券已使用', '{{memberName}} 您好，「{{couponName}}」已於 {{redeemedAt}} 在{{storeName}}使用{{#discount}}，折抵 {{discount}}{{/discount}}{{#usesLeft}}，剩餘 {{usesLeft}} 次{{/usesLeft}}。', '查看紀錄', '「{{couponName}}」已在{{storeName}}使用{{#discount}}，折抵 {{discount}}{{/discount}}'],
    ['Coupon used', 'Hi {{memberName}}, "{{couponName}}" was used at {{storeName}} on {{redeemedAt}}{{#discount}}, taking {{discount}} off{{/discount}}.{{#usesLeft}} Uses left: {{usesLeft}}.{{/usesLeft}}', 'View history', '"{{couponName}}" was used at {{storeName}}']),
  // Gifts (bot-server/transfers): to the sender when the friend accepts (已送達); recipientName is the friend's masked number.
  coupon_transferred: kind(['禮物已送達', 'Gift delivered'], 'transactional', '/gifts?tab=sent', '#067A37', false, { couponName, recipientName: variable('text', true, '受贈者', 'Recipient', '0912***678') },
    ['🎁 禮物已送達', '{{memberName}} 您好，{{recipientName}} 已收下您送的「{{couponName}}」。', '查看送出的禮物', '「{{couponName}}」已送達 {{recipientName}}'],
    ['🎁 Gift delivered', 'Hi {{memberName}}, {{recipientName}} accepted your "{{couponName}}".', 'See gifts I sent', '"{{couponName}}" was delivered to {{recipientName}}']),
  gift_declined: kind(['禮物被婉拒', 'Gift declined'], 'transactional', '/wallet', '#AD6300', false, { couponName, recipientName: variable('text', true, '受贈者', 'Recipient', '0912***678') },
    ['禮物已退回', '{{memberName}} 您好，{{recipientName}} 婉拒了「{{couponName}}」，票券已回到您的票券夾。', '打開票券夾', '「{{couponName}}」已退回您的票券夾'],
    ['Gift returned', 'Hi {{memberName}}, {{recipientName}} declined "{{couponName}}"; it is back in your wallet.', 'Open my wallet', '"{{couponName}}" is back in your wallet']),
  gift_returned: kind(['禮物退回', 'Gift returned'], 'transactional', '/wallet', '#AD6300', false, { couponName, recipientName: variable('text', true, '受贈者', 'Recipient', '0912***678') },
    ['禮物已退回', '{{memberName}} 您好，您送給 {{recipientName}} 的「{{couponName}}」未在期限內被收下，已回到您的票券夾。', '打開票券夾', '「{{couponName}}」已退回您的票券夾'],
    ['Gift returned', 'Hi {{memberName}}, "{{couponName}}" was not accepted by {{recipientName}} in time; it is back in your wallet.', 'Open my wallet', '"{{couponName}}" is back in your wallet']),
  gift_returning: kind(['禮物即將退回', 'Gift about to return'], 'marketing', '/gifts', '#CE416E', false, { couponName, senderName: variable('text', true, '贈送者', 'Sender', '王小明'), returnAt: variable('datetime', true, '退回時間', 'Returns at', '2026-11-30T04:00:00Z') },
    ['⏰ 禮物明天退回', '{{memberName}} 您好，{{senderName}} 送您的「{{couponName}}」將於 {{returnAt}} 退回給對方，記得收下喔！', '收下禮物', '「{{couponName}}」明天就要退回了'],
    ['⏰ Your gift returns tomorrow', 'Hi {{memberName}}, "{{couponName}}" from {{senderName}} goes back to them on {{returnAt}}. Accept it before then!', 'Accept my gift', '"{{couponName}}" returns tomorrow']),
  bundle_received: kind(['大禮包到手', 'Bundle received'], 'transactional', '/wallet', '#CE416E', false, { bundleName: variable('text', true, '禮包名稱', 'Bundle', '生日大禮包'), items: variable('text', true, '內容', 'Contents', 'NT$50 現金券、鞋款 8 折券、滿千折百') },
    ['🎁 {{bundleName}}已入袋', '{{memberName}} 您好，以下票券已放入您的票券夾：{{items}}。', '查看票券', '{{bundleName}}已放入您的票券夾'],
    ['🎁 {{bundleName}} is yours', 'Hi {{memberName}}, these coupons are now in your wallet: {{items}}.', 'View coupons', '{{bundleName}} is in your wallet']),
  birthday_pack: kind(['生日禮領取提醒', 'Birthday pack'], 'marketing', '/claim', '#CE416E', false, { campaignName: variable('text', true, '活動名稱', 'Campaign', '壽星生日禮') },
    ['🎂 生日快樂！', '{{memberName}} 您好，本月壽星專屬的「{{campaignName}}」已準備好，記得在本月內領取喔！', '領取生日禮', '{{memberName}}，您的生日禮已準備好'],
    ['🎂 Happy birthday!', 'Hi {{memberName}}, your "{{campaignName}}" is ready. Claim it before the month ends!', 'Claim my gift', 'Your birthday gift is ready']),
  gift_received: kind(['好友贈禮', 'Gift received'], 'transactional', '/gifts', '#CE416E', false, { couponName, senderName: variable('text', true, '贈送者', 'Sender', '王小明'), expiresAt },
    ['{{senderName}} 送您一份禮物', '{{memberName}} 您好，{{senderName}} 送給您「{{couponName}}」{{#expiresAt}}，使用期限至 {{expiresAt}}{{/expiresAt}}。', '收下禮物', '{{senderName}} 送您「{{couponName}}」'],
    ['{{senderName}} sent you a gift', 'Hi {{memberName}}, {{senderName}} gave you "{{couponName}}"{{#expiresAt}}, valid until {{expiresAt}}{{/expiresAt}}.', 'See my gift', '{{senderName}} sent you "{{couponName}}"']),
  // One message per member for every coupon reaching its last days (bot-server/coupons/expiry-reminders.ts): couponName is the soonest, moreCount/moreCoupons the others.
  coupon_expiring: kind(['票券即將到期', 'Coupon expiring'], 'marketing', '/wallet', '#F08A00', false, { couponName, expiresAt: required(expiresAt), daysLeft: variable('integer', true, '剩餘天數', 'Days left', 3), couponCount: variable('integer', false, '到期票券張數', 'Coupons expiring', 3), moreCount: variable('integer', false, '其他到期張數', 'Other coupons expiring', 2), moreCoupons: variable('text', false, '其他到期票券', 'Other coupons', '「NT$50 現金券」、「滿千折百」') },
    ['⏰ 票券即將到期', '{{memberName}} 您好，「{{couponName}}」將於 {{expiresAt}} 到期{{#moreCount}}；另有 {{moreCount}} 張也快到期：{{moreCoupons}}{{/moreCount}}。別讓優惠溜走！', '馬上使用', '「{{couponName}}」{{#daysLeft}}只剩 {{daysLeft}} 天就到期{{/daysLeft}}{{^daysLeft}}今天到期{{/daysLeft}}{{#moreCount}}（另有 {{moreCount}} 張）{{/moreCount}}'],
    ['⏰ Coupons expiring soon', 'Hi {{memberName}}, "{{couponName}}" expires on {{expiresAt}}{{#moreCount}}; {{moreCount}} more expire soon too: {{moreCoupons}}{{/moreCount}}. Don\'t miss it!', 'Use it now', '"{{couponName}}" {{#daysLeft}}expires in {{daysLeft}} days{{/daysLeft}}{{^daysLeft}}expires today{{/daysLeft}}{{#moreCount}} (+{{moreCount}} more){{/moreCount}}']),
  points_expiring: kind(['點數即將到期', 'Points expiring'], 'marketing', '/points', '#AD6300', false, { expiringPoints: variable('integer', true, '到期點數', 'Expiring points', 300), expiresAt: required(expiresAt) },
    ['⏰ {{expiringPoints}} 點即將到期', '{{memberName}} 您好，您有 {{expiringPoints}} 點將於 {{expiresAt}} 到期，快去兌換好禮！', '用點數兌換', '您有 {{expiringPoints}} 點即將到期'],
    ['⏰ {{expiringPoints}} points expiring', 'Hi {{memberName}}, {{expiringPoints}} points expire on {{expiresAt}}. Redeem them for rewards!', 'Redeem points', '{{expiringPoints}} points are expiring']),
  points_spent: kind(['點數使用', 'Points spent'], 'transactional', '/points', '#067A37', false, { spent: variable('integer', true, '使用點數', 'Points spent', 300), points, reason: variable('text', false, '用途', 'Used for', '信義店點數折抵 NT$300') },
    ['已使用 {{spent}} 點', '{{memberName}} 您好，{{reason}}，使用 {{spent}} 點，目前剩 {{points}} 點。', '查看點數', '您使用了 {{spent}} 點，剩 {{points}} 點'],
    ['You used {{spent}} points', 'Hi {{memberName}}, {{reason}}: {{spent}} points used. Balance: {{points}}.', 'See my points', 'You used {{spent}} points']),
  points_reversed: kind(['退貨扣點', 'Points reversed'], 'transactional', '/points', '#AD6300', false, { reversed: variable('integer', true, '扣回點數', 'Points reversed', 20), points: variable('integer', true, '點數餘額', 'Points balance', 1260), reason: variable('text', false, '原因', 'Reason', '退貨 NT$1,000') },
    ['扣回 {{reversed}} 點', '{{memberName}} 您好，{{reason}}，扣回當次獲得的 {{reversed}} 點，目前可用 {{points}} 點。', '查看點數', '{{reason}}，扣回 {{reversed}} 點'],
    ['{{reversed}} points reversed', 'Hi {{memberName}}, {{reason}}: the {{reversed}} points it earned were taken back. Balance: {{points}}.', 'See my points', '{{reversed}} points reversed for a return']),
  order_status: kind(['訂單動態', 'Order status'], 'transactional', '/wallet', '#2A73D5', true, { orderNo: variable('text', true, '訂單編號', 'Order no.', 'A20261123001'), statusText: variable('text', true, '訂單狀態', 'Status', '已出貨'), detail: variable('text', false, '說明', 'Detail', '預計 2 天內送達') },
    ['訂單{{statusText}}', '{{memberName}} 您好，您的訂單 {{orderNo}} {{statusText}}。{{detail}}', '查看訂單', '訂單 {{orderNo}} {{statusText}}'],
    ['Order {{statusText}}', 'Hi {{memberName}}, your order {{orderNo}} is {{statusText}}. {{detail}}', 'View order', 'Order {{orderNo}}: {{statusText}}']),
  // The mall's paid order (bot-server/mall/checkout.service.ts): sent in the confirming transaction; the CTA is overridden per order to /mall/orders/<id>.
  order_paid: kind(['訂單付款完成', 'Order paid'], 'transactional', '/mall/orders', '#2A73D5', false, { orderNo: variable('text', true, '訂單編號', 'Order no.', 'M20261123-8F3K2Q'), productName: variable('text', true, '商品', 'Product', '拿鐵寄杯 10 杯'), ticketCount: variable('integer', true, '票券張數', 'Tickets', 1), total: variable('text', true, '付款金額', 'Paid', 'NT$1,680 + 300 點') },
    ['付款完成，票券已入帳', '{{memberName}} 您好，訂單 {{orderNo}}「{{productName}}」已付款（{{total}}），{{ticketCount}} 張票券已放入票夾。', '查看訂單', '訂單 {{orderNo}} 已付款，票券已入帳'],
    ['Paid — your tickets are in', 'Hi {{memberName}}, order {{orderNo}} "{{productName}}" is paid ({{total}}); {{ticketCount}} ticket(s) are in your wallet.', 'View order', 'Order {{orderNo}} paid, tickets in your wallet']),
  // The mall's after-sale (bot-server/mall refund*, fulfilment*): each CTA is overridden per order to /mall/orders/<id>, like order_paid.
  order_payment_failed: kind(['付款未完成', 'Payment failed'], 'transactional', '/mall/orders', '#AD6300', false, { orderNo: variable('text', true, '訂單編號', 'Order no.', 'M20261123-8F3K2Q'), productName: variable('text', true, '商品', 'Product', '拿鐵寄杯 10 杯'), reason: variable('text', false, '原因', 'Reason', 'LINE Pay 付款未完成') },
    ['付款未完成', '{{memberName}} 您好，訂單 {{orderNo}}「{{productName}}」付款未完成{{#reason}}（{{reason}}）{{/reason}}，未扣款。訂單若仍在保留期間，可於訂單頁再付款一次。', '查看訂單', '訂單 {{orderNo}} 付款未完成'],
    ['Payment not completed', 'Hi {{memberName}}, the payment for order {{orderNo}} "{{productName}}" did not go through{{#reason}} ({{reason}}){{/reason}}; nothing was charged. If the order is still held, you can pay again from the order page.', 'View order', 'Order {{orderNo}}: payment not completed']),
  order_refund_accepted: kind(['退款受理', 'Refund accepted'], 'transactional', '/mall/orders', '#2A73D5', false, { orderNo: variable('text', true, '訂單編號', 'Order no.', 'M20261123-8F3K2Q'), itemName: variable('text', true, '退款商品', 'Refunded item', '拿鐵寄杯 10 杯'), refundCash: variable('money', true, '退款金額', 'Amount refunded', 1680), refundPoints: variable('integer', false, '退回點數', 'Points returned', 300) },
    ['退款已受理', '{{memberName}} 您好，訂單 {{orderNo}}「{{itemName}}」的退款已受理，票券已作廢{{#refundPoints}}，{{refundPoints}} 點已退回{{/refundPoints}}。{{refundCash}} 將退回您的 LINE Pay 付款方式，完成時會再通知您。', '查看訂單', '訂單 {{orderNo}} 退款已受理'],
    ['Refund accepted', 'Hi {{memberName}}, the refund of "{{itemName}}" (order {{orderNo}}) is accepted and its tickets are void{{#refundPoints}}; {{refundPoints}} points are back{{/refundPoints}}. {{refundCash}} goes back to your LINE Pay payment method; we will tell you when it is done.', 'View order', 'Order {{orderNo}}: refund accepted']),
  order_refund_completed: kind(['退款完成', 'Refund completed'], 'transactional', '/mall/orders', '#067A37', false, { orderNo: variable('text', true, '訂單編號', 'Order no.', 'M20261123-8F3K2Q'), itemName: variable('text', true, '退款商品', 'Refunded item', '拿鐵寄杯 10 杯'), refundCash: variable('money', false, '退款金額', 'Amount refunded', 1680), refundPoints: variable('integer', false, '退回點數', 'Points returned', 300) },
    ['退款完成', '{{memberName}} 您好，訂單 {{orderNo}}「{{itemName}}」已退款完成{{#refundCash}}：{{refundCash}} 已退回 LINE Pay{{/refundCash}}{{#refundPoints}}，{{refundPoints}} 點已退回{{/refundPoints}}。', '查看訂單', '訂單 {{orderNo}} 退款完成'],
    ['Refund completed', 'Hi {{memberName}}, the refund of "{{itemName}}" (order {{orderNo}}) is complete{{#refundCash}}: {{refundCash}} is back on LINE Pay{{/refundCash}}{{#refundPoints}}; {{refundPoints}} points are back{{/refundPoints}}.', 'View order', 'Order {{orderNo}}: refund completed']),
  order_ready: kind(['可取貨通知', 'Ready for pickup'], 'transactional', '/mall/orders', '#067A37', false, { orderNo: variable('text', true, '訂單編號', 'Order no.', 'M20261123-8F3K2Q'), productName: variable('text', true, '商品', 'Product', '88 節套票禮包'), note: variable('text', false, '取貨說明', 'Pickup note', '請至信義店櫃台出示票券') },
    ['商品已可取貨', '{{memberName}} 您好，訂單 {{orderNo}}「{{productName}}」已到貨，可以取貨了。{{note}}', '查看訂單', '訂單 {{orderNo}} 已可取貨'],
    ['Ready for pickup', 'Hi {{memberName}}, "{{productName}}" (order {{orderNo}}) has arrived and is ready for pickup. {{note}}', 'View order', 'Order {{orderNo}} is ready for pickup']),
  order_delayed: kind(['缺貨延遲通知', 'Order delayed'], 'transactional', '/mall/orders', '#AD6300', false, { orderNo: variable('text', true, '訂單編號', 'Order no.', 'M20261123-8F3K2Q'), productName: variable('text', true, '商品', 'Product', '88 節套票禮包'), note: variable('text', true, '延遲原因', 'Why', '原物料缺貨'), expectedDate: variable('date', true, '預計到貨日', 'Expected on', '2026-12-05T00:00:00+08:00') },
    ['訂單延遲出貨', '{{memberName}} 您好，很抱歉，訂單 {{orderNo}}「{{productName}}」因{{note}}延遲，預計 {{expectedDate}} 可取貨。', '查看訂單', '訂單 {{orderNo}} 延遲，預計 {{expectedDate}} 可取貨'],
    ['Your order is delayed', 'Hi {{memberName}}, sorry: "{{productName}}" (order {{orderNo}}) is delayed ({{note}}). We now expect it on {{expectedDate}}.', 'View order', 'Order {{orderNo}} delayed until {{expectedDate}}']),
  subscription_renewal: kind(['訂閱續訂提醒', 'Renewal reminder'], 'transactional', '/wallet', '#765DF5', true, { planName: variable('text', true, '方案', 'Plan', '每日咖啡 30 天方案'), expiresAt: required(expiresAt), daysLeft: variable('integer', false, '剩餘天數', 'Days left', 7) },
    ['您的訂閱方案即將到期', '{{memberName}} 您好，您的訂閱方案「{{planName}}」將於 {{expiresAt}} 到期，立即續訂享現有優惠。', '立即續訂', '「{{planName}}」將於 {{expiresAt}} 到期，立即續訂享現有優惠'],
    ['Your plan is ending soon', 'Hi {{memberName}}, your plan "{{planName}}" ends on {{expiresAt}}. Renew now to keep today\'s price.', 'Renew now', '"{{planName}}" ends on {{expiresAt}}: renew now']),
  subscription_last_day: kind(['訂閱方案最後一天', 'Plan ends today'], 'transactional', '/wallet', '#765DF5', false, { planName: variable('text', true, '方案', 'Plan', '每日咖啡 30 天方案'), expiresAt: required(expiresAt) },
    ['今天是方案最後一天', '{{memberName}} 您好，您的訂閱方案「{{planName}}」今天（{{expiresAt}}）到期，立即續訂享現有優惠，明天照常使用。', '立即續訂', '「{{planName}}」今天到期，立即續訂享現有優惠'],
    ['Your plan ends today', 'Hi {{memberName}}, your plan "{{planName}}" ends today ({{expiresAt}}). Renew now to keep today\'s price and carry on tomorrow.', 'Renew now', '"{{planName}}" ends today: renew now']),
  mission_reward: kind(['任務獎勵', 'Mission reward'], 'transactional', '/missions', '#CE416E', false, { missionName: variable('text', true, '任務名稱', 'Mission', '冬季火鍋任務'), reward: variable('text', true, '獎勵', 'Reward', '100 點') },
    ['🎉 任務完成！', '{{memberName}} 您好，您完成了「{{missionName}}」，獲得 {{reward}}！', '查看獎勵', '完成「{{missionName}}」，獲得 {{reward}}'],
    ['🎉 Mission complete!', 'Hi {{memberName}}, you completed "{{missionName}}" and earned {{reward}}!', 'See my reward', 'You completed "{{missionName}}"']),
  mission_step: kind(['任務進度', 'Mission step done'], 'marketing', '/missions', '#CE416E', false, { missionName: variable('text', true, '任務名稱', 'Mission', '冬日愛吃鍋'), stepName: variable('text', true, '完成的步驟', 'Step done', '購買指定鍋物套餐'), remaining: variable('integer', true, '還差幾項', 'Steps left', 1), reward: variable('text', true, '獎勵', 'Reward', '100 點') },
    ['任務進度更新', '{{memberName}} 您好，您已完成「{{missionName}}」的「{{stepName}}」，還差 {{remaining}} 項就能獲得 {{reward}}！', '查看任務', '「{{missionName}}」還差 {{remaining}} 項'],
    ['Mission progress', 'Hi {{memberName}}, you finished "{{stepName}}" in "{{missionName}}". {{remaining}} more to earn {{reward}}!', 'See my missions', '"{{missionName}}": {{remaining}} more to go']),
  reservation: kind(['訂位通知', 'Reservation'], 'transactional', '/', '#2A73D5', true, { store: variable('text', true, '門市', 'Store', '信義店'), time: variable('datetime', true, '時間', 'Time', '2026-11-28T10:30:00Z'), partySize: variable('integer', true, '人數', 'Party size', 4) },
    ['訂位成功', '{{memberName}} 您好，已為您保留 {{time}} {{store}} {{partySize}} 位，期待您的光臨！', '查看訂位', '訂位成功：{{time}} {{store}} {{partySize}} 位'],
    ['Table booked', 'Hi {{memberName}}, your table for {{partySize}} at {{store}} is booked for {{time}}. See you soon!', 'View booking', 'Booked: {{store}}, {{time}}, {{partySize}} people']),
  third_party: kind(['第三方通知', 'Third-party'], 'transactional', '/', '#067A37', true, { title: variable('text', true, '標題', 'Title', '您的包裹已送達'), body: variable('text', true, '內容', 'Body', '請至信義店櫃台領取。') },
    ['{{title}}', '{{body}}', '查看詳情', '{{title}}'],
    ['{{title}}', '{{body}}', 'Details', '{{title}}']),
  referral_reward: kind(['推薦好友獎勵', 'Referral reward'], 'transactional', '/wallet', '#CE416E', false, { rewardName: variable('text', true, '獎勵', 'Reward', 'NT$100 折價券'), friendName: variable('text', true, '好友', 'Friend', '陳美玲') },
    ['🎉 推薦好友獎勵到手', '{{memberName}} 您好，您與 {{friendName}} 的好友推薦獎勵「{{rewardName}}」已放入您的票券夾。', '查看票券', '好友推薦獎勵「{{rewardName}}」已放入您的票券夾'],
    ['🎉 Your referral reward', 'Hi {{memberName}}, your referral reward with {{friendName}}, "{{rewardName}}", is in your wallet.', 'Open my wallet', 'Your referral reward "{{rewardName}}" is in your wallet']),
} satisfies Record<string, KindDef>;

export type NotificationKind = keyof typeof KINDS;
export const NOTIFICATION_KINDS = Object.keys(KINDS) as NotificationKind[];

export function isNotificationKind(value: string): value is NotificationKind {
  return Object.hasOwn(KINDS, value);
}

/** All variables a kind's template may use: its own plus the member's. */
export function variablesOf(kind: NotificationKind): Record<string, VariableDef> {
  return { ...MEMBER_VARIABLES, ...(KINDS[kind].variables as Record<string, VariableDef>) };
}
