import { eq, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { lockouts } from '../db/schema.ts';

// Times are epoch milliseconds throughout: the placeholders sit in raw SQL, not behind the
// columns' Date encoders.
const p = {
  key: sql.placeholder('key'),
  now: sql.placeholder('now'),
  windowEndsAt: sql.placeholder('windowEndsAt'),
  lockUntil: sql.placeholder('lockUntil'),
  maxMisses: sql.placeholder('maxMisses'),
};

/** When the key's lock-out ends (epoch ms), or undefined when it never was locked. */
export function findLockedUntil(db: DbOrTx, key: string): number | undefined {
  const row = prepared(db, 'lockouts.lockedUntil', (d) =>
    d.select({ lockedUntil: sql<number | null>`${lockouts.lockedUntil}` }).from(lockouts).where(eq(lockouts.key, p.key)).prepare(),
  ).get({ key });
  return row?.lockedUntil ?? undefined;
}

/**
 * Counts one miss in a fixed window that starts at the first miss; the miss that reaches
 * `maxMisses` locks the key until `lockUntil` and starts the count again. One statement, so
 * two processes counting at once never lose a miss. Returns when the lock-out ends (epoch ms,
 * possibly in the past or null when never locked).
 */
export function recordMiss(db: DbOrTx, input: { key: string; now: number; windowEndsAt: number; lockUntil: number; maxMisses: number }): number | null {
  const fresh = sql`${lockouts.windowEndsAt} <= ${p.now}`;
  const counted = sql`(case when ${fresh} then 1 else ${lockouts.misses} + 1 end)`;
  const locks = sql`${counted} >= ${p.maxMisses}`;
  const lockedUntil = sql`coalesce(${lockouts.lockedUntil}, 0)`;
  const row = prepared(db, 'lockouts.recordMiss', (d) =>
    d
      .insert(lockouts)
      .values({
        key: p.key,
        misses: sql`case when 1 >= ${p.maxMisses} then 0 else 1 end`,
        windowEndsAt: sql`case when 1 >= ${p.maxMisses} then ${p.now} else ${p.windowEndsAt} end`,
        lockedUntil: sql`case when 1 >= ${p.maxMisses} then ${p.lockUntil} else null end`,
        expiresAt: sql`case when 1 >= ${p.maxMisses} then ${p.lockUntil} else ${p.windowEndsAt} end`,
      })
      .onConflictDoUpdate({
        target: lockouts.key,
        set: {
          misses: sql`case when ${locks} then 0 else ${counted} end`,
          windowEndsAt: sql`case when ${locks} then ${p.now} when ${fresh} then ${p.windowEndsAt} else ${lockouts.windowEndsAt} end`,
          lockedUntil: sql`case when ${locks} then max(${p.lockUntil}, ${lockedUntil}) else ${lockouts.lockedUntil} end`,
          expiresAt: sql`case when ${locks} then max(${p.lockUntil}, ${lockedUntil}) when ${fresh} then max(${p.windowEndsAt}, ${lockedUntil}) else ${lockouts.expiresAt} end`,
        },
      })
      .returning({ lockedUntil: sql<number | null>`${lockouts.lockedUntil}` })
      .prepare(),
  ).get(input);
  return row?.lockedUntil ?? null;
}

/** Locks the key until `lockUntil` (or keeps a longer lock-out it already has). */
export function lockKey(db: DbOrTx, input: { key: string; now: number; lockUntil: number }): number {
  const lockedUntil = sql`coalesce(${lockouts.lockedUntil}, 0)`;
  const row = prepared(db, 'lockouts.lock', (d) =>
    d
      .insert(lockouts)
      .values({ key: p.key, misses: 0, windowEndsAt: sql`${p.now}`, lockedUntil: sql`${p.lockUntil}`, expiresAt: sql`${p.lockUntil}` })
      .onConflictDoUpdate({
        target: lockouts.key,
        set: {
          lockedUntil: sql`max(${p.lockUntil}, ${lockedUntil})`,
          expiresAt: sql`max(${p.lockUntil}, ${lockouts.expiresAt})`,
        },
      })
      .returning({ lockedUntil: sql<number>`${lockouts.lockedUntil}` })
      .prepare(),
  ).get(input);
  return row!.lockedUntil;
}

export function deleteLockout(db: DbOrTx, key: string): void {
  db.delete(lockouts).where(eq(lockouts.key, key)).run();
}

/** Drops rows whose window and lock-out are both over. */
export function sweepLockouts(db: DbOrTx, now: number): number {
  return db.delete(lockouts).where(lt(lockouts.expiresAt, new Date(now))).run().changes;
}
