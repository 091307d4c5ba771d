import { asc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { violatedUnique, type DbOrTx } from '../db/client.ts';
import { stores } from '../db/schema.ts';

export type StoreRow = typeof stores.$inferSelect;
export type NewStoreRow = typeof stores.$inferInsert;

export function listStores(db: DbOrTx): StoreRow[] {
  return db.select().from(stores).orderBy(asc(stores.id)).all();
}

export function findStoreByCode(db: DbOrTx, code: string): StoreRow | undefined {
  return db.select().from(stores).where(eq(stores.code, code)).get();
}

/** Throws CONFLICT (field `code`) when another store has the code. */
export function insertStore(db: DbOrTx, row: NewStoreRow): StoreRow {
  try {
    return db.insert(stores).values(row).returning().get();
  } catch (error) {
    throw translateUnique(error, row.code);
  }
}

export function findStoreById(db: DbOrTx, id: number): StoreRow | undefined {
  return db.select().from(stores).where(eq(stores.id, id)).get();
}

/** Throws CONFLICT (field `code`) when another store has the new code. */
export function updateStore(db: DbOrTx, id: number, patch: Partial<NewStoreRow>): StoreRow | undefined {
  try {
    return db.update(stores).set({ ...patch, updatedAt: new Date() }).where(eq(stores.id, id)).returning().get();
  } catch (error) {
    throw translateUnique(error, patch.code);
  }
}

/** Which of these store ids exist. */
export function existingStoreIds(db: DbOrTx, ids: number[]): number[] {
  if (ids.length === 0) return [];
  return db.select({ id: stores.id }).from(stores).where(inArray(stores.id, ids)).all().map((r) => r.id);
}

/** Unique-constraint violations become domain errors; repos never leak SQLite errors. */
function translateUnique(error: unknown, code: string | undefined): unknown {
  if (violatedUnique(error) === 'stores.code') return new AppError('CONFLICT', { message: `門市代碼 ${code ?? ''} 已被使用`, messageEn: `Store code ${code ?? ''} is taken`, field: 'code' });
  return error;
}
