/** The missions (闖關) API: the console's builder and funnel, the member's missions page (bot-server/missions). */
import { z } from 'zod';
import { ZTimestamp } from './timestamp.ts';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式 YYYY-MM-DD', 'Date as YYYY-MM-DD'));
const ZWords = (max: number) => z.string().trim().max(max);
const ZCount = z.number().int().min(1).max(100);
const ZAmount = z.number().int().min(1).max(100_000_000);
const ZCodes = z.array(z.string().trim().min(1).max(64)).min(1).max(50);

/**
 * A step's condition. The builder may leave out a coupon step's templates (any) and count (1), so
 * the input fills them; outputs have no defaults (the client uses early answers as sent,
 * test/unit/contract-outputs.test.ts) and the server always sends every field.
 */
function stepCondition(filled: boolean) {
  const templateIds = z.array(z.number().int().positive()).max(50);
  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sku'), skus: ZCodes }).strict(),
    z.object({ kind: z.literal('category'), categories: ZCodes }).strict(),
    z.object({ kind: z.literal('minPurchase'), amount: ZAmount }).strict(),
    z.object({ kind: z.literal('totalSpend'), amount: ZAmount }).strict(),
    z.object({ kind: z.literal('visitDays'), count: ZCount }).strict(),
    z.object({ kind: z.literal('visitStores'), count: ZCount }).strict(),
    z.object({ kind: z.literal('couponRedeemed'), templateIds: filled ? templateIds.default([]) : templateIds, count: filled ? ZCount.default(1) : ZCount }).strict(),
    z.object({ kind: z.literal('referral'), count: filled ? ZCount.default(1) : ZCount }).strict(),
    z.object({ kind: z.literal('registration') }).strict(),
  ]);
}

export const ZStepCondition = stepCondition(true);
export const ZStepConditionView = stepCondition(false);

export const ZMissionStep = z.object({ label: ZWords(40).default(''), labelEn: ZWords(60).default(''), condition: ZStepCondition }).strict();
export const ZMissionStepView = z.object({ label: z.string(), labelEn: z.string(), condition: ZStepConditionView }).strict();

export const ZAudience = z.discriminatedUnion('kind', [z.object({ kind: z.literal('all') }).strict(), z.object({ kind: z.literal('tier'), tierIds: z.array(z.number().int().positive()).max(20) }).strict(), z.object({ kind: z.literal('new') }).strict()]);

export const ZReward = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), points: z.number().int().min(1).max(1_000_000) }).strict(),
  z.object({ kind: z.literal('coupon'), templateId: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('bundle'), bundleId: z.number().int().positive() }).strict(),
]);

function missionRules<Step extends z.ZodType>(step: Step) {
  return z
    .object({
      startsOn: ZDay,
      endsOn: ZDay,
      audience: ZAudience,
      steps: z.array(step).min(1).max(10),
      combine: z.discriminatedUnion('kind', [z.object({ kind: z.literal('all') }).strict(), z.object({ kind: z.literal('nOf'), n: z.number().int().min(1).max(10) }).strict()]),
      order: z.enum(['any', 'sequence']),
      repeat: z.number().int().min(1).max(100),
      reward: ZReward,
      refundPolicy: z.enum(['keep', 'clawback']),
      notifySteps: z.boolean(),
    })
    .strict();
}

/** What the builder sends (a step's label and a coupon/referral step's details may be left out). */
export const ZMissionRules = missionRules(ZMissionStep);
/** What the server sends: every field, nothing filled in by parsing. */
export const ZMissionRulesView = missionRules(ZMissionStepView);

export const ZMissionStatus = z.enum(['draft', 'active', 'ended']);

/** What the builder saves. */
export const ZMissionInput = z
  .object({
    name: z.string().trim().min(1, bi('請輸入任務名稱', 'Enter the mission name')).max(40),
    nameEn: ZWords(60).default(''),
    description: ZWords(200).default(''),
    descriptionEn: ZWords(300).default(''),
    status: ZMissionStatus,
    rules: ZMissionRules,
  })
  .strict();
export type TMissionInput = z.input<typeof ZMissionInput>;

export const ZMissionAdminView = z.object({
  id: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  descriptionEn: z.string(),
  status: ZMissionStatus,
  rules: ZMissionRulesView,
  /** Members with progress: the steps can no longer change (their progress would mean something else). */
  stepsLocked: z.boolean(),
  joined: z.number().int(),
  rewarded: z.number().int(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
});
export type TMissionAdminView = z.infer<typeof ZMissionAdminView>;

export const ZMissionAdminList = z.object({
  items: z.array(ZMissionAdminView),
  /** The brand's tiers for the audience picker; null when tiers are not available. */
  tiers: z.array(z.object({ id: z.number().int(), name: z.string(), rank: z.number().int() })).nullable(),
  pointsEnabled: z.boolean(),
});
export type TMissionAdminList = z.infer<typeof ZMissionAdminList>;

export const ZMissionFunnel = z.object({
  missionId: z.number().int(),
  joined: z.number().int(),
  steps: z.array(z.object({ label: z.string(), reached: z.number().int() })),
  completed: z.number().int(),
  rewardsGranted: z.number().int(),
  rewardsSkipped: z.number().int(),
  rewardsClawedBack: z.number().int(),
  pointsGranted: z.number().int(),
});
export type TMissionFunnel = z.infer<typeof ZMissionFunnel>;

// ── member ──

export const ZMemberMission = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  /** Last day (brand time, inclusive). */
  endsOn: z.string(),
  startsOn: z.string(),
  state: z.enum(['joinable', 'joined', 'completed']),
  order: z.enum(['any', 'sequence']),
  needed: z.number().int(),
  /** Steps still to do before the reward (「還差 1 項」). */
  remaining: z.number().int(),
  steps: z.array(z.object({ label: z.string(), value: z.number().int(), target: z.number().int(), done: z.boolean(), money: z.boolean() })),
  reward: z.string(),
  completions: z.number().int(),
  repeat: z.number().int(),
  /** What each completion earned, newest first. */
  earned: z.array(z.object({ reward: z.string(), at: ZTimestamp, status: z.enum(['granted', 'skipped', 'clawed_back']) })),
});
export type TMemberMission = z.infer<typeof ZMemberMission>;

export const ZMemberMissions = z.object({ items: z.array(ZMemberMission) });
export type TMemberMissions = z.infer<typeof ZMemberMissions>;
