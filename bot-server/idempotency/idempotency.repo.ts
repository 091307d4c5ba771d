import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import { AppError } from '../../shared/errors.ts';
import type { DbOrTx } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema.ts';

/**
 * Idempotency keys for every money path (POS redemptions, partner notifications, and the
 * transfers, payments and refunds to come): the first result stored under (scope, key), so a
 * replay answers the same. Scopes name the caller and the operation (`redeem:key:3`).
 */

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
}

/** The first result stored under (scope, key), or undefined. A different body under the same key is refused. */
export function findIdempotentResult(db: DbOrTx, scope: string, key: string, hash: string): { status: number; response: unknown } | undefined {
  const row = prepared(db, 'idempotency.find', (d) =>
    d.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, sql.placeholder('scope')), eq(idempotencyKeys.key, sql.placeholder('key')))).prepare(),
  ).get({ scope, key });
  if (!row) return undefined;
  if (row.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { status: row.status, response: row.response };
}

export function storeIdempotentResult(db: DbOrTx, scope: string, key: string, hash: string, status: number, response: unknown): void {
  prepared(db, 'idempotency.store', (d) =>
    d
      .insert(idempotencyKeys)
      .values({ scope: sql.placeholder('scope'), key: sql.placeholder('key'), requestHash: sql.placeholder('requestHash'), status: sql.placeholder('status'), response: sql.placeholder('response') })
      .prepare(),
  ).run({ scope, key, requestHash: hash, status, response });
}
