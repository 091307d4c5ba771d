import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { jobs, members, richMenuApiCalls, richMenuImages, richMenuLineMenus, richMenuMemberLinks, richMenuPublications, richMenuRelinks, richMenuSchedules, richMenuVersions } from '../db/schema.ts';

export type VersionRow = typeof richMenuVersions.$inferSelect;
export type PublicationRow = typeof richMenuPublications.$inferSelect;
export type LineMenuRow = typeof richMenuLineMenus.$inferSelect;
export type ScheduleRow = typeof richMenuSchedules.$inferSelect;
export type PublishStep = NonNullable<PublicationRow['step']>;

// ── versions and images ──

export function insertVersion(tx: DbOrTx, v: { name: string; spec: unknown; createdBy: number | null }): VersionRow {
  return tx.insert(richMenuVersions).values(v).returning().get();
}

/** Drafts only: a version published once is frozen. */
export function updateDraft(tx: DbOrTx, id: number, v: { name: string; spec: unknown }, at: Date): boolean {
  return tx.update(richMenuVersions).set({ ...v, updatedAt: at }).where(and(eq(richMenuVersions.id, id), isNull(richMenuVersions.firstPublishedAt))).run().changes > 0;
}

export function getVersion(db: DbOrTx, id: number): VersionRow | undefined {
  return db.select().from(richMenuVersions).where(eq(richMenuVersions.id, id)).get();
}

export function listVersions(db: DbOrTx): VersionRow[] {
  return db.select().from(richMenuVersions).orderBy(desc(richMenuVersions.id)).limit(200).all();
}

export function markVersionPublished(tx: DbOrTx, id: number, at: Date): void {
  tx.update(richMenuVersions)
    .set({ lastPublishedAt: at, firstPublishedAt: sql`coalesce(${richMenuVersions.firstPublishedAt}, ${at.getTime()})` })
    .where(eq(richMenuVersions.id, id))
    .run();
}

export function insertImage(tx: DbOrTx, img: { contentType: string; width: number; height: number; bytes: number; data: Buffer }): { id: number } {
  return tx.insert(richMenuImages).values(img).returning({ id: richMenuImages.id }).get();
}

export function imageMetas(db: DbOrTx, ids: number[]): Map<number, { width: number; height: number }> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: richMenuImages.id, width: richMenuImages.width, height: richMenuImages.height }).from(richMenuImages).where(inArray(richMenuImages.id, ids)).all();
  return new Map(rows.map((r) => [r.id, { width: r.width, height: r.height }]));
}

export function getImage(db: DbOrTx, id: number): { data: Buffer; contentType: string } | null {
  const row = db.select({ data: richMenuImages.data, contentType: richMenuImages.contentType }).from(richMenuImages).where(eq(richMenuImages.id, id)).get();
  return row ?? null;
}

// ── publications ──

export function insertPublication(tx: DbOrTx, p: { versionId: number; kind: PublicationRow['kind']; replacesId: number | null; scheduleId?: number | null; actorMemberId: number | null }): PublicationRow {
  return tx.insert(richMenuPublications).values(p).returning().get();
}

export function getPublication(db: DbOrTx, id: number): PublicationRow | undefined {
  return db.select().from(richMenuPublications).where(eq(richMenuPublications.id, id)).get();
}

export function updatePublication(tx: DbOrTx, id: number, patch: Partial<Omit<PublicationRow, 'id'>>): void {
  tx.update(richMenuPublications).set(patch).where(eq(richMenuPublications.id, id)).run();
}

/** The live publication: the latest that reached LINE's default. */
export function livePublication(db: DbOrTx): PublicationRow | undefined {
  return db.select().from(richMenuPublications).where(eq(richMenuPublications.status, 'succeeded')).orderBy(desc(richMenuPublications.id)).limit(1).get();
}

export function runningPublication(db: DbOrTx): PublicationRow | undefined {
  return db.select().from(richMenuPublications).where(eq(richMenuPublications.status, 'running')).limit(1).get();
}

export function recentPublications(db: DbOrTx, limit = 20): PublicationRow[] {
  return db.select().from(richMenuPublications).orderBy(desc(richMenuPublications.id)).limit(limit).all();
}

export function wasPublishedBefore(db: DbOrTx, versionId: number): boolean {
  return db.select({ id: richMenuPublications.id }).from(richMenuPublications).where(and(eq(richMenuPublications.versionId, versionId), eq(richMenuPublications.status, 'succeeded'))).limit(1).get() !== undefined;
}

// ── LINE menus ──

export function lineMenusOf(db: DbOrTx, publicationId: number): LineMenuRow[] {
  return db.select().from(richMenuLineMenus).where(eq(richMenuLineMenus.publicationId, publicationId)).orderBy(asc(richMenuLineMenus.id)).all();
}

export function insertLineMenu(tx: DbOrTx, row: { publicationId: number; menuKey: string; lineRichMenuId: string }): void {
  tx.insert(richMenuLineMenus).values(row).run();
}

export function markImageUploaded(tx: DbOrTx, id: number): void {
  tx.update(richMenuLineMenus).set({ imageUploaded: true }).where(eq(richMenuLineMenus.id, id)).run();
}

export function markLineMenuDeleted(tx: DbOrTx, id: number, at: Date): void {
  tx.update(richMenuLineMenus).set({ deletedAt: at }).where(eq(richMenuLineMenus.id, id)).run();
}

/** Menus still on LINE that belong to neither the live nor a running publication (left by a failure or a failed delete). */
export function strayLineMenus(db: DbOrTx, keepPublicationIds: number[]): LineMenuRow[] {
  const rows = db.select().from(richMenuLineMenus).where(isNull(richMenuLineMenus.deletedAt)).all();
  return rows.filter((r) => !keepPublicationIds.includes(r.publicationId));
}

// ── budget ──

export function recordApiCall(tx: DbOrTx, kind: 'create' | 'delete', at: Date): void {
  tx.insert(richMenuApiCalls).values({ kind, at }).run();
}

export function apiCallsSince(db: DbOrTx, since: Date): number {
  return db.select({ n: count() }).from(richMenuApiCalls).where(gte(richMenuApiCalls.at, since)).get()?.n ?? 0;
}

// ── member links ──

export interface Follower {
  memberId: number;
  lineUserId: string;
  registered: boolean;
}

/** Followers in id order after `afterId` (a page of the link step). */
export function followersAfter(db: DbOrTx, afterId: number, limit: number): Follower[] {
  return db
    .select({ memberId: members.id, lineUserId: members.lineUserId, registeredAt: members.registeredAt })
    .from(members)
    .where(and(gt(members.id, afterId), eq(members.isFollowing, true), eq(members.status, 'active')))
    .orderBy(asc(members.id))
    .limit(limit)
    .all()
    .map((r) => ({ memberId: r.memberId, lineUserId: r.lineUserId, registered: r.registeredAt !== null }));
}

export function followersCount(db: DbOrTx): number {
  return db.select({ n: count() }).from(members).where(and(eq(members.isFollowing, true), eq(members.status, 'active'))).get()?.n ?? 0;
}

/** The followers (following and active) among a page of members (≤ 500), in one query, by member id. */
export function followersOf(db: DbOrTx, memberIds: number[]): Map<number, Follower> {
  const out = new Map<number, Follower>();
  if (memberIds.length === 0) return out;
  const rows = db
    .select({ memberId: members.id, lineUserId: members.lineUserId, registeredAt: members.registeredAt, isFollowing: members.isFollowing, status: members.status })
    .from(members)
    .where(inArray(members.id, memberIds))
    .all();
  for (const r of rows) if (r.isFollowing && r.status === 'active') out.set(r.memberId, { memberId: r.memberId, lineUserId: r.lineUserId, registered: r.registeredAt !== null });
  return out;
}

export function linksOf(db: DbOrTx, memberIds: number[]): Map<number, { menuKey: string; lineRichMenuId: string; publicationId: number }> {
  if (memberIds.length === 0) return new Map();
  const rows = db.select().from(richMenuMemberLinks).where(inArray(richMenuMemberLinks.memberId, memberIds)).all();
  return new Map(rows.map((r) => [r.memberId, r]));
}

export function saveLinks(tx: DbOrTx, rows: { memberId: number; menuKey: string; lineRichMenuId: string; publicationId: number }[], at: Date): void {
  for (const r of rows) {
    tx.insert(richMenuMemberLinks)
      .values({ ...r, linkedAt: at })
      .onConflictDoUpdate({ target: richMenuMemberLinks.memberId, set: { menuKey: r.menuKey, lineRichMenuId: r.lineRichMenuId, publicationId: r.publicationId, linkedAt: at } })
      .run();
  }
}

export function dropLinks(tx: DbOrTx, memberIds: number[]): void {
  if (memberIds.length > 0) tx.delete(richMenuMemberLinks).where(inArray(richMenuMemberLinks.memberId, memberIds)).run();
}

/** Members linked by a given publication, in id order (undoing a failed link step). */
export function linkedBy(db: DbOrTx, publicationId: number, afterId: number, limit: number): number[] {
  return db
    .select({ id: richMenuMemberLinks.memberId })
    .from(richMenuMemberLinks)
    .where(and(eq(richMenuMemberLinks.publicationId, publicationId), gt(richMenuMemberLinks.memberId, afterId)))
    .orderBy(asc(richMenuMemberLinks.memberId))
    .limit(limit)
    .all()
    .map((r) => r.id);
}

/** True when a job of this kind waits to run or is running. */
export function hasUnfinishedJob(db: DbOrTx, kind: string): boolean {
  return db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, kind), inArray(jobs.status, ['pending', 'running']))).limit(1).get() !== undefined;
}

/** True when a job of this kind waits to run (a newer request then needs no job of its own). */
export function hasPendingJob(db: DbOrTx, kind: string): boolean {
  return db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.status, 'pending'))).limit(1).get() !== undefined;
}

// ── schedules ──

export function insertSchedule(tx: DbOrTx, s: { versionId: number; startsAt: Date; endsAt: Date; startsLocal: string; endsLocal: string }): ScheduleRow {
  return tx.insert(richMenuSchedules).values(s).returning().get();
}

export function getSchedule(db: DbOrTx, id: number): ScheduleRow | undefined {
  return db.select().from(richMenuSchedules).where(eq(richMenuSchedules.id, id)).get();
}

export function openSchedules(db: DbOrTx): ScheduleRow[] {
  return db.select().from(richMenuSchedules).where(inArray(richMenuSchedules.status, ['pending', 'active'])).orderBy(asc(richMenuSchedules.startsAt)).all();
}

export function recentSchedules(db: DbOrTx): ScheduleRow[] {
  return db.select().from(richMenuSchedules).orderBy(desc(richMenuSchedules.id)).limit(50).all();
}

export function dueToStart(db: DbOrTx, now: Date): ScheduleRow | undefined {
  return db.select().from(richMenuSchedules).where(and(eq(richMenuSchedules.status, 'pending'), lte(richMenuSchedules.startsAt, now))).orderBy(asc(richMenuSchedules.startsAt)).limit(1).get();
}

export function dueToEnd(db: DbOrTx, now: Date): ScheduleRow | undefined {
  return db.select().from(richMenuSchedules).where(and(eq(richMenuSchedules.status, 'active'), lte(richMenuSchedules.endsAt, now))).orderBy(asc(richMenuSchedules.endsAt)).limit(1).get();
}

/** Moves a schedule on only from the status it is in (so a replayed firing changes nothing). */
export function moveSchedule(tx: DbOrTx, id: number, from: ScheduleRow['status'], patch: Partial<Omit<ScheduleRow, 'id'>>): boolean {
  return tx.update(richMenuSchedules).set(patch).where(and(eq(richMenuSchedules.id, id), eq(richMenuSchedules.status, from))).run().changes > 0;
}

export function versionNames(db: DbOrTx, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: richMenuVersions.id, name: richMenuVersions.name }).from(richMenuVersions).where(inArray(richMenuVersions.id, ids)).all().map((r) => [r.id, r.name]));
}


// ── relink requests ──

export function requestRelink(tx: DbOrTx, memberId: number, at: Date): void {
  tx.insert(richMenuRelinks).values({ memberId, requestedAt: at }).onConflictDoUpdate({ target: richMenuRelinks.memberId, set: { requestedAt: at } }).run();
}

export function relinkBatch(db: DbOrTx, limit: number): { memberId: number; requestedAt: Date }[] {
  return db.select().from(richMenuRelinks).orderBy(asc(richMenuRelinks.memberId)).limit(limit).all();
}

/** Drops handled requests; one asked again since it was read stays. */
export function clearRelinks(tx: DbOrTx, rows: { memberId: number; requestedAt: Date }[]): void {
  for (const r of rows) tx.delete(richMenuRelinks).where(and(eq(richMenuRelinks.memberId, r.memberId), eq(richMenuRelinks.requestedAt, r.requestedAt))).run();
}

/** A member who unfollowed needs no relink. */
export function cancelRelink(tx: DbOrTx, memberId: number): void {
  tx.delete(richMenuRelinks).where(eq(richMenuRelinks.memberId, memberId)).run();
}

export function hasRelinks(db: DbOrTx): boolean {
  return db.select({ id: richMenuRelinks.memberId }).from(richMenuRelinks).limit(1).get() !== undefined;
}
