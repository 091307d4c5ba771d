import { z } from 'zod';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZAmount = z.number().int(bi('請輸入整數', 'Whole numbers only')).min(0, bi('不可為負數', 'Cannot be negative')).max(100_000_000);
const ZOffer = z.union([z.object({ templateId: z.number().int().positive() }).strict(), z.object({ bundleId: z.number().int().positive() }).strict()]).nullable();

// ── the programme (console) ──

export const ZTierProgram = z
  .object({
    basis: z.enum(['spend', 'points']),
    window: z.discriminatedUnion('kind', [z.object({ kind: z.literal('rolling'), months: z.number().int().min(1).max(36) }).strict(), z.object({ kind: z.literal('calendar_year') }).strict()]),
    evaluation: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('anniversary') }).strict(),
      z.object({ kind: z.literal('fixed'), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).strict(),
    ]),
    graceDays: z.number().int().min(0).max(365),
    noticeDays: z.number().int().min(0).max(90),
  })
  .strict();
export type TTierProgram = z.infer<typeof ZTierProgram>;

export const ZTierInput = z
  .object({
    /** An existing tier's id; absent for a new one. */
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1, bi('請輸入等級名稱', 'Enter the tier name')).max(30),
    nameEn: z.string().trim().max(30).nullable().default(null),
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, bi('顏色格式 #RRGGBB', 'Colour as #RRGGBB')).default('#6B7280'),
    threshold: ZAmount,
    retainAt: ZAmount,
    multiplier: z.number().min(1, bi('倍數至少 1', 'At least 1×')).max(10),
    upgradeGift: ZOffer.default(null),
    birthdayGift: ZOffer.default(null),
    benefits: z.string().max(1000).default(''),
    benefitsEn: z.string().max(1000).nullable().default(null),
  })
  .strict();

export const ZSaveTiersRequest = z.object({ program: ZTierProgram, tiers: z.array(ZTierInput).min(1, bi('至少一個等級', 'At least one tier')).max(10) }).strict();
export type TSaveTiersRequest = z.input<typeof ZSaveTiersRequest>;

export const ZTierView = z.object({
  id: z.number(),
  rank: z.number(),
  name: z.string(),
  nameEn: z.string().nullable(),
  color: z.string(),
  threshold: z.number(),
  retainAt: z.number(),
  multiplier: z.number(),
  upgradeGift: ZOffer,
  birthdayGift: ZOffer,
  benefits: z.string(),
  benefitsEn: z.string().nullable(),
});
export type TTierView = z.infer<typeof ZTierView>;

export const ZConsoleTiers = z.object({
  program: ZTierProgram,
  tiers: z.array(ZTierView),
  /** Members per tier now (the lowest tier: registered members with no higher tier). */
  distribution: z.array(z.object({ tierId: z.number(), members: z.number() })),
});
export type TConsoleTiers = z.infer<typeof ZConsoleTiers>;

export const ZTierPreview = z.object({
  today: ZDay,
  /** Members who would move up, stay, be given grace, move down, if every member were evaluated today. */
  up: z.number(),
  kept: z.number(),
  grace: z.number(),
  down: z.number(),
  /** Per tier: members now and after such an evaluation. */
  perTier: z.array(z.object({ tierId: z.number(), now: z.number(), after: z.number() })),
});
export type TTierPreview = z.infer<typeof ZTierPreview>;

// ── the member's page ──

const ZMemberTierLevel = z.object({ id: z.number(), rank: z.number(), name: z.string(), color: z.string(), threshold: z.number(), retainAt: z.number(), multiplier: z.number(), benefits: z.array(z.string()), gifts: z.object({ upgrade: z.string().nullable(), birthday: z.string().nullable() }) });

export const ZMyTier = z.object({
  /** False when the brand has no tiers. */
  enabled: z.boolean(),
  basis: z.enum(['spend', 'points']),
  window: ZTierProgram.shape.window,
  current: ZMemberTierLevel.nullable(),
  /** What counts now (NT$ or points), over the window's days. */
  qualifying: z.number(),
  windowFrom: ZDay.nullable(),
  next: z.object({ tier: ZMemberTierLevel, shortBy: z.number(), ratio: z.number() }).nullable(),
  /** The next evaluation (null at the lowest tier), and what keeps the tier then. */
  evaluateOn: ZDay.nullable(),
  keep: z.object({ retainAt: z.number(), shortBy: z.number() }).nullable(),
  graceUntil: ZDay.nullable(),
  tiers: z.array(ZMemberTierLevel),
});
export type TMyTier = z.infer<typeof ZMyTier>;

// ── a member in the console ──

export const ZMemberTier = z.object({
  tierId: z.number().nullable(),
  tierName: z.string().nullable(),
  since: ZDay.nullable(),
  evaluateOn: ZDay.nullable(),
  graceUntil: ZDay.nullable(),
  qualifying: z.number(),
  tiers: z.array(z.object({ id: z.number(), name: z.string(), rank: z.number() })),
  history: z.array(z.object({ evaluateOn: ZDay, action: z.enum(['up', 'keep', 'grace', 'down']), fromTierId: z.number(), toTierId: z.number(), qualifying: z.number() })),
});
export type TMemberTier = z.infer<typeof ZMemberTier>;

export const ZAssignTierRequest = z.object({ tierId: z.number().int().positive(), reason: z.string().trim().min(2, bi('請寫下原因', 'Give a reason')).max(200) }).strict();
