import { and, asc, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { members, memberTiers, pointsPurchases, tierEvaluations, tierGifts, tiers, tierSettings, type TierOffer } from '../db/schema.ts';

export type TierRow = typeof tiers.$inferSelect;
export type MemberTierRow = typeof memberTiers.$inferSelect;
export type { TierOffer };

// ── the programme ──

export function listTierRows(db: DbOrTx): TierRow[] {
  return db.select().from(tiers).where(eq(tiers.status, 'active')).orderBy(asc(tiers.rank)).all();
}

export function findTierRow(db: DbOrTx, id: number): TierRow | undefined {
  return db.select().from(tiers).where(eq(tiers.id, id)).get();
}

export function insertTierRow(tx: DbOrTx, row: typeof tiers.$inferInsert): number {
  return tx.insert(tiers).values(row).returning({ id: tiers.id }).get().id;
}

export function updateTierRow(tx: DbOrTx, id: number, row: Partial<typeof tiers.$inferInsert>): void {
  tx.update(tiers).set(row).where(eq(tiers.id, id)).run();
}

export function readProgram(db: DbOrTx): unknown {
  return db.select({ settings: tierSettings.settings }).from(tierSettings).where(eq(tierSettings.id, 1)).get()?.settings;
}

export function writeProgram(tx: DbOrTx, settings: unknown): void {
  tx.insert(tierSettings).values({ id: 1, settings, updatedAt: new Date() }).onConflictDoUpdate({ target: tierSettings.id, set: { settings, updatedAt: new Date() } }).run();
}

// ── members' tiers ──

export function findMemberTier(db: DbOrTx, memberId: number): MemberTierRow | undefined {
  return prepared(db, 'tiers.member', (d) => d.select().from(memberTiers).where(eq(memberTiers.memberId, sql.placeholder('memberId'))).prepare()).get({ memberId });
}

/** Sets a member's tier (an upgrade or a manual assignment), clearing grace and notice. */
export function putMemberTier(tx: DbOrTx, row: { memberId: number; tierId: number; since: string; evaluateOn: string }): void {
  const values = { ...row, graceUntil: null, noticeFor: null, updatedAt: new Date() };
  tx.insert(memberTiers).values(values).onConflictDoUpdate({ target: memberTiers.memberId, set: values }).run();
}

/** Removes the row (back to the lowest tier). */
export function clearMemberTier(tx: DbOrTx, memberId: number): void {
  tx.delete(memberTiers).where(eq(memberTiers.memberId, memberId)).run();
}

/**
 * The evaluation's write: only while the row is still due on `evaluateOn` (one conditional
 * update), so a replayed chunk changes nothing. False when someone else got there first.
 */
export function moveEvaluatedTier(tx: DbOrTx, memberId: number, evaluateOn: string, next: { tierId: number; since: string; evaluateOn: string; graceUntil: string | null }): boolean {
  const r = prepared(tx, 'tiers.evaluate.move', (d) =>
    d
      .update(memberTiers)
      .set({ tierId: sql.placeholder('tierId'), since: sql.placeholder('since'), evaluateOn: sql.placeholder('next'), graceUntil: sql.placeholder('graceUntil'), noticeFor: null, updatedAt: sql`(cast(unixepoch('subsecond') * 1000 as integer))` } as never)
      .where(and(eq(memberTiers.memberId, sql.placeholder('memberId')), eq(memberTiers.evaluateOn, sql.placeholder('evaluateOn'))))
      .prepare(),
  ).run({ memberId, evaluateOn, tierId: next.tierId, since: next.since, next: next.evaluateOn, graceUntil: next.graceUntil });
  return r.changes === 1;
}

export function deleteEvaluatedTier(tx: DbOrTx, memberId: number, evaluateOn: string): boolean {
  return (
    prepared(tx, 'tiers.evaluate.delete', (d) =>
      d
        .delete(memberTiers)
        .where(and(eq(memberTiers.memberId, sql.placeholder('memberId')), eq(memberTiers.evaluateOn, sql.placeholder('evaluateOn'))))
        .prepare(),
    ).run({ memberId, evaluateOn }).changes === 1
  );
}

/** Members due for evaluation on or before `today`, in id order after `afterId`. */
export function dueMembers(db: DbOrTx, today: string, afterId: number, limit: number): MemberTierRow[] {
  return prepared(db, 'tiers.due', (d) =>
    d
      .select()
      .from(memberTiers)
      .where(and(gt(memberTiers.memberId, sql.placeholder('afterId')), lte(memberTiers.evaluateOn, sql.placeholder('today'))))
      .orderBy(asc(memberTiers.memberId))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ afterId, today, limit });
}

/** Members whose evaluation falls within (today, until] and who were not told about it yet. */
export function noticeCandidates(db: DbOrTx, today: string, until: string, limit: number): MemberTierRow[] {
  return db
    .select()
    .from(memberTiers)
    .where(and(gt(memberTiers.evaluateOn, today), lte(memberTiers.evaluateOn, until), sql`(${memberTiers.noticeFor} is null or ${memberTiers.noticeFor} <> ${memberTiers.evaluateOn})`))
    .orderBy(asc(memberTiers.memberId))
    .limit(limit)
    .all();
}

export function markNoticed(tx: DbOrTx, memberId: number, evaluateOn: string): boolean {
  return tx.update(memberTiers).set({ noticeFor: evaluateOn }).where(and(eq(memberTiers.memberId, memberId), eq(memberTiers.evaluateOn, evaluateOn))).run().changes === 1;
}

/** One evaluation of a member on a date; false (nothing written) when it was recorded already. */
export function recordEvaluation(tx: DbOrTx, row: typeof tierEvaluations.$inferInsert): boolean {
  return prepared(tx, 'tiers.evaluation.insert', (d) =>
    d
      .insert(tierEvaluations)
      .values({ memberId: sql.placeholder('memberId'), evaluateOn: sql.placeholder('evaluateOn'), fromTierId: sql.placeholder('fromTierId'), toTierId: sql.placeholder('toTierId'), action: sql.placeholder('action'), qualifying: sql.placeholder('qualifying') } as never)
      .onConflictDoNothing()
      .prepare(),
  ).run(row).changes === 1;
}

export function countEvaluations(db: DbOrTx, evaluateOn?: string): { memberId: number; n: number }[] {
  return db
    .select({ memberId: tierEvaluations.memberId, n: sql<number>`count(*)` })
    .from(tierEvaluations)
    .where(evaluateOn ? eq(tierEvaluations.evaluateOn, evaluateOn) : undefined)
    .groupBy(tierEvaluations.memberId)
    .all();
}

export function recentEvaluations(db: DbOrTx, memberId: number, limit: number) {
  return db.select().from(tierEvaluations).where(eq(tierEvaluations.memberId, memberId)).orderBy(sql`${tierEvaluations.id} desc`).limit(limit).all();
}

// ── qualifying amounts (the points domain's purchases, read-only) ──

/**
 * NT$ paid (net of refunds) or points earned (net of points reversed) by a member between two
 * instants (epoch ms, end excluded), from the POS purchases the points domain recorded.
 */
export function qualifyingAmount(db: DbOrTx, memberId: number, basis: 'spend' | 'points', fromMs: number, toMs: number): number {
  const row = prepared(db, `tiers.qualifying.${basis}`, (d) =>
    d
      .select({
        total: basis === 'spend' ? sql<number>`coalesce(sum(max(0, ${pointsPurchases.paid} - ${pointsPurchases.refundedAmount})), 0)` : sql<number>`coalesce(sum(max(0, ${pointsPurchases.pointsEarned} - ${pointsPurchases.pointsReversed})), 0)`,
      })
      .from(pointsPurchases)
      .where(and(eq(pointsPurchases.memberId, sql.placeholder('memberId')), sql`${pointsPurchases.occurredAt} >= ${sql.placeholder('fromMs')}`, sql`${pointsPurchases.occurredAt} < ${sql.placeholder('toMs')}`))
      .prepare(),
  ).get({ memberId, fromMs, toMs });
  return Number(row?.total ?? 0);
}

/** Every member's qualifying amount in a window (console preview), members with none left out. */
export function qualifyingByMember(db: DbOrTx, basis: 'spend' | 'points', fromMs: number, toMs: number): Map<number, number> {
  const expr = basis === 'spend' ? sql<number>`sum(max(0, ${pointsPurchases.paid} - ${pointsPurchases.refundedAmount}))` : sql<number>`sum(max(0, ${pointsPurchases.pointsEarned} - ${pointsPurchases.pointsReversed}))`;
  const rows = db
    .select({ memberId: pointsPurchases.memberId, total: expr })
    .from(pointsPurchases)
    .where(and(sql`${pointsPurchases.occurredAt} >= ${fromMs}`, sql`${pointsPurchases.occurredAt} < ${toMs}`))
    .groupBy(pointsPurchases.memberId)
    .all();
  return new Map(rows.map((r) => [r.memberId, Number(r.total)]));
}

export function allMemberTiers(db: DbOrTx): MemberTierRow[] {
  return db.select().from(memberTiers).all();
}

/** Members per tier id (rows only; the lowest tier's count is the registered members without a row). */
export function membersPerTier(db: DbOrTx): { tierId: number; n: number }[] {
  return db.select({ tierId: memberTiers.tierId, n: sql<number>`count(*)` }).from(memberTiers).groupBy(memberTiers.tierId).all();
}

export function countRegisteredMembers(db: DbOrTx): number {
  return db.select({ n: sql<number>`count(*)` }).from(members).where(isNotNull(members.registeredAt)).get()?.n ?? 0;
}

export function memberExists(db: DbOrTx, memberId: number): { id: number; birthday: string | null; registered: boolean; name: string } | undefined {
  const r = db.select({ id: members.id, birthday: members.birthday, registeredAt: members.registeredAt, name: members.name, displayName: members.displayName }).from(members).where(eq(members.id, memberId)).get();
  return r ? { id: r.id, birthday: r.birthday, registered: r.registeredAt !== null, name: r.name ?? r.displayName } : undefined;
}

// ── gifts ──

/** Records a gift given once per (member, reason); false when it was given already. */
export function claimGift(tx: DbOrTx, row: { memberId: number; reason: string; tierId: number }): boolean {
  return tx.insert(tierGifts).values({ ...row, couponIds: [] }).onConflictDoNothing().run().changes === 1;
}

export function setGiftCoupons(tx: DbOrTx, memberId: number, reason: string, couponIds: number[]): void {
  tx.update(tierGifts).set({ couponIds }).where(and(eq(tierGifts.memberId, memberId), eq(tierGifts.reason, reason))).run();
}

/** Registered members born in a month (MM) after `afterId`, with their tier row's tier (null: the lowest). */
export function birthdayMembers(db: DbOrTx, month: string, afterId: number, limit: number): { memberId: number; tierId: number | null }[] {
  return db
    .select({ memberId: members.id, tierId: memberTiers.tierId })
    .from(members)
    .leftJoin(memberTiers, eq(memberTiers.memberId, members.id))
    .where(and(gt(members.id, afterId), isNotNull(members.registeredAt), sql`substr(${members.birthday}, 6, 2) = ${month}`))
    .orderBy(asc(members.id))
    .limit(limit)
    .all();
}
