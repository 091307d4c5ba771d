/** The console's reporting contract: the overview dashboard and a member's 360° page (bot-server/reporting). */
import { z } from 'zod';
import { ZConsoleCoupon } from './coupons.ts';
import { langQuery } from './query.ts';
import { ZAuditEntry, ZMemberDetail } from './schemas.ts';
import { ZTimestamp } from './timestamp.ts';

export const ZOverviewQuery = z.object({ ...langQuery }).strict();

/** One period's figures; days are brand-local and inclusive. */
export const ZOverviewFigures = z.object({
  from: z.string(),
  to: z.string(),
  /** Members first seen (followed the account or signed in). */
  joined: z.number().int(),
  issued: z.number().int(),
  /** Redemptions (not undone) in the period. */
  redeemed: z.number().int(),
  /** Of the coupons issued in the period, the share used so far (0–1); null when none were issued. */
  redemptionRate: z.number().nullable(),
  claims: z.number().int(),
  notificationsSent: z.number().int(),
  notificationsFailed: z.number().int(),
});
export type TOverviewFigures = z.infer<typeof ZOverviewFigures>;

export const ZOverviewDay = z.object({
  day: z.string(),
  joined: z.number().int(),
  issued: z.number().int(),
  redeemed: z.number().int(),
  claims: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});
export type TOverviewDay = z.infer<typeof ZOverviewDay>;

export const ZOverview = z.object({
  timeZone: z.string(),
  today: z.string(),
  members: z.number().int(),
  periods: z.object({ today: ZOverviewFigures, days7: ZOverviewFigures, days30: ZOverviewFigures }),
  /** The last 30 brand-local days, oldest first. */
  perDay: z.array(ZOverviewDay),
  /** Campaigns running now that end within 7 days, soonest first. */
  endingSoon: z.array(z.object({ id: z.number().int(), name: z.string(), mode: z.enum(['claim', 'code']), endsAt: ZTimestamp, remaining: z.number().int().nullable() })),
});
export type TOverview = z.infer<typeof ZOverview>;

export const ZMember360 = z.object({
  member: ZMemberDetail,
  counts: z.object({ coupons: z.number().int(), activeCoupons: z.number().int(), redemptions: z.number().int(), claims: z.number().int(), notifications: z.number().int() }),
  /** The newest 50 coupons; the issued-coupon list has them all. */
  wallet: z.array(ZConsoleCoupon),
  redemptions: z.array(
    z.object({
      id: z.string(),
      at: ZTimestamp,
      couponId: z.number().int(),
      couponName: z.string(),
      code: z.string(),
      storeName: z.string(),
      uses: z.number().int(),
      discount: z.number().int().nullable(),
      channel: z.enum(['scanner', 'pos']),
      isVoided: z.boolean(),
    }),
  ),
  claims: z.array(z.object({ id: z.number().int(), at: ZTimestamp, campaignId: z.number().int(), campaignName: z.string(), via: z.enum(['claim', 'code', 'auto', 'bulk']), coupons: z.number().int() })),
  notifications: z.array(z.object({ id: z.string(), kind: z.string(), kindLabel: z.string(), status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']), reason: z.string().nullable(), createdAt: ZTimestamp, sentAt: ZTimestamp.nullable(), isTest: z.boolean() })),
  audit: z.array(ZAuditEntry),
});
export type TMember360 = z.infer<typeof ZMember360>;
