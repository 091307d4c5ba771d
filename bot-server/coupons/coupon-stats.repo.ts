/** Coupon figures for the console's dashboard and a member's 360° page (composed by bot-server/reporting). */
import { and, count, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { coupons, couponTemplates, redemptions } from '../db/schema.ts';

const dayOf = (column: unknown, offsetMinutes: number) => sql<string>`date((${column} / 1000) + ${offsetMinutes * 60}, 'unixepoch')`;

/** Coupons issued per brand-local day since `since`, and how many of them have been used (a redemption not undone). */
export function countIssuedPerDay(db: DbOrTx, since: Date, offsetMinutes: number): { day: string; n: number; used: number }[] {
  const day = dayOf(coupons.issuedAt, offsetMinutes);
  const used = sql<number>`sum(case when exists (select 1 from "redemptions" r where r."coupon_id" = "coupons"."id" and r."voided_at" is null) then 1 else 0 end)`;
  return db
    .select({ day, n: count(), used })
    .from(coupons)
    .where(gte(coupons.issuedAt, since))
    .groupBy(day)
    .all()
    .map((r) => ({ ...r, used: Number(r.used ?? 0) }));
}

/** Redemptions (not undone) per brand-local day since `since`. */
export function countRedeemedPerDay(db: DbOrTx, since: Date, offsetMinutes: number): { day: string; n: number }[] {
  const day = dayOf(redemptions.createdAt, offsetMinutes);
  return db.select({ day, n: count() }).from(redemptions).where(and(gte(redemptions.createdAt, since), isNull(redemptions.voidedAt))).groupBy(day).all();
}

/** A member's redemptions, newest first, with the coupon's name and code. */
export function listMemberRedemptions(db: DbOrTx, memberId: number, limit: number) {
  return db
    .select({ id: redemptions.id, at: redemptions.createdAt, storeId: redemptions.storeId, uses: redemptions.uses, discount: redemptions.discount, orderAmount: redemptions.orderAmount, channel: redemptions.channel, voidedAt: redemptions.voidedAt, couponId: coupons.id, code: coupons.code, couponName: couponTemplates.name })
    .from(redemptions)
    .innerJoin(coupons, eq(coupons.id, redemptions.couponId))
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .where(eq(coupons.memberId, memberId))
    .orderBy(desc(redemptions.createdAt))
    .limit(limit)
    .all();
}
