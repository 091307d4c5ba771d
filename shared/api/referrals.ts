import { z } from 'zod';
import { langQuery } from './query.ts';

/** Referrals (MGM, 推薦好友): each member's invite link, and the brand's programme and report. */

/** A coupon template or a bundle (exactly one). */
export const ZReferralOffer = z
  .object({ templateId: z.number().int().positive().nullable(), bundleId: z.number().int().positive().nullable() })
  .strict()
  .refine((o) => (o.templateId === null) !== (o.bundleId === null), { message: '請選擇一種票券或一個禮包 / Choose one coupon template or one bundle' });
export type TReferralOffer = z.infer<typeof ZReferralOffer>;

export const ZReferralTrigger = z.enum(['registration', 'first_redemption']);

export const ZReferralSettingsInput = z
  .object({
    enabled: z.boolean(),
    /** Rewards come when the friend registers, or when the friend first uses a coupon at a store. */
    trigger: ZReferralTrigger,
    referrerReward: ZReferralOffer.nullable(),
    friendReward: ZReferralOffer.nullable(),
    /** Rewarded referrals per referrer per calendar month (brand time); null for no cap. */
    monthlyCap: z.number().int().min(1, { message: '每月上限至少 1 位 / The monthly cap is at least 1' }).max(1000).nullable(),
  })
  .strict()
  .refine((s) => !s.enabled || s.referrerReward !== null || s.friendReward !== null, { message: '啟用前請至少設定一份獎勵 / Set at least one reward before turning the programme on', path: ['referrerReward'] });
export type TReferralSettingsInput = z.input<typeof ZReferralSettingsInput>;

const ZOfferLabel = z.object({ kind: z.enum(['template', 'bundle']), id: z.number().int(), name: z.string(), summary: z.string() });

export const ZReferralSettings = z.object({
  enabled: z.boolean(),
  trigger: ZReferralTrigger,
  referrerReward: z.object({ templateId: z.number().int().nullable(), bundleId: z.number().int().nullable() }).nullable(),
  friendReward: z.object({ templateId: z.number().int().nullable(), bundleId: z.number().int().nullable() }).nullable(),
  monthlyCap: z.number().int().nullable(),
  /** The rewards by name, for people. */
  referrerRewardLabel: ZOfferLabel.nullable(),
  friendRewardLabel: ZOfferLabel.nullable(),
});
export type TReferralSettings = z.infer<typeof ZReferralSettings>;

/** The member's own invite: the link to share and how it went. */
export const ZMyInvite = z.object({
  code: z.string(),
  /** The link a friend opens (LIFF in production). */
  url: z.string(),
  enabled: z.boolean(),
  trigger: ZReferralTrigger,
  /** What each side gets, by name; null when that side gets nothing. */
  referrerReward: z.string().nullable(),
  friendReward: z.string().nullable(),
  monthlyCap: z.number().int().nullable(),
  stats: z.object({ registered: z.number().int(), rewarded: z.number().int(), pending: z.number().int() }),
});
export type TMyInvite = z.infer<typeof ZMyInvite>;

export const ZRecordInviteRequest = z.object({ code: z.string().trim().min(1).max(20) }).strict();
/** Whether this visit counts: false for one's own link, a member already registered, or someone invited first. */
export const ZRecordInviteResponse = z.object({ counted: z.boolean() });

export const ZReferralReportQuery = z.object({ ...langQuery, days: z.coerce.number().int().min(7).max(90).default(30) }).strict();

export const ZReferralReport = z.object({
  days: z.number().int(),
  totals: z.object({
    invites: z.number().int(),
    registrations: z.number().int(),
    rewarded: z.number().int(),
    pending: z.number().int(),
    ineligible: z.number().int(),
    rewardsGranted: z.number().int(),
    rewardsReversed: z.number().int(),
  }),
  /** One row per brand-local day, oldest first. */
  series: z.array(z.object({ day: z.string(), invites: z.number().int(), registrations: z.number().int(), rewardsGranted: z.number().int(), rewardsReversed: z.number().int() })),
  topReferrers: z.array(z.object({ memberId: z.number().int(), name: z.string(), registrations: z.number().int(), rewarded: z.number().int() })),
});
export type TReferralReport = z.infer<typeof ZReferralReport>;
