import { inArray } from 'drizzle-orm';
import { outbox } from '../../bot-server/db/schema.ts';
import { enqueueNotification, type NotificationRequest } from '../../bot-server/notifications/outbox.repo.ts';
import { waitFor, type TestServer } from './server.ts';

export function enqueue(server: TestServer, request: NotificationRequest): string {
  const { id } = server.db.db.transaction((tx) => enqueueNotification(tx, request));
  server.dispatcher()?.wake();
  return id;
}

export function rows(server: TestServer, ids: string[]) {
  return server.db.db.select().from(outbox).where(inArray(outbox.id, ids)).all();
}

/** Waits until every row has left pending/sending. */
export async function settled(server: TestServer, ids: string[], timeoutMs = 20_000) {
  return waitFor(() => {
    const r = rows(server, ids);
    return r.length === ids.length && r.every((row) => row.status !== 'pending' && row.status !== 'sending') ? r : undefined;
  }, timeoutMs);
}
