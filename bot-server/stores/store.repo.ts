import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { stores } from '../db/schema.ts';

export type StoreRow = typeof stores.$inferSelect;
export type NewStoreRow = typeof stores.$inferInsert;

export function listStores(db: DbOrTx): StoreRow[] {
  return db.select().from(stores).orderBy(asc(stores.id)).all();
}

export function findStoreByCode(db: DbOrTx, code: string): StoreRow | undefined {
  return db.select().from(stores).where(eq(stores.code, code)).get();
}

export function insertStore(db: DbOrTx, row: NewStoreRow): StoreRow {
  return db.insert(stores).values(row).returning().get();
}
