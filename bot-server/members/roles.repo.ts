import { and, eq, inArray, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.ts';
import type { DbOrTx } from '../db/client.ts';
import { admins, staffStores, stores } from '../db/schema.ts';

export function isAdminMember(db: DbOrTx, memberId: number): boolean {
  return prepared(db, 'admins.byMember', (d) => d.select({ id: admins.memberId }).from(admins).where(eq(admins.memberId, sql.placeholder('memberId'))).prepare()).get({ memberId }) !== undefined;
}

export function listStaffStores(db: DbOrTx, memberId: number): { id: number; name: string; nameEn: string | null }[] {
  return prepared(db, 'staffStores.byMember', (d) =>
    d
      .select({ id: stores.id, name: stores.name, nameEn: stores.nameEn })
      .from(staffStores)
      .innerJoin(stores, eq(stores.id, staffStores.storeId))
      .where(eq(staffStores.memberId, sql.placeholder('memberId')))
      .orderBy(stores.id)
      .prepare(),
  ).all({ memberId });
}

export function setAdmin(db: DbOrTx, memberId: number, isAdmin: boolean): boolean {
  if (isAdmin) return db.insert(admins).values({ memberId }).onConflictDoNothing().run().changes > 0;
  return db.delete(admins).where(eq(admins.memberId, memberId)).run().changes > 0;
}

/** Replaces the member's store list; returns what was added and removed. */
export function replaceStaffStores(db: DbOrTx, memberId: number, storeIds: number[]): { added: number[]; removed: number[] } {
  const current = db.select({ storeId: staffStores.storeId }).from(staffStores).where(eq(staffStores.memberId, memberId)).all().map((r) => r.storeId);
  const wanted = new Set(storeIds);
  const removed = current.filter((id) => !wanted.has(id));
  const added = [...wanted].filter((id) => !current.includes(id));
  if (removed.length > 0) db.delete(staffStores).where(and(eq(staffStores.memberId, memberId), inArray(staffStores.storeId, removed))).run();
  if (added.length > 0) db.insert(staffStores).values(added.map((storeId) => ({ memberId, storeId }))).run();
  return { added, removed };
}

/** Member ids holding any role, for the staff list. */
export function listRoleHolderIds(db: DbOrTx): number[] {
  const ids = new Set<number>();
  for (const r of db.select({ id: admins.memberId }).from(admins).all()) ids.add(r.id);
  for (const r of db.select({ id: staffStores.memberId }).from(staffStores).all()) ids.add(r.id);
  return [...ids];
}
