import { and, desc, eq, sql } from 'drizzle-orm';
import type { MissionRules, MissionState } from '../../shared/missions/rules.ts';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { bundles, members, missionCompletions, missionProgress, missions, missionStepsReached } from '../db/schema.ts';

export type MissionRow = typeof missions.$inferSelect;
export type ProgressRow = typeof missionProgress.$inferSelect;
export type CompletionRow = typeof missionCompletions.$inferSelect;

export function listMissions(db: DbOrTx): MissionRow[] {
  return db.select().from(missions).orderBy(desc(missions.id)).all();
}

export function listActiveMissions(db: DbOrTx): MissionRow[] {
  return db.select().from(missions).where(eq(missions.status, 'active')).all();
}

export function findMission(db: DbOrTx, id: number): MissionRow | undefined {
  return db.select().from(missions).where(eq(missions.id, id)).get();
}

export function insertMission(db: DbOrTx, row: { name: string; nameEn: string; description: string; descriptionEn: string; status: MissionRow['status']; rules: MissionRules; at: Date }): number {
  return db.insert(missions).values({ name: row.name, nameEn: row.nameEn, description: row.description, descriptionEn: row.descriptionEn, status: row.status, rules: row.rules, createdAt: row.at, updatedAt: row.at }).returning({ id: missions.id }).get().id;
}

export function updateMission(db: DbOrTx, id: number, row: { name: string; nameEn: string; description: string; descriptionEn: string; status: MissionRow['status']; rules: MissionRules; at: Date }): boolean {
  return db.update(missions).set({ name: row.name, nameEn: row.nameEn, description: row.description, descriptionEn: row.descriptionEn, status: row.status, rules: row.rules, updatedAt: row.at }).where(eq(missions.id, id)).run().changes === 1;
}

/** The newest change to any mission (the active-missions cache compares it). */
export function missionsStamp(db: DbOrTx): string {
  const r = prepared(db, 'missions.stamp', (d) => d.select({ n: sql<number>`count(*)`, at: sql<number>`coalesce(max(${missions.updatedAt}), 0)` }).from(missions).prepare()).get() as { n: number; at: number };
  return `${r.n}:${r.at}`;
}

export function progressOfMember(db: DbOrTx, memberId: number): ProgressRow[] {
  return prepared(db, 'missions.progress.member', (d) => d.select().from(missionProgress).where(eq(missionProgress.memberId, sql.placeholder('memberId'))).prepare()).all({ memberId }) as ProgressRow[];
}

export function findProgress(db: DbOrTx, missionId: number, memberId: number): ProgressRow | undefined {
  return db.select().from(missionProgress).where(and(eq(missionProgress.missionId, missionId), eq(missionProgress.memberId, memberId))).get();
}

/** A member's first progress on a mission; false when a row is there already. */
export function insertProgress(db: DbOrTx, row: { missionId: number; memberId: number; state: MissionState; at: Date }): boolean {
  return (
    db
      .insert(missionProgress)
      .values({ missionId: row.missionId, memberId: row.memberId, cycle: 1, completions: 0, state: row.state, version: 0, joinedAt: row.at, updatedAt: row.at })
      .onConflictDoNothing()
      .run().changes === 1
  );
}

/** Writes a member's progress only if nobody changed it since it was read (the version). */
export function saveProgress(db: DbOrTx, id: number, version: number, set: { state: MissionState; cycle: number; completions: number; at: Date }): boolean {
  return (
    prepared(db, 'missions.progress.save', (d) =>
      d
        .update(missionProgress)
        .set({ state: sql`${sql.placeholder('state')}`, cycle: sql`${sql.placeholder('cycle')}`, completions: sql`${sql.placeholder('completions')}`, version: sql`${missionProgress.version} + 1`, updatedAt: sql`${sql.placeholder('at')}` })
        .where(and(eq(missionProgress.id, sql.placeholder('id')), eq(missionProgress.version, sql.placeholder('version'))))
        .prepare(),
    ).run({ id, version, state: JSON.stringify(set.state), cycle: set.cycle, completions: set.completions, at: set.at.getTime() }).changes === 1
  );
}

export function markStepReached(db: DbOrTx, missionId: number, memberId: number, step: number, at: Date): void {
  db.insert(missionStepsReached).values({ missionId, memberId, step, at }).onConflictDoNothing().run();
}

/** The round's completion, once: false when that round was recorded already. */
export function insertCompletion(db: DbOrTx, row: Omit<CompletionRow, 'id' | 'reversedAt'>): number | null {
  const r = db.insert(missionCompletions).values(row).onConflictDoNothing().returning({ id: missionCompletions.id }).get();
  return r?.id ?? null;
}

export function completionsOfMember(db: DbOrTx, memberId: number): CompletionRow[] {
  return db.select().from(missionCompletions).where(eq(missionCompletions.memberId, memberId)).orderBy(desc(missionCompletions.completedAt), desc(missionCompletions.id)).all();
}

/** Marks a granted reward taken back, once. */
export function markClawedBack(db: DbOrTx, id: number, at: Date): boolean {
  return db.update(missionCompletions).set({ status: 'clawed_back', reversedAt: at }).where(and(eq(missionCompletions.id, id), eq(missionCompletions.status, 'granted'))).run().changes === 1;
}

export function memberRegisteredAt(db: DbOrTx, memberId: number): Date | null {
  return prepared(db, 'missions.member.registered', (d) => d.select({ at: members.registeredAt }).from(members).where(eq(members.id, sql.placeholder('memberId'))).prepare()).get({ memberId })?.at ?? null;
}

export function bundleItems(db: DbOrTx, bundleId: number): { name: string; status: string; items: { templateId: number; quantity: number }[] } | undefined {
  return db.select({ name: bundles.name, status: bundles.status, items: bundles.items }).from(bundles).where(eq(bundles.id, bundleId)).get();
}

/** The funnel's counts for one mission. */
export function funnelFacts(db: DbOrTx, missionId: number) {
  const joined = db.select({ n: sql<number>`count(*)` }).from(missionProgress).where(eq(missionProgress.missionId, missionId)).get()?.n ?? 0;
  const reached = db.select({ step: missionStepsReached.step, n: sql<number>`count(*)` }).from(missionStepsReached).where(eq(missionStepsReached.missionId, missionId)).groupBy(missionStepsReached.step).all();
  const completions = db
    .select({ status: missionCompletions.status, n: sql<number>`count(*)`, members: sql<number>`count(distinct ${missionCompletions.memberId})`, points: sql<number>`coalesce(sum(json_extract(${missionCompletions.reward}, '$.points')), 0)` })
    .from(missionCompletions)
    .where(eq(missionCompletions.missionId, missionId))
    .groupBy(missionCompletions.status)
    .all();
  const completedMembers = db.select({ n: sql<number>`count(distinct ${missionCompletions.memberId})` }).from(missionCompletions).where(eq(missionCompletions.missionId, missionId)).get()?.n ?? 0;
  return { joined, reached, completions, completedMembers };
}

/** Per mission: members with progress and rewarded rounds (the console's list). */
export function missionCounts(db: DbOrTx): Map<number, { joined: number; rewarded: number }> {
  const out = new Map<number, { joined: number; rewarded: number }>();
  for (const r of db.select({ id: missionProgress.missionId, n: sql<number>`count(*)` }).from(missionProgress).groupBy(missionProgress.missionId).all()) out.set(r.id, { joined: r.n, rewarded: 0 });
  for (const r of db.select({ id: missionCompletions.missionId, n: sql<number>`count(*)` }).from(missionCompletions).where(eq(missionCompletions.status, 'granted')).groupBy(missionCompletions.missionId).all()) {
    const row = out.get(r.id) ?? { joined: 0, rewarded: 0 };
    row.rewarded = r.n;
    out.set(r.id, row);
  }
  return out;
}
