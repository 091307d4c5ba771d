import { and, asc, count, desc, eq, gt, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { violatedUnique, type DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { coupons, couponTemplates, members, transfers, transferSettings, type TransferState } from '../db/schema.ts';

export type TransferRow = typeof transfers.$inferSelect;
export type NewTransferRow = typeof transfers.$inferInsert;

export const DEFAULT_PENDING_DAYS = 7;

// ── settings ───────────────────────────────────────────────────────────────────────
export function findSettings(db: DbOrTx): { pendingDays: number } {
  const row = prepared(db, 'transferSettings.get', (d) => d.select({ pendingDays: transferSettings.pendingDays }).from(transferSettings).where(eq(transferSettings.id, 1)).prepare()).get();
  return { pendingDays: row?.pendingDays ?? DEFAULT_PENDING_DAYS };
}

export function saveSettings(db: DbOrTx, settings: { pendingDays: number }): void {
  db.insert(transferSettings)
    .values({ id: 1, pendingDays: settings.pendingDays, updatedAt: new Date() })
    .onConflictDoUpdate({ target: transferSettings.id, set: { pendingDays: settings.pendingDays, updatedAt: new Date() } })
    .run();
}

// ── the coupon a gift holds (conditional updates on the coupon's row) ──────────────────

/**
 * Locks the sender's coupon for a gift: one conditional update, only while it is theirs, active,
 * inside its dates and (unless `allowUsed`) unused. A redemption racing it cannot both win.
 */
export function lockCoupon(db: DbOrTx, input: { couponId: number; memberId: number; now: number; allowUsed: boolean }): boolean {
  return (
    prepared(db, 'transfers.lockCoupon', (d) =>
      d
        .update(coupons)
        .set({ status: 'transferring', updatedAt: sql`${sql.placeholder('now')}` })
        .where(
          and(
            eq(coupons.id, sql.placeholder('couponId')),
            eq(coupons.memberId, sql.placeholder('memberId')),
            eq(coupons.status, 'active'),
            gt(coupons.usesLeft, 0),
            gt(coupons.validUntil, sql.placeholder('now')),
            or(sql`${sql.placeholder('allowUsed')} = 1`, eq(coupons.usesLeft, coupons.usesTotal)),
          ),
        )
        .prepare(),
    ).run({ ...input, allowUsed: input.allowUsed ? 1 : 0 }).changes === 1
  );
}

/** Takes `uses` off an active coupon that has more than that left, total and balance alike (a partial gift's split). */
export function splitUses(db: DbOrTx, input: { couponId: number; memberId: number; uses: number; now: number }): boolean {
  return (
    db
      .update(coupons)
      .set({ usesLeft: sql`${coupons.usesLeft} - ${input.uses}`, usesTotal: sql`${coupons.usesTotal} - ${input.uses}`, updatedAt: new Date(input.now) })
      .where(and(eq(coupons.id, input.couponId), eq(coupons.memberId, input.memberId), eq(coupons.status, 'active'), gt(coupons.usesLeft, input.uses), gt(coupons.validUntil, new Date(input.now))))
      .run().changes === 1
  );
}

/** Marks a coupon just inserted for a partial gift as held by it. */
export function holdCoupon(db: DbOrTx, couponId: number, now: Date): void {
  db.update(coupons).set({ status: 'transferring', updatedAt: now }).where(and(eq(coupons.id, couponId), eq(coupons.status, 'active'))).run();
}

/**
 * Hands a held coupon to the friend, under a fresh code when one is given (the sender saw the
 * old one): only while it is still held and the sender's (undefined otherwise; its end of
 * validity when moved). Throws CODE_TAKEN on a code clash.
 */
export function moveCoupon(db: DbOrTx, input: { couponId: number; fromMemberId: number; toMemberId: number; code: string | null; now: number }): { validUntil: Date } | undefined {
  try {
    return prepared(db, 'transfers.moveCoupon', (d) =>
      d
        .update(coupons)
        .set({ memberId: sql`${sql.placeholder('toMemberId')}`, status: 'active', code: sql`coalesce(${sql.placeholder('code')}, ${coupons.code})`, updatedAt: sql`${sql.placeholder('now')}` })
        .where(and(eq(coupons.id, sql.placeholder('couponId')), eq(coupons.memberId, sql.placeholder('fromMemberId')), eq(coupons.status, 'transferring')))
        .returning({ validUntil: coupons.validUntil })
        .prepare(),
    ).get(input);
  } catch (error) {
    if (violatedUnique(error) === 'coupons.code') throw new AppError('CODE_TAKEN');
    throw error;
  }
}

/** Gives a held coupon back to its owner (the sender); false when it was not held. */
export function releaseCoupon(db: DbOrTx, couponId: number, now: number): boolean {
  return (
    prepared(db, 'transfers.releaseCoupon', (d) =>
      d
        .update(coupons)
        .set({ status: 'active', updatedAt: sql`${sql.placeholder('now')}` })
        .where(and(eq(coupons.id, sql.placeholder('couponId')), eq(coupons.status, 'transferring')))
        .prepare(),
    ).run({ couponId, now }).changes === 1
  );
}

// ── transfers ──────────────────────────────────────────────────────────────────────
export function insertTransfer(db: DbOrTx, row: NewTransferRow): TransferRow {
  return db.insert(transfers).values(row).returning().get();
}

export function findTransfer(db: DbOrTx, id: number): TransferRow | undefined {
  return prepared(db, 'transfers.byId', (d) => d.select().from(transfers).where(eq(transfers.id, sql.placeholder('id'))).prepare()).get({ id });
}

/**
 * The one step out of `pending`: a conditional update that only the first of accept, decline,
 * cancel and the return job can make. `recipientMemberId` / `senderMemberId` narrow who may;
 * `before` requires the gift to be still inside its window (accepting in time).
 */
export function resolveTransfer(
  db: DbOrTx,
  input: { id: number; state: Exclude<TransferState, 'pending'>; now: number; recipientMemberId?: number; senderMemberId?: number; before?: number; returnReason?: string | null },
): TransferRow | undefined {
  return prepared(db, 'transfers.resolve', (d) =>
    d
      .update(transfers)
      .set({ state: sql`${sql.placeholder('state')}`, returnReason: sql`${sql.placeholder('returnReason')}`, resolvedAt: sql`${sql.placeholder('now')}`, updatedAt: sql`${sql.placeholder('now')}` })
      .where(
        and(
          eq(transfers.id, sql.placeholder('id')),
          eq(transfers.state, 'pending'),
          or(sql`${sql.placeholder('recipientMemberId')} is null`, eq(transfers.recipientMemberId, sql.placeholder('recipientMemberId'))),
          or(sql`${sql.placeholder('senderMemberId')} is null`, eq(transfers.senderMemberId, sql.placeholder('senderMemberId'))),
          or(sql`${sql.placeholder('before')} is null`, gt(transfers.returnAt, sql.placeholder('before'))),
        ),
      )
      .returning()
      .prepare(),
  ).get({
    id: input.id,
    state: input.state,
    now: input.now,
    recipientMemberId: input.recipientMemberId ?? null,
    senderMemberId: input.senderMemberId ?? null,
    before: input.before ?? null,
    returnReason: input.returnReason ?? null,
  });
}

/**
 * The friend's accept as one conditional update: still pending, inside its window, given to this
 * member, and sent to the number this member has verified (read in the same statement, so a
 * number changed or unverified a moment ago cannot slip through). Undefined when any of it
 * fails; the caller then reads why.
 */
export function acceptTransfer(db: DbOrTx, input: { id: number; memberId: number; now: number }): TransferRow | undefined {
  return prepared(db, 'transfers.accept', (d) =>
    d
      .update(transfers)
      .set({ state: 'accepted', resolvedAt: sql`${sql.placeholder('now')}`, updatedAt: sql`${sql.placeholder('now')}` })
      .where(
        and(
          eq(transfers.id, sql.placeholder('id')),
          eq(transfers.state, 'pending'),
          eq(transfers.recipientMemberId, sql.placeholder('memberId')),
          gt(transfers.returnAt, sql.placeholder('now')),
          eq(transfers.recipientMobile, sql`(select ${members.mobile} from ${members} where ${members.id} = ${sql.placeholder('memberId')} and ${members.mobileVerifiedAt} is not null)`),
        ),
      )
      .returning()
      .prepare(),
  ).get(input);
}

/** Gifts held for a number no member had verified yet, now given to the member who did. */
export function attachRecipient(db: DbOrTx, mobile: string, memberId: number, now: Date): TransferRow[] {
  return db
    .update(transfers)
    .set({ recipientMemberId: memberId, updatedAt: now })
    .where(and(eq(transfers.recipientMobile, mobile), eq(transfers.state, 'pending'), isNull(transfers.recipientMemberId), sql`${transfers.senderMemberId} <> ${memberId}`))
    .returning()
    .all();
}

/** Pending gifts due back (their window is over, or their coupon is about to expire), oldest first, after a cursor. */
export function listDueReturns(db: DbOrTx, now: Date, afterId: number, limit: number): TransferRow[] {
  return db
    .select()
    .from(transfers)
    .where(and(eq(transfers.state, 'pending'), lte(transfers.returnAt, now), gt(transfers.id, afterId)))
    .orderBy(asc(transfers.id))
    .limit(limit)
    .all();
}

/** Pending gifts a member will lose within a day and has not been reminded of. */
export function listDueReminders(db: DbOrTx, now: Date, aheadMs: number, limit: number): TransferRow[] {
  return db
    .select()
    .from(transfers)
    .where(
      and(
        eq(transfers.state, 'pending'),
        isNull(transfers.remindedAt),
        sql`${transfers.recipientMemberId} is not null`,
        gt(transfers.returnAt, now),
        lte(transfers.returnAt, new Date(now.getTime() + aheadMs)),
        // A gift sent with less than a day to go is not "about to return" news.
        gt(sql`${transfers.returnAt} - ${transfers.sentAt}`, aheadMs),
      ),
    )
    .orderBy(asc(transfers.id))
    .limit(limit)
    .all();
}

export function markReminded(db: DbOrTx, id: number, now: Date): boolean {
  return db.update(transfers).set({ remindedAt: now }).where(and(eq(transfers.id, id), eq(transfers.state, 'pending'), isNull(transfers.remindedAt))).run().changes === 1;
}

/** The latest gift of this coupon: how many times it has been given on already. */
export function latestTransferOf(db: DbOrTx, couponId: number): TransferRow | undefined {
  return db.select().from(transfers).where(eq(transfers.giftCouponId, couponId)).orderBy(desc(transfers.id)).limit(1).get();
}

/** Whether the coupon came to this member as a gift (then its split-offs inherit the give count). */
export function pendingTransferOfCoupon(db: DbOrTx, couponId: number): TransferRow | undefined {
  return db.select().from(transfers).where(and(eq(transfers.giftCouponId, couponId), eq(transfers.state, 'pending'))).get();
}

export interface GiftListRow {
  t: TransferRow;
  couponName: string;
  templateKind: string;
  color: string;
  imageUrl: string | null;
  validUntil: Date;
  couponMemberId: number;
  senderName: string | null;
  senderDisplayName: string;
}

const giftColumns = {
  t: transfers,
  couponName: couponTemplates.name,
  templateKind: couponTemplates.kind,
  color: couponTemplates.color,
  imageUrl: couponTemplates.imageUrl,
  validUntil: coupons.validUntil,
  couponMemberId: coupons.memberId,
  senderName: members.name,
  senderDisplayName: members.displayName,
};

export function listMemberGifts(db: DbOrTx, memberId: number, tab: 'received' | 'sent', limit = 100): GiftListRow[] {
  return db
    .select(giftColumns)
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.giftCouponId))
    .innerJoin(couponTemplates, eq(couponTemplates.id, transfers.templateId))
    .innerJoin(members, eq(members.id, transfers.senderMemberId))
    .where(tab === 'received' ? eq(transfers.recipientMemberId, memberId) : eq(transfers.senderMemberId, memberId))
    .orderBy(sql`case when ${transfers.state} = 'pending' then 0 else 1 end`, desc(transfers.id))
    .limit(limit)
    .all();
}

export function findGiftRow(db: DbOrTx, id: number): GiftListRow | undefined {
  return prepared(db, 'transfers.giftRow', (d) =>
    d
      .select(giftColumns)
      .from(transfers)
      .innerJoin(coupons, eq(coupons.id, transfers.giftCouponId))
      .innerJoin(couponTemplates, eq(couponTemplates.id, transfers.templateId))
      .innerJoin(members, eq(members.id, transfers.senderMemberId))
      .where(eq(transfers.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

export function countPendingReceived(db: DbOrTx, memberId: number): number {
  return db.select({ n: count() }).from(transfers).where(and(eq(transfers.recipientMemberId, memberId), eq(transfers.state, 'pending'))).get()?.n ?? 0;
}

export interface ConsoleFilter {
  state?: TransferState | undefined;
  templateId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

function consoleWhere(f: ConsoleFilter, withState: boolean) {
  return and(
    ...(withState && f.state ? [eq(transfers.state, f.state)] : []),
    ...(f.templateId ? [eq(transfers.templateId, f.templateId)] : []),
    ...(f.from ? [gte(transfers.sentAt, f.from)] : []),
    ...(f.to ? [lte(transfers.sentAt, f.to)] : []),
  );
}

export function listConsoleTransfers(db: DbOrTx, f: ConsoleFilter, page: number, pageSize: number) {
  const where = consoleWhere(f, true);
  const rows = db
    .select({ t: transfers, couponName: couponTemplates.name })
    .from(transfers)
    .innerJoin(couponTemplates, eq(couponTemplates.id, transfers.templateId))
    .where(where)
    .orderBy(desc(transfers.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: count() }).from(transfers).where(where).get()?.n ?? 0;
  const byState = db.select({ state: transfers.state, n: count() }).from(transfers).where(consoleWhere(f, false)).groupBy(transfers.state).all();
  return { rows, total, byState };
}
