import { z } from 'zod';
import { COUPON_UNITS } from '../coupons/units.ts';
import { optionalEnglish } from '../i18n/localized.ts';
import { langQuery } from './query.ts';
import { ZTimestamp } from './timestamp.ts';

/**
 * The coupon mall (超級票券商城): products in the console, the member's mall, checkout, orders
 * and the LINE Pay return. Engineer C adds refunds / fulfilment / report schemas in its own
 * block below; keep the names here stable (add, don't rename).
 */

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });

export const PRODUCT_KINDS = ['voucher', 'multi_pickup', 'bundle', 'pass'] as const;
export const ZProductKind = z.enum(PRODUCT_KINDS);
export type TProductKind = z.infer<typeof ZProductKind>;

export const ZProductStatus = z.enum(['draft', 'active', 'archived']);
export const ZPriceMode = z.enum(['cash', 'points', 'points_cash']);

export const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'expired', 'refunded', 'partially_refunded'] as const;
export const ZOrderStatus = z.enum(ORDER_STATUSES);
export type TOrderStatus = z.infer<typeof ZOrderStatus>;

/** Minutes an unpaid order holds its stock and points. */
export const ORDER_HOLD_MINUTES = 15;

/** 手機條碼 (mobile barcode carrier): `/` then 7 of 0-9 A-Z . + - */
export const INVOICE_CARRIER_PATTERN = /^\/[0-9A-Z.+-]{7}$/;

export const ZAudience = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z.object({ type: z.literal('tiers'), tierIds: z.array(z.number().int().positive()).min(1).max(20) }).strict(),
  z.object({ type: z.literal('new_members'), withinDays: z.number().int().min(1).max(3650) }).strict(),
]);
export type TAudience = z.infer<typeof ZAudience>;

/** 禮券履約保障: how the brand guarantees prepaid value (bank trust, bank guarantee, none) and its reference. */
export const ZGuaranteeInput = z
  .object({
    type: z.enum(['bank_trust', 'bank_guarantee', 'none']),
    /** The trust account / guarantee contract number, bank name … */
    reference: z.string().trim().max(200).nullable().default(null),
    note: z.string().trim().max(1000).nullable().default(null),
  })
  .strict();
/** The same as answered (no defaults: answers are used as sent). */
export const ZGuarantee = z.object({ type: z.enum(['bank_trust', 'bank_guarantee', 'none']), reference: z.string().nullable(), note: z.string().nullable() }).strict();
export type TGuarantee = z.infer<typeof ZGuarantee>;
/** 履約保障 in the member's product view: the arrangement and its reference (bank, trust account). */
export const ZMemberGuarantee = z.object({ type: z.enum(['bank_trust', 'bank_guarantee', 'none']), reference: z.string().nullable() }).strict();
export type TMemberGuarantee = z.infer<typeof ZMemberGuarantee>;

export const ZProductItemInput = z
  .object({
    templateId: z.number().int().positive(),
    /** Coupons of this template per unit bought (a bundle: e.g. 1 jacket voucher + 1 cash coupon). */
    quantity: z.number().int().min(1).max(100).default(1),
  })
  .strict();

const ZInputTime = z.iso.datetime({ offset: true });

/** A product as the console creates or replaces it. */
export const ZProductInput = z
  .object({
    kind: ZProductKind,
    status: ZProductStatus.default('draft'),
    name: z.string().trim().min(1, bi('請輸入商品名稱', 'Enter a product name')).max(80),
    nameEn: optionalEnglish(120),
    description: z.string().trim().max(4000).default(''),
    descriptionEn: optionalEnglish(6000),
    category: z.string().trim().max(40).default(''),
    imageUrl: z.url().max(1000).nullable().default(null),
    sortOrder: z.number().int().min(-100000).max(100000).default(0),
    priceMode: ZPriceMode,
    /** NT$ per unit. */
    priceCash: z.number().int().min(0).max(1_000_000).default(0),
    /** Points per unit. */
    pricePoints: z.number().int().min(0).max(10_000_000).default(0),
    listPrice: z.number().int().min(0).max(1_000_000).nullable().default(null),
    /** null = unlimited. */
    stock: z.number().int().min(0).max(10_000_000).nullable().default(null),
    perMemberLimit: z.number().int().min(1).max(1000).nullable().default(null),
    saleStartsAt: ZInputTime.nullable().default(null),
    saleEndsAt: ZInputTime.nullable().default(null),
    audience: ZAudience.default({ type: 'all' }),
    refundable: z.boolean().default(true),
    refundWindowDays: z.number().int().min(0).max(3650).nullable().default(null),
    /** 寄杯 refund formula: NT$ per collected unit (paid − this × collected, never below 0); null = list price ÷ units. */
    refundUnitValue: z.number().int().min(0).max(1_000_000).nullable().default(null),
    guarantee: ZGuaranteeInput.default({ type: 'none', reference: null, note: null }),
    items: z.array(ZProductItemInput).min(1).max(20),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.priceMode === 'cash' && (p.priceCash <= 0 || p.pricePoints !== 0)) ctx.addIssue({ code: 'custom', path: ['priceCash'], message: '現金價須大於 0，且不含點數 / a cash price above 0 and no points' });
    if (p.priceMode === 'points' && (p.pricePoints <= 0 || p.priceCash !== 0)) ctx.addIssue({ code: 'custom', path: ['pricePoints'], message: '點數價須大於 0，且不含現金 / points above 0 and no cash' });
    if (p.priceMode === 'points_cash' && (p.pricePoints <= 0 || p.priceCash <= 0)) ctx.addIssue({ code: 'custom', path: ['pricePoints'], message: '點數加價購須同時有點數與現金 / points and cash both above 0' });
    if (p.kind !== 'bundle' && p.items.length !== 1) ctx.addIssue({ code: 'custom', path: ['items'], message: '此類商品只發一種票券 / this kind issues exactly one template' });
    if (p.saleStartsAt && p.saleEndsAt && Date.parse(p.saleEndsAt) <= Date.parse(p.saleStartsAt)) ctx.addIssue({ code: 'custom', path: ['saleEndsAt'], message: '結束時間須晚於開始時間 / end after start' });
  });
export type TProductInput = z.input<typeof ZProductInput>;

export const ZProductItemView = z.object({
  templateId: z.number().int(),
  quantity: z.number().int(),
  name: z.string(),
  summary: z.string(),
  color: z.string(),
  /** Uses on each coupon of this template (寄杯: 10 杯) and what one use is called (shared/coupons/units.ts). */
  usesPerCoupon: z.number().int(),
  unit: z.enum(COUPON_UNITS),
  /** The template's coupons carry no expiry (validity `none`, a paid 禮券): 「無使用期限」. */
  noExpiry: z.boolean(),
});
export type TProductItemView = z.infer<typeof ZProductItemView>;

/** A warning the console shows after saving (e.g. 禮券 rules: a paid ticket with an expiry). */
export const ZProductWarning = z.object({ code: z.string(), message: z.string() });

export const ZConsoleProduct = z.object({
  id: z.number().int(),
  kind: ZProductKind,
  status: ZProductStatus,
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string(),
  descriptionEn: z.string().nullable(),
  category: z.string(),
  imageUrl: z.string().nullable(),
  sortOrder: z.number().int(),
  priceMode: ZPriceMode,
  priceCash: z.number().int(),
  pricePoints: z.number().int(),
  listPrice: z.number().int().nullable(),
  stock: z.number().int().nullable(),
  reserved: z.number().int(),
  sold: z.number().int(),
  /** null = unlimited. */
  available: z.number().int().nullable(),
  perMemberLimit: z.number().int().nullable(),
  saleStartsAt: ZTimestamp.nullable(),
  saleEndsAt: ZTimestamp.nullable(),
  audience: ZAudience,
  refundable: z.boolean(),
  refundWindowDays: z.number().int().nullable(),
  refundUnitValue: z.number().int().nullable(),
  guarantee: ZGuarantee,
  items: z.array(ZProductItemView),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TConsoleProduct = z.infer<typeof ZConsoleProduct>;

/** The create / update answer: the product and what the console should warn about. */
export const ZProductSaved = z.object({ product: ZConsoleProduct, warnings: z.array(ZProductWarning) });
export type TProductSaved = z.infer<typeof ZProductSaved>;

export const ZConsoleProductQuery = z
  .object({ ...langQuery, status: ZProductStatus.optional(), category: z.string().max(40).optional() })
  .strict();
export const ZConsoleProductList = z.object({ items: z.array(ZConsoleProduct) });

/** A product as a member sees it in the mall. */
export const ZMallProduct = z.object({
  id: z.number().int(),
  kind: ZProductKind,
  name: z.string(),
  description: z.string(),
  category: z.string(),
  imageUrl: z.string().nullable(),
  priceMode: ZPriceMode,
  priceCash: z.number().int(),
  pricePoints: z.number().int(),
  listPrice: z.number().int().nullable(),
  /** null = unlimited; 0 = sold out. */
  available: z.number().int().nullable(),
  soldOut: z.boolean(),
  perMemberLimit: z.number().int().nullable(),
  /** Units this member may still buy (null = no limit). */
  remainingForMe: z.number().int().nullable(),
  /** A product whose sale has not started is listed (「即將開賣」) but cannot be bought before this. */
  saleStartsAt: ZTimestamp.nullable(),
  saleEndsAt: ZTimestamp.nullable(),
  refundable: z.boolean(),
  refundWindowDays: z.number().int().nullable(),
  /**
   * 寄杯 (multi_pickup) only: the NT$ a refund keeps per collected unit (paid − this × collected,
   * never below zero) — the product's set value, else the list price ÷ the ticket's units; null for other kinds.
   */
  refundUnitValue: z.number().int().nullable(),
  /** 履約保障 as the member may read it (the console's internal note is not sent). */
  guarantee: ZMemberGuarantee,
  /** The product's pictures, first is the cover (today: the one image the product records, or none). */
  images: z.array(z.string()),
  items: z.array(ZProductItemView),
});
export type TMallProduct = z.infer<typeof ZMallProduct>;

export const ZMallProductQuery = z.object({ ...langQuery, category: z.string().max(40).optional() }).strict();
export const ZMallProductList = z.object({
  items: z.array(ZMallProduct),
  /** The categories with a product on sale for this member, in display order. */
  categories: z.array(z.string()),
});
export type TMallProductList = z.infer<typeof ZMallProductList>;

/** Product detail also answers what the member can spend (points price beside the balance). */
export const ZMallProductDetail = z.object({ product: ZMallProduct, pointsBalance: z.number().int() });

export const ZCreateOrderRequest = z
  .object({
    productId: z.number().int().positive(),
    quantity: z.number().int().min(1).max(20).default(1),
    /**
     * Points the member means to use: must equal the product's points price × quantity (the
     * price is fixed per product; sent so a changed price is refused rather than silently charged).
     */
    points: z.number().int().min(0).max(100_000_000).default(0),
    recipient: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('self') }).strict(),
        z
          .object({
            type: z.literal('gift'),
            mobile: z.string().trim().min(1, bi('請輸入好友的手機號碼', "Enter your friend's mobile number")).max(30),
            message: z.string().trim().max(400).optional(),
          })
          .strict(),
      ])
      .default({ type: 'self' }),
    invoiceCarrier: z
      .string()
      .trim()
      .toUpperCase()
      .regex(INVOICE_CARRIER_PATTERN, bi('手機條碼為 / 加 7 碼（0-9、A-Z、. + -）', 'A mobile barcode is / and 7 characters (0-9, A-Z, . + -)'))
      .nullable()
      .optional(),
  })
  .strict();
export type TCreateOrderRequest = z.input<typeof ZCreateOrderRequest>;

export const ZOrderLineView = z.object({
  productId: z.number().int(),
  kind: ZProductKind,
  name: z.string(),
  quantity: z.number().int(),
  unitCash: z.number().int(),
  unitPoints: z.number().int(),
  listPrice: z.number().int().nullable(),
});

/**
 * A ticket's state as the order page shows it: the coupon's own status, `transferred` once it
 * is someone else's (a friend accepted the gift, or the member gave it on), `refunded` once a
 * refund voided it, `void` when voided otherwise.
 */
export const ORDER_TICKET_STATUSES = ['active', 'used', 'expired', 'transferring', 'transferred', 'void', 'refunded'] as const;
export const ZOrderTicketStatus = z.enum(ORDER_TICKET_STATUSES);
export type TOrderTicketStatus = z.infer<typeof ZOrderTicketStatus>;

export const ZOrderTicketView = z.object({
  couponId: z.number().int(),
  templateId: z.number().int(),
  name: z.string(),
  /** For a gift order: whether the friend has accepted it. */
  giftState: z.string().nullable(),
  refunded: z.boolean(),
  status: ZOrderTicketStatus,
  /** Uses left and in all (寄杯: 剩 7 杯 of 10); null once the ticket is someone else's (`transferred`). */
  usesLeft: z.number().int().nullable(),
  usesTotal: z.number().int().nullable(),
  unit: z.enum(COUPON_UNITS),
  /** The end of validity (the far-future NO_EXPIRY_UNTIL for a ticket without expiry: shared/coupons/validity.ts isNoExpiry). */
  validUntil: ZTimestamp,
});
export type TOrderTicketView = z.infer<typeof ZOrderTicketView>;

export const ZOrderView = z.object({
  id: z.number().int(),
  reference: z.string(),
  status: ZOrderStatus,
  fulfilment: z.enum(['none', 'ready', 'delayed']),
  totalCash: z.number().int(),
  totalPoints: z.number().int(),
  recipient: z.enum(['self', 'gift']),
  /** The friend's mobile, masked (0912***678). */
  giftMobile: z.string().nullable(),
  giftMessage: z.string().nullable(),
  invoiceCarrier: z.string().nullable(),
  lines: z.array(ZOrderLineView),
  tickets: z.array(ZOrderTicketView),
  /** While pending: when the order is released if unpaid. */
  holdUntil: ZTimestamp,
  paidAt: ZTimestamp.nullable(),
  cancelledAt: ZTimestamp.nullable(),
  cancelReason: z.string().nullable(),
  /** Whether a payment is being confirmed right now (show "confirming" rather than "pay"). */
  paymentInProgress: z.boolean(),
  refundedCash: z.number().int(),
  refundedPoints: z.number().int(),
  createdAt: ZTimestamp,
});
export type TOrderView = z.infer<typeof ZOrderView>;

/**
 * The answer to creating an order or paying again: the order, and where to send the member —
 * LINE Pay's page when there is money to pay, null when the order is already paid (all points).
 */
export const ZCheckoutResponse = z.object({ order: ZOrderView, paymentUrl: z.string().nullable() });
export type TCheckoutResponse = z.infer<typeof ZCheckoutResponse>;

export const ZMyOrdersQuery = z.object({ ...langQuery, status: ZOrderStatus.optional() }).strict();
export const ZOrderList = z.object({ items: z.array(ZOrderView) });

/** LINE Pay sends the member back with these (it appends them to confirmUrl / cancelUrl). */
export const ZPaymentReturnQuery = z
  .object({
    transactionId: z.string().regex(/^\d{1,30}$/).optional(),
    orderId: z.string().min(1).max(100),
  })
  .passthrough();

/** Console: orders (C adds filters / actions in its block). */
export const ZConsoleOrderQuery = z
  .object({
    ...langQuery,
    status: ZOrderStatus.optional(),
    memberId: z.coerce.number().int().positive().optional(),
    productId: z.coerce.number().int().positive().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const ZConsoleOrderView = ZOrderView.extend({
  memberId: z.number().int(),
  memberName: z.string(),
  payments: z.array(
    z.object({
      providerOrderId: z.string(),
      transactionId: z.string().nullable(),
      amount: z.number().int(),
      state: z.string(),
      lastError: z.string().nullable(),
      capturedAt: ZTimestamp.nullable(),
      refundedAmount: z.number().int(),
    }),
  ),
});
export type TConsoleOrderView = z.infer<typeof ZConsoleOrderView>;
export const ZConsoleOrderList = z.object({ items: z.array(ZConsoleOrderView) });

// ── after-sale (engineer C): refunds, fulfilment, report ──

/** Why a ticket cannot be refunded (shared/mall/refund-rules.ts). */
export const ZRefundRefusal = z.enum(['NOT_REFUNDABLE', 'WINDOW_PASSED', 'REFUNDED', 'USED', 'GIFT_ACCEPTED', 'NOT_ACTIVE', 'BUNDLE_PARTLY_USED']);

/**
 * A refund request: the tickets (coupon ids) to refund — a bundle's ticket brings its whole
 * unit — or none to refund every ticket that can be. Send an `Idempotency-Key`.
 */
export const ZRefundRequest = z
  .object({
    couponIds: z.array(z.number().int().positive()).min(1).max(200).optional(),
    reason: z.string().trim().max(200).default(''),
  })
  .strict();
export type TRefundRequest = z.input<typeof ZRefundRequest>;

/** One unit (what was bought once) and what refunding it gives back now, or why it cannot be. */
export const ZRefundQuoteUnit = z.object({
  orderLineId: z.number().int(),
  name: z.string(),
  kind: ZProductKind,
  couponIds: z.array(z.number().int()),
  refundable: z.boolean(),
  reason: ZRefundRefusal.nullable(),
  /** 寄杯: units collected (or given away) and the ticket's units. */
  collected: z.number().int(),
  usesTotal: z.number().int(),
  /** NT$ kept for the collected units (paid − value × collected, never below zero). */
  deduction: z.number().int(),
  cash: z.number().int(),
  points: z.number().int(),
  /** A pending gift of this unit is called back by the refund. */
  recallsGift: z.boolean(),
});

/** What a refund of everything refundable would give back, for the member's confirm step and the console. */
export const ZRefundQuote = z.object({
  orderId: z.number().int(),
  units: z.array(ZRefundQuoteUnit),
  cash: z.number().int(),
  points: z.number().int(),
  /** The first instant refunds are no longer accepted (the earliest of the order's lines), null = no limit. */
  deadline: ZTimestamp.nullable(),
});
export type TRefundQuote = z.infer<typeof ZRefundQuote>;

export const ZRefundState = z.enum(['refund_pending', 'refunded', 'failed']);

export const ZRefundView = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  /** `refund_pending`: tickets voided and points back; the LINE Pay refund is on its way. */
  state: ZRefundState,
  cash: z.number().int(),
  points: z.number().int(),
  units: z.number().int(),
  couponIds: z.array(z.number().int()),
  reason: z.string(),
  requestedBy: z.enum(['member', 'admin']),
  createdAt: ZTimestamp,
  completedAt: ZTimestamp.nullable(),
});
export type TRefundView = z.infer<typeof ZRefundView>;

/** The console also sees the provider's side. */
export const ZConsoleRefundView = ZRefundView.extend({
  providerAttempts: z.number().int(),
  refundTransactionId: z.string().nullable(),
  lastError: z.string().nullable(),
  parts: z.array(
    z.object({
      orderLineId: z.number().int(),
      kind: z.string(),
      couponIds: z.array(z.number().int()),
      unitCash: z.number().int(),
      unitPoints: z.number().int(),
      collected: z.number().int(),
      usesTotal: z.number().int(),
      deduction: z.number().int(),
      cash: z.number().int(),
      points: z.number().int(),
    }),
  ),
});
export type TConsoleRefundView = z.infer<typeof ZConsoleRefundView>;

export const ZRefundList = z.object({ items: z.array(ZRefundView) });
export const ZConsoleRefundList = z.object({ items: z.array(ZConsoleRefundView) });

/** A brand-local calendar day. */
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式為 YYYY-MM-DD', 'A date is YYYY-MM-DD'));

export const ZMarkReadyRequest = z.object({ note: z.string().trim().max(300).default('') }).strict();
export const ZMarkDelayedRequest = z
  .object({
    note: z.string().trim().min(1, bi('請說明延遲原因', 'Say why the order is delayed')).max(300),
    expectedDate: ZDay,
  })
  .strict();

export const ZFulfilmentEvent = z.object({
  status: z.enum(['ready', 'delayed']),
  note: z.string(),
  expectedDate: z.string().nullable(),
  at: ZTimestamp,
});
export const ZFulfilmentView = z.object({
  orderId: z.number().int(),
  fulfilment: z.enum(['none', 'ready', 'delayed']),
  /** The latest delay's note and date, or the ready note (what the member's order page shows). */
  latest: ZFulfilmentEvent.nullable(),
  events: z.array(ZFulfilmentEvent),
});
export type TFulfilmentView = z.infer<typeof ZFulfilmentView>;

/** Sales report: brand-local days, both included (at most 366 days). */
export const ZSalesReportQuery = z
  .object({
    from: ZDay,
    until: ZDay,
    productId: z.coerce.number().int().positive().optional(),
  })
  .strict()
  .refine((q) => q.from <= q.until, { path: ['until'], message: '結束日須晚於開始日 / until on or after from' });

const ZSalesFigures = {
  /** Orders paid in the period. */
  orders: z.number().int(),
  units: z.number().int(),
  /** NT$ and points taken by orders paid in the period. */
  revenueCash: z.number().int(),
  revenuePoints: z.number().int(),
  /** Refunds made in the period (whatever day their order was paid). */
  refunds: z.number().int(),
  refundedUnits: z.number().int(),
  refundedCash: z.number().int(),
  refundedPoints: z.number().int(),
  /** revenueCash − refundedCash. */
  netCash: z.number().int(),
};

export const ZSalesReport = z.object({
  from: z.string(),
  until: z.string(),
  timezone: z.string(),
  totals: z.object(ZSalesFigures),
  /** Every day of the period, in order (zeros included), for the charts. */
  days: z.array(z.object({ day: z.string(), ...ZSalesFigures })),
  /** Products with sales or refunds in the period, by revenue. */
  products: z.array(z.object({ productId: z.number().int(), name: z.string(), kind: ZProductKind, ...ZSalesFigures })),
});
export type TSalesReport = z.infer<typeof ZSalesReport>;

/** The orders CSV: orders created in the period (brand-local days), optionally by status. */
export const ZOrdersCsvQuery = z
  .object({ from: ZDay, until: ZDay, status: ZOrderStatus.optional() })
  .strict()
  .refine((q) => q.from <= q.until, { path: ['until'], message: '結束日須晚於開始日 / until on or after from' });

export const ZMallRefundQuoteQuery = z.object({ ...langQuery }).strict();
