import { and, asc, desc, eq, gt, gte, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { statement } from '../db/statements.ts';
import { members, pointsAccounts, pointsEntries, pointsLots, pointsPurchases, pointsRedemptions, pointsRefunds, pointsReminders, pointsSettings } from '../db/schema.ts';

export type LotRow = typeof pointsLots.$inferSelect;
export type EntryRow = typeof pointsEntries.$inferSelect;
export type PurchaseRow = typeof pointsPurchases.$inferSelect;
export type NewPurchaseRow = typeof pointsPurchases.$inferInsert;
export type RedemptionRow = typeof pointsRedemptions.$inferSelect;
export type EntryType = EntryRow['type'];

// ── settings ──

export function readSettings(db: DbOrTx): unknown {
  return db.select({ settings: pointsSettings.settings }).from(pointsSettings).where(eq(pointsSettings.id, 1)).get()?.settings;
}

export function writeSettings(db: DbOrTx, settings: unknown): void {
  db.insert(pointsSettings)
    .values({ id: 1, settings, updatedAt: new Date() })
    .onConflictDoUpdate({ target: pointsSettings.id, set: { settings, updatedAt: new Date() } })
    .run();
}

// ── accounts ──

export function findAccount(db: DbOrTx, memberId: number): { balance: number; pending: number } | undefined {
  // Plain prepared statements (db/statements.ts) for the account and the lot/entry inserts: every earn and every mission reward runs them.
  return statement(db, 'select balance, pending from points_accounts where member_id = ?').get(memberId) as { balance: number; pending: number } | undefined;
}

/** Adds to the balance and pending points (creating the account), answering the new values. */
export function changeAccount(tx: DbOrTx, memberId: number, balance: number, pending: number, at: Date): { balance: number; pending: number } {
  return statement(
    tx,
    'insert into points_accounts (member_id, balance, pending, updated_at) values (?, ?, ?, ?) on conflict (member_id) do update set balance = points_accounts.balance + excluded.balance, pending = points_accounts.pending + excluded.pending, updated_at = excluded.updated_at returning balance, pending',
  ).get(memberId, balance, pending, at.getTime()) as { balance: number; pending: number };
}

/** The conditional spend: takes `points` from the balance only if it holds that many; undefined otherwise. */
export function takeFromBalance(tx: DbOrTx, memberId: number, points: number, at: Date): { balance: number } | undefined {
  return prepared(tx, 'points.account.take', (d) =>
    d
      .update(pointsAccounts)
      .set({ balance: sql`${pointsAccounts.balance} - ${sql.placeholder('points')}`, updatedAt: sql`${sql.placeholder('at')}` })
      .where(and(eq(pointsAccounts.memberId, sql.placeholder('memberId')), gte(pointsAccounts.balance, sql.placeholder('points'))))
      .returning({ balance: pointsAccounts.balance })
      .prepare(),
  ).get({ memberId, points, at: at.getTime() });
}

export function accountTotals(db: DbOrTx): { balance: number; pending: number; negative: number } {
  const row = db
    .select({ balance: sql<number>`coalesce(sum(max(${pointsAccounts.balance}, 0)), 0)`, negative: sql<number>`coalesce(sum(min(${pointsAccounts.balance}, 0)), 0)`, pending: sql<number>`coalesce(sum(${pointsAccounts.pending}), 0)` })
    .from(pointsAccounts)
    .get();
  return { balance: Number(row?.balance ?? 0), pending: Number(row?.pending ?? 0), negative: Number(row?.negative ?? 0) };
}

// ── lots ──

export function insertLot(tx: DbOrTx, lot: { memberId: number; status: 'pending' | 'active'; points: number; remaining: number; expiresAt: number | null; unlocksAt: number | null; purchaseId: string | null; createdAt: Date }): number {
  return Number(
    statement(tx, 'insert into points_lots (member_id, status, points, remaining, expires_at, unlocks_at, purchase_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)').run(lot.memberId, lot.status, lot.points, lot.remaining, lot.expiresAt, lot.unlocksAt, lot.purchaseId, lot.createdAt.getTime()).lastInsertRowid,
  );
}

export function findLot(db: DbOrTx, id: number): LotRow | undefined {
  return db.select().from(pointsLots).where(eq(pointsLots.id, id)).get();
}

/** A member's spendable lots, those that expire first first. */
export function activeLots(tx: DbOrTx, memberId: number): { id: number; remaining: number; expiresAt: number | null }[] {
  return prepared(tx, 'points.lots.active', (d) =>
    d
      .select({ id: pointsLots.id, remaining: pointsLots.remaining, expiresAt: pointsLots.expiresAt })
      .from(pointsLots)
      .where(and(eq(pointsLots.memberId, sql.placeholder('memberId')), eq(pointsLots.status, 'active'), gt(pointsLots.remaining, 0)))
      .orderBy(sql`${pointsLots.expiresAt} is null`, asc(pointsLots.expiresAt), asc(pointsLots.id))
      .prepare(),
  ).all({ memberId });
}

/** Takes points from a lot only if it still holds them. */
export function takeFromLot(tx: DbOrTx, lotId: number, points: number): boolean {
  return prepared(tx, 'points.lot.take.stmt', (d) =>
    d
      .update(pointsLots)
      .set({ remaining: sql`${pointsLots.remaining} - ${sql.placeholder('points')}` })
      .where(and(eq(pointsLots.id, sql.placeholder('id')), gte(pointsLots.remaining, sql.placeholder('points'))))
      .prepare(),
  ).run({ id: lotId, points }).changes === 1;
}

export function giveToLot(tx: DbOrTx, lotId: number, points: number): void {
  tx.update(pointsLots).set({ remaining: sql`${pointsLots.remaining} + ${points}` }).where(eq(pointsLots.id, lotId)).run();
}

/** Pending lots whose return window ended, oldest first. */
export function dueUnlocks(db: DbOrTx, now: number, limit: number, memberId?: number): LotRow[] {
  const where = memberId === undefined ? and(eq(pointsLots.status, 'pending'), lte(pointsLots.unlocksAt, now)) : and(eq(pointsLots.status, 'pending'), lte(pointsLots.unlocksAt, now), eq(pointsLots.memberId, memberId));
  return db.select().from(pointsLots).where(where).orderBy(asc(pointsLots.unlocksAt), asc(pointsLots.id)).limit(limit).all();
}

/** Turns a pending lot active with what is left of it after settling a debt; false if it was not pending. */
export function activateLot(tx: DbOrTx, lotId: number, remaining: number): boolean {
  return tx.update(pointsLots).set({ status: 'active', remaining }).where(and(eq(pointsLots.id, lotId), eq(pointsLots.status, 'pending'))).run().changes === 1;
}

export function setLotRemaining(tx: DbOrTx, lotId: number, remaining: number): void {
  tx.update(pointsLots).set({ remaining }).where(eq(pointsLots.id, lotId)).run();
}

/** A chunk of lots due to expire (active, points left, expiring at or before `cutoff`), after `afterId`, by id. */
export function expiringLotsChunk(db: DbOrTx, cutoff: number, afterId: number, limit: number): { id: number; memberId: number; remaining: number }[] {
  return prepared(db, 'points.lots.expiring', (d) =>
    d
      .select({ id: pointsLots.id, memberId: pointsLots.memberId, remaining: pointsLots.remaining })
      .from(pointsLots)
      .where(and(eq(pointsLots.status, 'active'), gt(pointsLots.remaining, 0), lte(pointsLots.expiresAt, sql.placeholder('cutoff')), gt(pointsLots.id, sql.placeholder('afterId'))))
      .orderBy(asc(pointsLots.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  ).all({ cutoff, afterId, limit });
}

/** Expires a lot once: only while it is active and still holds exactly `remaining`. */
export function expireLot(tx: DbOrTx, lotId: number, remaining: number): boolean {
  return prepared(tx, 'points.lot.expire', (d) =>
    d
      .update(pointsLots)
      .set({ status: 'expired', remaining: 0 })
      .where(and(eq(pointsLots.id, sql.placeholder('id')), eq(pointsLots.status, 'active'), eq(pointsLots.remaining, sql.placeholder('remaining'))))
      .prepare(),
  ).run({ id: lotId, remaining }).changes === 1;
}

/** The soonest expiry among a member's spendable lots: the instant and the points. */
export function nextExpiry(db: DbOrTx, memberId: number): { expiresAt: number; points: number } | undefined {
  const row = db
    .select({ expiresAt: pointsLots.expiresAt, points: sql<number>`sum(${pointsLots.remaining})` })
    .from(pointsLots)
    .where(and(eq(pointsLots.memberId, memberId), eq(pointsLots.status, 'active'), gt(pointsLots.remaining, 0), isNotNull(pointsLots.expiresAt)))
    .groupBy(pointsLots.expiresAt)
    .orderBy(asc(pointsLots.expiresAt))
    .limit(1)
    .get();
  return row && row.expiresAt !== null ? { expiresAt: row.expiresAt, points: Number(row.points) } : undefined;
}

/** Members (after `afterMemberId`) with spendable points expiring before `before`, and how many. */
export function membersWithPointsExpiring(db: DbOrTx, before: number, afterMemberId: number, limit: number): { memberId: number; points: number; expiresAt: number }[] {
  return db
    .select({ memberId: pointsLots.memberId, points: sql<number>`sum(${pointsLots.remaining})`, expiresAt: sql<number>`max(${pointsLots.expiresAt})` })
    .from(pointsLots)
    .where(and(eq(pointsLots.status, 'active'), gt(pointsLots.remaining, 0), lte(pointsLots.expiresAt, before), gt(pointsLots.memberId, afterMemberId)))
    .groupBy(pointsLots.memberId)
    .orderBy(asc(pointsLots.memberId))
    .limit(limit)
    .all()
    .map((r) => ({ memberId: r.memberId, points: Number(r.points), expiresAt: Number(r.expiresAt) }));
}

/** Records that a member is told about this month's expiry; false when they were already. */
export function markReminded(tx: DbOrTx, memberId: number, month: string, points: number): boolean {
  return tx.insert(pointsReminders).values({ memberId, month, points }).onConflictDoNothing().run().changes === 1;
}

// ── entries ──

export function insertEntry(tx: DbOrTx, e: { memberId: number; type: EntryType; delta: number; lotId: number | null; ref: string | null; reason: string; actorKind: string; actorId: string | null; createdAt: Date }): number {
  return Number(
    statement(tx, 'insert into points_entries (member_id, type, delta, lot_id, ref, reason, actor_kind, actor_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(e.memberId, e.type, e.delta, e.lotId, e.ref, e.reason, e.actorKind, e.actorId, e.createdAt.getTime()).lastInsertRowid,
  );
}

/** A member's entries, newest first, before an entry id. */
export function listEntries(db: DbOrTx, memberId: number, before: number | undefined, limit: number): (EntryRow & { lotExpiresAt: number | null; lotUnlocksAt: number | null; lotStatus: string | null })[] {
  return db
    .select({ e: pointsEntries, lotExpiresAt: pointsLots.expiresAt, lotUnlocksAt: pointsLots.unlocksAt, lotStatus: pointsLots.status })
    .from(pointsEntries)
    .leftJoin(pointsLots, eq(pointsLots.id, pointsEntries.lotId))
    .where(before === undefined ? eq(pointsEntries.memberId, memberId) : and(eq(pointsEntries.memberId, memberId), lt(pointsEntries.id, before)))
    .orderBy(desc(pointsEntries.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.e, lotExpiresAt: r.lotExpiresAt, lotUnlocksAt: r.lotUnlocksAt, lotStatus: r.lotStatus }));
}

/** The entries written for a reference (the lots a spend took from). */
export function entriesByRef(db: DbOrTx, ref: string): EntryRow[] {
  return db.select().from(pointsEntries).where(eq(pointsEntries.ref, ref)).orderBy(asc(pointsEntries.id)).all();
}

/** A member's entries whose ref starts with `prefix` (the returns of one spend). */
export function entriesByRefPrefix(db: DbOrTx, memberId: number, prefix: string): EntryRow[] {
  return db
    .select()
    .from(pointsEntries)
    .where(and(eq(pointsEntries.memberId, memberId), sql`substr(${pointsEntries.ref}, 1, ${prefix.length}) = ${prefix}`))
    .orderBy(asc(pointsEntries.id))
    .all();
}

export function ledgerSum(db: DbOrTx, memberId: number): number {
  return Number(db.select({ s: sql<number>`coalesce(sum(${pointsEntries.delta}), 0)` }).from(pointsEntries).where(eq(pointsEntries.memberId, memberId)).get()?.s ?? 0);
}

/** Σ delta per (brand-local month, type) since `since`; `offsetMs` shifts UTC into brand time. */
export function monthlyTotals(db: DbOrTx, since: number, offsetMs: number): { month: string; type: EntryType; total: number }[] {
  return db
    .select({
      month: sql<string>`strftime('%Y-%m', (${pointsEntries.createdAt} + ${offsetMs}) / 1000, 'unixepoch')`,
      type: pointsEntries.type,
      total: sql<number>`sum(${pointsEntries.delta})`,
    })
    .from(pointsEntries)
    .where(gte(pointsEntries.createdAt, new Date(since)))
    .groupBy(sql`1`, pointsEntries.type)
    .all()
    .map((r) => ({ ...r, total: Number(r.total) }));
}

// ── purchases and refunds ──

export function findPurchaseByOrder(db: DbOrTx, storeId: number, orderNo: string): PurchaseRow | undefined {
  return prepared(db, 'points.purchase.byOrder', (d) =>
    d
      .select()
      .from(pointsPurchases)
      .where(and(eq(pointsPurchases.storeId, sql.placeholder('storeId')), eq(pointsPurchases.orderNo, sql.placeholder('orderNo'))))
      .prepare(),
  ).get({ storeId, orderNo });
}

export function findPurchase(db: DbOrTx, id: string): PurchaseRow | undefined {
  return prepared(db, 'points.purchase.byId', (d) => d.select().from(pointsPurchases).where(eq(pointsPurchases.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function insertPurchase(tx: DbOrTx, row: NewPurchaseRow): void {
  prepared(tx, 'points.purchase.insert', (d) =>
    d
      .insert(pointsPurchases)
      .values({
        id: sql.placeholder('id'),
        storeId: sql.placeholder('storeId'),
        orderNo: sql.placeholder('orderNo'),
        memberId: sql.placeholder('memberId'),
        apiKeyId: sql.placeholder('apiKeyId'),
        total: sql.placeholder('total'),
        paid: sql.placeholder('paid'),
        lines: sql.placeholder('lines'),
        lineWeights: sql.placeholder('lineWeights'),
        returned: sql.placeholder('returned'),
        totalWeight: sql.placeholder('totalWeight'),
        couponRedemptions: sql.placeholder('couponRedemptions'),
        pointsEarned: sql.placeholder('pointsEarned'),
        lotId: sql.placeholder('lotId'),
        response: sql.placeholder('response'),
        occurredAt: sql.placeholder('occurredAt'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
  ).run(row as unknown as Record<string, unknown>);
}

/**
 * Records a return on the purchase: the quantities returned and the points reversed, only while
 * the reversed total stays within what the purchase earned (the conditional update).
 */
export function recordReturn(tx: DbOrTx, id: string, returned: number[], amount: number, points: number): boolean {
  return (
    tx
      .update(pointsPurchases)
      .set({ returned, refundedAmount: sql`${pointsPurchases.refundedAmount} + ${amount}`, pointsReversed: sql`${pointsPurchases.pointsReversed} + ${points}` })
      .where(and(eq(pointsPurchases.id, id), sql`${pointsPurchases.pointsReversed} + ${points} <= ${pointsPurchases.pointsEarned}`))
      .run().changes === 1
  );
}

export function findRefund(db: DbOrTx, purchaseId: string, refundNo: string) {
  return db.select().from(pointsRefunds).where(and(eq(pointsRefunds.purchaseId, purchaseId), eq(pointsRefunds.refundNo, refundNo))).get();
}

export function insertRefund(tx: DbOrTx, row: typeof pointsRefunds.$inferInsert): void {
  tx.insert(pointsRefunds).values(row).run();
}

// ── POS redemptions ──

export function insertRedemption(tx: DbOrTx, row: typeof pointsRedemptions.$inferInsert): void {
  tx.insert(pointsRedemptions).values(row).run();
}

export function findRedemption(db: DbOrTx, id: string): RedemptionRow | undefined {
  return db.select().from(pointsRedemptions).where(eq(pointsRedemptions.id, id)).get();
}

export function markRedemptionReversed(tx: DbOrTx, id: string, at: Date): boolean {
  return tx.update(pointsRedemptions).set({ reversedAt: at }).where(and(eq(pointsRedemptions.id, id), sql`${pointsRedemptions.reversedAt} is null`)).run().changes === 1;
}

// ── members (read only, what the points domain needs to know) ──

export function memberFacts(db: DbOrTx, memberId: number): { id: number; birthday: string | null; name: string | null; registered: boolean } | undefined {
  const row = prepared(db, 'points.member', (d) =>
    d
      .select({ id: members.id, birthday: members.birthday, name: members.name, displayName: members.displayName, registeredAt: members.registeredAt })
      .from(members)
      .where(eq(members.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id: memberId });
  return row ? { id: row.id, birthday: row.birthday, name: row.name ?? row.displayName, registered: row.registeredAt !== null } : undefined;
}
