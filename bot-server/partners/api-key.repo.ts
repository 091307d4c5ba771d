import { desc, eq, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { DbOrTx } from '../db/client.ts';
import { apiKeys } from '../db/schema.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function insertApiKey(db: DbOrTx, row: typeof apiKeys.$inferInsert): ApiKeyRow {
  return db.insert(apiKeys).values(row).returning().get();
}

/** What authenticating a key needs: one prepared statement, read on every call so a revoked key is refused at once in every process. */
export function findApiKeyForAuth(db: DbOrTx, keyHash: string): Pick<ApiKeyRow, 'id' | 'name' | 'scopes' | 'storeIds' | 'revokedAt'> | undefined {
  return prepared(db, 'apiKeys.auth', (d) =>
    d
      .select({ id: apiKeys.id, name: apiKeys.name, scopes: apiKeys.scopes, storeIds: apiKeys.storeIds, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, sql.placeholder('keyHash')))
      .prepare(),
  ).get({ keyHash });
}

export function findApiKey(db: DbOrTx, id: number): ApiKeyRow | undefined {
  return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
}

export function listApiKeys(db: DbOrTx): ApiKeyRow[] {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.id)).all();
}

export function revokeApiKey(db: DbOrTx, id: number, at: Date): boolean {
  return db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id)).run().changes > 0;
}

export function touchApiKey(db: DbOrTx, id: number, at: Date): void {
  db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id)).run();
}
