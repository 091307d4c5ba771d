import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { couponTemplates, productItems, productMemberCounts, products, productStock } from '../db/schema.ts';

export type ProductRow = typeof products.$inferSelect;
export type NewProductRow = typeof products.$inferInsert;
export type ProductItemRow = typeof productItems.$inferSelect;
export type StockRow = typeof productStock.$inferSelect;
const ph = sql.placeholder;

export type TemplateFacts = Pick<typeof couponTemplates.$inferSelect, 'id' | 'name' | 'nameEn' | 'validity' | 'usesPerCoupon' | 'unit' | 'totalStock' | 'perMemberLimit' | 'transferable' | 'status'>;

export function insertProduct(db: DbOrTx, row: NewProductRow, items: { templateId: number; quantity: number }[], stock: number | null): ProductRow {
  const product = db.insert(products).values(row).returning().get();
  replaceItems(db, product.id, items);
  db.insert(productStock).values({ productId: product.id, total: stock }).run();
  return product;
}

export function updateProduct(db: DbOrTx, id: number, row: Partial<NewProductRow>, items: { templateId: number; quantity: number }[]): ProductRow | undefined {
  const product = db.update(products).set({ ...row, updatedAt: new Date() }).where(eq(products.id, id)).returning().get();
  if (product) replaceItems(db, id, items);
  return product;
}

function replaceItems(db: DbOrTx, productId: number, items: { templateId: number; quantity: number }[]): void {
  db.delete(productItems).where(eq(productItems.productId, productId)).run();
  if (items.length) db.insert(productItems).values(items.map((it, position) => ({ productId, templateId: it.templateId, quantity: it.quantity, position }))).run();
}

/** Sets the stock total unless it would fall below what is reserved and sold (one conditional update). */
export function setStockTotal(db: DbOrTx, productId: number, total: number | null): boolean {
  const result = db
    .update(productStock)
    .set({ total, updatedAt: new Date() })
    .where(and(eq(productStock.productId, productId), total === null ? sql`1 = 1` : sql`${productStock.reserved} + ${productStock.sold} <= ${total}`))
    .run();
  return result.changes === 1;
}

export function findProduct(db: DbOrTx, id: number): ProductRow | undefined {
  return prepared(db, 'mall.product.byId', (d) => d.select().from(products).where(eq(products.id, ph('id'))).prepare()).get({ id });
}

export function listProducts(db: DbOrTx, filter: { status?: ProductRow['status'] | undefined; category?: string | undefined } = {}): ProductRow[] {
  const where = [filter.status ? eq(products.status, filter.status) : undefined, filter.category !== undefined ? eq(products.category, filter.category) : undefined].filter((w) => w !== undefined);
  return db
    .select()
    .from(products)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(products.sortOrder), asc(products.id))
    .all();
}

export function itemsOf(db: DbOrTx, productIds: number[]): ProductItemRow[] {
  if (!productIds.length) return [];
  if (productIds.length === 1) return prepared(db, 'mall.productItems.ofProduct', (d) => d.select().from(productItems).where(eq(productItems.productId, ph('productId'))).orderBy(asc(productItems.position)).prepare()).all({ productId: productIds[0] });
  return db.select().from(productItems).where(inArray(productItems.productId, productIds)).orderBy(asc(productItems.productId), asc(productItems.position)).all();
}

/**
 * Units of a product left to reserve (total − reserved − sold), or null when its stock is
 * unlimited or it has no stock row: the flash sale's sold-out read before any write, one
 * prepared statement answering one number (no row to map). Only a hint — the conditional update
 * in reserveStock() is what keeps stock exact.
 */
export function unitsLeft(db: DbOrTx, productId: number): number | null {
  const row = prepared(db, 'mall.stock.left', (d) =>
    d
      .select({ left: sql<number | null>`${productStock.total} - ${productStock.reserved} - ${productStock.sold}` })
      .from(productStock)
      .where(eq(productStock.productId, ph('productId')))
      .prepare(),
  ).get({ productId });
  return row?.left ?? null;
}

export function stockOf(db: DbOrTx, productIds: number[]): Map<number, StockRow> {
  if (!productIds.length) return new Map();
  return new Map(
    db
      .select()
      .from(productStock)
      .where(inArray(productStock.productId, productIds))
      .all()
      .map((s) => [s.productId, s]),
  );
}

export function templatesOf(db: DbOrTx, ids: number[]): Map<number, TemplateFacts> {
  if (!ids.length) return new Map();
  const rows = db
    .select({ id: couponTemplates.id, name: couponTemplates.name, nameEn: couponTemplates.nameEn, validity: couponTemplates.validity, usesPerCoupon: couponTemplates.usesPerCoupon, unit: couponTemplates.unit, totalStock: couponTemplates.totalStock, perMemberLimit: couponTemplates.perMemberLimit, transferable: couponTemplates.transferable, status: couponTemplates.status })
    .from(couponTemplates)
    .where(inArray(couponTemplates.id, ids))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Units this member holds (pending + paid) per product. */
export function memberUnits(db: DbOrTx, memberId: number, productIds: number[]): Map<number, number> {
  if (!productIds.length) return new Map();
  return new Map(
    db
      .select({ productId: productMemberCounts.productId, units: productMemberCounts.units })
      .from(productMemberCounts)
      .where(and(eq(productMemberCounts.memberId, memberId), inArray(productMemberCounts.productId, productIds)))
      .all()
      .map((r) => [r.productId, r.units]),
  );
}

/**
 * Reserves `quantity` units: one conditional update, so stock never goes below zero however
 * many orders race. False, having changed nothing, when fewer are left.
 */
export function reserveStock(db: DbOrTx, productId: number, quantity: number): boolean {
  const result = prepared(db, 'mall.stock.reserve', (d) =>
    d
      .update(productStock)
      .set({ reserved: sql`${productStock.reserved} + ${ph('quantity')}` })
      .where(and(eq(productStock.productId, ph('productId')), sql`(${productStock.total} IS NULL OR ${productStock.total} - ${productStock.reserved} - ${productStock.sold} >= ${ph('quantity')})`))
      .prepare(),
  ).run({ productId, quantity });
  return result.changes === 1;
}

/** A paid order's units move from reserved to sold. */
export function sellReserved(db: DbOrTx, productId: number, quantity: number): void {
  prepared(db, 'mall.stock.sell', (d) =>
    d
      .update(productStock)
      .set({ reserved: sql`max(0, ${productStock.reserved} - ${ph('quantity')})`, sold: sql`${productStock.sold} + ${ph('quantity')}` })
      .where(eq(productStock.productId, ph('productId')))
      .prepare(),
  ).run({ productId, quantity });
}

/** A released order's units return to stock. */
export function releaseReserved(db: DbOrTx, productId: number, quantity: number): void {
  db.update(productStock)
    .set({ reserved: sql`max(0, ${productStock.reserved} - ${quantity})` })
    .where(eq(productStock.productId, productId))
    .run();
}

/**
 * Counts `quantity` more units against the member's limit: one conditional upsert (the unique
 * (product, member) row), so two parallel orders cannot both pass it. False when over the limit.
 */
export function addMemberUnits(db: DbOrTx, productId: number, memberId: number, quantity: number, limit: number | null): boolean {
  if (limit !== null && quantity > limit) return false;
  // One statement for both cases: `limit` null means no limit (the setWhere passes).
  const result = prepared(db, 'mall.memberUnits.add', (d) =>
    d
      .insert(productMemberCounts)
      .values({ productId: ph('productId'), memberId: ph('memberId'), units: ph('quantity') })
      .onConflictDoUpdate({
        target: [productMemberCounts.productId, productMemberCounts.memberId],
        set: { units: sql`${productMemberCounts.units} + excluded.units` },
        setWhere: sql`${ph('limit')} IS NULL OR ${productMemberCounts.units} + excluded.units <= ${ph('limit')}`,
      })
      .prepare(),
  ).run({ productId, memberId, quantity, limit });
  return result.changes === 1;
}

export function removeMemberUnits(db: DbOrTx, productId: number, memberId: number, quantity: number): void {
  db.update(productMemberCounts)
    .set({ units: sql`max(0, ${productMemberCounts.units} - ${quantity})` })
    .where(and(eq(productMemberCounts.productId, productId), eq(productMemberCounts.memberId, memberId)))
    .run();
}
