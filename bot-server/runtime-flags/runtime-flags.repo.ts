import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { runtimeFlags } from '../db/schema.ts';

/**
 * Small facts shared by every process on the database (the QR signing secret, the
 * dispatcher's last quota reading, "this month's birthday packs were announced"). Keys are
 * namespaced by their owner: `coupons.qrSecret`, `dispatcher.quota`, `birthday.notified.…`.
 */

export function readFlag<T = unknown>(db: DbOrTx, key: string): T | undefined {
  return db.select({ value: runtimeFlags.value }).from(runtimeFlags).where(eq(runtimeFlags.key, key)).get()?.value as T | undefined;
}

/** Sets the flag, replacing what it held. */
export function writeFlag(db: DbOrTx, key: string, value: unknown): void {
  db.insert(runtimeFlags).values({ key, value }).onConflictDoUpdate({ target: runtimeFlags.key, set: { value, updatedAt: new Date() } }).run();
}

/** Sets the flag only if nobody has: true for the one caller (across processes) that did. */
export function claimFlag(db: DbOrTx, key: string, value: unknown): boolean {
  return db.insert(runtimeFlags).values({ key, value }).onConflictDoNothing().run().changes > 0;
}
