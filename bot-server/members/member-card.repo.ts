import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { members } from '../db/schema.ts';

/** A registered member's id and name for the counter, or undefined (unknown or not registered). */
export function findRegisteredMemberForCard(db: DbOrTx, id: number): { id: number; name: string | null; displayName: string } | undefined {
  return prepared(db, 'memberCard.byId', (d) =>
    d
      .select({ id: members.id, name: members.name, displayName: members.displayName })
      .from(members)
      .where(and(eq(members.id, sql.placeholder('id')), isNotNull(members.registeredAt)))
      .prepare(),
  ).get({ id });
}

/** The member whose mobile (E.164) was confirmed by an SMS code; unverified numbers name nobody. */
export function findMemberIdByVerifiedMobile(db: DbOrTx, mobileE164: string): number | undefined {
  return prepared(db, 'memberCard.byVerifiedMobile', (d) =>
    d
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.mobile, sql.placeholder('mobile')), isNotNull(members.mobileVerifiedAt)))
      .prepare(),
  ).get({ mobile: mobileE164 })?.id;
}
