import { and, count, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { violatedUnique, type DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { members } from '../db/schema.ts';

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;

export function findMemberByLineUserId(db: DbOrTx, lineUserId: string): MemberRow | undefined {
  return prepared(db, 'members.byLineUserId', (d) => d.select().from(members).where(eq(members.lineUserId, sql.placeholder('lineUserId'))).prepare()).get({ lineUserId });
}

export function findMemberById(db: DbOrTx, id: number): MemberRow | undefined {
  return prepared(db, 'members.byId', (d) => d.select().from(members).where(eq(members.id, sql.placeholder('id'))).prepare()).get({ id });
}

export function findMemberByMobile(db: DbOrTx, mobile: string): MemberRow | undefined {
  return db.select().from(members).where(eq(members.mobile, mobile)).get();
}

export function insertMember(db: DbOrTx, row: NewMemberRow): MemberRow {
  try {
    return db.insert(members).values(row).returning().get();
  } catch (error) {
    throw translateUnique(error);
  }
}

export function updateMember(db: DbOrTx, id: number, patch: Partial<NewMemberRow>): MemberRow {
  try {
    const row = db.update(members).set({ ...patch, updatedAt: new Date() }).where(eq(members.id, id)).returning().get();
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  } catch (error) {
    throw translateUnique(error);
  }
}

/** Unique-constraint violations become domain errors; repos never leak SQLite errors. */
function translateUnique(error: unknown): unknown {
  const index = violatedUnique(error);
  if (index === 'members.mobile') return new AppError('MOBILE_TAKEN', { field: 'mobile' });
  if (index === 'members.line_user_id') return new AppError('CONFLICT');
  return error;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Console search: by name or LINE display name (contains), or by mobile (exact or a run of digits). */
export function searchMembers(db: DbOrTx, input: { q?: string | undefined; mobile?: string | undefined; page: number; pageSize: number }) {
  const conditions = [];
  if (input.mobile) {
    conditions.push(eq(members.mobile, input.mobile));
  } else if (input.q) {
    const like = `%${escapeLike(input.q)}%`;
    const digits = input.q.replace(/\D/g, '');
    const parts = [sql`${members.name} like ${like} escape '\\'`, sql`${members.displayName} like ${like} escape '\\'`];
    if (digits.length >= 3) parts.push(sql`${members.mobile} like ${`%${digits.replace(/^0/, '')}%`}`);
    conditions.push(or(...parts)!);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = db
    .select()
    .from(members)
    .where(where)
    .orderBy(desc(members.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .all();
  const total = db.select({ n: count() }).from(members).where(where).get()?.n ?? 0;
  return { rows, total };
}

export function findMembersByIds(db: DbOrTx, ids: number[]): MemberRow[] {
  if (ids.length === 0) return [];
  return db.select().from(members).where(inArray(members.id, ids)).orderBy(members.id).all();
}

/** Registered, active members whose birthday falls in `month` ('01'–'12'). */
export function listRegisteredMemberIdsBornIn(db: DbOrTx, month: string): number[] {
  return db
    .select({ id: members.id })
    .from(members)
    .where(and(isNotNull(members.registeredAt), eq(members.status, 'active'), sql`substr(${members.birthday}, 6, 2) = ${month}`))
    .all()
    .map((m) => m.id);
}

/**
 * Sets the member's number as verified at `at`, in one conditional update that no other
 * member's verified claim on the number survives: 'taken' when another member verified it. A
 * member who only typed the number in (registered before verification, never proven) loses it
 * to the one who proved they hold it; they are asked to verify a number of their own.
 */
export function assignVerifiedMobile(db: DbOrTx, memberId: number, mobile: string, at: Date): 'ok' | 'taken' {
  db.update(members)
    .set({ mobile: null, updatedAt: at })
    .where(and(eq(members.mobile, mobile), sql`${members.id} <> ${memberId}`, isNull(members.mobileVerifiedAt)))
    .run();
  try {
    const changed = db
      .update(members)
      .set({ mobile, mobileVerifiedAt: at, updatedAt: at })
      .where(and(eq(members.id, memberId), sql`not exists (select 1 from ${members} as other where other.mobile = ${mobile} and other.id <> ${memberId})`))
      .run().changes;
    return changed === 1 ? 'ok' : 'taken';
  } catch (error) {
    if (violatedUnique(error) === 'members.mobile') return 'taken';
    throw error;
  }
}
