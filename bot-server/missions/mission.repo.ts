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
  return prepared(db, 'missions.byId', (d) => d.select().from(missions).where(eq(missions.id, sql.placeholder('id'))).prepare()).get({ id }) as MissionRow | undefined;
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
  return prepared(db, 'missions.progress.one', (d) =>
    d
      .select()
      .from(missionProgress)
      .where(and(eq(missionProgress.missionId, sql.placeholder('missionId')), eq(missionProgress.memberId, sql.placeholder('memberId'))))
      .prepare(),
  ).get({ missionId, memberId }) as ProgressRow | undefined;
}

/** A member's first progress on a mission (already advanced by the fact that brought it, so one write): false when a row is there already. */
export function insertProgress(db: DbOrTx, row: { missionId: number; memberId: number; state: MissionState; at: Date; cycle?: number; completions?: number }): boolean {
  return prepared(db, 'missions.progress.insert', (d) =>
    d
      .insert(missionProgress)
      .values({ missionId: sql.placeholder('missionId'), memberId: sql.placeholder('memberId'), cycle: sql.placeholder('cycle'), completions: sql.placeholder('completions'), state: sql.placeholder('state'), version: 0, joinedAt: sql.placeholder('at'), updatedAt: sql.placeholder('at') })
      .onConflictDoNothing()
      .prepare(),
  ).run({ missionId: row.missionId, memberId: row.memberId, state: row.state, at: row.at, cycle: row.cycle ?? 1, completions: row.completions ?? 0 }).changes === 1;
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
  prepared(db, 'missions.step.reached', (d) => d.insert(missionStepsReached).values({ missionId: sql.placeholder('missionId'), memberId: sql.placeholder('memberId'), step: sql.placeholder('step'), at: sql.placeholder('at') }).onConflictDoNothing().prepare()).run({ missionId, memberId, step, at });
}

/** The round's completion, once: false when that round was recorded already. */
export function insertCompletion(db: DbOrTx, row: Omit<CompletionRow, 'id' | 'reversedAt'>): number | null {
  const r = prepared(db, 'missions.completion.insert', (d) =>
    d
      .insert(missionCompletions)
      .values({
        missionId: sql.placeholder('missionId'),
        memberId: sql.placeholder('memberId'),
        cycle: sql.placeholder('cycle'),
        status: sql.placeholder('status'),
        reason: sql.placeholder('reason'),
        reward: sql.placeholder('reward'),
        state: sql.placeholder('state'),
        completedAt: sql.placeholder('completedAt'),
      })
      .onConflictDoNothing()
      .returning({ id: missionCompletions.id })
      .prepare(),
  ).get({ ...row }) as { id: number } | undefined;
  return r?.id ?? null;
}

export function completionsOfMember(db: DbOrTx, memberId: number): CompletionRow[] {
  return prepared(db, 'missions.completions.member', (d) =>
    d.select().from(missionCompletions).where(eq(missionCompletions.memberId, sql.placeholder('memberId'))).orderBy(desc(missionCompletions.completedAt), desc(missionCompletions.id)).prepare(),
  ).all({ memberId }) as CompletionRow[];
}

/** Marks a granted reward taken back, once. */
export function markClawedBack(db: DbOrTx, id: number, at: Date): boolean {
  return (
    prepared(db, 'missions.completion.clawback', (d) =>
      d
        .update(missionCompletions)
        .set({ status: 'clawed_back', reversedAt: sql`${sql.placeholder('at')}` })
        .where(and(eq(missionCompletions.id, sql.placeholder('id')), eq(missionCompletions.status, 'granted')))
        .prepare(),
    ).run({ id, at: at.getTime() }).changes === 1
  );
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
