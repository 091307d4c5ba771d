import { and, asc, countDistinct, desc, eq, gte, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { bundles, members, referralAttributions, referralCodes, referralRewards, referrals, referralSeenMobiles, referralSettings } from '../db/schema.ts';

export type ReferralSettingsRow = typeof referralSettings.$inferSelect;
export type ReferralRow = typeof referrals.$inferSelect;
export type AttributionRow = typeof referralAttributions.$inferSelect;
export type RewardRow = typeof referralRewards.$inferSelect;

const DEFAULTS: ReferralSettingsRow = { id: 1, enabled: false, trigger: 'registration', referrerTemplateId: null, referrerBundleId: null, friendTemplateId: null, friendBundleId: null, monthlyCap: null, updatedAt: new Date(0) };

export function findSettings(db: DbOrTx): ReferralSettingsRow {
  return db.select().from(referralSettings).where(eq(referralSettings.id, 1)).get() ?? DEFAULTS;
}

export function saveSettings(db: DbOrTx, row: Omit<ReferralSettingsRow, 'id' | 'updatedAt'>): void {
  const values = { ...row, updatedAt: new Date() };
  db.insert(referralSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: referralSettings.id, set: values }).run();
}

export function findCodeOf(db: DbOrTx, memberId: number): string | undefined {
  return db.select({ code: referralCodes.code }).from(referralCodes).where(eq(referralCodes.memberId, memberId)).get()?.code;
}

/** Gives the member this code unless they have one (or the code is someone else's); true when it was stored. */
export function insertCode(db: DbOrTx, memberId: number, code: string): boolean {
  return db.insert(referralCodes).values({ memberId, code }).onConflictDoNothing().run().changes === 1;
}

export function findReferrerByCode(db: DbOrTx, code: string): number | undefined {
  return db.select({ memberId: referralCodes.memberId }).from(referralCodes).where(eq(referralCodes.code, code)).get()?.memberId;
}

/** Records who invited whom unless someone did first (the unique friend columns); true when recorded. */
export function insertAttribution(db: DbOrTx, row: Omit<AttributionRow, 'id'>): boolean {
  return db.insert(referralAttributions).values(row).onConflictDoNothing().run().changes === 1;
}

/** The first invite that reached this friend: their own visit to a link, or a gift to their number. */
export function findFirstAttribution(db: DbOrTx, memberId: number, mobile: string | null): AttributionRow | undefined {
  const who = mobile ? or(eq(referralAttributions.friendMemberId, memberId), eq(referralAttributions.friendMobile, mobile)) : eq(referralAttributions.friendMemberId, memberId);
  return db.select().from(referralAttributions).where(who).orderBy(asc(referralAttributions.createdAt), asc(referralAttributions.id)).limit(1).get();
}

export function findMemberFacts(db: DbOrTx, memberId: number): { mobile: string | null; name: string; registeredAt: Date | null } | undefined {
  const row = db.select({ mobile: members.mobile, name: members.name, displayName: members.displayName, registeredAt: members.registeredAt }).from(members).where(eq(members.id, memberId)).get();
  return row ? { mobile: row.mobile, name: row.displayName || row.name || '', registeredAt: row.registeredAt } : undefined;
}

/** Whether another member held this number before (registered or verified it). */
export function wasMobileSeen(db: DbOrTx, mobileHash: string, memberId: number): boolean {
  const row = db.select({ memberId: referralSeenMobiles.memberId }).from(referralSeenMobiles).where(eq(referralSeenMobiles.mobileHash, mobileHash)).get();
  return row !== undefined && row.memberId !== memberId;
}

export function markMobileSeen(db: DbOrTx, mobileHash: string, memberId: number, at: Date): void {
  db.insert(referralSeenMobiles).values({ mobileHash, memberId, firstSeenAt: at }).onConflictDoNothing().run();
}

export function insertReferral(db: DbOrTx, row: Omit<ReferralRow, 'id'>): ReferralRow | undefined {
  return db.insert(referrals).values(row).onConflictDoNothing().returning().get();
}

/** Asked on every redemption (coupon.redeemed): a prepared statement, as on the other hot paths. */
export function findReferralOfFriend(db: DbOrTx, friendMemberId: number): ReferralRow | undefined {
  return prepared(db, 'referrals.byFriend', (d) => d.select().from(referrals).where(eq(referrals.friendMemberId, sql.placeholder('friendMemberId'))).prepare()).get({ friendMemberId });
}

export function findReferralByRedemption(db: DbOrTx, redemptionId: string): ReferralRow | undefined {
  return db.select().from(referrals).where(eq(referrals.qualifyingRedemptionId, redemptionId)).get();
}

/** pending → rewarded, once: false when another event got there first. */
export function markRewarded(db: DbOrTx, id: number, input: { at: Date; month: string; redemptionId: string | null }): boolean {
  return (
    db
      .update(referrals)
      .set({ status: 'rewarded', rewardedAt: input.at, rewardMonth: input.month, qualifyingRedemptionId: input.redemptionId })
      .where(and(eq(referrals.id, id), eq(referrals.status, 'pending')))
      .run().changes === 1
  );
}

/** rewarded → pending again, when the use that earned it was undone: the friend's next use counts. */
export function markPendingAgain(db: DbOrTx, id: number, redemptionId: string): boolean {
  return (
    db
      .update(referrals)
      .set({ status: 'pending', rewardedAt: null, rewardMonth: null, qualifyingRedemptionId: null })
      .where(and(eq(referrals.id, id), eq(referrals.status, 'rewarded'), eq(referrals.qualifyingRedemptionId, redemptionId)))
      .run().changes === 1
  );
}

export function insertReward(db: DbOrTx, row: Omit<RewardRow, 'id' | 'reversedAt'>): void {
  db.insert(referralRewards).values(row).run();
}

export function listGrantedRewards(db: DbOrTx, referralId: number): RewardRow[] {
  return db.select().from(referralRewards).where(and(eq(referralRewards.referralId, referralId), eq(referralRewards.status, 'granted'))).all();
}

export function markRewardReversed(db: DbOrTx, id: number, reason: string, at: Date): void {
  db.update(referralRewards).set({ status: 'reversed', reason, reversedAt: at }).where(and(eq(referralRewards.id, id), eq(referralRewards.status, 'granted'))).run();
}

/** Referrals that rewarded this referrer in [from, to): what the monthly cap counts. */
export function countReferrerRewards(db: DbOrTx, referrerMemberId: number, from: Date, to: Date): number {
  return (
    db
      .select({ n: countDistinct(referralRewards.referralId) })
      .from(referralRewards)
      .where(and(eq(referralRewards.memberId, referrerMemberId), eq(referralRewards.beneficiary, 'referrer'), eq(referralRewards.status, 'granted'), gte(referralRewards.grantedAt, from), lt(referralRewards.grantedAt, to)))
      .get()?.n ?? 0
  );
}

export function bundleItems(db: DbOrTx, bundleId: number): { name: string; nameEn: string | null; status: string; items: { templateId: number; quantity: number }[] } | undefined {
  return db.select({ name: bundles.name, nameEn: bundles.nameEn, status: bundles.status, items: bundles.items }).from(bundles).where(eq(bundles.id, bundleId)).get();
}

export function referrerStats(db: DbOrTx, referrerMemberId: number): { status: ReferralRow['status']; n: number }[] {
  return db.select({ status: referrals.status, n: sql<number>`count(*)` }).from(referrals).where(eq(referrals.referrerMemberId, referrerMemberId)).groupBy(referrals.status).all();
}

/** What the report counts since `from`: the moments, bucketed into brand days by the service. */
export function reportFacts(db: DbOrTx, from: Date) {
  return {
    invites: db.select({ at: referralAttributions.createdAt }).from(referralAttributions).where(gte(referralAttributions.createdAt, from)).all().map((r) => r.at),
    registrations: db.select({ at: referrals.registeredAt, status: referrals.status }).from(referrals).where(gte(referrals.registeredAt, from)).all(),
    granted: db
      .select({ at: referralRewards.grantedAt })
      .from(referralRewards)
      .where(and(gte(referralRewards.grantedAt, from), sql`${referralRewards.status} <> 'skipped'`))
      .all()
      .map((r) => r.at),
    reversed: db
      .select({ at: referralRewards.reversedAt })
      .from(referralRewards)
      .where(and(isNotNull(referralRewards.reversedAt), gte(referralRewards.reversedAt, from)))
      .all()
      .map((r) => r.at!),
  };
}

export function topReferrers(db: DbOrTx, from: Date, limit = 10) {
  return db
    .select({
      memberId: referrals.referrerMemberId,
      name: sql<string>`coalesce(${members.name}, ${members.displayName})`,
      registrations: sql<number>`count(*)`,
      rewarded: sql<number>`sum(case when ${referrals.status} = 'rewarded' then 1 else 0 end)`,
    })
    .from(referrals)
    .innerJoin(members, eq(members.id, referrals.referrerMemberId))
    .where(gte(referrals.registeredAt, from))
    .groupBy(referrals.referrerMemberId)
    .orderBy(desc(sql`count(*)`))
    .limit(limit)
    .all();
}
