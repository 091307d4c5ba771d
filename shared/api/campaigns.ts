import { z } from 'zod';
import { optionalEnglish } from '../i18n/localized.ts';
import { ZTimestamp } from './timestamp.ts';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });

export const ZAudience = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z.object({ type: z.literal('new_members'), days: z.number().int().min(1).max(3650) }).strict(),
  z.object({ type: z.literal('birth_month') }).strict(),
  z.object({ type: z.literal('mobiles') }).strict(),
]);

export const ZBundleInput = z
  .object({
    name: z.string().trim().min(1, bi('請輸入禮包名稱', 'Enter a name')).max(60),
    description: z.string().trim().max(500).default(''),
    /** English mode (optional): blank = the zh-TW text. */
    nameEn: optionalEnglish(60),
    descriptionEn: optionalEnglish(500),
    items: z.array(z.object({ templateId: z.number().int().positive(), quantity: z.number().int().min(1).max(20) }).strict()).min(1, bi('至少放一張票券', 'Add at least one coupon')).max(20),
  })
  .strict();
export type TBundleInput = z.input<typeof ZBundleInput>;
export const ZBundleView = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  nameEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  items: z.array(z.object({ templateId: z.number().int(), quantity: z.number().int(), name: z.string(), summary: z.string() })),
  status: z.enum(['active', 'archived']),
});
export type TBundleView = z.infer<typeof ZBundleView>;

export const ZCampaignInput = z
  .object({
    name: z.string().trim().min(1, bi('請輸入活動名稱', 'Enter a name')).max(60),
    description: z.string().trim().max(1000).default(''),
    /** English mode (optional): blank = the zh-TW text. */
    nameEn: optionalEnglish(60),
    descriptionEn: optionalEnglish(1000),
    mode: z.enum(['claim', 'code']),
    templateId: z.number().int().positive().nullable().default(null),
    bundleId: z.number().int().positive().nullable().default(null),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    audience: ZAudience.default({ type: 'all' }),
    /** For audience "mobiles": the invited numbers (any common format). */
    mobiles: z.array(z.string().max(30)).max(100_000).optional(),
    totalStock: z.number().int().min(1).max(10_000_000).nullable().default(null),
    perMemberLimit: z.number().int().min(1).max(100).default(1),
    /** 以點換券 (claim campaigns): the points one claim costs; null = free. */
    pointsCost: z.number().int().min(1, bi('點數至少 1 點', 'Points: at least 1')).max(10_000_000).nullable().default(null),
    /** Tier-only offer: only members at this tier (會員等級) see and claim it; null = any tier. */
    audienceTierId: z.number().int().positive().nullable().default(null),
    /** Code campaigns: one shared code (e.g. WINTER2026), or generate single-use codes. */
    sharedCode: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{4,32}$/, bi('兌換碼為 4–32 個英數字', 'code: 4–32 letters or digits')).nullable().default(null),
    generateCodes: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.templateId === null) === (c.bundleId === null)) ctx.addIssue({ code: 'custom', path: ['templateId'], message: '請選擇一種票券或一個禮包 / Choose one coupon template or one bundle' });
    if (Date.parse(c.endsAt) <= Date.parse(c.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '結束時間須晚於開始時間 / endsAt must be after startsAt' });
    if (c.audience.type === 'mobiles' && !c.mobiles?.length) ctx.addIssue({ code: 'custom', path: ['mobiles'], message: '請提供受邀名單 / Provide the invited numbers' });
    if (c.mode === 'claim' && (c.sharedCode || c.generateCodes)) ctx.addIssue({ code: 'custom', path: ['mode'], message: '領券活動不需要兌換碼 / Claim campaigns have no codes' });
    if (c.mode === 'code' && c.pointsCost !== null) ctx.addIssue({ code: 'custom', path: ['pointsCost'], message: '兌換碼活動不能設定點數 / Code campaigns cannot cost points' });
    if (c.mode === 'code' && !c.sharedCode && !c.generateCodes) ctx.addIssue({ code: 'custom', path: ['sharedCode'], message: '請設定共用兌換碼，或產生一次性兌換碼 / Set a shared code or generate single-use codes' });
  });
export type TCampaignInput = z.input<typeof ZCampaignInput>;

export const ZCampaignView = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  nameEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  mode: z.enum(['claim', 'code']),
  offer: z.object({ kind: z.enum(['template', 'bundle']), id: z.number().int(), name: z.string(), summary: z.string(), color: z.string() }),
  startsAt: ZTimestamp,
  endsAt: ZTimestamp,
  audience: ZAudience,
  totalStock: z.number().nullable(),
  claimedCount: z.number(),
  remaining: z.number().nullable(),
  perMemberLimit: z.number(),
  /** Points one claim costs; null = free. */
  pointsCost: z.number().int().nullable(),
  audienceTierId: z.number().int().nullable(),
  sharedCode: z.string().nullable(),
  codesTotal: z.number().nullable(),
  codesUsed: z.number().nullable(),
  status: z.enum(['active', 'archived']),
  /** Audience numbers that were invalid or unknown when the list was saved. */
  mobileReport: z.array(z.object({ line: z.number(), input: z.string(), problem: z.string() })).optional(),
});
export type TCampaignView = z.infer<typeof ZCampaignView>;

/** A campaign as the claim centre shows it to one member. */
export const ZClaimable = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  offer: z.object({
    kind: z.enum(['template', 'bundle']),
    /** A single coupon's kind, so the card names it as the wallet does (shared/glossary.ts); null for a bundle. */
    couponKind: z.enum(['amount_off', 'percent_off', 'exchange']).nullable(),
    name: z.string(),
    summary: z.string(),
    color: z.string(),
    items: z.array(z.object({ name: z.string(), quantity: z.number() })),
  }),
  endsAt: ZTimestamp,
  /** null = unlimited; shown as 「剩 23 張」 when low and 「已領完」 at 0. */
  remaining: z.number().nullable(),
  isLow: z.boolean(),
  claimedByMe: z.number().int(),
  perMemberLimit: z.number().int(),
  /** 以點換券: points one claim costs (「300 點」); null = free. */
  pointsCost: z.number().int().nullable(),
  /** How many more points the member needs for it (0 when they have enough or it is free). */
  pointsShort: z.number().int(),
  canClaim: z.boolean(),
  /** Why not, in plain words, when canClaim is false. */
  reason: z.string().nullable(),
  isBirthday: z.boolean(),
});
export type TClaimable = z.infer<typeof ZClaimable>;
export const ZClaimCentre = z.object({
  items: z.array(ZClaimable),
  /** The member's spendable points, when points are on and an offer costs points; else null. */
  points: z.object({ balance: z.number().int() }).nullable(),
});

export const ZClaimResult = z.object({
  claimId: z.number().int(),
  campaign: z.object({ id: z.number().int(), name: z.string() }),
  coupons: z.array(z.object({ id: z.number().int(), name: z.string(), code: z.string() })),
  /** Points the claim took (0 for a free offer) and the spendable balance after it (null when it cost none). */
  pointsSpent: z.number().int(),
  pointsBalance: z.number().int().nullable(),
});
export type TClaimResult = z.infer<typeof ZClaimResult>;
export const ZRedeemCodeRequest = z.object({ code: z.string().trim().min(1, bi('請輸入兌換碼', 'Enter a code')).max(64) }).strict();

export const ZAutoIssueInput = z.object({ enabled: z.boolean(), templateId: z.number().int().positive().nullable(), bundleId: z.number().int().positive().nullable() }).strict();
export const ZAutoIssueView = z.object({ trigger: z.literal('registration'), enabled: z.boolean(), templateId: z.number().nullable(), bundleId: z.number().nullable() });

export const ZBulkJobInput = z
  .object({
    name: z.string().trim().min(1, bi('請輸入名稱', 'Enter a name')).max(60, bi('名稱最多 60 字', 'Name: at most 60 characters')),
    templateId: z.number().int().positive().nullable().default(null),
    bundleId: z.number().int().positive().nullable().default(null),
    audience: z.discriminatedUnion('type', [
      z.object({ type: z.literal('all') }).strict(),
      z.object({ type: z.literal('birth_month'), month: z.number().int().min(1).max(12) }).strict(),
      z.object({ type: z.literal('mobiles') }).strict(),
    ]),
    mobiles: z.array(z.string().max(30)).max(200_000).optional(),
    /** Start later (any offset; the console sends brand time); absent or null = at once. Within a year. */
    startAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .superRefine((j, ctx) => {
    if (j.startAt && !(Date.parse(j.startAt) < Date.now() + 366 * 86_400_000)) ctx.addIssue({ code: 'custom', path: ['startAt'], message: '開始時間需在一年內 / Start within a year' });
    if ((j.templateId === null) === (j.bundleId === null)) ctx.addIssue({ code: 'custom', path: ['templateId'], message: '請選擇一種票券或一個禮包 / Choose one coupon template or one bundle' });
    if (j.audience.type === 'mobiles' && !j.mobiles?.length) ctx.addIssue({ code: 'custom', path: ['mobiles'], message: '請上傳手機號碼名單 / Upload the mobile numbers' });
  });
export type TBulkJobInput = z.input<typeof ZBulkJobInput>;
export const ZBulkJobView = z.object({
  id: z.number().int(),
  name: z.string(),
  offerName: z.string(),
  status: z.enum(['pending', 'running', 'cancelled', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  issued: z.number().int(),
  skipped: z.number().int(),
  report: z.array(z.object({ line: z.number(), input: z.string(), problem: z.string() })),
  error: z.string().nullable(),
  createdAt: ZTimestamp,
  /** A scheduled start; null = started when created. */
  startAt: ZTimestamp.nullable(),
  /** The monthly schedule that made it, if any. */
  scheduleId: z.number().int().nullable(),
  startedAt: ZTimestamp.nullable(),
  finishedAt: ZTimestamp.nullable(),
});
export type TBulkJobView = z.infer<typeof ZBulkJobView>;

export const ZCampaignReport = z.object({
  campaign: ZCampaignView,
  claimed: z.number().int(),
  redeemed: z.number().int(),
  remaining: z.number().nullable(),
  perDay: z.array(z.object({ day: z.string(), claimed: z.number().int(), redeemed: z.number().int() })),
  byStore: z.array(z.object({ storeId: z.number().int(), storeName: z.string(), redeemed: z.number().int() })),
});
export type TCampaignReport = z.infer<typeof ZCampaignReport>;
