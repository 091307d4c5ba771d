/** Missions (闖關, bot-server/missions): the brand's missions, each member's progress, completions and their rewards. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { MissionRules, MissionState } from '../../../shared/missions/rules.ts';
import { now } from './columns.ts';
import { members } from './members.ts';

export const missions = sqliteTable(
  'missions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    description: text('description').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    status: text('status', { enum: ['draft', 'active', 'ended'] }).notNull().default('draft'),
    /** The window, audience, steps, reward and policies (shared/missions/rules.ts). */
    rules: text('rules', { mode: 'json' }).$type<MissionRules>().notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('missions_status_idx').on(t.status)],
);

/** One row per member and mission: the current round's step progress and how many rounds were rewarded. */
export const missionProgress = sqliteTable(
  'mission_progress',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    missionId: integer('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** The round in progress (1, 2 … for a repeatable mission). */
    cycle: integer('cycle').notNull().default(1),
    /** Completions that still count toward the repeat limit (a clawed-back one does not). */
    completions: integer('completions').notNull().default(0),
    state: text('state', { mode: 'json' }).$type<MissionState>().notNull(),
    /** Bumped by every change: updates are conditional on it. */
    version: integer('version').notNull().default(0),
    /**
     * The funnel: bit i set the first time the member finished step i (round 1; any round of an
     * N-of mission), never cleared by a rollback. Written with the progress itself, so the
     * purchase path writes one row per mission moved (it replaced a mission_steps_reached table).
     */
    reached: integer('reached').notNull().default(0),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('mission_progress_unique').on(t.missionId, t.memberId), index('mission_progress_member_idx').on(t.memberId)],
);

/** A completed round and its reward: one per (mission, member, round), so a reward is granted once. */
export const missionCompletions = sqliteTable(
  'mission_completions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    missionId: integer('mission_id')
      .notNull()
      .references(() => missions.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    cycle: integer('cycle').notNull(),
    status: text('status', { enum: ['granted', 'skipped', 'clawed_back'] }).notNull(),
    /** Why a reward was not given (out of stock, points off …). */
    reason: text('reason'),
    /** What was given: the points (and their lot) or the coupons. */
    reward: text('reward', { mode: 'json' }).$type<{ kind: 'points' | 'coupon' | 'bundle'; label: string; points?: number; lotId?: number; couponIds?: number[] }>().notNull(),
    /** The step progress that completed it (a refund later is checked against it). */
    state: text('state', { mode: 'json' }).$type<MissionState>().notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }).notNull(),
    reversedAt: integer('reversed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('mission_completions_unique').on(t.missionId, t.memberId, t.cycle), index('mission_completions_member_idx').on(t.memberId)],
);
