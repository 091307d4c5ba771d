import { and, desc, eq, sql } from 'drizzle-orm';
import type { MissionRules, MissionState } from '../../shared/missions/rules.ts';
import type { DbOrTx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { statement } from '../db/statements.ts';
import { bundles, members, missionCompletions, missionProgress, missions } from '../db/schema.ts';

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

/**
 * The purchase path's one read: every active mission (id and last change, which the service's
 * parsed-rules cache compares) and this member's progress rows — the state as its stored JSON
 * text, parsed only for the missions a fact can move. One prepared statement (a UNION ALL of
 * the active missions by the status index and the member's rows by the member index) instead
 * of a stamp query and a read of the rows; a LEFT JOIN of the two measured ~3x slower (one
 * unique-index seek per mission).
 */
export type ActiveOrProgress =
  | { kind: 'mission'; missionId: number; updatedAt: number; progressId: null; cycle: null; completions: null; state: null; version: null }
  | { kind: 'progress'; missionId: number; updatedAt: null; progressId: number; cycle: number; completions: number; state: string; version: number };

export function activeMissionsAndProgress(db: DbOrTx, memberId: number): ActiveOrProgress[] {
  // Plain SQL, raw rows (db/statements.ts): Drizzle's placeholder filling and per-field mapping were most of this read's cost; the columns are plain values.
  const rows = statement(
    db,
    "select 'mission', id, updated_at, null, null, null, null, null from missions where status = 'active' union all select 'progress', mission_id, null, id, cycle, completions, state, version from mission_progress where member_id = ?",
  )
    .raw()
    .all(memberId) as [ActiveOrProgress['kind'], number, number | null, number | null, number | null, number | null, string | null, number | null][];
  return rows.map(([kind, missionId, updatedAt, progressId, cycle, completions, state, version]) => ({ kind, missionId, updatedAt, progressId, cycle, completions, state, version }) as ActiveOrProgress);
}

/** One member's progress write: `version` is the one read (null for a first row). */
export interface ProgressWrite {
  missionId: number;
  version: number | null;
  state: MissionState;
  cycle: number;
  completions: number;
  /** Funnel bits to add (steps finished for the first time; OR-ed into the stored ones). */
  reached: number;
}

const MAX_ROWS = 16;

/** The batched upsert for `n` rows, as plain SQL (db/statements.ts): Drizzle filling ~9 placeholders per row by name was half this write's cost. */
const BATCH_SQL = Array.from(
  { length: MAX_ROWS + 1 },
  (_, n) =>
    `insert into mission_progress (mission_id, member_id, cycle, completions, state, version, reached, joined_at, updated_at) values ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}` +
    ' on conflict (mission_id, member_id) do update set cycle = excluded.cycle, completions = excluded.completions, state = excluded.state, version = mission_progress.version + 1, reached = mission_progress.reached | excluded.reached, updated_at = excluded.updated_at' +
    // A first row is written with version 0. Reads and writes are one IMMEDIATE transaction, so a row cannot appear between them.
    ' where mission_progress.version = excluded.version',
);

/**
 * Writes several missions' progress of one member in one statement: a first row is inserted,
 * an existing one updated only if its version is still the one read (an upsert whose update is
 * conditional on the version). False when any row was not written (a row appeared, or moved,
 * since it was read) — the caller rolls back.
 */
export function saveProgressBatch(db: DbOrTx, memberId: number, writes: ProgressWrite[], at: Date): boolean {
  let written = 0;
  const t = at.getTime();
  for (let from = 0; from < writes.length; from += MAX_ROWS) {
    const chunk = writes.slice(from, from + MAX_ROWS);
    const params: unknown[] = [];
    for (const w of chunk) params.push(w.missionId, memberId, w.cycle, w.completions, JSON.stringify(w.state), w.version ?? 0, w.reached, t, t);
    written += statement(db, BATCH_SQL[chunk.length]!).run(params).changes;
  }
  return written === writes.length;
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

/** The round's completion, once: false when that round was recorded already. */
export function insertCompletion(db: DbOrTx, row: Omit<CompletionRow, 'id' | 'reversedAt'>): number | null {
  const r = statement(db, 'insert into mission_completions (mission_id, member_id, cycle, status, reason, reward, state, completed_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing').run(
    row.missionId,
    row.memberId,
    row.cycle,
    row.status,
    row.reason,
    JSON.stringify(row.reward),
    JSON.stringify(row.state),
    row.completedAt.getTime(),
  );
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
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
  // Members per step from the rows' funnel bits (few distinct values: grouped, then split into steps).
  const reached: { step: number; n: number }[] = [];
  for (const r of db.select({ bits: missionProgress.reached, n: sql<number>`count(*)` }).from(missionProgress).where(and(eq(missionProgress.missionId, missionId), sql`${missionProgress.reached} != 0`)).groupBy(missionProgress.reached).all()) {
    for (let step = 0; 1 << step <= r.bits; step += 1) {
      if ((r.bits & (1 << step)) === 0) continue;
      const row = reached.find((x) => x.step === step);
      if (row) row.n += r.n;
      else reached.push({ step, n: r.n });
    }
  }
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
