import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { KINDS, type NotificationKind, type Priority } from '../../shared/notifications/kinds.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { members, outbox } from '../db/schema.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxStatus = OutboxRow['status'];

export interface NotificationRequest {
  memberId: number;
  kind: NotificationKind;
  variables: Record<string, unknown>;
  /** Defaults to the kind's priority. */
  priority?: Priority;
  /** Defaults to now. */
  dueAt?: Date;
  cta?: { label?: string; url: string } | null;
  source?: OutboxRow['source'];
  apiKeyId?: number | null;
  /** Given by callers that need a stable id (tests, idempotent replays). */
  id?: string;
}

export const PRIORITY_RANK: Record<Priority, number> = { transactional: 0, marketing: 1 };

/**
 * Asks for a notification. Call it with the transaction that makes the state change, so the
 * two commit or roll back together.
 */
export function enqueueNotification(tx: DbOrTx, request: NotificationRequest): { id: string } {
  const id = request.id ?? randomUUID();
  prepared(tx, 'outbox.insert', (d) =>
    d
      .insert(outbox)
      .values({
        id: sql.placeholder('id'),
        memberId: sql.placeholder('memberId'),
        kind: sql.placeholder('kind'),
        variables: sql.placeholder('variables'),
        cta: sql.placeholder('cta'),
        priority: sql.placeholder('priority'),
        dueAt: sql.placeholder('dueAt'),
        source: sql.placeholder('source'),
        apiKeyId: sql.placeholder('apiKeyId'),
      })
      .prepare(),
  ).run({
    id,
    memberId: request.memberId,
    kind: request.kind,
    variables: request.variables,
    cta: request.cta ?? null,
    priority: PRIORITY_RANK[request.priority ?? KINDS[request.kind].priority],
    dueAt: request.dueAt ?? new Date(),
    source: request.source ?? 'system',
    apiKeyId: request.apiKeyId ?? null,
  });
  return { id };
}

/** Builds the claim statement once; it is the dispatcher's hot path. */
export function prepareClaim(db: Db) {
  return db
    .update(outbox)
    .set({
      status: 'sending',
      attempts: sql`${outbox.attempts} + 1`,
      leaseUntil: sql`${sql.placeholder('leaseUntil')}`,
      lastAttemptAt: sql`${sql.placeholder('now')}`,
    })
    .where(
      inArray(
        outbox.id,
        db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(eq(outbox.status, 'pending'), lte(outbox.dueAt, sql`${sql.placeholder('now')}`), lte(outbox.priority, sql`${sql.placeholder('maxPriority')}`)))
          .orderBy(asc(outbox.priority), asc(outbox.dueAt))
          .limit(sql.placeholder('limit')),
      ),
    )
    .returning()
    .prepare();
}

/** Rows whose dispatcher died mid-send go back to pending; the retry key makes resending safe. */
export function reclaimExpiredLeases(db: DbOrTx, now: Date): number {
  return db
    .update(outbox)
    .set({ status: 'pending', leaseUntil: null, reason: 'resumed after an interrupted send' })
    .where(and(eq(outbox.status, 'sending'), lte(outbox.leaseUntil, now)))
    .run().changes;
}

export function findOutbox(db: DbOrTx, id: string): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

export interface DeliveryFilter {
  kind?: string | undefined;
  status?: OutboxStatus | undefined;
  memberId?: number | undefined;
  /** A member's name or LINE name (contains) or mobile digits. */
  q?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  until?: Date | undefined;
}

function filterWhere(filter: DeliveryFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(outbox.kind, filter.kind));
  if (filter.status) conditions.push(eq(outbox.status, filter.status));
  if (filter.memberId) conditions.push(eq(outbox.memberId, filter.memberId));
  if (filter.from) conditions.push(gte(outbox.createdAt, filter.from));
  if (filter.until) conditions.push(lt(outbox.createdAt, filter.until));
  const q = filter.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = q.replace(/\D/g, '').replace(/^0/, '');
    const any: SQL[] = [sql`${members.name} like ${like} escape '\\'`, sql`${members.displayName} like ${like} escape '\\'`];
    if (digits.length >= 3) any.push(sql`${members.mobile} like ${`%${digits}%`}`);
    conditions.push(or(...any)!);
  }
  return conditions.length > 0 ? and(...conditions) : undefined;
}

export function listDeliveries(db: DbOrTx, filter: DeliveryFilter, page: number, pageSize: number) {
  const where = filterWhere(filter);
  const rows = db
    .select({ row: outbox, memberName: members.name, memberDisplayName: members.displayName })
    .from(outbox)
    .innerJoin(members, eq(members.id, outbox.memberId))
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: count() }).from(outbox).innerJoin(members, eq(members.id, outbox.memberId)).where(where).get()?.n ?? 0;
  return { rows, total };
}

/** Counts per brand-local day and status, for the delivery chart. */
export function countDeliveriesPerDay(db: DbOrTx, filter: DeliveryFilter, since: Date, utcOffsetMinutes: number) {
  const where = and(filterWhere(filter) ?? sql`1 = 1`, gte(outbox.createdAt, since));
  const day = sql<string>`date((${outbox.createdAt} / 1000) + ${utcOffsetMinutes * 60}, 'unixepoch')`;
  return db.select({ day, status: outbox.status, n: count() }).from(outbox).innerJoin(members, eq(members.id, outbox.memberId)).where(where).groupBy(day, outbox.status).orderBy(day).all();
}

export function countOutboxByStatus(db: DbOrTx): Record<OutboxStatus, number> {
  const rows = db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status).all();
  const result: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const r of rows) result[r.status] = r.n;
  return result;
}

/** The dispatcher's per-row writes, prepared once (they run thousands of times a second). */
export function prepareOutboxWrites(db: Db) {
  const sending = and(eq(outbox.id, sql.placeholder('id')), eq(outbox.status, 'sending'));
  const finish = db
    .update(outbox)
    .set({ status: sql`${sql.placeholder('status')}`, reason: sql`${sql.placeholder('reason')}`, leaseUntil: null, sentAt: sql`${sql.placeholder('sentAt')}` })
    .where(sending)
    .prepare();
  const reschedule = db
    .update(outbox)
    .set({ status: 'pending', dueAt: sql`${sql.placeholder('dueAt')}`, reason: sql`${sql.placeholder('reason')}`, leaseUntil: null, attempts: sql`${outbox.attempts} - ${sql.placeholder('undo')}` })
    .where(sending)
    .prepare();
  return {
    finish(id: string, patch: { status: 'sent' | 'failed' | 'skipped'; reason?: string | null; at: Date }): void {
      finish.run({ id, status: patch.status, reason: patch.reason ?? null, sentAt: patch.status === 'sent' ? patch.at.getTime() : null });
    },
    /** Back to pending for a later attempt; `countAttempt: false` undoes the claim's increment (deferrals). */
    reschedule(id: string, dueAt: Date, reason: string | null, countAttempt = true): void {
      reschedule.run({ id, dueAt: dueAt.getTime(), reason, undo: countAttempt ? 0 : 1 });
    },
  };
}

/** Stops a notification not yet sent (an undone redemption's); false when it already left or was not pending. */
export function skipPendingNotification(db: DbOrTx, id: string, reason: string): boolean {
  return db.update(outbox).set({ status: 'skipped', reason }).where(and(eq(outbox.id, id), eq(outbox.status, 'pending'))).run().changes === 1;
}

/** Replaces the variables of a notification not sent yet; false once it was claimed or sent. */
export function revisePendingVariables(db: DbOrTx, id: string, variables: Record<string, unknown>): boolean {
  return db.update(outbox).set({ variables }).where(and(eq(outbox.id, id), eq(outbox.status, 'pending'))).run().changes === 1;
}

/** What the dispatcher needs to address a member, as one prepared statement (it runs per message). */
export function prepareRecipientLookup(db: DbOrTx) {
  return db
    .select({ id: members.id, name: members.name, displayName: members.displayName, status: members.status, isFollowing: members.isFollowing, lineUserId: members.lineUserId, language: members.language, marketingOptIn: members.marketingOptIn })
    .from(members)
    .where(eq(members.id, sql.placeholder('id')))
    .prepare();
}
