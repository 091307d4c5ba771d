import { z } from 'zod';
import { COUPON_UNITS } from '../coupons/units.ts';
import { optionalEnglish } from '../i18n/localized.ts';
import { langQuery } from './query.ts';
import { ZTimestamp } from './timestamp.ts';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, bi('時間格式為 HH:MM', 'time must be HH:MM'));
const money = z.number().int(bi('金額須為整數', 'amounts are whole NT$')).min(0, bi('金額不可為負', 'amounts cannot be negative')).max(10_000_000);

export const ZCodePattern = z
  .object({
    prefix: z.string().trim().toUpperCase().max(12).default(''),
    charset: z.enum(['digits', 'alnum']).default('alnum'),
    length: z.number().int().min(4).max(24).default(10),
    suffix: z.string().trim().toUpperCase().max(12).default(''),
  })
  .strict();

export const ZPassRule = z
  .object({
    periodDays: z.number().int(bi('天數須為整數', 'whole days')).min(1, bi('至少 1 天', 'at least 1 day')).max(366, bi('最多 366 天', 'at most 366 days')),
    usesPerDay: z.number().int().min(1, bi('每天至少 1 次', 'at least 1 a day')).max(10, bi('每天最多 10 次', 'at most 10 a day')).default(1),
  })
  .strict();

export const ZCouponTemplateInput = z
  .object({
    name: z.string().trim().min(1, bi('請輸入票券名稱', 'Enter a name')).max(60),
    terms: z.string().trim().max(2000).default(''),
    /** English mode (optional): shown to members using the app in English; blank = the zh-TW text. */
    nameEn: optionalEnglish(60),
    termsEn: optionalEnglish(2000),
    kind: z.enum(['amount_off', 'percent_off', 'exchange']),
    amountOff: money.nullable().default(null),
    percentOff: z.number().int().min(1, bi('折扣須為 1–99%', 'percent must be 1–99')).max(99, bi('折扣須為 1–99%', 'percent must be 1–99')).nullable().default(null),
    maxDiscount: money.nullable().default(null),
    exchangeItem: z.object({ sku: z.string().trim().max(60).nullable().default(null), name: z.string().trim().min(1).max(60) }).strict().nullable().default(null),
    scope: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('order') }).strict(),
        z.object({ type: z.literal('items'), skus: z.array(z.string().trim().min(1).max(60)).max(500).default([]), categories: z.array(z.string().trim().min(1).max(60)).max(100).default([]) }).strict(),
      ])
      .default({ type: 'order' }),
    minSpend: money.default(0),
    storeIds: z.array(z.number().int().positive()).min(1, bi('至少選一間門市，或選全門市', 'Pick at least one store, or all stores')).max(500).nullable().default(null),
    weekdays: z.array(z.number().int().min(0).max(6)).max(7).nullable().default(null),
    timeWindows: z.array(z.object({ start: hhmm, end: hhmm }).strict()).max(6).nullable().default(null),
    validity: z.discriminatedUnion('type', [
      z.object({ type: z.literal('fixed'), from: z.iso.datetime({ offset: true }), until: z.iso.datetime({ offset: true }) }).strict(),
      z.object({ type: z.literal('relative'), days: z.number().int().min(1).max(3650) }).strict(),
      /** No expiry (a paid 禮券's default): the coupon's validUntil is NO_EXPIRY_UNTIL (shared/coupons/validity.ts). */
      z.object({ type: z.literal('none') }).strict(),
    ]),
    usesPerCoupon: z.number().int().min(1).max(100).default(1),
    /** What one use is called on the wallet and at the counter (寄杯: `cup` →「剩 7 杯」). */
    unit: z.enum(COUPON_UNITS).default('use'),
    /**
     * A subscription pass (訂閱方案): valid `periodDays` brand days from issue, `usesPerDay` uses on
     * each brand day. It replaces `validity` (relative, `periodDays`) and `usesPerCoupon`.
     */
    pass: ZPassRule.nullable().default(null),
    transferable: z.boolean().default(false),
    /** Members may give part of a multi-use coupon (3 of 10 uses); the coupon splits. */
    allowPartialTransfer: z.boolean().default(false),
    /** How many times one coupon may be given on; 1 = the friend cannot give it again. */
    maxTransfers: z.number().int().min(1, bi('至少 1 次', 'at least 1')).max(5, bi('最多 5 次', 'at most 5')).default(1),
    totalStock: z.number().int().min(1).max(10_000_000).nullable().default(null),
    perMemberLimit: z.number().int().min(1).max(1000).nullable().default(null),
    codeMode: z.enum(['pattern', 'imported']).default('pattern'),
    codePattern: ZCodePattern.default({ prefix: '', charset: 'alnum', length: 10, suffix: '' }),
    /** Also show the static code and its barcode on the member's screen (a partner's POS that reads only those). */
    showStaticCode: z.boolean().default(false),
    imageUrl: z.string().trim().max(1000).regex(/^https:\/\/\S+$/, bi('圖片須為 https:// 網址', 'image must be an https:// URL')).nullable().default(null),
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, bi('顏色須為 #RRGGBB', 'colour like #06C755')).default('#06C755'),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.kind === 'amount_off' && !t.amountOff) ctx.addIssue({ code: 'custom', path: ['amountOff'], message: '請輸入折抵金額 / Enter the amount off' });
    if (t.kind === 'percent_off' && !t.percentOff) ctx.addIssue({ code: 'custom', path: ['percentOff'], message: '請輸入折扣 % / Enter the percent off' });
    if (t.kind === 'exchange' && !t.exchangeItem) ctx.addIssue({ code: 'custom', path: ['exchangeItem'], message: '請輸入兌換品項 / Enter the item' });
    if (t.scope.type === 'items' && t.scope.skus.length === 0 && t.scope.categories.length === 0) ctx.addIssue({ code: 'custom', path: ['scope'], message: '指定商品至少填一個品號或分類 / Name at least one SKU or category' });
    if (t.validity.type === 'fixed' && Date.parse(t.validity.until) <= Date.parse(t.validity.from)) ctx.addIssue({ code: 'custom', path: ['validity', 'until'], message: '結束時間須晚於開始時間 / until must be after from' });
    if (t.weekdays && t.weekdays.length === 0) ctx.addIssue({ code: 'custom', path: ['weekdays'], message: '至少選一天，或不限 / Pick at least one day, or none for every day' });
    for (const [i, w] of (t.timeWindows ?? []).entries()) if (w.start === w.end) ctx.addIssue({ code: 'custom', path: ['timeWindows', i], message: '開始與結束不可相同 / start and end differ' });
  });
export type TCouponTemplateInput = z.input<typeof ZCouponTemplateInput>;

export const ZCouponTemplateView = z.object({
  id: z.number().int(),
  name: z.string(),
  terms: z.string(),
  nameEn: z.string().nullable(),
  termsEn: z.string().nullable(),
  kind: z.enum(['amount_off', 'percent_off', 'exchange']),
  amountOff: z.number().nullable(),
  percentOff: z.number().nullable(),
  maxDiscount: z.number().nullable(),
  exchangeItem: z.object({ sku: z.string().nullable(), name: z.string() }).nullable(),
  scope: z.union([z.object({ type: z.literal('order') }), z.object({ type: z.literal('items'), skus: z.array(z.string()), categories: z.array(z.string()) })]),
  minSpend: z.number(),
  storeIds: z.array(z.number()).nullable(),
  weekdays: z.array(z.number()).nullable(),
  timeWindows: z.array(z.object({ start: z.string(), end: z.string() })).nullable(),
  validity: z.union([z.object({ type: z.literal('fixed'), from: z.string(), until: z.string() }), z.object({ type: z.literal('relative'), days: z.number() }), z.object({ type: z.literal('none') })]),
  usesPerCoupon: z.number(),
  unit: z.enum(COUPON_UNITS),
  pass: z.object({ periodDays: z.number().int(), usesPerDay: z.number().int() }).nullable(),
  transferable: z.boolean(),
  allowPartialTransfer: z.boolean(),
  maxTransfers: z.number().int(),
  totalStock: z.number().nullable(),
  issuedCount: z.number(),
  perMemberLimit: z.number().nullable(),
  codeMode: z.enum(['pattern', 'imported']),
  codePattern: z.object({ prefix: z.string(), charset: z.enum(['digits', 'alnum']), length: z.number(), suffix: z.string() }),
  showStaticCode: z.boolean(),
  importedCodesLeft: z.number().nullable(),
  imageUrl: z.string().nullable(),
  color: z.string(),
  status: z.enum(['active', 'archived']),
  /** Rules are locked once a coupon was issued. */
  isLocked: z.boolean(),
  /** The discount rule in one line a person reads: 「滿 NT$1,000 折 NT$100」 (stores and times are separate fields). */
  summary: z.string(),
});
export type TCouponTemplateView = z.infer<typeof ZCouponTemplateView>;

/** A coupon as its owner (or staff at the counter) sees it. */
export const ZCouponView = z.object({
  id: z.number().int(),
  code: z.string(),
  /** `transferring`: held by a pending gift (轉贈中). */
  status: z.enum(['active', 'used', 'expired', 'voided', 'transferring']),
  usesTotal: z.number().int(),
  usesLeft: z.number().int(),
  validFrom: ZTimestamp,
  validUntil: ZTimestamp,
  issuedAt: ZTimestamp,
  source: z.string(),
  /** What one use is called: `label` in the asked language (杯 / cups); `usesLeftText` 「剩 7 杯」 / "7 cups left". */
  unit: z.object({ key: z.enum(COUPON_UNITS), label: z.string(), usesLeftText: z.string() }),
  /**
   * A subscription pass: its last day (YYYY-MM-DD, brand time, 「方案至 12/31」), the uses allowed
   * each day and those left today. null for other coupons.
   */
  pass: z
    .object({ periodDays: z.number().int(), usesPerDay: z.number().int(), lastDay: z.string(), untilText: z.string(), usesLeftToday: z.number().int() })
    .nullable(),
  template: z.object({
    id: z.number().int(),
    name: z.string(),
    terms: z.string(),
    kind: z.enum(['amount_off', 'percent_off', 'exchange']),
    summary: z.string(),
    imageUrl: z.string().nullable(),
    color: z.string(),
    transferable: z.boolean(),
    allowPartialTransfer: z.boolean(),
    minSpend: z.number(),
    stores: z.array(z.object({ id: z.number(), name: z.string() })).nullable(),
    weekdays: z.array(z.number()).nullable(),
    timeWindows: z.array(z.object({ start: z.string(), end: z.string() })).nullable(),
  }),
  /** In the owner's wallet: a gift of it would be accepted now (transferable, unused or partial, not held, not given on too often, not expiring within a day). */
  canGive: z.boolean().optional(),
});
export type TCouponView = z.infer<typeof ZCouponView>;

export const ZWalletQuery = z.object({ ...langQuery, tab: z.enum(['active', 'used', 'expired']).default('active') }).strict();
export const ZWallet = z.object({ items: z.array(ZCouponView), counts: z.object({ active: z.number(), used: z.number(), expired: z.number() }) });
export type TWallet = z.infer<typeof ZWallet>;

export const ZQrToken = z.object({
  token: z.string(),
  /** The coupon's static code; the member's screen shows it only when `showStaticCode`. */
  code: z.string(),
  /** The rotating 18-digit code for the barcode and for typing, valid until `expiresAt` like the token. */
  numericCode: z.string(),
  /** The template asks for the static code on screen too (a partner's POS reads only that). */
  showStaticCode: z.boolean(),
  refreshAt: ZTimestamp,
  expiresAt: ZTimestamp,
});
export type TQrToken = z.infer<typeof ZQrToken>;

/**
 * Text a counter sends is checked as sent and trimmed only afterwards, so that what the OpenAPI
 * document allows is exactly what the server takes (a check after trimming would refuse a
 * documented value such as " A").
 */
const visible = (max: number) => z.string().min(1).max(max).regex(/\S/, bi('不可只有空白', 'needs a visible character'));

export const ZBasketLine = z.object({ sku: visible(60).trim(), category: z.string().max(60).trim().optional(), unitPrice: money, quantity: z.number().int().min(0).max(10_000) }).strict();

/** What a scanner or POS sends to check or redeem a coupon. */
const ZCouponAtCounter = {
  storeId: z.number().int().positive(),
  /**
   * The code typed or read from the barcode, or the rotating QR token. Not trimmed here: the
   * lookup ignores spaces and case, and the length is checked on what was sent.
   */
  code: z.string().min(4, bi('請輸入券號', 'Enter the coupon code')).max(200).regex(/\S/, bi('請輸入券號', 'Enter the coupon code')),
  orderAmount: money.optional(),
  lines: z.array(ZBasketLine).max(200).optional(),
};

export const ZValidateRequest = z.object(ZCouponAtCounter).strict();
export type TValidateRequest = z.input<typeof ZValidateRequest>;
export const ZRedeemRequest = z.object({ ...ZCouponAtCounter, uses: z.number().int().min(1).max(100).default(1) }).strict();
export type TRedeemRequest = z.input<typeof ZRedeemRequest>;

export const ZVerdictView = z.object({
  ok: z.boolean(),
  reason: z.string().nullable(),
  /** The verdict in plain words for the person at the counter. */
  message: z.string(),
  discount: z.number().nullable(),
  needsAmount: z.boolean(),
  shortBy: z.number().nullable(),
});
export type TVerdictView = z.infer<typeof ZVerdictView>;

export const ZValidation = z.object({ coupon: ZCouponView, member: z.object({ name: z.string() }), verdict: ZVerdictView });
export type TValidation = z.infer<typeof ZValidation>;

export const ZRedemptionView = z.object({
  id: z.string(),
  couponId: z.number().int(),
  couponName: z.string(),
  code: z.string(),
  memberName: z.string(),
  storeId: z.number().int(),
  storeName: z.string(),
  uses: z.number().int(),
  usesLeft: z.number().int(),
  /** What one use is called (寄杯: cup), so the counter says 「3 杯」 rather than 次. Always sent; absent only in an idempotent replay stored before the field (read as 'use'). */
  unit: z.enum(COUPON_UNITS).optional(),
  discount: z.number().nullable(),
  orderAmount: z.number().nullable(),
  channel: z.enum(['scanner', 'pos']),
  createdAt: ZTimestamp,
  voidedAt: ZTimestamp.nullable(),
  /** Until when the staff may undo it. */
  undoUntil: ZTimestamp.nullable(),
});
export type TRedemptionView = z.infer<typeof ZRedemptionView>;
export const ZRedemptionList = z.object({ items: z.array(ZRedemptionView) });
export const ZStaffRedemptionsQuery = z.object({ ...langQuery, storeId: z.coerce.number().int().positive() }).strict();
export const ZVoidRedemptionRequest = z.object({ reason: visible(200).trim().default('POS void') }).strict();

export const ZIssueCouponRequest = z.object({ templateId: z.number().int().positive(), mobile: z.string().min(1).max(30) }).strict();
export const ZVoidCouponRequest = z.object({ reason: z.string().trim().min(1, bi('請填寫作廢原因', 'Give a reason')).max(200) }).strict();
export const ZConsoleCouponQuery = z.object({ ...langQuery, templateId: z.coerce.number().int().positive().optional(), memberId: z.coerce.number().int().positive().optional(), couponId: z.coerce.number().int().positive().optional(), q: z.string().trim().max(40).optional(), status: z.enum(['active', 'used', 'expired', 'voided']).optional(), page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50) }).strict();
export const ZConsoleCoupon = ZCouponView.extend({ member: z.object({ id: z.number(), name: z.string() }) });
export const ZConsoleCouponPage = z.object({ items: z.array(ZConsoleCoupon), total: z.number().int() });
export const ZImportCodesResponse = z.object({ imported: z.number().int(), problems: z.array(z.object({ line: z.number().int(), code: z.string(), problem: z.string() })) });
