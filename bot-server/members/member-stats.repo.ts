/** Members' figures for the console's dashboard (bot-server/reporting composes them). */
import { and, count, eq, gte, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { members } from '../db/schema.ts';

/** Members first seen (followed or signed in) per brand-local day since `since`. */
export function countJoinedPerDay(db: DbOrTx, since: Date, offsetMinutes: number): { day: string; n: number }[] {
  const day = sql<string>`date((${members.createdAt} / 1000) + ${offsetMinutes * 60}, 'unixepoch')`;
  return db.select({ day, n: count() }).from(members).where(gte(members.createdAt, since)).groupBy(day).all();
}

export function countMembers(db: DbOrTx): number {
  return db.select({ n: count() }).from(members).get()?.n ?? 0;
}

/**
 * Of these members, how many LINE would deliver a push to (following, not blocked), and the first
 * few as a sample (national-format mobile). For the bulk-issue preview.
 */
export function summarizeMembers(db: DbOrTx, ids: number[], sampleSize: number): { reachable: number; sample: { id: number; name: string; mobile: string | null }[] } {
  let reachable = 0;
  for (let i = 0; i < ids.length; i += 900) {
    const chunk = ids.slice(i, i + 900);
    reachable += db.select({ n: count() }).from(members).where(and(inArray(members.id, chunk), eq(members.isFollowing, true), eq(members.status, 'active'))).get()?.n ?? 0;
  }
  const sampleIds = ids.slice(0, sampleSize);
  const rows = sampleIds.length === 0 ? [] : db.select({ id: members.id, name: members.name, displayName: members.displayName, mobile: members.mobile }).from(members).where(inArray(members.id, sampleIds)).all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sample = sampleIds.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, name: r.name ?? r.displayName, mobile: r.mobile ? r.mobile.replace(/^\+886/, '0') : null }] : [];
  });
  return { reachable, sample };
}
