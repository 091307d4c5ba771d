import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { webhookEvents } from '../db/schema.ts';

/** Claims an event id; false when it was seen before (a redelivery or a duplicate). */
export function claimWebhookEvent(
  db: DbOrTx,
  row: { id: string; type: string; lineUserId: string | null; isRedelivery: boolean },
): boolean {
  const inserted = db.insert(webhookEvents).values(row).onConflictDoNothing().returning({ id: webhookEvents.id }).all();
  return inserted.length === 1;
}

export function finishWebhookEvent(db: DbOrTx, id: string, status: 'done' | 'failed' | 'ignored', error?: string): void {
  db.update(webhookEvents)
    .set({ status, error: error ?? null, handledAt: new Date() })
    .where(eq(webhookEvents.id, id))
    .run();
}

export function findWebhookEvent(db: DbOrTx, id: string) {
  return db.select().from(webhookEvents).where(eq(webhookEvents.id, id)).get();
}
