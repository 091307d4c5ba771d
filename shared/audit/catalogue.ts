/**
 * What the audit log says, in the brand's words: every action the code base writes, every kind
 * of target (with where it lives in the console) and the fields a before → after diff names.
 * Pure, for both sides: the server presents labels in the caller's language, the console uses
 * the same table. test/unit/audit-catalogue.test.ts scans bot-server/ for every `writeAudit`
 * action and fails when one has no label here.
 */

export type AuditLang = 'zh-TW' | 'en';
export interface Bilingual {
  'zh-TW': string;
  en: string;
}

const l = (zh: string, en: string): Bilingual => ({ 'zh-TW': zh, en });

export const AUDIT_ACTIONS = {
  'admin.grant': l('授予管理員', 'Admin granted'),
  'admin.revoke': l('移除管理員', 'Admin revoked'),
  'staff.update': l('變更服務門市', 'Staff stores changed'),
  'store.create': l('新增門市', 'Store added'),
  'store.update': l('更新門市', 'Store updated'),
  'template.update': l('更新通知範本', 'Notification template updated'),
  'template.reset': l('重設通知範本', 'Notification template reset'),
  'apikey.create': l('建立 API 金鑰', 'API key created'),
  'apikey.revoke': l('撤銷 API 金鑰', 'API key revoked'),
  'coupon_template.create': l('新增票券範本', 'Coupon template created'),
  'coupon_template.update': l('更新票券範本', 'Coupon template updated'),
  'coupon_template.archive': l('封存票券範本', 'Coupon template archived'),
  'coupon.issue': l('發券', 'Coupon issued'),
  'coupon.void': l('作廢票券', 'Coupon voided'),
  'coupon_codes.import': l('匯入合作券號', 'Partner codes imported'),
  'bundle.create': l('新增套票', 'Bundle created'),
  'campaign.create': l('建立活動', 'Campaign created'),
  'campaign.archive': l('封存活動', 'Campaign archived'),
  'auto_issue.update': l('更新自動發券', 'Auto-issue changed'),
  'auto_issue.skipped': l('自動發券未發出', 'Auto-issue skipped'),
  'bulk_issue.create': l('建立批次發券', 'Bulk issue created'),
  'bulk_issue.cancel': l('取消批次發券', 'Bulk issue cancelled'),
  'bulk_schedule.create': l('建立每月批次發券', 'Monthly bulk issue scheduled'),
  'bulk_schedule.cancel': l('停止每月批次發券', 'Monthly bulk issue stopped'),
  'coupon_reminders.update': l('更新到期提醒設定', 'Expiry reminders changed'),
  'gift_settings.update': l('更新轉贈設定', 'Gift settings changed'),
  'points.settings.update': l('更新點數設定', 'Points settings changed'),
  'points.adjust': l('調整會員點數', 'Points adjusted'),
  'referrals.update': l('更新推薦設定', 'Referral settings changed'),
  'tier.settings.update': l('更新會員等級設定', 'Tier programme changed'),
  'tier.assign': l('手動調整會員等級', 'Tier assigned by hand'),
  'tier.gift_skipped': l('等級禮未發出', 'Tier gift skipped'),
  'mission.create': l('建立闖關任務', 'Mission created'),
  'mission.update': l('更新闖關任務', 'Mission updated'),
  'richmenu.version_create': l('建立圖文選單版本', 'Rich menu version created'),
  'richmenu.version_update': l('更新圖文選單版本', 'Rich menu version updated'),
  'richmenu.image_upload': l('上傳圖文選單圖片', 'Rich menu image uploaded'),
  'richmenu.publish': l('發布圖文選單', 'Rich menu published'),
  'richmenu.rollback': l('圖文選單復原至先前版本', 'Rich menu rolled back'),
  'richmenu.publish_failed': l('圖文選單發布失敗', 'Rich menu publishing failed'),
  'richmenu.schedule_create': l('排程圖文選單', 'Rich menu scheduled'),
  'richmenu.schedule_cancel': l('取消圖文選單排程', 'Rich menu schedule cancelled'),
  'order.refund': l('訂單退款', 'Order refunded'),
  'order.refund_retry': l('重試訂單退款', 'Order refund retried'),
  'order.mark_ready': l('標記可取貨', 'Order marked ready'),
  'order.mark_delayed': l('標記延遲出貨', 'Order marked delayed'),
} as const satisfies Record<string, Bilingual>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isKnownAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The action in words; an action with no label (written by code newer than this table) shows as itself. */
export function auditActionLabel(action: string, lang: AuditLang): string {
  return isKnownAuditAction(action) ? AUDIT_ACTIONS[action][lang] : action;
}

/** Kinds of target: their name in words and the console page that shows one. */
export const AUDIT_TARGETS: Record<string, { label: Bilingual; href?: (id: string) => string }> = {
  member: { label: l('會員', 'Member'), href: (id) => `/console/members/${id}` },
  store: { label: l('門市', 'Store'), href: () => '/console/stores' },
  notification_template: { label: l('通知範本', 'Notification template'), href: (kind) => `/console/notifications?kind=${encodeURIComponent(kind)}` },
  api_key: { label: l('API 金鑰', 'API key'), href: () => '/console/api-keys' },
  coupon_template: { label: l('票券範本', 'Coupon template'), href: (id) => `/console/coupons/${id}` },
  coupon: { label: l('票券', 'Coupon'), href: (id) => `/console/coupon-list?coupon=${id}` },
  bundle: { label: l('套票', 'Bundle'), href: () => '/console/bundles' },
  campaign: { label: l('活動', 'Campaign'), href: (id) => `/console/campaigns/${id}` },
  auto_issue_rule: { label: l('自動發券', 'Auto-issue'), href: () => '/console/campaigns' },
  bulk_job: { label: l('批次發券', 'Bulk issue'), href: () => '/console/bulk-jobs' },
  bulk_schedule: { label: l('每月批次發券', 'Monthly bulk issue'), href: () => '/console/bulk-jobs' },
  settings: { label: l('設定', 'Settings') },
  gift_settings: { label: l('轉贈設定', 'Gift settings') },
  points_settings: { label: l('點數設定', 'Points settings') },
  referral_settings: { label: l('推薦設定', 'Referral settings') },
  tier_program: { label: l('會員等級', 'Tiers'), href: () => '/console/tiers' },
  mission: { label: l('闖關任務', 'Mission'), href: (id) => `/console/missions/${id}` },
  richmenu_version: { label: l('圖文選單', 'Rich menu'), href: (id) => `/console/richmenus/${id}` },
  richmenu_schedule: { label: l('圖文選單排程', 'Rich menu schedule'), href: () => '/console/richmenus' },
  order: { label: l('商城訂單', 'Mall order'), href: (id) => `/console/mall/orders/${id}` },
};

export function auditTargetLabel(type: string, lang: AuditLang): string {
  return AUDIT_TARGETS[type]?.label[lang] ?? type;
}

export function auditTargetHref(type: string, id: string | null): string | null {
  const href = AUDIT_TARGETS[type]?.href;
  return href && id !== null ? href(id) : null;
}

/** Field names that diffs carry; a nested content field reads `zh-TW.title` and is labelled by its last part plus the language. */
export const AUDIT_FIELDS: Record<string, Bilingual> = {
  name: l('名稱', 'Name'),
  code: l('代碼', 'Code'),
  address: l('地址', 'Address'),
  phone: l('電話', 'Phone'),
  openingHours: l('營業時間', 'Opening hours'),
  isActive: l('營業狀態', 'Open'),
  enabled: l('啟用', 'Enabled'),
  title: l('標題', 'Title'),
  body: l('內文', 'Body'),
  ctaLabel: l('按鈕文字', 'Button text'),
  altText: l('通知預覽文字', 'Alt text'),
  ctaTarget: l('按鈕連結', 'Button link'),
  heroImageUrl: l('主圖', 'Hero image'),
  accentColor: l('主色', 'Accent colour'),
  color: l('顏色', 'Colour'),
  terms: l('使用說明', 'Terms'),
  imageUrl: l('圖片', 'Image'),
  totalStock: l('總數量', 'Total stock'),
  perMemberLimit: l('每人限領', 'Per-member limit'),
  kind: l('種類', 'Kind'),
  amountOff: l('折抵金額', 'Amount off'),
  percentOff: l('折扣', 'Percent off'),
  maxDiscount: l('折抵上限', 'Discount cap'),
  minSpend: l('最低消費', 'Minimum spend'),
  storeIds: l('適用門市', 'Stores'),
  weekdays: l('適用星期', 'Weekdays'),
  timeWindows: l('適用時段', 'Time windows'),
  validity: l('有效期限', 'Validity'),
  usesPerCoupon: l('可使用次數', 'Uses per coupon'),
  transferable: l('可轉贈', 'Transferable'),
  scope: l('適用範圍', 'Scope'),
  description: l('說明', 'Description'),
  startsAt: l('開始時間', 'Starts'),
  endsAt: l('結束時間', 'Ends'),
  status: l('狀態', 'Status'),
  templateId: l('票券', 'Coupon'),
  bundleId: l('套票', 'Bundle'),
  isAdmin: l('管理員', 'Admin'),
  staffStoreIds: l('服務門市', 'Works at'),
  scopes: l('權限', 'Scopes'),
  delta: l('點數變動', 'Points change'),
  reason: l('原因', 'Reason'),
  balance: l('餘額', 'Balance'),
};

const LANG_SUFFIX: Record<string, Bilingual> = { 'zh-TW': l('中文', 'Chinese'), en: l('英文', 'English') };

/** A diff field in words: `zh-TW.title` → 「標題（中文）」 / "Title (Chinese)". */
export function auditFieldLabel(field: string, lang: AuditLang): string {
  const parts = field.split('.');
  const last = parts[parts.length - 1]!;
  const base = AUDIT_FIELDS[last]?.[lang] ?? last;
  const qualifier = parts.length > 1 ? (LANG_SUFFIX[parts[0]!]?.[lang] ?? parts.slice(0, -1).join('.')) : null;
  if (!qualifier) return base;
  return lang === 'en' ? `${base} (${qualifier})` : `${base}（${qualifier}）`;
}

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The fields that differ between two snapshots of a thing, compared by value; per-language
 * content is flattened (`{ 'zh-TW': { title } }` → `zh-TW.title`). What an edit writes to the log.
 */
export function diffSnapshots(before: Record<string, unknown> | null | undefined, after: Record<string, unknown>): AuditChange[] {
  const flat = (o: Record<string, unknown> | null | undefined) => {
    const out = new Map<string, unknown>();
    for (const [key, value] of Object.entries(o ?? {})) {
      if (Object.hasOwn(LANG_SUFFIX, key) && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [inner, v] of Object.entries(value as Record<string, unknown>)) out.set(`${key}.${inner}`, v);
      } else out.set(key, value instanceof Date ? value.toISOString() : value);
    }
    return out;
  };
  const a = flat(before);
  const b = flat(after);
  const changes: AuditChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(field) ?? null;
    const y = b.get(field) ?? null;
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ field, before: x, after: y });
  }
  return changes;
}
