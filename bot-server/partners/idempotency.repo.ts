import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { DbOrTx } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema.ts';

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
}

/** The first result stored under (scope, key), or undefined. A different body under the same key is refused. */
export function findIdempotentResult(db: DbOrTx, scope: string, key: string, hash: string): { status: number; response: unknown } | undefined {
  const row = db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))).get();
  if (!row) return undefined;
  if (row.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { status: row.status, response: row.response };
}

export function storeIdempotentResult(db: DbOrTx, scope: string, key: string, hash: string, status: number, response: unknown): void {
  db.insert(idempotencyKeys).values({ scope, key, requestHash: hash, status, response }).run();
}

export const ZIdempotencyKey = /^[A-Za-z0-9._:-]{8,128}$/;
