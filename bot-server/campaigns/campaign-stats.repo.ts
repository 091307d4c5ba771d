/** Campaign figures for the console's dashboard and a member's 360° page (composed by bot-server/reporting). */
import { and, asc, count, desc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { campaignClaims, campaigns } from '../db/schema.ts';

/** Claims (claim centre, codes, auto and bulk issuing) per brand-local day since `since`. */
export function countClaimsPerDay(db: DbOrTx, since: Date, offsetMinutes: number): { day: string; n: number }[] {
  const day = sql<string>`date((${campaignClaims.claimedAt} / 1000) + ${offsetMinutes * 60}, 'unixepoch')`;
  return db.select({ day, n: count() }).from(campaignClaims).where(gte(campaignClaims.claimedAt, since)).groupBy(day).all();
}

/** Campaigns running now that end before `until`, soonest first. */
export function listCampaignsEndingBefore(db: DbOrTx, now: Date, until: Date) {
  return db
    .select({ id: campaigns.id, name: campaigns.name, mode: campaigns.mode, endsAt: campaigns.endsAt, totalStock: campaigns.totalStock, claimedCount: campaigns.claimedCount })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'active'), lte(campaigns.startsAt, now), gt(campaigns.endsAt, now), lte(campaigns.endsAt, until)))
    .orderBy(asc(campaigns.endsAt))
    .limit(10)
    .all();
}

/** A member's claims, newest first, with the campaign's name. */
export function listMemberClaims(db: DbOrTx, memberId: number, limit: number) {
  return db
    .select({ id: campaignClaims.id, at: campaignClaims.claimedAt, via: campaignClaims.via, couponIds: campaignClaims.couponIds, campaignId: campaigns.id, campaignName: campaigns.name })
    .from(campaignClaims)
    .innerJoin(campaigns, eq(campaigns.id, campaignClaims.campaignId))
    .where(eq(campaignClaims.memberId, memberId))
    .orderBy(desc(campaignClaims.claimedAt), desc(campaignClaims.id))
    .limit(limit)
    .all();
}
