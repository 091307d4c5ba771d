import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type * as P from '../../shared/api/points.ts';
import { addDays, localDate, utcOffsetMinutes, zonedTime } from '../../shared/dates.ts';
import { AppError, type Lang } from '../../shared/errors.ts';
import { bilingual } from '../../shared/i18n/localized.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import { computeEarn, DEFAULT_EARN_SETTINGS, expiryDate, purchaseReason, type EarnSettings } from '../../shared/points/rules.ts';
import { ZPointsSettings } from '../../shared/api/points.ts';
import { actorRef, type Actor } from '../auth/actor.ts';
import { authorizeCounter, requireAdmin, requireRegisteredMember, type StoreDirectory } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import { commitGrouped } from '../db/group-commit.ts';
import { publish } from '../events/bus.ts';
import { findIdempotentResult, requestHash, storeIdempotentResult } from '../idempotency/idempotency.repo.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import type { MemberLookup } from '../members/member-lookup.port.ts';
import { notify } from '../notifications/notify.ts';
import { creditLot, restore, reverse, spend, type Move } from './ledger.ts';
import {
  accountTotals,
  entriesByRef,
  entriesByRefPrefix,
  findAccount,
  findPurchase,
  findPurchaseByOrder,
  findRedemption,
  findRefund,
  insertPurchase,
  insertRedemption,
  insertRefund,
  listEntries,
  markRedemptionReversed,
  memberFacts,
  monthlyTotals,
  nextExpiry,
  readSettings,
  recordReturn,
  writeSettings,
  type PurchaseRow,
} from './points.repo.ts';
import type { PointsSpending, ReturnRequest, SpendRequest } from './spending.port.ts';
import type { PointsAwarding } from './awarding.port.ts';
import type { PurchaseFacts } from './purchase-facts.port.ts';

type PurchaseInput = z.output<typeof P.ZPurchaseRequest>;
type RefundInput = z.output<typeof P.ZRefundRequest>;
type RedemptionInput = z.output<typeof P.ZPointsRedemptionRequest>;
type CalculateInput = z.output<typeof P.ZCalculateRequest>;

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The points domain: the POS purchase and refund API, points as a discount at the counter, the
 * member's balance and history, the console's rules, report and adjustments, and the
 * spending port campaigns claim points-for-coupon offers through. Every change is one
 * transaction with its ledger entries, the account's conditional update, the notification
 * (outbox) and the domain events.
 */
export class PointsService {
  private readonly db: Db;
  private readonly config: Config;
  private readonly members: MemberLookup;
  private readonly stores: StoreDirectory;
  private readonly misses: Lockout;
  private cached: { settings: EarnSettings; at: number } | undefined;
  /** The port campaigns spend points through (spending.port.ts). */
  readonly spending: PointsSpending;
  /** The port missions credit (and claw back) reward points through (awarding.port.ts). */
  readonly awarding: PointsAwarding;
  /** The port missions read a sale's lines through (purchase-facts.port.ts). */
  readonly purchases: PurchaseFacts;

  constructor(deps: { db: Db; config: Config; members: MemberLookup; stores: StoreDirectory }) {
    this.db = deps.db;
    this.config = deps.config;
    this.members = deps.members;
    this.stores = deps.stores;
    this.misses = new Lockout(deps.db, LOCKOUTS.counterActor);
    this.spending = {
      spendInTx: (tx, req) => this.spendInTx(tx, req),
      returnInTx: (tx, req) => this.returnInTx(tx, req),
      isEnabled: () => this.settings().enabled,
      spendableBalance: (db, memberId) => Math.max(0, findAccount(db, memberId)?.balance ?? 0),
    };
    this.awarding = {
      awardInTx: (tx, req) => {
        const at = req.at ?? new Date();
        const move: Move = { memberId: req.memberId, reason: req.reason, ref: req.ref, actor: { kind: 'system', id: 'missions' }, at };
        const credited = creditLot(tx, move, 'earn', req.points, { expiresAt: this.expiresAt(this.brandDay(at)), unlocksAt: null, purchaseId: null });
        return { lotId: credited.lotId, balance: credited.balance };
      },
      revokeInTx: (tx, req) => ({ balance: reverse(tx, { memberId: req.memberId, reason: req.reason, ref: req.ref, actor: { kind: 'system', id: 'missions' }, at: req.at ?? new Date() }, req.points, req.lotId).balance }),
      isEnabled: () => this.settings().enabled,
    };
    this.purchases = {
      purchaseNow: (tx, purchaseId) => {
        const p = findPurchase(tx, purchaseId);
        if (!p) return undefined;
        return { id: p.id, memberId: p.memberId, storeId: p.storeId, paid: Math.max(0, p.paid - p.refundedAmount), lines: p.lines.map((l, i) => ({ sku: l.sku, category: l.category ?? null, quantity: l.quantity - (p.returned[i] ?? 0) })), occurredAt: p.occurredAt };
      },
    };
  }

  // ── settings ──

  /** The saved earn rules and expiry policy (cached for a few seconds), or the defaults. */
  settings(): EarnSettings {
    const now = Date.now();
    if (this.cached && now - this.cached.at < 5000) return this.cached.settings;
    const raw = readSettings(this.db);
    const parsed = raw === undefined ? undefined : ZPointsSettings.safeParse(raw);
    const settings = parsed?.success ? (parsed.data as EarnSettings) : DEFAULT_EARN_SETTINGS;
    this.cached = { settings, at: now };
    return settings;
  }

  /** Whether points are switched on (the welcome message may promise points only then). */
  isEnabled(): boolean {
    return this.settings().enabled;
  }

  consoleSettings(actor: Actor | undefined): EarnSettings {
    requireAdmin(actor);
    return this.settings();
  }

  saveSettings(actor: Actor | undefined, input: EarnSettings): EarnSettings {
    const admin = requireAdmin(actor);
    const problem = input.groups.flatMap((g) => g.rules).find((r) => r.kind === 'dateRange' && r.from > r.to);
    if (problem) throw new AppError('VALIDATION_FAILED', { message: `${problem.name}：結束日不可早於開始日`, messageEn: `${problem.name}: the end date is before the start`, field: 'groups' });
    transact(this.db, (tx) => {
      writeSettings(tx, input);
      writeAudit(tx, admin, { action: 'points.settings.update', targetType: 'points_settings', targetId: 1, details: { enabled: input.enabled, base: input.base, groups: input.groups.length, expiry: input.expiry, pendingDays: input.pendingDays } });
    });
    this.cached = undefined;
    return this.settings();
  }

  calculate(actor: Actor | undefined, input: CalculateInput, lang: Lang): z.input<typeof P.ZCalculateResponse> {
    requireAdmin(actor);
    const settings = (input.settings as EarnSettings | undefined) ?? this.settings();
    const r = computeEarn({ ...settings, enabled: true }, { lines: input.lines, paid: input.paid, date: input.date, birthday: input.birthday, tierMultiplier: input.tierMultiplier }, lang);
    return { points: r.points, bonus: r.bonus, explain: r.explain, expiresOn: expiryDate(settings.expiry, input.date) };
  }

  // ── member ──

  summary(actor: Actor | undefined): P.TPointsSummary {
    const me = requireRegisteredMember(actor);
    return this.summaryOf(this.db, me.memberId);
  }

  private summaryOf(db: DbOrTx, memberId: number): P.TPointsSummary {
    const account = findAccount(db, memberId) ?? { balance: 0, pending: 0 };
    const next = nextExpiry(db, memberId);
    return {
      balance: account.balance,
      pending: account.pending,
      nextExpiry: next && account.balance > 0 ? { points: Math.min(next.points, account.balance), date: this.lastDay(next.expiresAt) } : null,
      enabled: this.settings().enabled,
    };
  }

  history(actor: Actor | undefined, before: number | undefined): P.TPointsHistory {
    const me = requireRegisteredMember(actor);
    const limit = 30;
    const items = this.entriesOf(this.db, me.memberId, before, limit);
    return { items, nextBefore: items.length === limit ? items[items.length - 1]!.id : null };
  }

  private entriesOf(db: DbOrTx, memberId: number, before: number | undefined, limit: number): P.TPointsHistory['items'] {
    const now = Date.now();
    return listEntries(db, memberId, before, limit).map((e) => ({
      id: e.id,
      type: e.type,
      delta: e.delta,
      reason: e.reason,
      at: e.createdAt.toISOString(),
      pendingUntil: e.type === 'earn' && e.lotStatus === 'pending' && e.lotUnlocksAt !== null && e.lotUnlocksAt > now ? new Date(e.lotUnlocksAt).toISOString() : null,
      expiresOn: (e.type === 'earn' || e.type === 'adjust') && e.delta > 0 && e.lotExpiresAt !== null ? this.lastDay(e.lotExpiresAt) : null,
    }));
  }

  // ── POS: purchases ──

  /**
   * Records a sale and earns its points: idempotent on (store, order number) — a replay, with
   * any card code, answers the first result — and on the Idempotency-Key.
   */
  async recordPurchase(caller: Actor | undefined, input: PurchaseInput, options: { idempotencyKey?: string | undefined; lang: Lang }): Promise<{ status: number; body: P.TPurchaseView }> {
    const { actor, storeId } = authorizeCounter(caller, input.storeId, this.stores);
    if (input.paid > input.total) throw new AppError('PAID_EXCEEDS_TOTAL', { field: 'paid' });
    const scope = `purchase:${guesser(actor)}`;
    const hash = options.idempotencyKey ? requestHash(input) : '';
    const now = new Date();
    const id = randomUUID();
    // One transaction reads the replay (Idempotency-Key, then store + order number), the member
    // and writes the sale, so the order number is looked up once. A member not found is counted
    // against the till in it — sales sent together share a batch, and each must see the misses
    // before it — and returned, not thrown, so the count is not rolled back.
    const body = await commitGrouped(this.db, (tx): P.TPurchaseView | AppError => {
      if (options.idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, options.idempotencyKey, hash);
        if (previous) return previous.response as P.TPurchaseView;
      }
      const existing = findPurchaseByOrder(tx, storeId, input.orderNo);
      if (existing) return this.replay(existing, input);
      const memberId = this.findMember(actor, input.member, now);
      if (memberId === null) return this.memberMissed(actor, now);
      const settings = this.settings();
      const at = input.occurredAt ? new Date(input.occurredAt) : now;
      const date = this.brandDay(at);
      // The birthday is read only when a rule looks at it.
      const birthday = this.hasBirthdayRule(settings) ? (memberFacts(tx, memberId)?.birthday ?? null) : null;
      const earn = computeEarn(settings, { lines: input.lines, paid: input.paid, date, birthday, tierMultiplier: this.tierMultiplier(memberId) }, 'zh-TW');
      const reason = purchaseReason(input.paid, 'zh-TW');
      const move: Move = { memberId, reason, ref: `purchase:${id}`, actor: actorRef(actor), at: now };
      let lotId: number | null = null;
      let account: { balance: number; pending: number };
      const unlocksAt = settings.pendingDays > 0 ? now.getTime() + settings.pendingDays * 86_400_000 : null;
      if (earn.points > 0) {
        const credited = creditLot(tx, move, 'earn', earn.points, { expiresAt: this.expiresAt(date), unlocksAt, purchaseId: id });
        lotId = credited.lotId;
        account = credited;
      } else {
        account = findAccount(tx, memberId) ?? { balance: 0, pending: 0 };
      }
      let told: P.TPurchaseView['told'] = null;
      if (earn.points > 0) {
        const text = `${reason} 獲得 ${fmt(earn.points)} 點${unlocksAt ? `（${settings.pendingDays} 天後可使用）` : ''}，目前可用 ${fmt(account.balance)} 點`;
        notify(tx, { memberId, kind: 'points_earned', variables: { earned: earn.points, points: account.balance, reason: bilingual(reason, purchaseReason(input.paid, 'en')) } });
        told = { kind: 'points_earned', text };
      }
      const view: P.TPurchaseView = {
        id,
        storeId,
        orderNo: input.orderNo,
        total: input.total,
        paid: input.paid,
        pointsEarned: earn.points,
        pendingUntil: earn.points > 0 && unlocksAt ? new Date(unlocksAt).toISOString() : null,
        balance: account.balance,
        pointsReversed: 0,
        explain: earn.explain,
        told,
        createdAt: now.toISOString(),
      };
      insertPurchase(tx, {
        id,
        storeId,
        orderNo: input.orderNo,
        memberId,
        apiKeyId: actor.kind === 'apiKey' ? actor.keyId : null,
        total: input.total,
        paid: input.paid,
        lines: input.lines,
        lineWeights: earn.lineWeights,
        returned: input.lines.map(() => 0),
        totalWeight: earn.totalWeight,
        couponRedemptions: input.couponRedemptions,
        pointsEarned: earn.points,
        lotId,
        response: view,
        occurredAt: at,
        createdAt: now,
      });
      publish(tx, { type: 'purchase.recorded', purchaseId: id, memberId, storeId, amount: input.total, paid: input.paid, lines: input.lines.map((l) => ({ sku: l.sku, category: l.category ?? null, quantity: l.quantity, net: Math.max(0, l.quantity * l.unitPrice - (l.discount ?? 0)) })), occurredAt: at, at: now });
      if (options.idempotencyKey) storeIdempotentResult(tx, scope, options.idempotencyKey, hash, 201, view);
      return view;
    });
    if (body instanceof AppError) throw body;
    return { status: body.id === id ? 201 : 200, body };
  }

  /** The first answer for an order number, or ORDER_NUMBER_REUSED when the sale told differs. */
  private replay(row: PurchaseRow, input: PurchaseInput): P.TPurchaseView {
    if (row.total !== input.total || row.paid !== input.paid || JSON.stringify(row.lines) !== JSON.stringify(input.lines)) throw new AppError('ORDER_NUMBER_REUSED', { field: 'orderNo' });
    return row.response as P.TPurchaseView;
  }

  /**
   * A whole or partial return: the points the returned lines earned (in proportion to their
   * earn weight, rounded down, never more in total than the purchase earned) are reversed; the
   * balance may go negative and the next points settle it.
   */
  async refund(caller: Actor | undefined, purchaseId: string, input: RefundInput, options: { idempotencyKey?: string | undefined; lang: Lang }): Promise<{ status: number; body: P.TRefundView }> {
    if (!caller) throw new AppError('UNAUTHENTICATED');
    const found = findPurchase(this.db, purchaseId);
    if (!found) throw new AppError('NOT_FOUND', { message: '找不到這筆交易', messageEn: 'No such purchase' });
    const { actor } = authorizeCounter(caller, found.storeId, this.stores);
    const scope = `refund:${guesser(actor)}`;
    const hash = options.idempotencyKey ? requestHash({ purchaseId, ...input }) : '';
    if (options.idempotencyKey) {
      const previous = findIdempotentResult(this.db, scope, options.idempotencyKey, hash);
      if (previous) return { status: 200, body: previous.response as P.TRefundView };
    }
    const now = new Date();
    const id = randomUUID();
    const body = await commitGrouped(this.db, (tx) => {
      if (options.idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, options.idempotencyKey, hash);
        if (previous) return previous.response as P.TRefundView;
      }
      const replayed = findRefund(tx, purchaseId, input.refundNo);
      if (replayed) return replayed.response as P.TRefundView;
      const p = findPurchase(tx, purchaseId)!;
      const returned = [...p.returned];
      const now_: number[] = p.lines.map(() => 0);
      if (input.lines) {
        for (const l of input.lines) {
          const line = p.lines[l.line];
          if (!line || returned[l.line]! + now_[l.line]! + l.quantity > line.quantity) throw new AppError('REFUND_EXCEEDS_PURCHASE', { field: 'lines', details: { line: l.line } });
          now_[l.line]! += l.quantity;
        }
      } else {
        p.lines.forEach((line, i) => (now_[i] = line.quantity - returned[i]!));
        if (p.lines.length > 0 && now_.every((q) => q === 0)) throw new AppError('REFUND_EXCEEDS_PURCHASE', { message: '這筆交易已全部退貨', messageEn: 'This sale was already returned in full' });
      }
      p.lines.forEach((_, i) => (returned[i]! += now_[i]!));
      const nets = p.lines.map((l) => Math.max(0, l.quantity * l.unitPrice - (l.discount ?? 0)));
      const gross = nets.reduce((s, n) => s + n, 0);
      const share = (q: number[], i: number) => (q[i] === p.lines[i]!.quantity ? 1 : q[i]! / p.lines[i]!.quantity);
      const allBack = p.lines.length === 0 || returned.every((q, i) => q === p.lines[i]!.quantity);
      const amountBefore = p.refundedAmount;
      const amountAfter = allBack ? p.paid : gross > 0 ? Math.floor((p.lines.reduce((s, _, i) => s + nets[i]! * share(returned, i), 0) * p.paid) / gross) : 0;
      const amount = Math.max(0, amountAfter - amountBefore);
      const weightAfter = allBack ? p.totalWeight : p.lineWeights.reduce((s, w, i) => s + (returned[i] === p.lines[i]!.quantity ? w : Math.floor((w * returned[i]!) / p.lines[i]!.quantity)), 0);
      const target = allBack ? p.pointsEarned : p.totalWeight > 0 ? Number((BigInt(p.pointsEarned) * BigInt(weightAfter)) / BigInt(p.totalWeight)) : 0;
      const points = Math.max(0, Math.min(p.pointsEarned, target) - p.pointsReversed);
      if (!recordReturn(tx, p.id, returned, amount, points)) throw new AppError('CONFLICT');
      const move: Move = { memberId: p.memberId, reason: `退貨 NT$${fmt(amount)}（訂單 ${p.orderNo}）`, ref: `refund:${id}`, actor: actorRef(actor), at: now };
      const account = points > 0 ? reverse(tx, move, points, p.lotId) : (findAccount(tx, p.memberId) ?? { balance: 0, pending: 0 });
      let told: P.TRefundView['told'] = null;
      if (points > 0) {
        notify(tx, { memberId: p.memberId, kind: 'points_reversed', variables: { reversed: points, points: account.balance, reason: bilingual(`退貨 NT$${fmt(amount)}`, `Return of NT$${fmt(amount)}`) } });
        told = { kind: 'points_reversed', text: `退貨 NT$${fmt(amount)}，扣回 ${fmt(points)} 點，目前可用 ${fmt(account.balance)} 點` };
      }
      const view: P.TRefundView = { id, purchaseId, refundNo: input.refundNo, amount, pointsReversed: points, balance: account.balance, told, createdAt: now.toISOString() };
      insertRefund(tx, { id, purchaseId, refundNo: input.refundNo, amount, pointsReversed: points, response: view, createdAt: now });
      publish(tx, { type: 'purchase.refunded', purchaseId, refundId: id, memberId: p.memberId, amount, at: now });
      if (options.idempotencyKey) storeIdempotentResult(tx, scope, options.idempotencyKey, hash, 201, view);
      return view;
    });
    return { status: body.id === id ? 201 : 200, body };
  }

  // ── POS: points as a discount ──

  async redeemAtCounter(caller: Actor | undefined, input: RedemptionInput, options: { idempotencyKey?: string | undefined; lang: Lang }): Promise<{ status: number; body: P.TPointsRedemptionView }> {
    const { actor, storeId } = authorizeCounter(caller, input.storeId, this.stores);
    const settings = this.settings();
    if (!settings.enabled) throw new AppError('POINTS_DISABLED');
    const scope = `points-redeem:${guesser(actor)}`;
    const hash = options.idempotencyKey ? requestHash({ ...input, member: undefined, orderNo: input.orderNo, points: input.points, storeId }) : '';
    if (options.idempotencyKey) {
      const previous = findIdempotentResult(this.db, scope, options.idempotencyKey, hash);
      if (previous) return { status: 200, body: previous.response as P.TPointsRedemptionView };
    }
    const now = new Date();
    const memberId = this.resolveMember(actor, input.member, now);
    const id = randomUUID();
    const discount = Math.floor((input.points * settings.redeem.value) / settings.redeem.points);
    const body = await commitGrouped(this.db, (tx) => {
      if (options.idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, options.idempotencyKey, hash);
        if (previous) return previous.response as P.TPointsRedemptionView;
      }
      const storeName = this.stores.storeName(storeId);
      const reason = `${storeName}點數折抵 NT$${fmt(discount)}`;
      const spent = spend(tx, { memberId, reason, ref: `redemption:${id}`, actor: actorRef(actor), at: now }, input.points);
      insertRedemption(tx, { id, storeId, memberId, apiKeyId: actor.kind === 'apiKey' ? actor.keyId : null, points: input.points, discount, orderNo: input.orderNo ?? null, createdAt: now });
      const reasonEn = `Points discount of NT$${fmt(discount)} at ${this.stores.storeName(storeId, 'en')}`;
      notify(tx, { id, memberId, kind: 'points_spent', variables: { spent: input.points, points: spent.balance, reason: bilingual(reason, reasonEn) } });
      const view: P.TPointsRedemptionView = { id, storeId, points: input.points, discount, balance: spent.balance, reversedAt: null, createdAt: now.toISOString() };
      if (options.idempotencyKey) storeIdempotentResult(tx, scope, options.idempotencyKey, hash, 201, view);
      return view;
    });
    return { status: body.id === id ? 201 : 200, body };
  }

  /** Gives a POS redemption's points back, once; only the key that made it may (any other is told it does not exist). */
  async reverseRedemption(caller: Actor | undefined, id: string, reason: string): Promise<P.TPointsRedemptionView> {
    if (!caller) throw new AppError('UNAUTHENTICATED');
    const now = new Date();
    return commitGrouped(this.db, (tx) => {
      const r = findRedemption(tx, id);
      const mine = r && (caller.kind !== 'apiKey' || r.apiKeyId === caller.keyId);
      if (!r || !mine) throw new AppError('NOT_FOUND', { message: '找不到這筆點數折抵', messageEn: 'No such points redemption' });
      authorizeCounter(caller, r.storeId, this.stores);
      let balance = findAccount(tx, r.memberId)?.balance ?? 0;
      let reversedAt = r.reversedAt;
      if (markRedemptionReversed(tx, id, now)) {
        const taken = entriesByRef(tx, `redemption:${id}`).filter((e) => e.type === 'spend' && e.lotId !== null).map((e) => ({ lotId: e.lotId!, points: -e.delta }));
        balance = restore(tx, { memberId: r.memberId, reason: `點數折抵取消（${reason}）`, ref: `redemption:${id}:reverse`, actor: actorRef(caller), at: now }, taken).balance;
        reversedAt = now;
      }
      return { id, storeId: r.storeId, points: r.points, discount: r.discount, balance, reversedAt: reversedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() };
    });
  }

  // ── the spending port (campaigns) ──

  private spendInTx(tx: DbOrTx, req: SpendRequest): { balance: number } {
    if (!this.settings().enabled) throw new AppError('POINTS_DISABLED');
    const at = req.at ?? new Date();
    const spent = spend(tx, { memberId: req.memberId, reason: req.reason, ref: req.ref, actor: req.actor ?? { kind: 'member', id: String(req.memberId) }, at }, req.points);
    if (req.notify !== false) notify(tx, { memberId: req.memberId, kind: 'points_spent', variables: { spent: req.points, points: spent.balance, reason: bilingual(req.reason, req.reasonEn) } });
    return { balance: spent.balance };
  }

  /** The spending port's return (a refunded mall order): see spending.port.ts. */
  private returnInTx(tx: DbOrTx, req: ReturnRequest): { balance: number } {
    const at = req.at ?? new Date();
    const move: Move = { memberId: req.memberId, reason: req.reason, ref: `${req.spentRef}:return:${req.returnId}`, actor: req.actor ?? { kind: 'system', id: 'mall' }, at };
    const returned = new Map<number, number>();
    for (const e of entriesByRefPrefix(tx, req.memberId, `${req.spentRef}:return:`)) {
      if (e.lotId !== null && e.delta > 0) returned.set(e.lotId, (returned.get(e.lotId) ?? 0) + e.delta);
    }
    let left = req.points;
    const plan: { lotId: number; points: number }[] = [];
    for (const e of entriesByRef(tx, req.spentRef)) {
      if (left <= 0) break;
      if (e.type !== 'spend' || e.lotId === null || e.memberId !== req.memberId) continue;
      const free = -e.delta - (returned.get(e.lotId) ?? 0);
      const x = Math.min(left, free);
      if (x <= 0) continue;
      plan.push({ lotId: e.lotId, points: x });
      returned.set(e.lotId, (returned.get(e.lotId) ?? 0) + x);
      left -= x;
    }
    const restored = plan.length > 0 ? restore(tx, move, plan).restored : 0;
    const rest = req.points - restored;
    if (rest > 0) creditLot(tx, move, 'adjust', rest, { expiresAt: this.expiresAt(localDate(at, this.config.brandTimezone)), unlocksAt: null, purchaseId: null });
    return { balance: findAccount(tx, req.memberId)?.balance ?? 0 };
  }

  // ── console ──

  memberPoints(actor: Actor | undefined, memberId: number): P.TMemberPoints {
    requireAdmin(actor);
    const m = memberFacts(this.db, memberId);
    if (!m) throw new AppError('MEMBER_NOT_FOUND');
    return { memberId, name: m.name, summary: this.summaryOf(this.db, memberId), history: this.entriesOf(this.db, memberId, undefined, 100) };
  }

  /** A manual adjustment by an admin, with its reason, audited; a deduction never takes the balance below zero. */
  async adjust(actor: Actor | undefined, memberId: number, input: { delta: number; reason: string }): Promise<P.TMemberPoints> {
    const admin = requireAdmin(actor);
    if (!memberFacts(this.db, memberId)) throw new AppError('MEMBER_NOT_FOUND');
    const now = new Date();
    await commitGrouped(this.db, (tx) => {
      const move: Move = { memberId, reason: input.reason, ref: `adjust:${admin.memberId}`, actor: actorRef(admin), at: now };
      const after = input.delta > 0 ? creditLot(tx, move, 'adjust', input.delta, { expiresAt: this.expiresAt(localDate(now, this.config.brandTimezone)), unlocksAt: null, purchaseId: null }).balance : spend(tx, move, -input.delta, 'adjust').balance;
      writeAudit(tx, admin, { action: 'points.adjust', targetType: 'member', targetId: memberId, details: { delta: input.delta, reason: input.reason, balance: after } });
    });
    return this.memberPoints(actor, memberId);
  }

  report(actor: Actor | undefined, months: number): P.TPointsReport {
    requireAdmin(actor);
    const tz = this.config.brandTimezone;
    const now = new Date();
    const thisMonth = localDate(now, tz).slice(0, 7);
    const labels: string[] = [];
    for (let i = months - 1; i >= 0; i -= 1) {
      const [y, m] = thisMonth.split('-').map(Number) as [number, number];
      const d = new Date(Date.UTC(y, m - 1 - i, 1));
      labels.push(d.toISOString().slice(0, 7));
    }
    const since = zonedTime(`${labels[0]}-01`, 0, tz).getTime();
    const offsetMs = utcOffsetMinutes(now, tz) * 60_000;
    const rows = monthlyTotals(this.db, since, offsetMs);
    const empty = () => ({ issued: 0, spent: 0, expired: 0, reversed: 0, adjusted: 0 });
    const byMonth = new Map(labels.map((l) => [l, { month: l, ...empty() }]));
    const totals = empty();
    for (const r of rows) {
      const m = byMonth.get(r.month);
      if (!m) continue;
      const key = r.type === 'earn' ? 'issued' : r.type === 'spend' ? 'spent' : r.type === 'expire' ? 'expired' : r.type === 'reverse' ? 'reversed' : 'adjusted';
      const value = key === 'adjusted' ? r.total : Math.abs(r.total);
      m[key] += value;
      totals[key] += value;
    }
    const t = accountTotals(this.db);
    const outstanding = t.balance + t.pending;
    const s = this.settings();
    return { months: [...byMonth.values()], totals, outstanding, pending: t.pending, outstandingValue: Math.floor((t.balance * s.redeem.value) / s.redeem.points) };
  }

  // ── helpers ──

  /** The tier multiplier hook: 1 until the tiers issue plugs a lookup in (setTierMultiplier). */
  private tierLookup: (memberId: number) => number = () => 1;
  setTierMultiplier(lookup: (memberId: number) => number): void {
    this.tierLookup = lookup;
  }
  private tierMultiplier(memberId: number): number {
    return Math.max(1, this.tierLookup(memberId));
  }

  /** The instant after the last day points earned on `date` count (brand time), or null. */
  expiresAt(date: string): number | null {
    const settings = this.settings();
    // One answer per day and policy: every sale of a day shares it (remembered for the settings object in use).
    if (this.expiryMemo?.settings !== settings || this.expiryMemo.date !== date) {
      const last = expiryDate(settings.expiry, date);
      this.expiryMemo = { settings, date, at: last === null ? null : zonedTime(addDays(last, 1), 0, this.config.brandTimezone).getTime() };
    }
    return this.expiryMemo.at;
  }
  private expiryMemo: { settings: EarnSettings; date: string; at: number | null } | undefined;

  /** The brand-local day of an instant; the current day's bounds are remembered, so a day's sales share one computation. */
  private brandDay(at: Date): string {
    const t = at.getTime();
    const d = this.dayMemo;
    if (d && t >= d.from && t < d.to) return d.date;
    const date = localDate(at, this.config.brandTimezone);
    this.dayMemo = { date, from: zonedTime(date, 0, this.config.brandTimezone).getTime(), to: zonedTime(addDays(date, 1), 0, this.config.brandTimezone).getTime() };
    return date;
  }
  private dayMemo: { date: string; from: number; to: number } | undefined;

  private hasBirthdayRule(settings: EarnSettings): boolean {
    if (this.birthdayMemo?.settings !== settings) this.birthdayMemo = { settings, has: settings.groups.some((g) => g.rules.some((r) => r.kind === 'birthday')) };
    return this.birthdayMemo.has;
  }
  private birthdayMemo: { settings: EarnSettings; has: boolean } | undefined;

  private lastDay(expiresAt: number): string {
    return localDate(new Date(expiresAt - 1), this.config.brandTimezone);
  }

  /**
   * The member a counter names: by the rotating card code or a verified mobile. Misses count
   * against the till (the counter lockout), so numbers cannot be swept; one answer for both.
   */
  private resolveMember(actor: Actor, ref: { cardCode?: string | undefined; mobile?: string | undefined }, now: Date): number {
    const id = this.findMember(actor, ref, now);
    if (id === null) throw this.memberMissed(actor, now);
    return id;
  }

  /** The member named, or null (not yet counted as a miss: see memberMissed); RATE_LIMITED while the till is locked out. */
  private findMember(actor: Actor, ref: { cardCode?: string | undefined; mobile?: string | undefined }, now: Date): number | null {
    this.misses.check(guesser(actor), now.getTime());
    if (ref.cardCode !== undefined) return this.members.byCardCode(this.db, ref.cardCode, now);
    if (ref.mobile !== undefined) {
      const m = normalizeMobile(ref.mobile);
      if (!m.ok) throw new AppError('MOBILE_INVALID', { field: 'member.mobile' });
      return this.members.byMobile(this.db, m.e164);
    }
    return null;
  }

  /** Counts a member not found against the till (outside any transaction, or in one that keeps it) and gives the error to throw. */
  private memberMissed(actor: Actor, now: Date): AppError {
    const lockedMs = this.misses.miss(guesser(actor), now.getTime());
    if (lockedMs > 0) return this.misses.error(lockedMs);
    return new AppError('MEMBER_NOT_FOUND', { message: '查無此會員：會員條碼已逾時或不正確，或手機號碼未驗證', messageEn: 'No member matches: the card code expired or is wrong, or the mobile is not verified', field: 'member' });
  }
}

function guesser(actor: Actor): string {
  return actor.kind === 'apiKey' ? `key:${actor.keyId}` : actor.kind === 'member' ? `member:${actor.memberId}` : 'system';
}
