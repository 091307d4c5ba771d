import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { violatedUnique, type Db, type DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { statement } from '../db/statements.ts';
import { couponEvents, coupons, couponTemplates, importedCodes, members, redemptions, stores } from '../db/schema.ts';

export type CouponTemplateRow = typeof couponTemplates.$inferSelect;
export type CouponRow = typeof coupons.$inferSelect;
export type RedemptionRow = typeof redemptions.$inferSelect;
export type CouponEventType = (typeof couponEvents.$inferInsert)['type'];

export function insertTemplate(db: DbOrTx, row: typeof couponTemplates.$inferInsert): CouponTemplateRow {
  return db.insert(couponTemplates).values(row).returning().get();
}

export function updateTemplateRow(db: DbOrTx, id: number, patch: Partial<typeof couponTemplates.$inferInsert>): CouponTemplateRow | undefined {
  return db.update(couponTemplates).set({ ...patch, updatedAt: new Date() }).where(eq(couponTemplates.id, id)).returning().get();
}

export function findTemplateById(db: DbOrTx, id: number): CouponTemplateRow | undefined {
  return prepared(db, 'couponTemplates.byId', (d) => d.select().from(couponTemplates).where(eq(couponTemplates.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function listTemplates(db: DbOrTx): CouponTemplateRow[] {
  return db.select().from(couponTemplates).orderBy(desc(couponTemplates.id)).all();
}

/** Takes one from the stock, or nothing when it is gone: the only way issued_count grows. */
export function takeStock(db: DbOrTx, templateId: number, n = 1): boolean {
  // A plain statement (db/statements.ts): every claim and issue runs it.
  return statement(db, "update coupon_templates set issued_count = issued_count + ? where id = ? and status = 'active' and (total_stock is null or issued_count + ? <= total_stock)").run(n, templateId, n).changes === 1;
}

export function countMemberCoupons(db: DbOrTx, templateId: number, memberId: number): number {
  return db.select({ n: count() }).from(coupons).where(and(eq(coupons.templateId, templateId), eq(coupons.memberId, memberId))).get()?.n ?? 0;
}

/** Hands out the next unused imported code, or undefined when the list is used up. */
export function takeImportedCode(db: DbOrTx, templateId: number): { id: number; code: string } | undefined {
  return db
    .update(importedCodes)
    .set({ couponId: -1 })
    .where(
      eq(
        importedCodes.id,
        sql`(select ${importedCodes.id} from ${importedCodes} where ${importedCodes.templateId} = ${templateId} and ${importedCodes.couponId} is null order by ${importedCodes.id} limit 1)`,
      ),
    )
    .returning({ id: importedCodes.id, code: importedCodes.code })
    .get();
}

export function bindImportedCode(db: DbOrTx, importedId: number, couponId: number): void {
  db.update(importedCodes).set({ couponId }).where(eq(importedCodes.id, importedId)).run();
}

export function countFreeImportedCodes(db: DbOrTx, templateId: number): number {
  return db.select({ n: count() }).from(importedCodes).where(and(eq(importedCodes.templateId, templateId), isNull(importedCodes.couponId))).get()?.n ?? 0;
}

export function existingCodes(db: DbOrTx, codes: string[]): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    for (const r of db.select({ code: importedCodes.code }).from(importedCodes).where(inArray(importedCodes.code, chunk)).all()) found.add(r.code);
    for (const r of db.select({ code: coupons.code }).from(coupons).where(inArray(coupons.code, chunk)).all()) found.add(r.code);
  }
  return found;
}

/** Throws CODE_TAKEN when a code is held already (by a coupon or another import that got there first). */
export function insertImportedCodes(db: DbOrTx, templateId: number, codes: string[]): void {
  try {
    for (let i = 0; i < codes.length; i += 500) {
      db.insert(importedCodes).values(codes.slice(i, i + 500).map((code) => ({ templateId, code }))).run();
    }
  } catch (error) {
    throw translateUnique(error);
  }
}

/** Unique-constraint violations become domain errors; repos never leak SQLite errors. */
function translateUnique(error: unknown): unknown {
  const index = violatedUnique(error);
  if (index === 'coupons.code' || index === 'imported_codes.code') return new AppError('CODE_TAKEN', { field: 'code' });
  return error;
}

/** Throws CODE_TAKEN when another coupon holds the code (generated codes are tried again). */
export function insertCoupon(
  db: DbOrTx,
  row: Omit<CouponRow, 'id' | 'status'>,
): CouponRow {
  // No RETURNING: the row is known; only the id comes from SQLite. A plain statement
  // (db/statements.ts): every claim, issue and bulk job (millions of rows) runs it.
  let result: { lastInsertRowid: number | bigint };
  try {
    result = statement(db, 'insert into coupons (template_id, member_id, code, uses_total, uses_left, valid_from, valid_until, source, source_ref, issued_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      row.templateId,
      row.memberId,
      row.code,
      row.usesTotal,
      row.usesLeft,
      row.validFrom.getTime(),
      row.validUntil.getTime(),
      row.source,
      row.sourceRef ?? null,
      row.issuedAt.getTime(),
      row.updatedAt.getTime(),
    );
  } catch (error) {
    throw translateUnique(error);
  }
  return { ...row, id: Number(result.lastInsertRowid), status: 'active' };
}

/** A ledger entry; a plain statement (db/statements.ts): every issue, redemption and transfer writes one or more. */
export function insertCouponEvent(db: DbOrTx, row: typeof couponEvents.$inferInsert): void {
  statement(db, 'insert into coupon_events (coupon_id, type, at, uses, store_id, actor_kind, actor_id, redemption_id, details) values (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    row.couponId,
    row.type,
    (row.at ?? new Date()).getTime(),
    row.uses ?? 0,
    row.storeId ?? null,
    row.actorKind,
    row.actorId ?? null,
    row.redemptionId ?? null,
    JSON.stringify(row.details ?? {}),
  );
}

export function findCouponById(db: DbOrTx, id: number): CouponRow | undefined {
  return prepared(db, 'coupons.byId', (d) => d.select().from(coupons).where(eq(coupons.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function findCouponByCode(db: DbOrTx, code: string): CouponRow | undefined {
  return prepared(db, 'coupons.byCode', (d) => d.select().from(coupons).where(eq(coupons.code, sql.placeholder('code'))).prepare()).get({ code });
}

/** Active coupons whose date passed (of one member, or everyone's), to be marked expired. */
export function listDueCoupons(db: DbOrTx, memberId: number | null, now: Date): Pick<CouponRow, 'id' | 'templateId' | 'memberId'>[] {
  return db
    .select({ id: coupons.id, templateId: coupons.templateId, memberId: coupons.memberId })
    .from(coupons)
    .where(and(eq(coupons.status, 'active'), lte(coupons.validUntil, now), ...(memberId === null ? [] : [eq(coupons.memberId, memberId)])))
    .all();
}

/** Marks an active coupon expired; false when it no longer was active (someone else got there first). */
export function markCouponExpired(db: DbOrTx, id: number, now: Date): boolean {
  return db.update(coupons).set({ status: 'expired', updatedAt: now }).where(and(eq(coupons.id, id), eq(coupons.status, 'active'))).run().changes === 1;
}

/** Voids a coupon that is not void yet; undefined when it already was. */
export function markCouponVoided(db: DbOrTx, id: number, now: Date): CouponRow | undefined {
  return db
    .update(coupons)
    .set({ status: 'voided', updatedAt: now })
    .where(and(eq(coupons.id, id), sql`${coupons.status} <> 'voided'`))
    .returning()
    .get();
}

export function listMemberCoupons(db: DbOrTx, memberId: number): CouponRow[] {
  return db.select().from(coupons).where(eq(coupons.memberId, memberId)).orderBy(asc(coupons.validUntil), asc(coupons.id)).all();
}

export interface CouponListFilter {
  templateId?: number | undefined;
  memberId?: number | undefined;
  couponId?: number | undefined;
  /** A member's name or LINE name (contains), a mobile (a run of 3+ digits) or a coupon code (exact). */
  q?: string | undefined;
  /** As the member sees it: `active` means usable now or later, `expired` includes coupons past their date not yet swept. */
  status?: 'active' | 'used' | 'expired' | 'voided' | undefined;
  now?: Date;
}

function couponListWhere(filter: CouponListFilter) {
  const now = filter.now ?? new Date();
  const parts = [];
  if (filter.templateId) parts.push(eq(coupons.templateId, filter.templateId));
  if (filter.memberId) parts.push(eq(coupons.memberId, filter.memberId));
  if (filter.couponId) parts.push(eq(coupons.id, filter.couponId));
  if (filter.status === 'active') parts.push(and(eq(coupons.status, 'active'), gte(coupons.validUntil, now))!);
  else if (filter.status === 'expired') parts.push(or(eq(coupons.status, 'expired'), and(eq(coupons.status, 'active'), lte(coupons.validUntil, now)))!);
  else if (filter.status) parts.push(eq(coupons.status, filter.status));
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = q.replace(/\D/g, '').replace(/^0/, '');
    const any = [sql`${members.name} like ${like} escape '\\'`, sql`${members.displayName} like ${like} escape '\\'`, eq(coupons.code, q.toUpperCase()), eq(coupons.code, q)];
    if (digits.length >= 3) any.push(sql`${members.mobile} like ${`%${digits}%`}`);
    parts.push(or(...any)!);
  }
  return parts.length > 0 ? and(...parts) : undefined;
}

export function listCoupons(db: DbOrTx, filter: CouponListFilter, page: number, pageSize: number) {
  const where = couponListWhere(filter);
  const rows = db
    .select({ coupon: coupons, memberName: members.name, memberDisplayName: members.displayName })
    .from(coupons)
    .innerJoin(members, eq(members.id, coupons.memberId))
    .where(where)
    .orderBy(desc(coupons.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: count() }).from(coupons).innerJoin(members, eq(members.id, coupons.memberId)).where(where).get()?.n ?? 0;
  return { rows, total };
}

export function listTemplateCodes(db: DbOrTx, templateId: number) {
  return db
    .select({ code: coupons.code, status: coupons.status, usesLeft: coupons.usesLeft, issuedAt: coupons.issuedAt, validUntil: coupons.validUntil, memberName: members.name, memberDisplayName: members.displayName })
    .from(coupons)
    .innerJoin(members, eq(members.id, coupons.memberId))
    .where(eq(coupons.templateId, templateId))
    .orderBy(asc(coupons.id))
    .all();
}

/**
 * The redemption itself: one conditional update. It only succeeds while the coupon is active,
 * inside its dates and has the uses; two counters racing for the last use cannot both win.
 */
export function prepareTakeUses(db: Db) {
  return db
    .update(coupons)
    .set({
      usesLeft: sql`${coupons.usesLeft} - ${sql.placeholder('uses')}`,
      status: sql`case when ${coupons.usesLeft} - ${sql.placeholder('uses')} = 0 then 'used' else ${coupons.status} end`,
      updatedAt: sql`${sql.placeholder('now')}`,
    })
    .where(
      and(
        eq(coupons.id, sql.placeholder('id')),
        eq(coupons.status, 'active'),
        gte(coupons.usesLeft, sql.placeholder('uses')),
        lte(coupons.validFrom, sql.placeholder('now')),
        gt(coupons.validUntil, sql.placeholder('now')),
      ),
    )
    .returning({ usesLeft: coupons.usesLeft })
    .prepare();
}

/** Gives uses back (undo, POS void); a coupon used up becomes active again. */
export function restoreUses(db: DbOrTx, couponId: number, uses: number, now: Date): number | undefined {
  return db
    .update(coupons)
    .set({ usesLeft: sql`${coupons.usesLeft} + ${uses}`, status: sql`case when ${coupons.status} = 'used' then 'active' else ${coupons.status} end`, updatedAt: now })
    .where(and(eq(coupons.id, couponId), lte(sql`${coupons.usesLeft} + ${uses}`, coupons.usesTotal)))
    .returning({ usesLeft: coupons.usesLeft })
    .get()?.usesLeft;
}

export function insertRedemption(db: DbOrTx, row: Omit<typeof redemptions.$inferInsert, 'createdAt'> & { createdAt: Date }): void {
  prepared(db, 'redemptions.insert', (d) =>
    d
      .insert(redemptions)
      .values({
        id: sql.placeholder('id'),
        couponId: sql.placeholder('couponId'),
        storeId: sql.placeholder('storeId'),
        uses: sql.placeholder('uses'),
        discount: sql.placeholder('discount'),
        orderAmount: sql.placeholder('orderAmount'),
        channel: sql.placeholder('channel'),
        staffMemberId: sql.placeholder('staffMemberId'),
        apiKeyId: sql.placeholder('apiKeyId'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
  ).run({
    id: row.id,
    couponId: row.couponId,
    storeId: row.storeId,
    uses: row.uses,
    discount: row.discount ?? null,
    orderAmount: row.orderAmount ?? null,
    channel: row.channel,
    staffMemberId: row.staffMemberId ?? null,
    apiKeyId: row.apiKeyId ?? null,
    createdAt: row.createdAt,
  });
}

export function findRedemption(db: DbOrTx, id: string): RedemptionRow | undefined {
  return prepared(db, 'redemptions.byId', (d) => d.select().from(redemptions).where(eq(redemptions.id, sql.placeholder('id'))).prepare()).get({ id });
}

/** Marks a redemption voided; false when it already was (so uses are restored once). */
export function voidRedemptionRow(db: DbOrTx, id: string, reason: string, now: Date): boolean {
  return db.update(redemptions).set({ voidedAt: now, voidReason: reason }).where(and(eq(redemptions.id, id), isNull(redemptions.voidedAt))).run().changes === 1;
}

export function listStoreRedemptions(db: DbOrTx, storeId: number, since: Date) {
  return db
    .select({ r: redemptions, code: coupons.code, usesLeft: coupons.usesLeft, couponName: couponTemplates.name, unit: couponTemplates.unit, storeName: stores.name, memberName: members.name, memberDisplayName: members.displayName })
    .from(redemptions)
    .innerJoin(coupons, eq(coupons.id, redemptions.couponId))
    .innerJoin(couponTemplates, eq(couponTemplates.id, coupons.templateId))
    .innerJoin(stores, eq(stores.id, redemptions.storeId))
    .innerJoin(members, eq(members.id, coupons.memberId))
    .where(and(eq(redemptions.storeId, storeId), gte(redemptions.createdAt, since)))
    .orderBy(desc(redemptions.createdAt))
    .all();
}

/** Voids a coupon only while it is active and none of its uses were taken; false otherwise. */
export function markUnusedCouponVoided(db: DbOrTx, id: number, now: Date): boolean {
  return db
    .update(coupons)
    .set({ status: 'voided', updatedAt: now })
    .where(and(eq(coupons.id, id), eq(coupons.status, 'active'), sql`${coupons.usesLeft} = ${coupons.usesTotal}`))
    .run().changes === 1;
}

/** Voids a coupon for a refund while it is active, `memberId`'s and has exactly `usesLeft` uses left; false otherwise. */
export function markCouponVoidedIfUnchanged(db: DbOrTx, input: { id: number; memberId: number; usesLeft: number; now: Date }): boolean {
  return (
    db
      .update(coupons)
      .set({ status: 'voided', updatedAt: input.now })
      .where(and(eq(coupons.id, input.id), eq(coupons.memberId, input.memberId), eq(coupons.status, 'active'), eq(coupons.usesLeft, input.usesLeft)))
      .run().changes === 1
  );
}
