import { z } from 'zod';
import { langQuery } from './query.ts';
import { ZTimestamp } from './timestamp.ts';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式 YYYY-MM-DD', 'Date as YYYY-MM-DD'));
/**
 * Text a POS sends is checked as sent and trimmed only afterwards, so what the OpenAPI document
 * allows is exactly what the server takes (see the same rule in coupons.ts).
 */
const visible = (max: number) => z.string().min(1).max(max).regex(/\S/, bi('不可只有空白', 'needs a visible character')).trim();
const ZName = z.string().trim().min(1, bi('請輸入名稱', 'Enter a name')).max(60);
const ZMultiplier = z.number().min(1, bi('倍數至少 1', 'At least 1×')).max(100);
const ZMoney = z.number().int().min(0).max(100_000_000);

// ── Earn rules and settings (console) ──

export const ZEarnRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sku'), name: ZName, skus: z.array(z.string().trim().min(1).max(64)).min(1).max(200), multiplier: ZMultiplier }).strict(),
  z.object({ kind: z.literal('category'), name: ZName, categories: z.array(z.string().trim().min(1).max(64)).min(1).max(100), multiplier: ZMultiplier }).strict(),
  z.object({ kind: z.literal('birthday'), name: ZName, multiplier: ZMultiplier }).strict(),
  z.object({ kind: z.literal('dateRange'), name: ZName, from: ZDay, to: ZDay, multiplier: ZMultiplier }).strict(),
  z.object({ kind: z.literal('threshold'), name: ZName, minSpend: ZMoney.min(1), bonus: z.number().int().min(1).max(1_000_000) }).strict(),
]);

export const ZRuleGroup = z
  .object({
    name: ZName,
    /** `stack`: the extras of the group's rules add up; `best`: only the largest applies. */
    combine: z.enum(['stack', 'best']),
    rules: z.array(ZEarnRule).max(50),
  })
  .strict();

export const ZExpiryPolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('monthEnd'), months: z.number().int().min(0).max(120) }).strict(),
  z.object({ kind: z.literal('yearly'), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31), yearsAfter: z.number().int().min(0).max(10) }).strict(),
  z.object({ kind: z.literal('never') }).strict(),
]);

export const ZPointsSettings = z
  .object({
    enabled: z.boolean(),
    base: z.object({ spend: z.number().int().min(1).max(100_000), points: z.number().int().min(1).max(10_000) }).strict(),
    groups: z.array(ZRuleGroup).max(20),
    pendingDays: z.number().int().min(0).max(90),
    expiry: ZExpiryPolicy,
    reminderDaysBefore: z.number().int().min(1).max(28),
    redeem: z.object({ points: z.number().int().min(1).max(10_000), value: z.number().int().min(1).max(10_000) }).strict(),
  })
  .strict();
export type TPointsSettings = z.infer<typeof ZPointsSettings>;

export const ZBasketLine = z
  .object({
    sku: visible(64),
    category: visible(64).optional(),
    quantity: z.number().int().min(1).max(10_000),
    unitPrice: z.number().int().min(0).max(10_000_000),
    /** NT$ taken off this line. */
    discount: z.number().int().min(0).max(100_000_000).optional(),
  })
  .strict();

export const ZExplainLine = z.object({ source: z.string(), text: z.string(), points: z.number().int() });

export const ZCalculateRequest = z
  .object({
    settings: ZPointsSettings.optional(),
    lines: z.array(ZBasketLine).max(200),
    paid: ZMoney,
    date: ZDay,
    birthday: ZDay.nullable().default(null),
    tierMultiplier: z.number().min(1).max(100).default(1),
  })
  .strict();
export const ZCalculateResponse = z.object({ points: z.number().int(), bonus: z.number().int(), explain: z.array(ZExplainLine), expiresOn: ZDay.nullable() });

// ── Member ──

export const ZPointsSummary = z.object({
  /** Points the member may spend now (negative while a return is being settled). */
  balance: z.number().int(),
  /** Points earned but not yet spendable (the return window). */
  pending: z.number().int(),
  /** The soonest expiring points: how many, and the last day they count (brand time). */
  nextExpiry: z.object({ points: z.number().int(), date: ZDay }).nullable(),
  enabled: z.boolean(),
});
export type TPointsSummary = z.infer<typeof ZPointsSummary>;

export const ZPointsEntryType = z.enum(['earn', 'spend', 'expire', 'adjust', 'reverse']);
export const ZPointsEntry = z.object({
  id: z.number().int(),
  type: ZPointsEntryType,
  delta: z.number().int(),
  reason: z.string(),
  at: ZTimestamp,
  /** Points still pending (not spendable before this time), for an earning in the return window. */
  pendingUntil: ZTimestamp.nullable(),
  /** The last day the earned points count, for earnings. */
  expiresOn: ZDay.nullable(),
});
export const ZPointsHistoryQuery = z.object({ ...langQuery, before: z.coerce.number().int().positive().optional() }).strict();
export const ZPointsHistory = z.object({ items: z.array(ZPointsEntry), nextBefore: z.number().int().nullable() });
export type TPointsHistory = z.infer<typeof ZPointsHistory>;

// ── POS ──

/** The member at the counter: exactly one of the card code or the mobile (the document says so as a oneOf). */
export const ZMemberRef = z.union(
  [
    /** The rotating member-card code (QR or numeric barcode) the member shows; spaces and dashes are ignored. */
    z.object({ cardCode: z.string().regex(/^[\d\s-]{4,64}$/, bi('會員條碼是數字', 'The member-card code is digits')) }).strict(),
    /** The member's verified mobile number. */
    z.object({ mobile: z.string().regex(/^[\d\s()+.-]{8,20}$/, bi('請輸入手機號碼，例如 0912345678', 'Enter a mobile number, e.g. 0912345678')) }).strict(),
  ],
  bi('請給會員條碼或手機號碼其中一個', 'Give either cardCode or mobile'),
);

export const ZPurchaseRequest = z
  .object({
    storeId: z.number().int().positive(),
    /** The POS's order number, unique per store: a replay answers the first result. */
    orderNo: visible(64),
    member: ZMemberRef,
    lines: z.array(ZBasketLine).max(200),
    /** NT$ before coupons and points. */
    total: ZMoney,
    /** NT$ the member paid: points are earned on this. */
    paid: ZMoney,
    /** The coupon redemptions (ids from POST /api/pos/redemptions) applied to this order. */
    couponRedemptions: z.array(z.string().min(1).max(64)).max(20).default([]),
    /** When the sale happened (default: now). */
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  // paid ≤ total is checked by the service (422 PAID_EXCEEDS_TOTAL): a rule across two fields
  // is not something the OpenAPI schema can say, and what the document calls valid must not be a 400.
  .strict();

export const ZPurchaseView = z.object({
  id: z.string(),
  storeId: z.number().int(),
  orderNo: z.string(),
  total: z.number().int(),
  paid: z.number().int(),
  pointsEarned: z.number().int(),
  /** The earned points wait for the return window before they can be spent. */
  pendingUntil: ZTimestamp.nullable(),
  /** The member's spendable balance after this purchase. */
  balance: z.number().int(),
  pointsReversed: z.number().int(),
  explain: z.array(ZExplainLine),
  /** What the member was told (the LINE notification), or null. */
  told: z.object({ kind: z.string(), text: z.string() }).nullable(),
  createdAt: ZTimestamp,
});
export type TPurchaseView = z.infer<typeof ZPurchaseView>;

export const ZRefundRequest = z
  .object({
    /** The POS's refund number (unique per purchase). */
    refundNo: visible(64),
    /** Omit for a whole return; else the returned lines by index into the purchase's lines. */
    lines: z.array(z.object({ line: z.number().int().min(0).max(199), quantity: z.number().int().min(1).max(10_000) }).strict()).min(1).max(200).optional(),
  })
  .strict();
export const ZRefundView = z.object({
  id: z.string(),
  purchaseId: z.string(),
  refundNo: z.string(),
  amount: z.number().int(),
  pointsReversed: z.number().int(),
  balance: z.number().int(),
  told: z.object({ kind: z.string(), text: z.string() }).nullable(),
  createdAt: ZTimestamp,
});
export type TRefundView = z.infer<typeof ZRefundView>;

export const ZPointsRedemptionRequest = z
  .object({
    storeId: z.number().int().positive(),
    member: ZMemberRef,
    points: z.number().int().min(1).max(10_000_000),
    orderNo: visible(64).optional(),
  })
  .strict();
export const ZPointsRedemptionView = z.object({
  id: z.string(),
  storeId: z.number().int(),
  points: z.number().int(),
  /** NT$ the points pay at the counter. */
  discount: z.number().int(),
  balance: z.number().int(),
  reversedAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
});
export type TPointsRedemptionView = z.infer<typeof ZPointsRedemptionView>;
export const ZReverseRedemptionRequest = z.object({ reason: visible(200).default('voided by POS') }).strict();

// ── Console ──

export const ZAdjustRequest = z
  .object({
    delta: z.number().int().min(-10_000_000).max(10_000_000).refine((d) => d !== 0, bi('點數不可為 0', 'Points cannot be 0')),
    reason: z.string().trim().min(2, bi('請寫下調整原因', 'Write the reason')).max(200),
  })
  .strict();
export const ZMemberPoints = z.object({
  memberId: z.number().int(),
  name: z.string().nullable(),
  summary: ZPointsSummary,
  history: z.array(ZPointsEntry),
});
export type TMemberPoints = z.infer<typeof ZMemberPoints>;

export const ZPointsReportQuery = z.object({ ...langQuery, months: z.coerce.number().int().min(1).max(24).default(6) }).strict();
export const ZPointsReport = z.object({
  months: z.array(z.object({ month: z.string(), issued: z.number().int(), spent: z.number().int(), expired: z.number().int(), reversed: z.number().int(), adjusted: z.number().int() })),
  totals: z.object({ issued: z.number().int(), spent: z.number().int(), expired: z.number().int(), reversed: z.number().int(), adjusted: z.number().int() }),
  /** Points members hold now (spendable + pending): the brand's liability. */
  outstanding: z.number().int(),
  pending: z.number().int(),
  /** Outstanding × the redemption value (NT$). */
  outstandingValue: z.number().int(),
});
export type TPointsReport = z.infer<typeof ZPointsReport>;
