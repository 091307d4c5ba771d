import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { DbOrTx } from '../db/client.ts';
import { members } from '../db/schema.ts';

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;

export function findMemberByLineUserId(db: DbOrTx, lineUserId: string): MemberRow | undefined {
  return db.select().from(members).where(eq(members.lineUserId, lineUserId)).get();
}

export function findMemberById(db: DbOrTx, id: number): MemberRow | undefined {
  return db.select().from(members).where(eq(members.id, id)).get();
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
  const message = error instanceof Error ? error.message : '';
  if (message.includes('UNIQUE constraint failed: members.mobile')) return new AppError('MOBILE_TAKEN', { field: 'mobile' });
  if (message.includes('UNIQUE constraint failed: members.line_user_id')) return new AppError('CONFLICT');
  return error;
}
