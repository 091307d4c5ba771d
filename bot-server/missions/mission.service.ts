import type { z } from 'zod';
import type { TMemberMission, TMemberMissions, TMissionAdminList, TMissionAdminView, TMissionFunnel, ZMissionInput } from '../../shared/api/missions.ts';
import { localDate } from '../../shared/dates.ts';
import { AppError, type Lang } from '../../shared/errors.ts';
import {
  advance,
  describeReward,
  doneCount,
  emptyState,
  factFilter,
  factKindOf,
  isComplete,
  mentions,
  stepLabel,
  stepsNeeded,
  stepTarget,
  stepValue,
  validateMission,
  windowBounds,
  withdraw,
  type Advance,
  type MissionFact,
  type MissionRules,
  type MissionState,
} from '../../shared/missions/rules.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin, requireRegisteredMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import type { CouponIssuer } from '../coupons/issuing.port.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import type { EventOf } from '../events/catalogue.ts';
import { notify } from '../notifications/notify.ts';
import type { PointsAwarding } from '../points/awarding.port.ts';
import type { PurchaseFact, PurchaseFacts } from '../points/purchase-facts.port.ts';
import type { TierLookup } from '../tiers/tier-lookup.port.ts';
import {
  activeMissionsAndProgress,
  bundleItems,
  completionsOfMember,
  findMission,
  funnelFacts,
  insertCompletion,
  insertMission,
  insertProgress,
  listActiveMissions,
  listMissions,
  markClawedBack,
  memberRegisteredAt,
  missionCounts,
  missionsStamp,
  progressOfMember,
  saveProgress,
  saveProgressBatch,
  updateMission,
  type CompletionRow,
  type MissionRow,
  type ProgressRow,
  type ProgressWrite,
} from './mission.repo.ts';

type MissionInput = z.output<typeof ZMissionInput>;

const SYSTEM: Actor = { kind: 'system', label: 'worker' };

/** An active mission, parsed once: its window as instants and the kinds of fact its steps listen to. */
interface Live {
  row: MissionRow;
  rules: MissionRules;
  from: number;
  to: number;
  listens: Set<MissionFact['kind']>;
  /** Whether a fact could move any step (SKUs, categories, amounts): pure, before any read. */
  mayMove: (fact: MissionFact) => boolean;
  /** A step done in a later round may be the member's first time at it only in an N-of mission (all-of rounds reach every step). */
  laterRoundsReachNew: boolean;
  /** A points reward in words (zh-TW), and the ledger's reason for it: they depend on the mission alone, so they are built once per version. Null for coupons and bundles (their names are looked up when granted). */
  pointsLabel: string | null;
  pointsReason: string;
}

/** A member's stored progress on one mission, as the reactions read it (no entry: no row yet). */
interface Progress {
  missionId: number;
  cycle: number;
  completions: number;
  version: number;
  state: MissionState;
}

/** What a fact did to one mission, written after every mission was advanced (one batched progress write). */
interface Moved {
  m: Live;
  result: Advance;
  /** The round that moved (a completed one is rewarded under this number). */
  cycle: number;
}

/**
 * Missions (闖關): the console's builder and funnel, the member's page, and the reactions that
 * move progress — purchases, redeemed coupons, referrals, registration — each inside the
 * publisher's transaction, so a reward is granted in the same transaction as the event that
 * completed the mission, once per round (conditional progress update + a unique completion row).
 */
export class MissionService {
  private readonly db: Db;
  private readonly config: Config;
  private readonly coupons: CouponIssuer;
  private readonly points: PointsAwarding;
  private readonly purchases: PurchaseFacts;
  private tiers: TierLookup | undefined;
  private live: { stamp: string; missions: Live[] } | undefined;
  /** Parsed active missions by id, each kept while its `updated_at` is the one the purchase path's read returns (a change elsewhere rebuilds just that mission). */
  private parsed = new Map<number, { updatedAt: number; live: Live }>();

  constructor(deps: { db: Db; config: Config; coupons: CouponIssuer; points: PointsAwarding; purchases: PurchaseFacts; tiers?: TierLookup | undefined }) {
    this.db = deps.db;
    this.config = deps.config;
    this.coupons = deps.coupons;
    this.points = deps.points;
    this.purchases = deps.purchases;
    this.tiers = deps.tiers;
  }

  /** The tiers domain's lookup, for "tier" audiences; until it is set those missions reach nobody. */
  useTiers(tiers: TierLookup): void {
    this.tiers = tiers;
  }

  private get tz(): string {
    return this.config.brandTimezone;
  }

  /**
   * The active missions, parsed once and cached; re-read when any mission changed — this
   * process's console edits drop the cache, and one tiny prepared query per event (count and
   * newest update) catches other processes' edits at once.
   */
  private activeMissions(db: DbOrTx): Live[] {
    const stamp = missionsStamp(db);
    if (this.live?.stamp !== stamp) {
      const missions = listActiveMissions(db).map((row) => this.parse(row));
      this.live = { stamp, missions };
    }
    return this.live.missions;
  }

  private parse(row: MissionRow): Live {
    return {
      row,
      rules: row.rules,
      ...windowBounds(row.rules, this.tz),
      listens: new Set(row.rules.steps.map((s) => factKindOf(s.condition))),
      mayMove: factFilter(row.rules),
      laterRoundsReachNew: row.rules.combine.kind === 'nOf',
      pointsLabel: row.rules.reward.kind === 'points' ? describeReward(row.rules.reward, 'zh-TW') : null,
      pointsReason: `完成任務「${row.name}」`,
    };
  }

  /**
   * The purchase path's missions and this member's progress on them, from one prepared read:
   * the active missions' ids and last changes with the member's rows beside them. A mission is
   * parsed again only when its `updated_at` moved (or it is new to this process); the stored
   * progress JSON is parsed only for the missions `wanted` says the fact can move.
   */
  private activeWithProgress(db: DbOrTx, memberId: number, wanted: (m: Live) => boolean): { live: Live[]; progress: Map<number, Progress> } {
    const rows = activeMissionsAndProgress(db, memberId);
    const live: Live[] = [];
    const byId = new Map<number, Live>();
    for (const r of rows) {
      if (r.kind !== 'mission') continue;
      let entry = this.parsed.get(r.missionId);
      if (entry?.updatedAt !== r.updatedAt) {
        const row = findMission(db, r.missionId);
        if (!row || row.status !== 'active') continue;
        entry = { updatedAt: r.updatedAt, live: this.parse(row) };
        this.parsed.set(r.missionId, entry);
      }
      live.push(entry.live);
      byId.set(r.missionId, entry.live);
    }
    const progress = new Map<number, Progress>();
    for (const r of rows) {
      if (r.kind !== 'progress') continue;
      const m = byId.get(r.missionId);
      if (m && wanted(m)) progress.set(r.missionId, { missionId: r.missionId, cycle: r.cycle, completions: r.completions, version: r.version, state: JSON.parse(r.state) as MissionState });
    }
    if (this.parsed.size > live.length + 16) for (const id of [...this.parsed.keys()]) if (!byId.has(id)) this.parsed.delete(id);
    return { live, progress };
  }

  // ── reactions (subscribed in main.ts) ──

  /** The basket rides on the event (no read of the sale back); a fresh sale has nothing returned yet. */
  onPurchaseRecorded(tx: DbOrTx, event: EventOf<'purchase.recorded'>): void {
    const fact: MissionFact = { kind: 'purchase', ref: `purchase:${event.purchaseId}`, at: event.occurredAt.getTime(), storeId: event.storeId, paid: event.paid, lines: event.lines };
    const { live, progress } = this.activeWithProgress(tx, event.memberId, (m) => this.mayCount(m, fact));
    if (live.length === 0) return;
    this.apply(tx, event.memberId, fact, live, progress);
  }

  onPurchaseRefunded(tx: DbOrTx, event: EventOf<'purchase.refunded'>): void {
    const p = this.purchases.purchaseNow(tx, event.purchaseId);
    this.retract(tx, event.memberId, `purchase:${event.purchaseId}`, p ? purchaseFact(p) : null, event.at);
  }

  onCouponRedeemed(tx: DbOrTx, event: EventOf<'coupon.redeemed'>): void {
    const live = this.activeMissions(tx);
    if (!live.some((m) => m.listens.has('coupon'))) return;
    this.apply(tx, event.memberId, { kind: 'coupon', ref: `redemption:${event.redemptionId}`, at: event.at.getTime(), templateId: event.templateId }, live);
  }

  onRedemptionReversed(tx: DbOrTx, event: EventOf<'coupon.redemption_reversed'>): void {
    this.retract(tx, event.memberId, `redemption:${event.redemptionId}`, null, event.at);
  }

  onRegistered(tx: DbOrTx, event: EventOf<'member.registered'>): void {
    const live = this.activeMissions(tx);
    if (!live.some((m) => m.listens.has('registration'))) return;
    this.apply(tx, event.memberId, { kind: 'registration', ref: `registration:${event.memberId}`, at: event.at.getTime() }, live);
  }

  onReferralQualified(tx: DbOrTx, event: EventOf<'referral.qualified'>): void {
    const live = this.activeMissions(tx);
    if (!live.some((m) => m.listens.has('referral'))) return;
    this.apply(tx, event.referrerId, { kind: 'referral', ref: `referral:${event.referralId}`, at: event.at.getTime() }, live);
  }

  /** Whether a fact could move a mission at all (its kind, window and steps' filters): pure, before any read of progress. */
  private mayCount(m: Live, fact: MissionFact): boolean {
    return m.listens.has(fact.kind) && fact.at >= m.from && fact.at < m.to && m.mayMove(fact);
  }

  /**
   * Counts a fact toward every live mission it can move for this member: advances each in
   * memory, then writes all the moved missions' progress (with their funnel bits) in one
   * statement, and only then grants the rounds it completed and tells the member.
   */
  private apply(tx: DbOrTx, memberId: number, fact: MissionFact, live: Live[], known?: Map<number, Progress>): void {
    const candidates = live.filter((m) => this.mayCount(m, fact));
    if (candidates.length === 0) return;
    const rows = known ?? new Map(progressOfMember(tx, memberId).map((r): [number, Progress] => [r.missionId, { missionId: r.missionId, cycle: r.cycle, completions: r.completions, version: r.version, state: r.state }]));
    const audience = this.audienceOf(tx, memberId);
    const at = new Date(fact.at);
    const moved: Moved[] = [];
    const writes: ProgressWrite[] = [];
    for (const m of candidates) {
      const row = rows.get(m.row.id);
      if (row && row.completions >= m.rules.repeat) continue;
      if (!audience(m)) continue;
      const state = row && row.state.length === m.rules.steps.length ? row.state : emptyState(m.rules);
      const result = advance(m.rules, state, fact, this.tz);
      if (result.moved.length === 0) continue;
      const cycle = row?.cycle ?? 1;
      const completions = row?.completions ?? 0;
      // The funnel counts a step's first time: every step of round 1 (a step redone after a rollback is already counted), and in an N-of mission the later rounds' too.
      let reached = 0;
      if (cycle === 1 || m.laterRoundsReachNew) for (const step of result.done) reached |= 1 << step;
      // A completed round starts the next one empty; the write fails if anything else moved the row since it was read.
      const version = row?.version ?? null;
      writes.push(result.completed ? { missionId: m.row.id, version, state: emptyState(m.rules), cycle: cycle + 1, completions: completions + 1, reached } : { missionId: m.row.id, version, state: result.state, cycle, completions, reached });
      moved.push({ m, result, cycle });
    }
    if (writes.length === 0) return;
    if (!saveProgressBatch(tx, memberId, writes, at)) throw new AppError('CONFLICT');
    for (const x of moved) this.record(tx, x.m, memberId, x.cycle, x.result, at);
  }

  /** Whether a member is in a mission's audience; the member's facts are read once, when a mission needs them. */
  private audienceOf(tx: DbOrTx, memberId: number): (m: Live) => boolean {
    let registeredAt: Date | null | undefined;
    let tierId: number | null | undefined;
    return (m) => {
      const a = m.rules.audience;
      if (a.kind === 'all') return true;
      if (a.kind === 'new') {
        if (registeredAt === undefined) registeredAt = memberRegisteredAt(tx, memberId);
        return registeredAt !== null && registeredAt.getTime() >= m.from;
      }
      if (!this.tiers) return false;
      if (tierId === undefined) tierId = this.tiers.currentTier(tx, memberId)?.id ?? null;
      return tierId !== null && a.tierIds.includes(tierId);
    };
  }

  /**
   * What a moved mission does once its progress is written: nothing more, a step notice (when
   * the mission tells steps), or — the round completed — its reward and completion row, all in
   * the event's transaction.
   */
  private record(tx: DbOrTx, m: Live, memberId: number, cycle: number, result: Advance, at: Date): void {
    const name = m.row.name;
    if (!result.completed) {
      if (m.rules.notifySteps && result.done.length > 0) {
        const remaining = Math.max(0, stepsNeeded(m.rules) - doneCount(result.state));
        notify(tx, { memberId, kind: 'mission_step', variables: { missionName: name, stepName: stepLabel(m.rules.steps[result.done[result.done.length - 1]!]!, 'zh-TW'), remaining, reward: m.pointsLabel ?? this.rewardLabel(tx, m.rules, 'zh-TW') } });
      }
      return;
    }
    const granted = this.grant(tx, m, memberId, cycle, at);
    const id = insertCompletion(tx, { missionId: m.row.id, memberId, cycle, status: granted.status, reason: granted.reason, reward: granted.reward, state: result.state, completedAt: at });
    if (id === null) throw new AppError('CONFLICT');
    if (granted.status === 'granted') notify(tx, { memberId, kind: 'mission_reward', variables: { missionName: name, reward: granted.reward.label } });
  }

  /**
   * The reward of one round: a coupon out of stock or points switched off is recorded as
   * skipped, never a failed purchase. Coupons and bundles are issued in a savepoint (a refusal
   * may come after a write); points need none — the only refusal (switched off) comes before
   * any write, and anything else fails the whole event's transaction anyway.
   */
  private grant(tx: DbOrTx, m: Live, memberId: number, cycle: number, at: Date): { status: 'granted' | 'skipped'; reason: string | null; reward: CompletionRow['reward'] } {
    const r = m.rules.reward;
    const ref = `mission:${m.row.id}:${memberId}:${cycle}`;
    if (r.kind === 'points') {
      const label = m.pointsLabel ?? describeReward(r, 'zh-TW');
      if (!this.points.isEnabled()) return { status: 'skipped', reason: 'POINTS_DISABLED', reward: { kind: 'points', label } };
      const { lotId } = this.points.awardInTx(tx, { memberId, points: r.points, reason: m.pointsReason, ref, at });
      return { status: 'granted', reason: null, reward: { kind: 'points', label, points: r.points, lotId } };
    }
    const label = this.rewardLabel(tx, m.rules, 'zh-TW');
    try {
      return transact(tx, (sp) => {
        if (r.kind === 'coupon') {
          const c = this.coupons.issueInTx(sp, { templateId: r.templateId, memberId, source: 'mission', sourceRef: ref, actor: SYSTEM, notify: false, now: at });
          return { status: 'granted' as const, reason: null, reward: { kind: 'coupon' as const, label: c.templateName, couponIds: [c.id] } };
        }
        const bundle = bundleItems(sp, r.bundleId);
        if (!bundle || bundle.status !== 'active') throw new AppError('NOT_FOUND');
        const ids: number[] = [];
        for (const item of bundle.items) for (let i = 0; i < item.quantity; i += 1) ids.push(this.coupons.issueInTx(sp, { templateId: item.templateId, memberId, source: 'mission', sourceRef: ref, actor: SYSTEM, notify: false, now: at }).id);
        return { status: 'granted' as const, reason: null, reward: { kind: 'bundle' as const, label: bundle.name, couponIds: ids } };
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { status: 'skipped', reason: error.code, reward: { kind: r.kind, label } };
    }
  }

  /**
   * A fact was taken back (a refund, a reversed redemption). Progress not rewarded yet rolls
   * back; a granted round is taken back only when the mission says so (clawback) and the refund
   * undid one of its steps.
   */
  private retract(tx: DbOrTx, memberId: number, ref: string, replacement: MissionFact | null, at: Date): void {
    const missions = new Map<number, MissionRow | undefined>();
    const missionOf = (id: number) => {
      if (!missions.has(id)) missions.set(id, findMission(tx, id));
      return missions.get(id);
    };
    const rows = progressOfMember(tx, memberId);
    for (const row of rows) {
      if (!mentions(row.state, ref)) continue;
      const m = missionOf(row.missionId);
      if (!m || row.state.length !== m.rules.steps.length) continue;
      const w = withdraw(m.rules, row.state, ref, replacement, this.tz);
      if (!saveProgress(tx, row.id, row.version, { state: w.state, cycle: row.cycle, completions: row.completions, at })) throw new AppError('CONFLICT');
      row.version += 1;
      row.state = w.state;
    }
    for (const c of completionsOfMember(tx, memberId)) {
      if (c.status !== 'granted' || !mentions(c.state, ref)) continue;
      const m = missionOf(c.missionId);
      if (!m || m.rules.refundPolicy !== 'clawback') continue;
      const w = withdraw(m.rules, c.state, ref, replacement, this.tz);
      if (isComplete(m.rules, w.state) || !markClawedBack(tx, c.id, at)) continue;
      const reason = `任務「${m.name}」的消費已退貨，收回獎勵`;
      if (c.reward.kind === 'points' && c.reward.points) this.points.revokeInTx(tx, { memberId, points: c.reward.points, lotId: c.reward.lotId ?? null, reason, ref: `mission:${m.id}:${memberId}:${c.cycle}:clawback`, at });
      for (const couponId of c.reward.couponIds ?? []) this.coupons.voidUnusedInTx(tx, couponId, 'mission reward clawed back: a refund undid a step', SYSTEM);
      // The round no longer counts toward the repeat limit: the member may earn it again.
      const row = rows.find((r) => r.missionId === c.missionId);
      if (row && saveProgress(tx, row.id, row.version, { state: row.state, cycle: row.cycle, completions: Math.max(0, row.completions - 1), at })) {
        row.version += 1;
        row.completions = Math.max(0, row.completions - 1);
      }
    }
  }

  private rewardLabel(db: DbOrTx, rules: MissionRules, lang: Lang): string {
    const r = rules.reward;
    if (r.kind === 'points') return describeReward(r, lang);
    if (r.kind === 'coupon') return describeReward(r, lang, this.coupons.describeTemplate(r.templateId, lang)?.name);
    return describeReward(r, lang, bundleItems(db, r.bundleId)?.name);
  }

  // ── member ──

  /** The member's missions: the ones open to them (joinable or joined) and the ones they completed. */
  mine(caller: Actor | undefined, lang: Lang, now = new Date()): TMemberMissions {
    const me = requireRegisteredMember(caller);
    const rows = new Map(progressOfMember(this.db, me.memberId).map((r) => [r.missionId, r]));
    const completions = completionsOfMember(this.db, me.memberId);
    const audience = this.audienceOf(this.db, me.memberId);
    const t = now.getTime();
    const items: TMemberMission[] = [];
    const seen = new Set<number>();
    for (const m of this.activeMissions(this.db)) {
      if (t < m.from || t >= m.to || !audience(m)) continue;
      seen.add(m.row.id);
      items.push(this.present(m.row, rows.get(m.row.id), completions, lang));
    }
    for (const c of completions) {
      if (seen.has(c.missionId)) continue;
      const row = findMission(this.db, c.missionId);
      if (!row) continue;
      seen.add(c.missionId);
      items.push({ ...this.present(row, rows.get(c.missionId), completions, lang), state: 'completed' });
    }
    const order = { joined: 0, joinable: 1, completed: 2 } as const;
    items.sort((a, b) => order[a.state] - order[b.state] || a.endsOn.localeCompare(b.endsOn));
    return { items };
  }

  /** Joins an open mission (its progress starts at nothing; purchases in the window count from now). */
  join(caller: Actor | undefined, missionId: number, lang: Lang, now = new Date()): TMemberMissions {
    const me = requireRegisteredMember(caller);
    const m = this.activeMissions(this.db).find((x) => x.row.id === missionId);
    const t = now.getTime();
    if (!m || t < m.from || t >= m.to || !this.audienceOf(this.db, me.memberId)(m)) throw new AppError('MISSION_NOT_AVAILABLE');
    transact(this.db, (tx) => insertProgress(tx, { missionId, memberId: me.memberId, state: emptyState(m.rules), at: now }));
    return this.mine(caller, lang, now);
  }

  private present(row: MissionRow, progress: ProgressRow | undefined, completions: CompletionRow[], lang: Lang): TMemberMission {
    const rules = row.rules;
    const state: MissionState = progress && progress.state.length === rules.steps.length ? progress.state : emptyState(rules);
    const mine = completions.filter((c) => c.missionId === row.id);
    const count = progress?.completions ?? 0;
    const needed = stepsNeeded(rules);
    return {
      id: row.id,
      name: lang === 'en' ? row.nameEn || row.name : row.name,
      description: lang === 'en' ? row.descriptionEn || row.description : row.description,
      startsOn: rules.startsOn,
      endsOn: rules.endsOn,
      state: count >= rules.repeat ? 'completed' : progress ? 'joined' : 'joinable',
      order: rules.order,
      needed,
      remaining: Math.max(0, needed - doneCount(state)),
      steps: rules.steps.map((s, i) => {
        const target = stepTarget(s.condition);
        return { label: stepLabel(s, lang), value: Math.min(target, stepValue(s.condition, state[i]!)), target, done: state[i]!.doneAt !== null, money: s.condition.kind === 'totalSpend' };
      }),
      reward: this.rewardLabel(this.db, rules, lang),
      completions: count,
      repeat: rules.repeat,
      earned: mine.map((c) => ({ reward: c.reward.kind === 'points' && c.reward.points ? describeReward({ kind: 'points', points: c.reward.points }, lang) : c.reward.label, at: c.completedAt.toISOString(), status: c.status })),
    };
  }

  // ── console ──

  list(caller: Actor | undefined): TMissionAdminList {
    requireAdmin(caller);
    const counts = missionCounts(this.db);
    return {
      items: listMissions(this.db).map((row) => this.adminView(row, counts.get(row.id))),
      tiers: this.tiers ? this.tiers.listTiers(this.db) : null,
      pointsEnabled: this.points.isEnabled(),
    };
  }

  get(caller: Actor | undefined, id: number): TMissionAdminView {
    requireAdmin(caller);
    const row = findMission(this.db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: '找不到這個任務', messageEn: 'No such mission' });
    return this.adminView(row, missionCounts(this.db).get(id));
  }

  create(caller: Actor | undefined, input: MissionInput): TMissionAdminView {
    const admin = requireAdmin(caller);
    this.check(input);
    const at = new Date();
    const id = transact(this.db, (tx) => {
      const id = insertMission(tx, { ...input, at });
      this.live = undefined;
      this.parsed.clear();
      writeAudit(tx, admin, { action: 'mission.create', targetType: 'mission', targetId: id, details: { name: input.name, status: input.status, steps: input.rules.steps.length, reward: input.rules.reward } });
      return id;
    });
    return this.get(caller, id);
  }

  update(caller: Actor | undefined, id: number, input: MissionInput): TMissionAdminView {
    const admin = requireAdmin(caller);
    this.check(input);
    const at = new Date();
    transact(this.db, (tx) => {
      const before = findMission(tx, id);
      if (!before) throw new AppError('NOT_FOUND', { message: '找不到這個任務', messageEn: 'No such mission' });
      const shape = (r: MissionRules) => JSON.stringify([r.steps.map((s) => s.condition), r.combine, r.order]);
      if (shape(before.rules) !== shape(input.rules) && (missionCounts(tx).get(id)?.joined ?? 0) > 0) throw new AppError('MISSION_STEPS_LOCKED', { field: 'rules.steps' });
      updateMission(tx, id, { ...input, at });
      this.live = undefined;
      this.parsed.clear();
      writeAudit(tx, admin, { action: 'mission.update', targetType: 'mission', targetId: id, details: { name: input.name, status: { from: before.status, to: input.status }, startsOn: input.rules.startsOn, endsOn: input.rules.endsOn, reward: input.rules.reward, refundPolicy: input.rules.refundPolicy } });
    });
    return this.get(caller, id);
  }

  /** The builder's live validation, again on the server, and that the reward exists. */
  private check(input: MissionInput): void {
    const tierIds = this.tiers ? this.tiers.listTiers(this.db).map((t) => t.id) : null;
    const problems = validateMission(input.rules, { tierIds, pointsEnabled: this.points.isEnabled() });
    const first = problems[0];
    if (first) throw new AppError('VALIDATION_FAILED', { message: first['zh-TW'], messageEn: first.en, field: `rules.${first.field}` });
    const r = input.rules.reward;
    if (r.kind === 'coupon' && !this.coupons.describeTemplate(r.templateId, 'zh-TW')) throw new AppError('VALIDATION_FAILED', { message: '找不到獎勵票券', messageEn: 'The reward coupon does not exist', field: 'rules.reward' });
    if (r.kind === 'bundle' && !bundleItems(this.db, r.bundleId)) throw new AppError('VALIDATION_FAILED', { message: '找不到獎勵套票', messageEn: 'The reward bundle does not exist', field: 'rules.reward' });
  }

  funnel(caller: Actor | undefined, id: number, lang: Lang): TMissionFunnel {
    requireAdmin(caller);
    const row = findMission(this.db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: '找不到這個任務', messageEn: 'No such mission' });
    const f = funnelFacts(this.db, id);
    const reached = new Map(f.reached.map((r) => [r.step, r.n]));
    const by = (s: string) => f.completions.find((c) => c.status === s);
    return {
      missionId: id,
      joined: f.joined,
      steps: row.rules.steps.map((s, i) => ({ label: stepLabel(s, lang), reached: reached.get(i) ?? 0 })),
      completed: f.completedMembers,
      rewardsGranted: by('granted')?.n ?? 0,
      rewardsSkipped: by('skipped')?.n ?? 0,
      rewardsClawedBack: by('clawed_back')?.n ?? 0,
      pointsGranted: by('granted')?.points ?? 0,
    };
  }

  private adminView(row: MissionRow, counts: { joined: number; rewarded: number } | undefined): TMissionAdminView {
    return {
      id: row.id,
      name: row.name,
      nameEn: row.nameEn,
      description: row.description,
      descriptionEn: row.descriptionEn,
      status: row.status,
      rules: viewRules(row.rules),
      stepsLocked: (counts?.joined ?? 0) > 0,
      joined: counts?.joined ?? 0,
      rewarded: counts?.rewarded ?? 0,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Today in brand time (the builder's default window). */
  today(now = new Date()): string {
    return localDate(now, this.tz);
  }
}

/**
 * The stored rules with every field the view promises (the output schema fills nothing in:
 * test/unit/contract-outputs.test.ts) — a row written before a field existed still answers whole.
 */
function viewRules(rules: MissionRules): MissionRules {
  const steps = rules.steps.map((s) => {
    const c = s.condition as Partial<{ templateIds: number[]; count: number }> & MissionRules['steps'][number]['condition'];
    const condition =
      c.kind === 'couponRedeemed' ? { kind: c.kind, templateIds: c.templateIds ?? [], count: c.count ?? 1 } : c.kind === 'referral' ? { kind: c.kind, count: c.count ?? 1 } : s.condition;
    return { label: s.label ?? '', labelEn: s.labelEn ?? '', condition };
  });
  return { ...rules, steps };
}

function purchaseFact(p: PurchaseFact): Extract<MissionFact, { kind: 'purchase' }> {
  return { kind: 'purchase', ref: `purchase:${p.id}`, at: p.occurredAt.getTime(), storeId: p.storeId, paid: p.paid, lines: p.lines };
}
