import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { violatedUnique, type DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { statement } from '../db/statements.ts';
import { autoIssueRules, bundles, campaignClaims, campaignMobiles, campaigns, coupons, redemptionCodes, redemptions, stores } from '../db/schema.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type BundleRow = typeof bundles.$inferSelect;

export function insertBundle(db: DbOrTx, row: typeof bundles.$inferInsert): BundleRow {
  return db.insert(bundles).values(row).returning().get();
}
export function findBundle(db: DbOrTx, id: number): BundleRow | undefined {
  return db.select().from(bundles).where(eq(bundles.id, id)).get();
}
export function listBundles(db: DbOrTx): BundleRow[] {
  return db.select().from(bundles).orderBy(desc(bundles.id)).all();
}

export function insertCampaign(db: DbOrTx, row: typeof campaigns.$inferInsert): CampaignRow {
  return db.insert(campaigns).values(row).returning().get();
}
export function findCampaign(db: DbOrTx, id: number): CampaignRow | undefined {
  return prepared(db, 'campaigns.byId', (d) => d.select().from(campaigns).where(eq(campaigns.id, sql.placeholder('id'))).prepare()).get({ id });
}
export function findCampaignBySharedCode(db: DbOrTx, code: string): CampaignRow | undefined {
  return db.select().from(campaigns).where(and(eq(campaigns.sharedCode, code), eq(campaigns.status, 'active'))).get();
}
export function listCampaigns(db: DbOrTx): CampaignRow[] {
  return db.select().from(campaigns).orderBy(desc(campaigns.id)).all();
}
export function updateCampaign(db: DbOrTx, id: number, patch: Partial<typeof campaigns.$inferInsert>): CampaignRow | undefined {
  return db.update(campaigns).set({ ...patch, updatedAt: new Date() }).where(eq(campaigns.id, id)).returning().get();
}

/**
 * What a claim attempt needs to know before a transaction (the claim rush's hot read: every
 * tap, and most taps of a rush arrive after the stock is gone): the mode, the stock, the
 * per-member limit, the points cost and the audience's type (which decides the claim period).
 * A plain statement, not the full row: see db/statements.ts.
 */
export interface ClaimGate {
  mode: CampaignRow['mode'];
  totalStock: number | null;
  claimedCount: number;
  perMemberLimit: number;
  pointsCost: number | null;
  audienceType: CampaignRow['audience']['type'];
}
export function findClaimGate(db: DbOrTx, id: number): ClaimGate | undefined {
  const row = statement(db, "select mode, total_stock, claimed_count, per_member_limit, points_cost, json_extract(audience, '$.type') from campaigns where id = ?").raw().get(id) as
    | [ClaimGate['mode'], number | null, number, number, number | null, ClaimGate['audienceType']]
    | undefined;
  if (!row) return undefined;
  return { mode: row[0], totalStock: row[1], claimedCount: row[2], perMemberLimit: row[3], pointsCost: row[4], audienceType: row[5] };
}

/** What a campaign's audience rules look at in a member (shared/campaigns/audience.ts); undefined when there is no such member. */
export function findAudienceMember(db: DbOrTx, memberId: number): { registeredAt: Date | null; birthday: string | null; mobile: string | null } | undefined {
  const row = statement(db, 'select registered_at, birthday, mobile from members where id = ?').raw().get(memberId) as [number | null, string | null, string | null] | undefined;
  if (!row) return undefined;
  return { registeredAt: row[0] === null ? null : new Date(row[0]), birthday: row[1], mobile: row[2] };
}

/** The campaign's stock: one conditional update; false when it is gone. */
export function takeCampaignStock(db: DbOrTx, id: number): boolean {
  return statement(db, 'update campaigns set claimed_count = claimed_count + 1 where id = ? and (total_stock is null or claimed_count < total_stock)').run(id).changes === 1;
}

export function countClaims(db: DbOrTx, campaignId: number, memberId: number, period: string): number {
  return statement(db, 'select count(*) from campaign_claims where campaign_id = ? and member_id = ? and period = ?').pluck().get(campaignId, memberId, period) as number;
}

export function insertClaim(db: DbOrTx, row: { campaignId: number; memberId: number; period: string; couponIds: number[]; via: 'claim' | 'code' | 'auto' | 'bulk'; claimedAt: Date }): number {
  const result = statement(db, 'insert into campaign_claims (campaign_id, member_id, period, coupon_ids, via, claimed_at) values (?, ?, ?, ?, ?, ?)').run(
    row.campaignId,
    row.memberId,
    row.period,
    JSON.stringify(row.couponIds),
    row.via,
    row.claimedAt.getTime(),
  );
  return Number(result.lastInsertRowid);
}

export function isOnMobileList(db: DbOrTx, campaignId: number, mobile: string): boolean {
  return db.select({ m: campaignMobiles.mobile }).from(campaignMobiles).where(and(eq(campaignMobiles.campaignId, campaignId), eq(campaignMobiles.mobile, mobile))).get() !== undefined;
}
export function insertCampaignMobiles(db: DbOrTx, campaignId: number, mobiles: string[]): void {
  for (let i = 0; i < mobiles.length; i += 500) db.insert(campaignMobiles).values(mobiles.slice(i, i + 500).map((mobile) => ({ campaignId, mobile }))).onConflictDoNothing().run();
}

/** Throws CODE_TAKEN when another campaign holds one of the codes. */
export function insertRedemptionCodes(db: DbOrTx, campaignId: number, codes: string[]): void {
  try {
    for (let i = 0; i < codes.length; i += 500) db.insert(redemptionCodes).values(codes.slice(i, i + 500).map((code) => ({ campaignId, code }))).run();
  } catch (error) {
    if (violatedUnique(error) === 'redemption_codes.code') throw new AppError('CODE_TAKEN', { field: 'codes' });
    throw error;
  }
}
/** Marks a single-use code used by this member; undefined when it does not exist or was used. */
export function useRedemptionCode(db: DbOrTx, code: string, memberId: number, at: Date): { campaignId: number } | undefined {
  return db
    .update(redemptionCodes)
    .set({ usedByMemberId: memberId, usedAt: at })
    .where(and(eq(redemptionCodes.code, code), isNull(redemptionCodes.usedByMemberId)))
    .returning({ campaignId: redemptionCodes.campaignId })
    .get();
}
export function codeCounts(db: DbOrTx, campaignId: number): { total: number; used: number } {
  const row = db
    .select({ total: count(), used: sql<number>`sum(case when ${redemptionCodes.usedByMemberId} is not null then 1 else 0 end)` })
    .from(redemptionCodes)
    .where(eq(redemptionCodes.campaignId, campaignId))
    .get();
  return { total: row?.total ?? 0, used: Number(row?.used ?? 0) };
}
export function listRedemptionCodes(db: DbOrTx, campaignId: number) {
  return db.select().from(redemptionCodes).where(eq(redemptionCodes.campaignId, campaignId)).orderBy(redemptionCodes.id).all();
}

/** How many coupons a member holds from one source (e.g. 'welcome': the registration's gift). */
export function countMemberCouponsFrom(db: DbOrTx, memberId: number, source: string): number {
  return db.select({ n: count() }).from(coupons).where(and(eq(coupons.memberId, memberId), eq(coupons.source, source))).get()?.n ?? 0;
}

export function findAutoIssueRule(db: DbOrTx) {
  return db.select().from(autoIssueRules).where(eq(autoIssueRules.trigger, 'registration')).get();
}
export function saveAutoIssueRule(db: DbOrTx, row: { enabled: boolean; templateId: number | null; bundleId: number | null }): void {
  const values = { trigger: 'registration' as const, ...row, updatedAt: new Date() };
  db.insert(autoIssueRules).values(values).onConflictDoUpdate({ target: autoIssueRules.trigger, set: values }).run();
}

// ── the campaign report ─────────────────────────────────────────────────────────────
/** Claims per local day (`offsetSeconds` east of UTC: the brand's offset). */
export function claimsPerDay(db: DbOrTx, campaignId: number, offsetSeconds: number): { day: string; n: number }[] {
  const day = sql<string>`date((${campaignClaims.claimedAt} / 1000) + ${offsetSeconds}, 'unixepoch')`;
  return db.select({ day, n: sql<number>`count(*)` }).from(campaignClaims).where(eq(campaignClaims.campaignId, campaignId)).groupBy(day).all();
}

/** Every coupon the campaign's claims issued. */
export function claimedCouponIds(db: DbOrTx, campaignId: number): number[] {
  return db.select({ ids: campaignClaims.couponIds }).from(campaignClaims).where(eq(campaignClaims.campaignId, campaignId)).all().flatMap((r) => r.ids);
}

/** Uses redeemed (not voided) of these coupons, per local day and store; pass at most ~500 ids at a time. */
export function redeemedUsesPerDayAndStore(db: DbOrTx, couponIds: number[], offsetSeconds: number): { day: string; storeId: number; storeName: string; n: number }[] {
  const day = sql<string>`date((${redemptions.createdAt} / 1000) + ${offsetSeconds}, 'unixepoch')`;
  return db
    .select({ day, storeId: redemptions.storeId, storeName: stores.name, n: sql<number>`sum(${redemptions.uses})` })
    .from(redemptions)
    .innerJoin(stores, eq(stores.id, redemptions.storeId))
    .where(and(inArray(redemptions.couponId, couponIds), sql`${redemptions.voidedAt} is null`))
    .groupBy(day, redemptions.storeId)
    .all();
}
