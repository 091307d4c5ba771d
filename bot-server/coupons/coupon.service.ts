import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { z } from 'zod';
import type { TCouponTemplateView, TCouponView, TRedemptionView, TValidation, TVerdictView, ZCouponTemplateInput } from '../../shared/api/coupons.ts';
import { generateCode, normalizeCode, validatePattern } from '../../shared/coupons/codes.ts';
import { describeRejection, evaluateCoupon, type Basket, type CouponRules, type Lang, type Verdict } from '../../shared/coupons/rules.ts';
import { summarizeRules } from '../../shared/coupons/summary.ts';
import { localDate, zonedTime } from '../../shared/dates.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import type { Actor } from '../auth/actor.ts';
import { canActAtStore, requireAdmin, requireMember, requireRegisteredMember } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { transact } from '../db/client.ts';
import { csvDocument } from '../csv/csv.ts';
import { coupons, outbox } from '../db/schema.ts';
import { Lockout } from '../limits/lockout.ts';
import { LOCKOUTS } from '../limits/rules.ts';
import { findMemberById, findMemberByMobile } from '../members/member.repo.ts';
import { enqueueNotification } from '../notifications/outbox.repo.ts';
import { findIdempotentResult, requestHash, storeIdempotentResult } from '../partners/idempotency.repo.ts';
import { listStores, type StoreRow } from '../stores/store.repo.ts';
import {
  bindImportedCode,
  countFreeImportedCodes,
  countMemberCoupons,
  existingCodes,
  expireDue,
  findCouponByCode,
  findCouponById,
  findRedemption,
  findTemplateById,
  insertCoupon,
  insertCouponEvent,
  insertImportedCodes,
  insertRedemption,
  insertTemplate,
  listCoupons,
  listMemberCoupons,
  listStoreRedemptions,
  listTemplateCodes,
  listTemplates,
  prepareTakeUses,
  restoreUses,
  takeImportedCode,
  takeStock,
  updateTemplateRow,
  voidRedemptionRow,
  type CouponRow,
  type CouponTemplateRow,
} from './coupon.repo.ts';
import { secureIndex } from './secure-random.ts';
import { issueQrToken, looksLikeQrToken, verifyQrToken } from './qr-token.ts';

export const UNDO_WINDOW_MS = 10 * 60_000;

type TemplateInput = z.output<typeof ZCouponTemplateInput>;

export function rulesOf(t: CouponTemplateRow): CouponRules {
  return {
    kind: t.kind,
    amountOff: t.amountOff,
    percentOff: t.percentOff,
    maxDiscount: t.maxDiscount,
    exchangeItem: t.exchangeItemName ? { sku: t.exchangeItemSku, name: t.exchangeItemName } : null,
    scope: t.scope,
    minSpend: t.minSpend,
    storeIds: t.storeIds,
    weekdays: t.weekdays,
    timeWindows: t.timeWindows,
  };
}

export interface CounterInput {
  storeId: number;
  code: string;
  orderAmount?: number | undefined;
  lines?: { sku: string; category?: string | undefined; unitPrice: number; quantity: number }[] | undefined;
}

export interface IssueRequest {
  templateId: number;
  memberId: number;
  source: string;
  sourceRef?: string | null;
  actor: Actor;
  /** Send the "coupon received" notification (bundles send one for all instead). */
  notify?: boolean;
  /** Bulk issuing notifies with marketing priority (quiet hours, quota reserve). */
  priority?: 'transactional' | 'marketing';
  now?: Date;
}

/** Coupon templates, issuing, the wallet, and redemption at the counter or by a POS. */
export class CouponService {
  private readonly db: Db;
  private readonly config: Config;
  private readonly qrSecret: Buffer;
  private readonly onEnqueued: () => void;
  private readonly takeUses: ReturnType<typeof prepareTakeUses>;
  /** Unknown codes at the counter lock out the staff member or POS key that typed them (LOCKOUTS.counterActor). */
  private readonly misses: Lockout;
  private templateCache = new Map<number, { row: CouponTemplateRow; at: number }>();
  private storeCache: { rows: StoreRow[]; at: number } | undefined;

  constructor(deps: { db: Db; config: Config; qrSecret: Buffer; onEnqueued?: () => void }) {
    this.db = deps.db;
    this.config = deps.config;
    this.qrSecret = deps.qrSecret;
    this.onEnqueued = deps.onEnqueued ?? (() => {});
    this.takeUses = prepareTakeUses(deps.db);
    this.misses = new Lockout(deps.db, LOCKOUTS.counterActor);
  }

  // ── reference data ─────────────────────────────────────────────────────────────────
  private stores(): StoreRow[] {
    if (!this.storeCache || Date.now() - this.storeCache.at > 5000) this.storeCache = { rows: listStores(this.db), at: Date.now() };
    return this.storeCache.rows;
  }

  private storeName = (id: number): string => this.stores().find((s) => s.id === id)?.name ?? `#${id}`;

  private template(id: number): CouponTemplateRow {
    const cached = this.templateCache.get(id);
    if (cached && Date.now() - cached.at < 5000) return cached.row;
    const row = findTemplateById(this.db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: '找不到這個票券範本', messageEn: 'No such coupon template' });
    this.templateCache.set(id, { row, at: Date.now() });
    return row;
  }

  /** A template's name for messages (cached for a few seconds, like the template). */
  templateName(id: number): string {
    return this.template(id).name;
  }

  // ── templates (console) ────────────────────────────────────────────────────────────
  presentTemplate(t: CouponTemplateRow, lang: Lang): TCouponTemplateView {
    return {
      id: t.id,
      name: t.name,
      terms: t.terms,
      kind: t.kind,
      amountOff: t.amountOff,
      percentOff: t.percentOff,
      maxDiscount: t.maxDiscount,
      exchangeItem: t.exchangeItemName ? { sku: t.exchangeItemSku, name: t.exchangeItemName } : null,
      scope: t.scope,
      minSpend: t.minSpend,
      storeIds: t.storeIds,
      weekdays: t.weekdays,
      timeWindows: t.timeWindows,
      validity: t.validity,
      usesPerCoupon: t.usesPerCoupon,
      transferable: t.transferable,
      totalStock: t.totalStock,
      issuedCount: t.issuedCount,
      perMemberLimit: t.perMemberLimit,
      codeMode: t.codeMode,
      codePattern: t.codePattern,
      importedCodesLeft: t.codeMode === 'imported' ? countFreeImportedCodes(this.db, t.id) : null,
      imageUrl: t.imageUrl,
      color: t.color,
      status: t.status,
      isLocked: t.issuedCount > 0,
      summary: summarizeRules(rulesOf(t), lang),
    };
  }

  private checkTemplate(input: TemplateInput): void {
    if (input.codeMode === 'pattern') {
      const problems = validatePattern(input.codePattern, input.totalStock);
      if (problems.length > 0) {
        const p = problems[0]!;
        throw new AppError('VALIDATION_FAILED', { message: `${p.field}: ${p.message['zh-TW']}`, messageEn: `${p.field}: ${p.message.en}`, field: p.field });
      }
    }
    if (input.storeIds) {
      const known = new Set(this.stores().map((s) => s.id));
      if (input.storeIds.some((id) => !known.has(id))) throw new AppError('VALIDATION_FAILED', { message: 'storeIds: 有門市不存在', messageEn: 'storeIds: unknown store', field: 'storeIds' });
    }
  }

  private templateColumns(input: TemplateInput) {
    return {
      name: input.name,
      terms: input.terms,
      kind: input.kind,
      amountOff: input.kind === 'amount_off' ? input.amountOff : null,
      percentOff: input.kind === 'percent_off' ? input.percentOff : null,
      maxDiscount: input.kind === 'percent_off' ? input.maxDiscount : null,
      exchangeItemName: input.kind === 'exchange' ? (input.exchangeItem?.name ?? null) : null,
      exchangeItemSku: input.kind === 'exchange' ? (input.exchangeItem?.sku ?? null) : null,
      scope: input.scope,
      minSpend: input.minSpend,
      storeIds: input.storeIds,
      weekdays: input.weekdays,
      timeWindows: input.timeWindows,
      validity: input.validity,
      usesPerCoupon: input.usesPerCoupon,
      transferable: input.transferable,
      totalStock: input.totalStock,
      perMemberLimit: input.perMemberLimit,
      codeMode: input.codeMode,
      codePattern: input.codePattern,
      imageUrl: input.imageUrl,
      color: input.color,
    };
  }

  listTemplates(caller: Actor | undefined, lang: Lang): TCouponTemplateView[] {
    requireAdmin(caller);
    return listTemplates(this.db).map((t) => this.presentTemplate(t, lang));
  }

  getTemplate(caller: Actor | undefined, id: number, lang: Lang): TCouponTemplateView {
    requireAdmin(caller);
    return this.presentTemplate(this.template(id), lang);
  }

  createTemplate(caller: Actor | undefined, input: TemplateInput, lang: Lang): TCouponTemplateView {
    const actor = requireAdmin(caller);
    this.checkTemplate(input);
    const row = transact(this.db, (tx) => {
      const created = insertTemplate(tx, this.templateColumns(input));
      writeAudit(tx, actor, { action: 'coupon_template.create', targetType: 'coupon_template', targetId: created.id, details: { name: created.name } });
      return created;
    });
    return this.presentTemplate(row, lang);
  }

  /** Rules can change only while no coupon was issued; name, terms, image, colour and stock always. */
  updateTemplate(caller: Actor | undefined, id: number, input: TemplateInput, lang: Lang): TCouponTemplateView {
    const actor = requireAdmin(caller);
    this.checkTemplate(input);
    const row = transact(this.db, (tx) => {
      const existing = findTemplateById(tx, id);
      if (!existing) throw new AppError('NOT_FOUND', { message: '找不到這個票券範本', messageEn: 'No such coupon template' });
      const columns = this.templateColumns(input);
      if (existing.issuedCount > 0) {
        const cosmetic = new Set(['name', 'terms', 'imageUrl', 'color', 'totalStock', 'perMemberLimit']);
        const changed = Object.entries(columns).filter(([k, v]) => !cosmetic.has(k) && JSON.stringify(v) !== JSON.stringify(existing[k as keyof CouponTemplateRow]));
        if (changed.length > 0) throw new AppError('TEMPLATE_LOCKED', { details: { fields: changed.map(([k]) => k) } });
        if (columns.totalStock !== null && columns.totalStock < existing.issuedCount) {
          throw new AppError('VALIDATION_FAILED', { message: `totalStock: 已發出 ${existing.issuedCount} 張，庫存不可少於此數`, messageEn: `totalStock: ${existing.issuedCount} already issued`, field: 'totalStock' });
        }
      }
      const updated = updateTemplateRow(tx, id, columns)!;
      writeAudit(tx, actor, { action: 'coupon_template.update', targetType: 'coupon_template', targetId: id, details: { name: updated.name } });
      return updated;
    });
    this.templateCache.delete(id);
    return this.presentTemplate(row, lang);
  }

  archiveTemplate(caller: Actor | undefined, id: number, lang: Lang): TCouponTemplateView {
    const actor = requireAdmin(caller);
    const row = transact(this.db, (tx) => {
      const updated = updateTemplateRow(tx, id, { status: 'archived' });
      if (!updated) throw new AppError('NOT_FOUND');
      writeAudit(tx, actor, { action: 'coupon_template.archive', targetType: 'coupon_template', targetId: id, details: { name: updated.name } });
      return updated;
    });
    this.templateCache.delete(id);
    return this.presentTemplate(row, lang);
  }

  // ── issuing ────────────────────────────────────────────────────────────────────────
  /** Validity of a coupon issued now: fixed dates, or N days to the end of the brand-local day. */
  validityFor(t: CouponTemplateRow, now: Date): { validFrom: Date; validUntil: Date } {
    if (t.validity.type === 'fixed') return { validFrom: new Date(t.validity.from), validUntil: new Date(t.validity.until) };
    // Bulk jobs issue thousands at one `now`: the time-zone arithmetic is done once per template.
    const key = `${t.id}:${t.validity.days}:${now.getTime()}`;
    if (this.lastValidity?.key !== key) {
      const lastDay = localDate(new Date(now.getTime() + t.validity.days * 86_400_000), this.config.brandTimezone);
      this.lastValidity = { key, until: zonedTime(lastDay, 24 * 60, this.config.brandTimezone) };
    }
    return { validFrom: now, validUntil: this.lastValidity.until };
  }
  private lastValidity: { key: string; until: Date } | undefined;

  /**
   * Issues one coupon inside the caller's transaction: stock taken by a conditional update,
   * the per-member limit checked, a unique code, a ledger entry and (unless told otherwise)
   * the "coupon received" notification.
   */
  issueInTx(tx: DbOrTx, req: IssueRequest): CouponRow {
    const now = req.now ?? new Date();
    const t = findTemplateById(tx, req.templateId);
    if (!t || t.status !== 'active') throw new AppError('NOT_FOUND', { message: '這個票券已下架', messageEn: 'This coupon is no longer offered' });
    if (t.perMemberLimit !== null && countMemberCoupons(tx, t.id, req.memberId) >= t.perMemberLimit) throw new AppError('MEMBER_LIMIT_REACHED');
    if (!takeStock(tx, t.id)) throw new AppError('OUT_OF_STOCK');
    const { validFrom, validUntil } = this.validityFor(t, now);
    let coupon: CouponRow | undefined;
    if (t.codeMode === 'imported') {
      const taken = takeImportedCode(tx, t.id);
      if (!taken) throw new AppError('OUT_OF_STOCK', { message: '合作券號已發完', messageEn: 'The imported codes are used up' });
      coupon = insertCoupon(tx, { templateId: t.id, memberId: req.memberId, code: taken.code, usesTotal: t.usesPerCoupon, usesLeft: t.usesPerCoupon, validFrom, validUntil, source: req.source, sourceRef: req.sourceRef ?? null, issuedAt: now, updatedAt: now });
      bindImportedCode(tx, taken.id, coupon.id);
    } else {
      for (let attempt = 0; attempt < 8 && !coupon; attempt += 1) {
        const code = generateCode(t.codePattern, secureIndex);
        try {
          coupon = insertCoupon(tx, { templateId: t.id, memberId: req.memberId, code, usesTotal: t.usesPerCoupon, usesLeft: t.usesPerCoupon, validFrom, validUntil, source: req.source, sourceRef: req.sourceRef ?? null, issuedAt: now, updatedAt: now });
        } catch (error) {
          if (!(error instanceof Error) || !error.message.includes('coupons.code')) throw error;
        }
      }
      if (!coupon) throw new AppError('INTERNAL', { message: '券號產生失敗，請稍後再試', messageEn: 'Could not generate a unique code' });
    }
    insertCouponEvent(tx, { couponId: coupon.id, type: 'issued', at: now, actorKind: req.actor.kind, actorId: actorId(req.actor), details: { source: req.source, sourceRef: req.sourceRef ?? null } });
    if (req.notify !== false) {
      enqueueNotification(tx, { memberId: req.memberId, kind: 'coupon_received', variables: { couponName: t.name, expiresAt: validUntil.toISOString() }, ...(req.priority ? { priority: req.priority } : {}) });
    }
    return coupon;
  }

  /**
   * Bulk issuing: the same templates to many members in one go. Stock is taken for the whole
   * batch up front, per template; templates with a per-member limit or imported codes are not
   * batched. Returns null (having changed nothing) when the batch cannot be issued whole, so
   * the caller falls back to one member at a time.
   */
  issueBatchInTx(tx: DbOrTx, items: { templateId: number; quantity: number }[], memberIds: number[], req: { source: string; sourceRef: string; actor: Actor; now: Date }): Map<number, CouponRow[]> | null {
    const BatchRefused = Symbol('batch refused');
    try {
      return transact(tx, (sp) => {
        const templates = items.map((item) => {
          const t = findTemplateById(sp, item.templateId);
          if (!t || t.status !== 'active' || t.perMemberLimit !== null || t.codeMode !== 'pattern') throw BatchRefused;
          if (!takeStock(sp, t.id, item.quantity * memberIds.length)) throw BatchRefused;
          return { t, quantity: item.quantity, validity: this.validityFor(t, req.now) };
        });
        const out = new Map<number, CouponRow[]>();
        const actorKind = req.actor.kind;
        const actorRef = actorId(req.actor);
        for (const memberId of memberIds) {
          const issued: CouponRow[] = [];
          for (const { t, quantity, validity } of templates) {
            for (let i = 0; i < quantity; i += 1) {
              let coupon: CouponRow | undefined;
              for (let attempt = 0; attempt < 8 && !coupon; attempt += 1) {
                try {
                  coupon = insertCoupon(sp, { templateId: t.id, memberId, code: generateCode(t.codePattern, secureIndex), usesTotal: t.usesPerCoupon, usesLeft: t.usesPerCoupon, validFrom: validity.validFrom, validUntil: validity.validUntil, source: req.source, sourceRef: req.sourceRef, issuedAt: req.now, updatedAt: req.now });
                } catch (error) {
                  if (!(error instanceof Error) || !error.message.includes('coupons.code')) throw error;
                }
              }
              if (!coupon) throw BatchRefused;
              insertCouponEvent(sp, { couponId: coupon.id, type: 'issued', at: req.now, actorKind, actorId: actorRef, details: { source: req.source, sourceRef: req.sourceRef } });
              issued.push(coupon);
            }
          }
          out.set(memberId, issued);
        }
        return out;
      });
    } catch (error) {
      if (error === BatchRefused) return null;
      throw error;
    }
  }

  /** Console: give a member a coupon by their mobile number. */
  issueToMobile(caller: Actor | undefined, templateId: number, mobileInput: string): { coupon: CouponRow; memberName: string } {
    const actor = requireAdmin(caller);
    const mobile = normalizeMobile(mobileInput);
    if (!mobile.ok) throw new AppError('MOBILE_INVALID', { field: 'mobile' });
    const member = findMemberByMobile(this.db, mobile.e164);
    if (!member) throw new AppError('MEMBER_NOT_FOUND', { message: '找不到使用這個手機號碼的會員', messageEn: 'No member has that mobile number', field: 'mobile' });
    const coupon = transact(this.db, (tx) => {
      const issued = this.issueInTx(tx, { templateId, memberId: member.id, source: 'admin', actor });
      writeAudit(tx, actor, { action: 'coupon.issue', targetType: 'coupon', targetId: issued.id, details: { templateId, memberId: member.id } });
      return issued;
    });
    this.templateCache.delete(templateId);
    this.onEnqueued();
    return { coupon, memberName: member.name ?? member.displayName };
  }

  voidCoupon(caller: Actor | undefined, couponId: number, reason: string): CouponRow {
    const actor = requireAdmin(caller);
    return transact(this.db, (tx) => {
      const coupon = findCouponById(tx, couponId);
      if (!coupon) throw new AppError('COUPON_NOT_FOUND');
      if (coupon.status === 'voided') return coupon;
      const now = new Date();
      const updated = tx.update(coupons).set({ status: 'voided', updatedAt: now }).where(eq(coupons.id, couponId)).returning().get()!;
      insertCouponEvent(tx, { couponId, type: 'voided', at: now, actorKind: 'member', actorId: String(actor.memberId), details: { reason } });
      writeAudit(tx, actor, { action: 'coupon.void', targetType: 'coupon', targetId: couponId, details: { reason, code: coupon.code } });
      return updated;
    });
  }

  // ── the member's wallet ────────────────────────────────────────────────────────────
  presentCoupon(c: CouponRow, lang: Lang): TCouponView {
    const t = this.template(c.templateId);
    return {
      id: c.id,
      code: c.code,
      status: c.status,
      usesTotal: c.usesTotal,
      usesLeft: c.usesLeft,
      validFrom: c.validFrom.toISOString(),
      validUntil: c.validUntil.toISOString(),
      issuedAt: c.issuedAt.toISOString(),
      source: c.source,
      template: {
        id: t.id,
        name: t.name,
        terms: t.terms,
        kind: t.kind,
        summary: summarizeRules(rulesOf(t), lang),
        imageUrl: t.imageUrl,
        color: t.color,
        transferable: t.transferable,
        minSpend: t.minSpend,
        stores: t.storeIds ? t.storeIds.map((id) => ({ id, name: this.storeName(id) })) : null,
        weekdays: t.weekdays,
        timeWindows: t.timeWindows,
      },
    };
  }

  wallet(caller: Actor | undefined, tab: 'active' | 'used' | 'expired', lang: Lang) {
    const member = requireRegisteredMember(caller);
    expireDue(this.db, member.memberId, new Date());
    const all = listMemberCoupons(this.db, member.memberId);
    const bucket = (c: CouponRow) => (c.status === 'active' ? 'active' : c.status === 'used' ? 'used' : 'expired');
    const counts = { active: 0, used: 0, expired: 0 };
    for (const c of all) counts[bucket(c)] += 1;
    const items = all.filter((c) => bucket(c) === tab);
    if (tab !== 'active') items.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
    return { items: items.map((c) => this.presentCoupon(c, lang)), counts };
  }

  private ownCoupon(caller: Actor | undefined, id: number): CouponRow {
    const member = requireMember(caller);
    const coupon = findCouponById(this.db, id);
    // Another member's coupon answers exactly like a missing one.
    if (!coupon || coupon.memberId !== member.memberId) throw new AppError('COUPON_NOT_FOUND');
    return coupon;
  }

  walletCoupon(caller: Actor | undefined, id: number, lang: Lang): TCouponView {
    expireDue(this.db, requireMember(caller).memberId, new Date());
    return this.presentCoupon(this.ownCoupon(caller, id), lang);
  }

  qr(caller: Actor | undefined, id: number) {
    const coupon = this.ownCoupon(caller, id);
    if (coupon.status !== 'active') throw new AppError('COUPON_NOT_USABLE', { message: '此票券已無法使用', messageEn: 'This coupon can no longer be used' });
    const t = issueQrToken(this.qrSecret, coupon.id);
    return { token: t.token, code: coupon.code, refreshAt: t.refreshAt.toISOString(), expiresAt: t.expiresAt.toISOString() };
  }

  // ── at the counter ─────────────────────────────────────────────────────────────────
  private guessKey(caller: Actor): string {
    return caller.kind === 'apiKey' ? `key:${caller.keyId}` : caller.kind === 'member' ? `member:${caller.memberId}` : 'system';
  }

  /**
   * A typed or scanned code, or a rotating QR token, to its coupon. Unknown codes count as
   * guesses of the caller alone (the staff member or the POS key), so one till's typos never
   * stop another till or a colleague at the same store. Staff and keys are granted by an
   * admin, not self-made, so there is no IP backstop here.
   */
  private resolve(caller: Actor, input: string): CouponRow {
    const guesser = this.guessKey(caller);
    this.misses.check(guesser);
    const value = input.trim();
    if (looksLikeQrToken(value)) {
      const verdict = verifyQrToken(this.qrSecret, value);
      if (!verdict.ok) {
        if (verdict.reason === 'EXPIRED') throw new AppError('QR_EXPIRED');
        throw this.missed(guesser);
      }
      const coupon = findCouponById(this.db, verdict.couponId);
      if (!coupon) throw new AppError('COUPON_NOT_FOUND');
      return coupon;
    }
    const coupon = findCouponByCode(this.db, normalizeCode(value));
    if (!coupon) throw this.missed(guesser);
    return coupon;
  }

  /** Counts an unknown code; the answer is 429 once the caller is locked out. */
  private missed(guesser: string): AppError {
    const lockedMs = this.misses.miss(guesser);
    return lockedMs > 0 ? this.misses.error(lockedMs) : new AppError('COUPON_NOT_FOUND');
  }

  private requireCounter(caller: Actor | undefined, storeId: number): Actor {
    if (!caller) throw new AppError('UNAUTHENTICATED');
    if (caller.kind === 'apiKey') {
      if (!caller.scopes.includes('pos')) throw new AppError('FORBIDDEN');
    } else if (caller.kind === 'member') {
      if (!caller.isAdmin && caller.staffStoreIds.length === 0) throw new AppError('FORBIDDEN', { message: '此功能僅限門市人員', messageEn: 'Store staff only' });
    }
    if (!this.stores().some((s) => s.id === storeId)) throw new AppError('VALIDATION_FAILED', { message: 'storeId: 沒有這間門市', messageEn: 'storeId: no such store', field: 'storeId' });
    if (!canActAtStore(caller, storeId)) throw new AppError('FORBIDDEN', { message: `您無權在${this.storeName(storeId)}核銷`, messageEn: `You may not redeem at ${this.storeName(storeId)}` });
    return caller;
  }

  private verdictView(v: Verdict, lang: Lang): TVerdictView {
    if (v.ok) {
      const needsAmount = v.discount === null;
      const message =
        lang === 'zh-TW'
          ? needsAmount
            ? '可使用，請輸入消費金額以計算折扣'
            : v.kind === 'exchange'
              ? '可兌換'
              : `可使用，折抵 NT$${v.discount!.toLocaleString('en-US')}`
          : needsAmount
            ? 'Valid; enter the order amount to compute the discount'
            : v.kind === 'exchange'
              ? 'Valid for exchange'
              : `Valid: NT$${v.discount!.toLocaleString('en-US')} off`;
      return { ok: true, reason: null, message, discount: v.discount, needsAmount, shortBy: null };
    }
    return {
      ok: false,
      reason: v.reason,
      message: describeRejection(v, { lang, timeZone: this.config.brandTimezone, storeName: this.storeName }),
      discount: null,
      needsAmount: v.reason === 'AMOUNT_REQUIRED',
      shortBy: v.reason === 'MIN_SPEND_NOT_MET' ? v.shortBy : null,
    };
  }

  private evaluate(coupon: CouponRow, input: CounterInput, at: Date): Verdict {
    const t = this.template(coupon.templateId);
    const basket: Basket | undefined = input.lines ? { lines: input.lines } : input.orderAmount !== undefined ? { subtotal: input.orderAmount } : undefined;
    return evaluateCoupon({ rules: rulesOf(t), coupon, storeId: input.storeId, at, timeZone: this.config.brandTimezone, basket });
  }

  validate(caller: Actor | undefined, input: CounterInput, lang: Lang): TValidation {
    const actor = this.requireCounter(caller, input.storeId);
    const coupon = this.resolve(actor, input.code);
    const verdict = this.evaluate(coupon, input, new Date());
    const member = findMemberById(this.db, coupon.memberId);
    return { coupon: this.presentCoupon(coupon, lang), member: { name: member?.name ?? member?.displayName ?? '' }, verdict: this.verdictView(verdict, lang) };
  }

  /**
   * Redeems uses of a coupon: the rule verdict first, then one conditional update in a
   * transaction with the redemption row, the ledger entry and the owner's notification.
   * With an idempotency key a replay answers the first result.
   */
  redeem(caller: Actor | undefined, input: CounterInput & { uses: number }, options: { idempotencyKey?: string | undefined; lang: Lang }): { status: number; body: TRedemptionView } {
    const actor = this.requireCounter(caller, input.storeId);
    const scope = `redeem:${this.guessKey(actor)}`;
    const hash = options.idempotencyKey ? requestHash(input) : '';
    if (options.idempotencyKey) {
      const previous = findIdempotentResult(this.db, scope, options.idempotencyKey, hash);
      if (previous) return { status: previous.status, body: previous.response as TRedemptionView };
    }
    const coupon = this.resolve(actor, input.code);
    const now = new Date();
    const verdict = this.evaluate(coupon, input, now);
    if (!verdict.ok) {
      const view = this.verdictView(verdict, options.lang);
      const code = verdict.reason === 'USED_UP' ? 'COUPON_ALREADY_USED' : 'COUPON_NOT_USABLE';
      throw new AppError(code, { message: view.message, messageEn: this.verdictView(verdict, 'en').message, details: { reason: verdict.reason, shortBy: view.shortBy } });
    }
    // A rule that depends on the amount (minimum spend, percent off, named items) is not redeemed blind.
    if (verdict.discount === null && verdict.kind !== 'exchange') {
      throw new AppError('COUPON_NOT_USABLE', {
        message: '請輸入本次消費金額，才能計算折扣並確認門檻',
        messageEn: 'Enter the order amount so the discount and minimum spend can be checked',
        field: 'orderAmount',
        details: { reason: 'AMOUNT_REQUIRED' },
      });
    }
    if (input.uses > coupon.usesLeft) {
      throw new AppError('COUPON_NOT_USABLE', { message: `此票券只剩 ${coupon.usesLeft} 次`, messageEn: `Only ${coupon.usesLeft} uses left`, details: { reason: 'NOT_ENOUGH_USES' } });
    }
    const t = this.template(coupon.templateId);
    const id = randomUUID();
    const body = transact(this.db, (tx) => {
      if (options.idempotencyKey) {
        const previous = findIdempotentResult(tx, scope, options.idempotencyKey, hash);
        if (previous) return previous.response as TRedemptionView;
      }
      const taken = this.takeUses.get({ id: coupon.id, uses: input.uses, now: now.getTime() });
      if (!taken) throw new AppError('COUPON_ALREADY_USED', { message: '此票券剛剛已被使用，剩餘次數不足', messageEn: 'This coupon was just used; not enough uses left' });
      const discount = verdict.discount;
      insertRedemption(tx, {
        id,
        couponId: coupon.id,
        storeId: input.storeId,
        uses: input.uses,
        discount,
        orderAmount: input.orderAmount ?? (input.lines ? input.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0) : null),
        channel: actor.kind === 'apiKey' ? 'pos' : 'scanner',
        staffMemberId: actor.kind === 'member' ? actor.memberId : null,
        apiKeyId: actor.kind === 'apiKey' ? actor.keyId : null,
        createdAt: now,
      });
      insertCouponEvent(tx, { couponId: coupon.id, type: 'redeemed', at: now, uses: input.uses, storeId: input.storeId, actorKind: actor.kind, actorId: actorId(actor), redemptionId: id, details: { discount } });
      // The outbox row shares the redemption's id, so an undo can still stop it.
      enqueueNotification(tx, {
        id,
        memberId: coupon.memberId,
        kind: 'coupon_redeemed',
        variables: { couponName: t.name, storeName: this.storeName(input.storeId), redeemedAt: now.toISOString(), usesLeft: taken.usesLeft },
      });
      const member = findMemberById(tx, coupon.memberId);
      const view: TRedemptionView = {
        id,
        couponId: coupon.id,
        couponName: t.name,
        code: coupon.code,
        memberName: member?.name ?? member?.displayName ?? '',
        storeId: input.storeId,
        storeName: this.storeName(input.storeId),
        uses: input.uses,
        usesLeft: taken.usesLeft,
        discount,
        orderAmount: input.orderAmount ?? null,
        channel: actor.kind === 'apiKey' ? 'pos' : 'scanner',
        createdAt: now.toISOString(),
        voidedAt: null,
        undoUntil: actor.kind === 'member' ? new Date(now.getTime() + UNDO_WINDOW_MS).toISOString() : null,
      };
      if (options.idempotencyKey) storeIdempotentResult(tx, scope, options.idempotencyKey, hash, 201, view);
      return view;
    });
    this.onEnqueued();
    return { status: 201, body };
  }

  /**
   * Undo (staff, within 10 minutes) or void (POS, any time): the uses come back, the ledger
   * records it, and a redeemed-notification not yet sent is stopped — nobody is told twice.
   */
  reverseRedemption(caller: Actor | undefined, redemptionId: string, reason: string): TRedemptionView {
    if (!caller) throw new AppError('UNAUTHENTICATED');
    const now = new Date();
    const result = transact(this.db, (tx) => {
      const r = findRedemption(tx, redemptionId);
      if (!r) throw new AppError('NOT_FOUND', { message: '找不到這筆核銷', messageEn: 'No such redemption' });
      if (caller.kind === 'apiKey') {
        if (!caller.scopes.includes('pos') || r.apiKeyId !== caller.keyId) throw new AppError('NOT_FOUND', { message: '找不到這筆核銷', messageEn: 'No such redemption' });
      } else if (caller.kind === 'member') {
        if (!canActAtStore(caller, r.storeId)) throw new AppError('FORBIDDEN');
        if (!caller.isAdmin && now.getTime() - r.createdAt.getTime() > UNDO_WINDOW_MS) throw new AppError('UNDO_WINDOW_PASSED');
      }
      if (!voidRedemptionRow(tx, r.id, reason, now)) return { r: findRedemption(tx, redemptionId)!, already: true };
      restoreUses(tx, r.couponId, r.uses, now);
      insertCouponEvent(tx, { couponId: r.couponId, type: 'redemption_voided', at: now, uses: r.uses, storeId: r.storeId, actorKind: caller.kind, actorId: actorId(caller), redemptionId: r.id, details: { reason } });
      tx.update(outbox).set({ status: 'skipped', reason: 'redemption undone before sending' }).where(and(eq(outbox.id, r.id), eq(outbox.status, 'pending'))).run();
      return { r: findRedemption(tx, redemptionId)!, already: false };
    });
    return this.presentRedemption(result.r);
  }

  private presentRedemption(r: NonNullable<ReturnType<typeof findRedemption>>): TRedemptionView {
    const coupon = findCouponById(this.db, r.couponId)!;
    const t = this.template(coupon.templateId);
    const member = findMemberById(this.db, coupon.memberId);
    return {
      id: r.id,
      couponId: r.couponId,
      couponName: t.name,
      code: coupon.code,
      memberName: member?.name ?? member?.displayName ?? '',
      storeId: r.storeId,
      storeName: this.storeName(r.storeId),
      uses: r.uses,
      usesLeft: coupon.usesLeft,
      discount: r.discount,
      orderAmount: r.orderAmount,
      channel: r.channel,
      createdAt: r.createdAt.toISOString(),
      voidedAt: r.voidedAt ? r.voidedAt.toISOString() : null,
      undoUntil: r.channel === 'scanner' && !r.voidedAt ? new Date(r.createdAt.getTime() + UNDO_WINDOW_MS).toISOString() : null,
    };
  }

  /** Today's (brand time) redemptions at a store, newest first, for the scanner. */
  storeRedemptions(caller: Actor | undefined, storeId: number): TRedemptionView[] {
    const actor = this.requireCounter(caller, storeId);
    if (actor.kind !== 'member') throw new AppError('FORBIDDEN');
    const since = zonedTime(localDate(new Date(), this.config.brandTimezone), 0, this.config.brandTimezone);
    return listStoreRedemptions(this.db, storeId, since).map((row) => ({
      id: row.r.id,
      couponId: row.r.couponId,
      couponName: row.couponName,
      code: row.code,
      memberName: row.memberName ?? row.memberDisplayName,
      storeId: row.r.storeId,
      storeName: row.storeName,
      uses: row.r.uses,
      usesLeft: row.usesLeft,
      discount: row.r.discount,
      orderAmount: row.r.orderAmount,
      channel: row.r.channel,
      createdAt: row.r.createdAt.toISOString(),
      voidedAt: row.r.voidedAt ? row.r.voidedAt.toISOString() : null,
      undoUntil: row.r.channel === 'scanner' && !row.r.voidedAt ? new Date(row.r.createdAt.getTime() + UNDO_WINDOW_MS).toISOString() : null,
    }));
  }

  // ── console: coupons and codes ─────────────────────────────────────────────────────
  listCoupons(caller: Actor | undefined, filter: { templateId?: number | undefined; memberId?: number | undefined; page: number; pageSize: number }, lang: Lang) {
    requireAdmin(caller);
    const { rows, total } = listCoupons(this.db, filter, filter.page, filter.pageSize);
    return { items: rows.map((r) => ({ ...this.presentCoupon(r.coupon, lang), member: { id: r.coupon.memberId, name: r.memberName ?? r.memberDisplayName } })), total };
  }

  /** The issued codes of a template as CSV (for printing or a partner). */
  exportCodesCsv(caller: Actor | undefined, templateId: number): string {
    requireAdmin(caller);
    this.template(templateId);
    const rows = listTemplateCodes(this.db, templateId).map((r) => [r.code, r.status, r.usesLeft, r.memberName ?? r.memberDisplayName, r.issuedAt, r.validUntil]);
    return csvDocument(['code', 'status', 'uses_left', 'member', 'issued_at', 'valid_until'], rows);
  }

  /**
   * Imports a partner's codes (one per line, or the first CSV column). Blank lines, duplicates
   * within the file or against codes we hold, and malformed codes are reported with their line
   * numbers, and then nothing is imported: a list is taken whole or not at all.
   */
  importCodes(caller: Actor | undefined, templateId: number, csv: string): { imported: number; problems: { line: number; code: string; problem: string }[] } {
    const actor = requireAdmin(caller);
    const t = this.template(templateId);
    if (t.codeMode !== 'imported') throw new AppError('VALIDATION_FAILED', { message: '此票券使用規則產生券號，不能匯入', messageEn: 'This template generates its codes; switch it to imported codes first', field: 'codeMode' });
    const problems: { line: number; code: string; problem: string }[] = [];
    const seen = new Map<string, number>();
    const codes: { line: number; code: string }[] = [];
    const rows = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    rows.forEach((raw, i) => {
      const line = i + 1;
      const first = raw.split(',')[0]?.replace(/^"|"$/g, '') ?? '';
      const code = normalizeCode(first);
      if (code === '') {
        if (i < rows.length - 1 || raw.trim() !== '') problems.push({ line, code: '', problem: '空白行 / blank line' });
        return;
      }
      if (i === 0 && /^(CODE|券號)$/i.test(code)) return;
      if (!/^[A-Z0-9-]{4,64}$/.test(code)) return void problems.push({ line, code, problem: '格式不符（4–64 個英數字或 -）/ not 4–64 letters, digits or -' });
      const dup = seen.get(code);
      if (dup !== undefined) return void problems.push({ line, code, problem: `與第 ${dup} 行重複 / duplicate of line ${dup}` });
      seen.set(code, line);
      codes.push({ line, code });
    });
    const clash = existingCodes(this.db, codes.map((c) => c.code));
    for (const c of codes) if (clash.has(c.code)) problems.push({ line: c.line, code: c.code, problem: '系統中已有此券號 / code already exists' });
    if (codes.length === 0 && problems.length === 0) problems.push({ line: 1, code: '', problem: '檔案沒有券號 / no codes in the file' });
    if (problems.length > 0) return { imported: 0, problems: problems.sort((a, b) => a.line - b.line) };
    transact(this.db, (tx) => {
      insertImportedCodes(tx, templateId, codes.map((c) => c.code));
      writeAudit(tx, actor, { action: 'coupon_codes.import', targetType: 'coupon_template', targetId: templateId, details: { count: codes.length } });
    });
    return { imported: codes.length, problems: [] };
  }
}

function actorId(actor: Actor): string | null {
  if (actor.kind === 'member') return String(actor.memberId);
  if (actor.kind === 'apiKey') return String(actor.keyId);
  return actor.label;
}
