import type { z } from 'zod';
import type * as TI from '../../shared/api/tiers.ts';
import { ZTierProgram } from '../../shared/api/tiers.ts';
import { addDays, localDate, zonedTime } from '../../shared/dates.ts';
import { AppError, type Lang } from '../../shared/errors.ts';
import { bilingual, localized } from '../../shared/i18n/localized.ts';
import { byRank, DEFAULT_TIER_PROGRAM, evaluateTier, evaluationLastDay, inNoticePeriod, nextEvaluation, progressToNext, qualifyingWindow, tierReached, upgradeFor, type TierProgram } from '../../shared/tiers/rules.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin, requireRegisteredMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import type { EventOf } from '../events/catalogue.ts';
import { publish } from '../events/bus.ts';
import type { JobContext, JobKind, ScheduleDef } from '../jobs/runner.ts';
import { notify } from '../notifications/notify.ts';
import {
  allMemberTiers,
  birthdayMembers,
  claimGift,
  clearMemberTier,
  countRegisteredMembers,
  deleteEvaluatedTier,
  dueMembers,
  findMemberTier,
  insertTierRow,
  listTierRows,
  markNoticed,
  memberExists,
  membersPerTier,
  moveEvaluatedTier,
  noticeCandidates,
  putMemberTier,
  qualifyingAmount,
  qualifyingByMember,
  readProgram,
  recentEvaluations,
  recordEvaluation,
  setGiftCoupons,
  updateTierRow,
  writeProgram,
  type MemberTierRow,
  type TierOffer,
  type TierRow,
} from './tier.repo.ts';
import type { TierLookup } from './tier-lookup.port.ts';

export const TIER_EVALUATION_JOB = 'tier_evaluation';
export const TIER_BIRTHDAY_JOB = 'tier_birthday_gifts';

/** Members per committed chunk of the evaluation job. */
export const EVALUATION_CHUNK = 500;

/**
 * How tiers give gifts: through the campaigns domain's offer issuing (a coupon template or a
 * bundle, itself through the coupons issuing port), wired in main.ts.
 */
export interface TierGifts {
  issueInTx(tx: DbOrTx, offer: TierOffer, memberId: number, source: string, sourceRef: string, now: Date): number[];
  describe(offer: TierOffer, lang: Lang): string;
}

type Level = TierRow & { retainAt: number };

export interface EvaluationCheckpoint {
  phase: 'notice' | 'evaluate';
  afterId: number;
  today: string;
  noticed: number;
  evaluated: number;
  up: number;
  kept: number;
  grace: number;
  down: number;
}

const SYSTEM: Actor = { kind: 'system', label: 'worker' };
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The tiers domain (會員等級): the brand's levels and programme, each member's tier, the
 * upgrade the moment a purchase crosses a threshold (in the purchase's transaction), the
 * evaluation job that keeps, gives grace or lowers (with a notice before), manual assignment,
 * the gifts, and the TierLookup port other domains ask.
 */
export class TierService {
  private readonly db: Db;
  private readonly timeZone: string;
  private readonly gifts: TierGifts | undefined;
  private cached: { levels: Level[]; program: TierProgram; at: number } | undefined;
  /** The port missions and campaigns read tiers through (tier-lookup.port.ts). */
  readonly lookup: TierLookup;

  constructor(deps: { db: Db; timeZone: string; gifts?: TierGifts }) {
    this.db = deps.db;
    this.timeZone = deps.timeZone;
    this.gifts = deps.gifts;
    this.lookup = {
      currentTier: (tx, memberId) => {
        const t = this.tierOf(tx, memberId);
        return t ? { id: t.id, name: t.name, rank: t.rank } : null;
      },
      listTiers: (tx) => listTierRows(tx).map((t) => ({ id: t.id, name: t.name, rank: t.rank })),
    };
  }

  // ── the programme ──

  private state(): { levels: Level[]; program: TierProgram } {
    const now = Date.now();
    if (this.cached && now - this.cached.at < 5000) return this.cached;
    const raw = readProgram(this.db);
    const parsed = raw === undefined ? undefined : ZTierProgram.safeParse(raw);
    this.cached = { levels: listTierRows(this.db), program: parsed?.success ? parsed.data : DEFAULT_TIER_PROGRAM, at: now };
    return this.cached;
  }

  /** Drops the cache (after a save, or a test that wrote tiers directly). */
  forget(): void {
    this.cached = undefined;
  }

  private base(): Level | undefined {
    return this.state().levels[0];
  }

  /** The member's tier: their row's, or the lowest; undefined when the brand has no tiers. */
  private tierOf(db: DbOrTx, memberId: number, row?: MemberTierRow | null): Level | undefined {
    const { levels } = this.state();
    if (levels.length === 0) return undefined;
    const r = row === undefined ? findMemberTier(db, memberId) : row;
    return (r && levels.find((l) => l.id === r.tierId)) || levels[0];
  }

  /** The points multiplier of the member's tier (the points earn rules' tier group). */
  multiplierOf(memberId: number): number {
    const t = this.tierOf(this.db, memberId);
    return t ? t.multiplier / 100 : 1;
  }

  private today(at: Date = new Date()): string {
    return localDate(at, this.timeZone);
  }

  /** Epoch ms bounds of the qualifying window on `day` (brand days, end of `day` excluded after). */
  private windowMs(program: TierProgram, day: string): { from: string; fromMs: number; toMs: number } {
    const w = qualifyingWindow(program.window, day);
    return { from: w.from, fromMs: zonedTime(w.from, 0, this.timeZone).getTime(), toMs: zonedTime(addDays(w.to, 1), 0, this.timeZone).getTime() };
  }

  private qualifying(db: DbOrTx, memberId: number, program: TierProgram, day: string): number {
    const w = this.windowMs(program, day);
    return qualifyingAmount(db, memberId, program.basis, w.fromMs, w.toMs);
  }

  private amountText(program: TierProgram, n: number, lang: Lang): string {
    if (program.basis === 'spend') return `NT$${fmt(n)}`;
    return lang === 'zh-TW' ? `${fmt(n)} 點` : `${fmt(n)} points`;
  }

  // ── upgrade at a purchase ──

  /**
   * In the purchase's transaction (subscribed to `purchase.recorded`): when the qualifying
   * amount now reaches a higher tier, the member is upgraded at once — several levels if so —
   * with `tier.changed`, the upgrade gift and the `tier_upgrade` notification. A refund never
   * lowers here; that waits for the evaluation.
   */
  onPurchase(tx: DbOrTx, event: EventOf<'purchase.recorded'>): void {
    const { levels, program } = this.state();
    if (levels.length < 2) return;
    const row = findMemberTier(tx, event.memberId) ?? null;
    const current = this.tierOf(tx, event.memberId, row)!;
    if (current.rank >= levels[levels.length - 1]!.rank) return;
    const today = this.today(event.at);
    const target = upgradeFor(levels, current.rank, this.qualifying(tx, event.memberId, program, today));
    if (!target) return;
    putMemberTier(tx, { memberId: event.memberId, tierId: target.id, since: today, evaluateOn: nextEvaluation(program.evaluation, today) });
    this.announceUp(tx, event.memberId, current, target, event.at);
  }

  private announceUp(tx: DbOrTx, memberId: number, from: Level, to: Level, at: Date): void {
    publish(tx, { type: 'tier.changed', memberId, fromTierId: from.id, toTierId: to.id, direction: 'up', at });
    notify(tx, { memberId, kind: 'tier_upgrade', variables: { newTier: bilingual(to.name, to.nameEn) } });
    if (to.upgradeGift) this.giveGift(tx, memberId, to, to.upgradeGift, `upgrade:${to.id}`, at);
  }

  /** A tier gift, once per (member, reason), in a savepoint: out of stock is audited, never a refusal of the purchase. */
  private giveGift(tx: DbOrTx, memberId: number, tier: Level, offer: TierOffer, reason: string, at: Date): boolean {
    if (!this.gifts) return false;
    try {
      return transact(tx, (sp) => {
        if (!claimGift(sp, { memberId, reason, tierId: tier.id })) return false;
        const ids = this.gifts!.issueInTx(sp, offer, memberId, `tier:${reason.split(':')[0]}`, String(tier.id), at);
        setGiftCoupons(sp, memberId, reason, ids);
        return true;
      });
    } catch (error) {
      writeAudit(tx, SYSTEM, { action: 'tier.gift_skipped', targetType: 'member', targetId: memberId, details: { tierId: tier.id, reason, error: error instanceof AppError ? error.code : 'error' } });
      return false;
    }
  }

  // ── the member's page ──

  myTier(caller: Actor | undefined, lang: Lang): TI.TMyTier {
    const me = requireRegisteredMember(caller);
    const { levels, program } = this.state();
    const view = (t: Level) => this.levelView(t, lang);
    if (levels.length === 0) return { enabled: false, basis: program.basis, window: program.window, current: null, qualifying: 0, windowFrom: null, next: null, evaluateOn: null, keep: null, graceUntil: null, tiers: [] };
    const today = this.today();
    const row = findMemberTier(this.db, me.memberId) ?? null;
    const current = this.tierOf(this.db, me.memberId, row)!;
    const w = this.windowMs(program, today);
    const qualifying = qualifyingAmount(this.db, me.memberId, program.basis, w.fromMs, w.toMs);
    const p = progressToNext(levels, current.rank, qualifying);
    let keep: TI.TMyTier['keep'] = null;
    if (row) {
      // What counts at the evaluation so far: the evaluation's window, up to now.
      const at = this.windowMs(program, evaluationLastDay(row.evaluateOn));
      const sofar = qualifyingAmount(this.db, me.memberId, program.basis, at.fromMs, Date.now() + 1);
      keep = { retainAt: current.retainAt, shortBy: Math.max(0, current.retainAt - sofar) };
    }
    return {
      enabled: true,
      basis: program.basis,
      window: program.window,
      current: view(current),
      qualifying,
      windowFrom: w.from,
      next: p ? { tier: view(p.next), shortBy: p.shortBy, ratio: p.ratio } : null,
      evaluateOn: row?.evaluateOn ?? null,
      keep,
      graceUntil: row?.graceUntil ?? null,
      tiers: levels.map(view),
    };
  }

  private levelView(t: Level, lang: Lang) {
    const benefits = localized(t.benefits, t.benefitsEn, lang)
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    return {
      id: t.id,
      rank: t.rank,
      name: localized(t.name, t.nameEn, lang),
      color: t.color,
      threshold: t.threshold,
      retainAt: t.retainAt,
      multiplier: t.multiplier / 100,
      benefits,
      gifts: { upgrade: t.upgradeGift && this.gifts ? this.safeDescribe(t.upgradeGift, lang) : null, birthday: t.birthdayGift && this.gifts ? this.safeDescribe(t.birthdayGift, lang) : null },
    };
  }

  private safeDescribe(offer: TierOffer, lang: Lang): string | null {
    try {
      return this.gifts!.describe(offer, lang) || null;
    } catch {
      return null;
    }
  }

  // ── console ──

  consoleTiers(caller: Actor | undefined): TI.TConsoleTiers {
    requireAdmin(caller);
    const { levels, program } = this.state();
    return { program, tiers: levels.map((t) => this.tierView(t)), distribution: this.distribution(levels) };
  }

  private tierView(t: Level): TI.TTierView {
    return { id: t.id, rank: t.rank, name: t.name, nameEn: t.nameEn, color: t.color, threshold: t.threshold, retainAt: t.retainAt, multiplier: t.multiplier / 100, upgradeGift: t.upgradeGift ?? null, birthdayGift: t.birthdayGift ?? null, benefits: t.benefits, benefitsEn: t.benefitsEn };
  }

  private distribution(levels: Level[]): TI.TConsoleTiers['distribution'] {
    if (levels.length === 0) return [];
    const counts = new Map(membersPerTier(this.db).map((r) => [r.tierId, r.n]));
    const above = [...counts.values()].reduce((a, b) => a + b, 0);
    return levels.map((t, i) => ({ tierId: t.id, members: i === 0 ? Math.max(0, countRegisteredMembers(this.db) - above + (counts.get(t.id) ?? 0)) : (counts.get(t.id) ?? 0) }));
  }

  /**
   * Saves the programme and its tiers, in the order given (the first is the lowest, entry at 0).
   * Thresholds must rise; retention may be lower than entry, never higher. A tier members hold
   * cannot be removed (assign them elsewhere first).
   */
  saveTiers(caller: Actor | undefined, input: z.output<typeof TI.ZSaveTiersRequest>): TI.TConsoleTiers {
    const admin = requireAdmin(caller);
    const fail = (zh: string, en: string, field = 'tiers'): never => {
      throw new AppError('VALIDATION_FAILED', { message: zh, messageEn: en, field });
    };
    const list = input.tiers;
    if (list[0]!.threshold !== 0) fail('最低等級的門檻須為 0', 'The lowest tier starts at 0');
    list.forEach((t, i) => {
      if (t.retainAt > t.threshold) fail(`${t.name}：保級門檻不可高於升等門檻`, `${t.name}: keeping cannot need more than reaching`);
      if (i > 0 && t.threshold <= list[i - 1]!.threshold) fail(`${t.name}：門檻須高於前一個等級`, `${t.name}: the threshold must be above the tier before it`);
    });
    if (new Set(list.map((t) => t.name)).size !== list.length) fail('等級名稱不可重複', 'Tier names must differ');
    if (input.program.evaluation.kind === 'fixed') {
      const { month, day } = input.program.evaluation;
      if (day > new Date(Date.UTC(2025, month, 0)).getUTCDate()) fail('評估日不存在', 'No such evaluation date', 'program');
    }
    const existing = listTierRows(this.db);
    const keptIds = new Set(list.flatMap((t) => (t.id ? [t.id] : [])));
    for (const id of keptIds) if (!existing.some((e) => e.id === id)) fail(`找不到等級 #${id}`, `No tier #${id}`);
    const held = new Map(membersPerTier(this.db).map((r) => [r.tierId, r.n]));
    for (const e of existing) if (!keptIds.has(e.id) && (held.get(e.id) ?? 0) > 0) fail(`「${e.name}」還有 ${held.get(e.id)} 位會員，無法刪除`, `"${e.name}" still has ${held.get(e.id)} members and cannot be removed`);
    transact(this.db, (tx) => {
      for (const e of existing) if (!keptIds.has(e.id)) updateTierRow(tx, e.id, { status: 'archived' });
      list.forEach((t, rank) => {
        const values = { rank, name: t.name, nameEn: t.nameEn || null, color: t.color, threshold: t.threshold, retainAt: t.retainAt, multiplier: Math.round(t.multiplier * 100), upgradeGift: t.upgradeGift, birthdayGift: t.birthdayGift, benefits: t.benefits, benefitsEn: t.benefitsEn || null, status: 'active' as const };
        if (t.id) updateTierRow(tx, t.id, values);
        else insertTierRow(tx, values);
      });
      writeProgram(tx, input.program);
      writeAudit(tx, admin, { action: 'tier.settings.update', targetType: 'tier_program', targetId: 1, details: { program: input.program, tiers: list.map((t) => ({ name: t.name, threshold: t.threshold, retainAt: t.retainAt, multiplier: t.multiplier })) } });
    });
    this.forget();
    return this.consoleTiers(caller);
  }

  /** If every member were evaluated today: how many up, kept, in grace, down (nothing changes). */
  preview(caller: Actor | undefined): TI.TTierPreview {
    requireAdmin(caller);
    const { levels, program } = this.state();
    const today = this.today();
    const result: TI.TTierPreview = { today, up: 0, kept: 0, grace: 0, down: 0, perTier: [] };
    if (levels.length === 0) return result;
    const w = this.windowMs(program, today);
    const amounts = qualifyingByMember(this.db, program.basis, w.fromMs, w.toMs);
    const rows = new Map(allMemberTiers(this.db).map((r) => [r.memberId, r]));
    const after = new Map<number, number>();
    const bump = (id: number, n = 1) => after.set(id, (after.get(id) ?? 0) + n);
    for (const [memberId, row] of rows) {
      const current = levels.find((l) => l.id === row.tierId) ?? levels[0]!;
      const v = evaluateTier({ tiers: levels, current, qualifying: amounts.get(memberId) ?? 0, graceUntil: row.graceUntil, graceDays: program.graceDays, today });
      if (v.action === 'up') (result.up += 1), bump(v.to.id);
      else if (v.action === 'keep') (result.kept += 1), bump(current.id);
      else if (v.action === 'grace') (result.grace += 1), bump(current.id);
      else (result.down += 1), bump(v.to.id);
    }
    // Members at the lowest tier (no row) whose amount reaches higher (a threshold lowered since).
    let baseCount = 0;
    for (const [memberId, amount] of amounts) {
      if (rows.has(memberId)) continue;
      const reached = tierReached(levels, amount)!;
      if (reached.rank > levels[0]!.rank) (result.up += 1), bump(reached.id), (baseCount -= 1);
    }
    const dist = this.distribution(levels);
    bump(levels[0]!.id, dist[0]!.members + baseCount);
    result.perTier = dist.map((d) => ({ tierId: d.tierId, now: d.members, after: after.get(d.tierId) ?? 0 }));
    return result;
  }

  memberTier(caller: Actor | undefined, memberId: number): TI.TMemberTier {
    requireAdmin(caller);
    if (!memberExists(this.db, memberId)) throw new AppError('MEMBER_NOT_FOUND');
    const { levels, program } = this.state();
    const row = findMemberTier(this.db, memberId) ?? null;
    const current = this.tierOf(this.db, memberId, row);
    return {
      tierId: current?.id ?? null,
      tierName: current?.name ?? null,
      since: row?.since ?? null,
      evaluateOn: row?.evaluateOn ?? null,
      graceUntil: row?.graceUntil ?? null,
      qualifying: levels.length ? this.qualifying(this.db, memberId, program, this.today()) : 0,
      tiers: levels.map((t) => ({ id: t.id, name: t.name, rank: t.rank })),
      history: recentEvaluations(this.db, memberId, 10).map((e) => ({ evaluateOn: e.evaluateOn, action: e.action, fromTierId: e.fromTierId, toTierId: e.toTierId, qualifying: e.qualifying })),
    };
  }

  /**
   * An admin puts a member on a tier, with a reason (audited): the tier starts today and is
   * evaluated like one reached by spending. An assignment upward gives the upgrade gift and
   * message as an upgrade would; downward sends nothing.
   */
  assign(caller: Actor | undefined, memberId: number, input: { tierId: number; reason: string }): TI.TMemberTier {
    const admin = requireAdmin(caller);
    const member = memberExists(this.db, memberId);
    if (!member || !member.registered) throw new AppError('MEMBER_NOT_FOUND');
    this.forget();
    const { levels, program } = this.state();
    const target = levels.find((l) => l.id === input.tierId);
    if (!target) throw new AppError('VALIDATION_FAILED', { message: 'tierId: 沒有這個等級', messageEn: 'tierId: no such tier', field: 'tierId' });
    const now = new Date();
    const today = this.today(now);
    transact(this.db, (tx) => {
      const from = this.tierOf(tx, memberId)!;
      if (target.rank === levels[0]!.rank) clearMemberTier(tx, memberId);
      else putMemberTier(tx, { memberId, tierId: target.id, since: today, evaluateOn: nextEvaluation(program.evaluation, today) });
      writeAudit(tx, admin, { action: 'tier.assign', targetType: 'member', targetId: memberId, targetName: member.name, details: { from: from.name, to: target.name, reason: input.reason } });
      publish(tx, { type: 'tier.changed', memberId, fromTierId: from.id, toTierId: target.id, direction: 'manual', at: now });
      if (target.rank > from.rank) {
        notify(tx, { memberId, kind: 'tier_upgrade', variables: { newTier: bilingual(target.name, target.nameEn) } });
        if (target.upgradeGift) this.giveGift(tx, memberId, target, target.upgradeGift, `upgrade:${target.id}`, now);
      }
    });
    return this.memberTier(caller, memberId);
  }

  // ── evaluation ──

  /** Every day at 03:00 brand time: the notices, then the members whose evaluation date came. */
  evaluationSchedule(): ScheduleDef {
    return { name: TIER_EVALUATION_JOB, cron: '0 3 * * *', kind: TIER_EVALUATION_JOB, graceMs: 12 * 3600_000 };
  }

  /**
   * The evaluation job. Phase 1, the notices: members evaluated within `noticeDays` who would
   * not keep their tier are told what keeps it (once per evaluation date). Phase 2: members due
   * on or before today, in id order, EVALUATION_CHUNK per committed unit with the checkpoint
   * (the last member id). Each member's evaluation is one row in tier_evaluations (unique per
   * member and date) and one conditional update of their tier row off that date, so a job
   * killed mid-run and resumed — or replaying a chunk — evaluates each member once.
   * `payload.today` (YYYY-MM-DD) overrides the brand day (tests, benchmarks).
   */
  evaluationJob(options: { chunk?: number; pauseMs?: number; onChunk?: (cp: EvaluationCheckpoint) => void } = {}): JobKind<{ today?: string }, EvaluationCheckpoint> {
    const chunk = options.chunk ?? EVALUATION_CHUNK;
    return {
      maxAttempts: 10,
      run: async (ctx: JobContext<{ today?: string }, EvaluationCheckpoint>) => {
        this.forget();
        const { levels, program } = this.state();
        let cp: EvaluationCheckpoint = ctx.checkpoint ?? { phase: 'notice', afterId: 0, today: ctx.payload.today ?? this.today(ctx.dueAt ?? ctx.now()), noticed: 0, evaluated: 0, up: 0, kept: 0, grace: 0, down: 0 };
        if (levels.length < 2) return { result: { ...cp } };
        while (cp.phase === 'notice') {
          const until = addDays(cp.today, program.noticeDays);
          const n = ctx.commit((tx) => {
            const rows = program.noticeDays > 0 ? noticeCandidates(tx, cp.today, until, chunk) : [];
            let noticed = cp.noticed;
            for (const row of rows) if (this.noticeOne(tx, row, levels, program, cp.today)) noticed += 1;
            const next: EvaluationCheckpoint = rows.length < chunk ? { ...cp, phase: 'evaluate', afterId: 0, noticed } : { ...cp, noticed };
            return { checkpoint: next, value: next };
          });
          cp = n;
          options.onChunk?.(cp);
          if (cp.phase === 'notice') await ctx.pause();
        }
        for (;;) {
          const at = ctx.now();
          const out = ctx.commit((tx) => {
            const rows = dueMembers(tx, cp.today, cp.afterId, chunk);
            const next = { ...cp };
            // What depends only on a day (window bounds, next dates, their ISO texts), once per chunk.
            const memo = new Map<string, unknown>();
            for (const row of rows) {
              const action = this.evaluateOne(tx, row, levels, program, at, memo);
              if (action) {
                next.evaluated += 1;
                next[action === 'keep' ? 'kept' : action] += 1;
              }
            }
            next.afterId = rows.length ? rows[rows.length - 1]!.memberId : cp.afterId;
            return { checkpoint: next, value: { next, more: rows.length === chunk } };
          });
          cp = out.next;
          options.onChunk?.(cp);
          if (!out.more) break;
          if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
          await ctx.pause();
        }
        return { result: { ...cp } };
      },
    };
  }

  private noticeOne(tx: DbOrTx, row: MemberTierRow, levels: Level[], program: TierProgram, today: string): boolean {
    if (!markNoticed(tx, row.memberId, row.evaluateOn)) return false;
    if (!inNoticePeriod(today, row.evaluateOn, program.noticeDays)) return false;
    const current = levels.find((l) => l.id === row.tierId);
    if (!current || current.rank === levels[0]!.rank) return false;
    const w = this.windowMs(program, evaluationLastDay(row.evaluateOn));
    const sofar = qualifyingAmount(tx, row.memberId, program.basis, w.fromMs, w.toMs);
    if (sofar >= current.retainAt) return false;
    notify(tx, { memberId: row.memberId, kind: 'tier_lowering_notice', variables: { tierName: bilingual(current.name, current.nameEn), evaluateOn: zonedTime(row.evaluateOn, 0, this.timeZone).toISOString(), shortBy: bilingual(this.amountText(program, current.retainAt - sofar, 'zh-TW'), this.amountText(program, current.retainAt - sofar, 'en')) } });
    return true;
  }

  /** One member's evaluation on their date; null when it was done already. */
  private evaluateOne(tx: DbOrTx, row: MemberTierRow, levels: Level[], program: TierProgram, at: Date, memo: Map<string, unknown> = new Map()): 'up' | 'keep' | 'grace' | 'down' | null {
    const day = row.evaluateOn;
    const once = <T>(key: string, make: () => T): T => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as T;
    };
    const current = levels.find((l) => l.id === row.tierId) ?? levels[0]!;
    const w = once(`w:${day}`, () => this.windowMs(program, evaluationLastDay(day)));
    const qualifying = qualifyingAmount(tx, row.memberId, program.basis, w.fromMs, w.toMs);
    const v = evaluateTier({ tiers: levels, current, qualifying, graceUntil: row.graceUntil, graceDays: program.graceDays, today: day });
    const to = v.action === 'up' || v.action === 'down' ? v.to : current;
    if (!recordEvaluation(tx, { memberId: row.memberId, evaluateOn: day, fromTierId: current.id, toTierId: to.id, action: v.action, qualifying })) return null;
    const next = (since: string) =>
      once(`n:${since}:${day}`, () => {
        let d = nextEvaluation(program.evaluation, since);
        while (d <= day) d = nextEvaluation(program.evaluation, d);
        return d;
      });
    const iso = (d: string) => once(`t:${d}`, () => zonedTime(d, 0, this.timeZone).toISOString());
    let moved: boolean;
    if (v.action === 'keep') moved = moveEvaluatedTier(tx, row.memberId, day, { tierId: current.id, since: row.since, evaluateOn: next(row.since), graceUntil: null });
    else if (v.action === 'grace') moved = moveEvaluatedTier(tx, row.memberId, day, { tierId: current.id, since: row.since, evaluateOn: v.graceUntil, graceUntil: v.graceUntil });
    else if (v.action === 'down' && to.rank === levels[0]!.rank) moved = deleteEvaluatedTier(tx, row.memberId, day);
    else moved = moveEvaluatedTier(tx, row.memberId, day, { tierId: to.id, since: day, evaluateOn: next(day), graceUntil: null });
    if (!moved) throw new AppError('CONFLICT', { message: `會員 #${row.memberId} 的等級評估被同時修改`, messageEn: `member ${row.memberId}'s tier changed during evaluation` });
    const memberId = row.memberId;
    if (v.action === 'keep') {
      notify(tx, { memberId, kind: 'tier_kept', variables: { tierName: bilingual(current.name, current.nameEn), nextEvaluation: iso(next(row.since)) } });
    } else if (v.action === 'grace') {
      notify(tx, { memberId, kind: 'tier_lowering_notice', variables: { tierName: bilingual(current.name, current.nameEn), evaluateOn: iso(v.graceUntil), shortBy: bilingual(this.amountText(program, v.shortBy, 'zh-TW'), this.amountText(program, v.shortBy, 'en')) } });
    } else if (v.action === 'down') {
      publish(tx, { type: 'tier.changed', memberId, fromTierId: current.id, toTierId: to.id, direction: 'down', at });
      notify(tx, { memberId, kind: 'tier_lowered', variables: { tierName: bilingual(to.name, to.nameEn), previousTier: bilingual(current.name, current.nameEn) } });
    } else {
      this.announceUp(tx, memberId, current, to, at);
    }
    return v.action;
  }

  // ── birthday gifts ──

  /** On the 1st of each month at 09:00 brand time: this month's birthday members get their tier's birthday gift. */
  birthdaySchedule(): ScheduleDef {
    return { name: TIER_BIRTHDAY_JOB, cron: '0 9 1 * *', kind: TIER_BIRTHDAY_JOB, graceMs: 24 * 3600_000 };
  }

  /** The birthday gifts, 200 members per committed chunk; once per member and year (tier_gifts). */
  birthdayJob(): JobKind<{ today?: string }, { afterId: number; given: number; today: string }> {
    return {
      maxAttempts: 5,
      run: async (ctx) => {
        this.forget();
        const { levels } = this.state();
        let cp = ctx.checkpoint ?? { afterId: 0, given: 0, today: ctx.payload.today ?? this.today(ctx.dueAt ?? ctx.now()) };
        if (!levels.some((l) => l.birthdayGift)) return { result: cp };
        const month = cp.today.slice(5, 7);
        const year = cp.today.slice(0, 4);
        for (;;) {
          const at = ctx.now();
          const out = ctx.commit((tx) => {
            const rows = birthdayMembers(tx, month, cp.afterId, 200);
            let given = cp.given;
            for (const r of rows) {
              const tier = (r.tierId !== null && levels.find((l) => l.id === r.tierId)) || levels[0]!;
              if (tier.birthdayGift && this.giveGift(tx, r.memberId, tier, tier.birthdayGift, `birthday:${year}`, at)) given += 1;
            }
            const next = { afterId: rows.length ? rows[rows.length - 1]!.memberId : cp.afterId, given, today: cp.today };
            return { checkpoint: next, value: { next, more: rows.length === 200 } };
          });
          cp = out.next;
          if (!out.more) break;
          await ctx.pause();
        }
        return { result: cp };
      },
    };
  }

  /** Levels lowest first (for callers that need the raw rows, e.g. the demo seed). */
  levels(): TierRow[] {
    return byRank(this.state().levels);
  }
}
