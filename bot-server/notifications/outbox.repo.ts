import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { KINDS, type NotificationKind, type Priority } from '../../shared/notifications/kinds.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import { statement } from '../db/statements.ts';
import { members, outbox, outboxMulticasts } from '../db/schema.ts';

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
  // A plain prepared statement (db/statements.ts): the insert runs for every notification, often several per purchase. Omitted columns take their DDL defaults; `cta` is JSON text ('null' for none), as the Drizzle insert wrote it.
  statement(tx, 'insert into outbox (id, member_id, kind, variables, cta, priority, due_at, source, api_key_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    id,
    request.memberId,
    request.kind,
    JSON.stringify(request.variables),
    JSON.stringify(request.cta ?? null),
    PRIORITY_RANK[request.priority ?? KINDS[request.kind].priority],
    (request.dueAt ?? new Date()).getTime(),
    request.source ?? 'system',
    request.apiKeyId ?? null,
  );
  return { id };
}

/**
 * A due row as the dispatcher claims it, with what it needs of its member, as raw column values
 * (no per-column conversion: the claim reads thousands of rows a second). `variables` and `cta`
 * are the stored JSON text; `attempts` is the count before this claim; member fields are null
 * when the member no longer exists.
 */
export type DueRow = [
  rid: number,
  id: string,
  memberId: number,
  kind: string,
  variables: string,
  cta: string | null,
  priority: number,
  attempts: number,
  multicastKey: string | null,
  name: string | null,
  displayName: string | null,
  memberStatus: string | null,
  isFollowing: number | null,
  lineUserId: string | null,
  language: string | null,
  marketingOptIn: number | null,
];

/**
 * The dispatcher's claim, prepared once: `due` reads the next due rows joined with their
 * members (one statement, raw values), `siblings` the pending rest of multicast batches some of
 * them belong to, and `markSending` takes a set of them (by rowid) with a lease — and, for a new
 * multicast batch, its retry key (`null`: rows keep the key they have) — in one UPDATE. Run the three inside one transact(): the write
 * lock is held from the read to the update, so two dispatchers never claim the same row.
 */
export function prepareDispatchClaim(db: Db) {
  const columns = {
    rid: sql<number>`"outbox"."rowid"`,
    id: outbox.id,
    memberId: outbox.memberId,
    kind: outbox.kind,
    variables: sql<string>`"outbox"."variables"`,
    cta: sql<string | null>`"outbox"."cta"`,
    priority: outbox.priority,
    attempts: outbox.attempts,
    multicastKey: outbox.multicastKey,
    name: members.name,
    displayName: members.displayName,
    memberStatus: members.status,
    isFollowing: sql<number | null>`"members"."is_following"`,
    lineUserId: members.lineUserId,
    language: members.language,
    marketingOptIn: sql<number | null>`"members"."marketing_opt_in"`,
  };
  const due = db
    .select(columns)
    .from(outbox)
    .leftJoin(members, eq(members.id, outbox.memberId))
    // The status as a literal: SQLite uses the partial index outbox_pending_idx only then.
    .where(and(sql`${outbox.status} = 'pending'`, lte(outbox.dueAt, sql`${sql.placeholder('now')}`), lte(outbox.priority, sql`${sql.placeholder('maxPriority')}`)))
    .orderBy(asc(outbox.priority), asc(outbox.dueAt))
    .limit(sql.placeholder('limit'))
    .prepare();
  const siblings = db
    .select(columns)
    .from(outbox)
    .leftJoin(members, eq(members.id, outbox.memberId))
    .where(
      sql`"outbox"."rowid" in (select r.value from "outbox_multicasts" b, json_each(b."rids") r where b."key" in (select value from json_each(${sql.placeholder('keys')})))
        and ${outbox.multicastKey} in (select value from json_each(${sql.placeholder('keys')})) and +${outbox.status} = 'pending'`,
    )
    .prepare();
  // By rowid (`+status`: not through the pending index, which would walk every pending row).
  const taken = sql`"outbox"."rowid" in (select value from json_each(${sql.placeholder('rids')})) and +${outbox.status} = 'pending'`;
  const take = {
    status: 'sending' as const,
    attempts: sql`${outbox.attempts} + 1`,
    leaseUntil: sql`${sql.placeholder('leaseUntil')}`,
    lastAttemptAt: sql`${sql.placeholder('now')}`,
  };
  const markSending = db.update(outbox).set(take).where(taken).prepare();
  // A new batch: its rows get the key, and the batch its row (key → rowids) in the same commit.
  const markSendingWithKey = db
    .update(outbox)
    .set({ ...take, multicastKey: sql`${sql.placeholder('key')}` })
    .where(taken)
    .prepare();
  const insertBatch = db
    .insert(outboxMulticasts)
    .values({ key: sql.placeholder('key'), rids: sql.placeholder('rids'), recipients: sql.placeholder('recipients'), createdAt: sql`${sql.placeholder('now')}` })
    .prepare();
  return {
    due: (p: { now: number; maxPriority: number; limit: number }) => due.values(p) as unknown as DueRow[],
    siblings: (keys: string[]) => (keys.length === 0 ? [] : (siblings.values({ keys: JSON.stringify(keys) }) as unknown as DueRow[])),
    /** Returns how many rows it took (all of them, inside the claim's transaction). */
    markSending: (rids: number[], key: string | null, now: number, leaseUntil: number): number => {
      if (rids.length === 0) return 0;
      const json = JSON.stringify(rids);
      if (key === null) return markSending.run({ rids: json, now, leaseUntil }).changes;
      insertBatch.run({ key, rids: json, recipients: rids.length, now });
      return markSendingWithKey.run({ rids: json, key, now, leaseUntil }).changes;
    },
  };
}

/** Rows whose dispatcher died mid-send go back to pending; the retry key makes resending safe. */
export function reclaimExpiredLeases(db: DbOrTx, now: Date): number {
  return db
    .update(outbox)
    .set({ status: 'pending', leaseUntil: null, reason: 'resumed after an interrupted send' })
    // The status as a literal, for the partial index outbox_lease_idx.
    .where(and(sql`${outbox.status} = 'sending'`, lte(outbox.leaseUntil, now)))
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

/** One outcome the dispatcher records; many are applied in one transaction (one commit, one fsync). */
export type OutboxWrite =
  | { type: 'finish'; id: string; status: 'sent' | 'failed' | 'skipped'; reason: string | null; at: Date }
  /** Back to pending for a later attempt; `countAttempt: false` undoes the claim's increment (deferrals). */
  | { type: 'reschedule'; id: string; dueAt: Date; reason: string | null; countAttempt: boolean }
  /**
   * A multicast batch's outcome, for every row of it this dispatcher still holds: one set-based
   * UPDATE by rowid (`rids`, the rows the request went to) and the key, plus the batch's own row.
   */
  | { type: 'finishBatch'; multicastKey: string; rids: number[]; status: 'sent' | 'failed'; reason: string | null; at: Date }
  | { type: 'rescheduleBatch'; multicastKey: string; rids: number[]; dueAt: Date; reason: string | null };

/**
 * The dispatcher's writes, prepared once (they run thousands of times a second). `apply` records
 * a batch of outcomes in ONE transaction: at synchronous=FULL a commit costs an fsync, so one
 * commit per finished row would cap the dispatcher at the disk's fsync rate. Each write only
 * touches a row this dispatcher still holds (`status = 'sending'`).
 */
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
  // `+status`: by rowid, not through the lease index; the key guards against a reused rowid.
  const inBatch = sql`"outbox"."rowid" in (select value from json_each(${sql.placeholder('rids')})) and ${outbox.multicastKey} = ${sql.placeholder('key')} and +${outbox.status} = 'sending'`;
  const finishBatch = db
    .update(outbox)
    .set({ status: sql`${sql.placeholder('status')}`, reason: sql`${sql.placeholder('reason')}`, leaseUntil: null, sentAt: sql`${sql.placeholder('sentAt')}` })
    .where(inBatch)
    .prepare();
  const closeBatch = db
    .update(outboxMulticasts)
    .set({ outcome: sql`${sql.placeholder('outcome')}`, finishedAt: sql`${sql.placeholder('at')}` })
    .where(eq(outboxMulticasts.key, sql.placeholder('key')))
    .prepare();
  const rescheduleBatch = db
    .update(outbox)
    .set({ status: 'pending', dueAt: sql`${sql.placeholder('dueAt')}`, reason: sql`${sql.placeholder('reason')}`, leaseUntil: null })
    .where(inBatch)
    .prepare();
  const run = (w: OutboxWrite): number => {
    switch (w.type) {
      case 'finish':
        return finish.run({ id: w.id, status: w.status, reason: w.reason, sentAt: w.status === 'sent' ? w.at.getTime() : null }).changes;
      case 'reschedule':
        return reschedule.run({ id: w.id, dueAt: w.dueAt.getTime(), reason: w.reason, undo: w.countAttempt ? 0 : 1 }).changes;
      case 'finishBatch': {
        closeBatch.run({ key: w.multicastKey, outcome: w.status, at: w.at.getTime() });
        return finishBatch.run({ rids: JSON.stringify(w.rids), key: w.multicastKey, status: w.status, reason: w.reason, sentAt: w.status === 'sent' ? w.at.getTime() : null }).changes;
      }
      case 'rescheduleBatch':
        return rescheduleBatch.run({ rids: JSON.stringify(w.rids), key: w.multicastKey, dueAt: w.dueAt.getTime(), reason: w.reason }).changes;
    }
  };
  return {
    /** Applies the writes in one transaction; returns how many rows they changed. */
    apply(writes: readonly OutboxWrite[]): number {
      if (writes.length === 0) return 0;
      return transact(db, () => {
        let changed = 0;
        for (const w of writes) changed += run(w);
        return changed;
      });
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
