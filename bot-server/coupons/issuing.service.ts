import type { z } from 'zod';
import { bilingual } from '../../shared/i18n/localized.ts';
import type { TCouponView, ZConsoleCoupon } from '../../shared/api/coupons.ts';
import { generateCode } from '../../shared/coupons/codes.ts';
import type { Lang } from '../../shared/coupons/rules.ts';
import { addDays, localDate, zonedTime } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import { actorRef, type Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import { publish } from '../events/bus.ts';
import { findMemberByMobile } from '../members/member.repo.ts';
import { notify } from '../notifications/notify.ts';
import type { CouponCatalogue } from './catalogue.service.ts';
import {
  bindImportedCode,
  countMemberCoupons,
  findCouponById,
  findTemplateById,
  insertCoupon,
  insertCouponEvent,
  listCoupons,
  type CouponListFilter,
  markCouponVoided,
  markUnusedCouponVoided,
  markCouponVoidedIfUnchanged,
  takeImportedCode,
  takeStock,
  type CouponRow,
  type CouponTemplateRow,
} from './coupon.repo.ts';
import type { BatchRequest, CouponIssuer, IssuedCoupon, IssueRequest } from './issuing.port.ts';
import { presentConsoleCoupon, rulesOf } from './presenters.ts';
import { summarizeRules } from '../../shared/coupons/summary.ts';
import { NO_EXPIRY_UNTIL, isNoExpiry } from '../../shared/coupons/validity.ts';
import { secureIndex } from './secure-random.ts';

/** Tries of a fresh random code before giving up (a clash is rare even in a nearly full pattern). */
const CODE_ATTEMPTS = 8;

type NewCoupon = Omit<CouponRow, 'id' | 'status' | 'code'>;

/** Issuing and voiding coupons: for other domains through the CouponIssuer port, and the console's own. */
export class CouponIssuing implements CouponIssuer {
  private readonly db: Db;
  private readonly config: Config;
  private readonly catalogue: CouponCatalogue;
  private lastValidity: { key: string; until: Date } | undefined;

  constructor(deps: { db: Db; config: Config; catalogue: CouponCatalogue }) {
    this.db = deps.db;
    this.config = deps.config;
    this.catalogue = deps.catalogue;
  }

  templateName(templateId: number, lang: Lang = 'zh-TW'): string {
    return this.catalogue.templateName(templateId, lang);
  }

  describeTemplate(templateId: number, lang: Lang) {
    return this.catalogue.describe(templateId, lang);
  }

  /** Validity of a coupon issued now: fixed dates, or N days to the end of the brand-local day. */
  validityFor(t: CouponTemplateRow, now: Date): { validFrom: Date; validUntil: Date } {
    if (t.validity.type === 'fixed') return { validFrom: new Date(t.validity.from), validUntil: new Date(t.validity.until) };
    // No expiry (a paid 禮券): a far-future instant, so every validUntil comparison keeps working (shared/coupons/validity.ts).
    if (t.validity.type === 'none') return { validFrom: now, validUntil: NO_EXPIRY_UNTIL };
    // A pass runs `periodDays` brand days counting the day it is issued (30 days: today and 29 more).
    if (t.pass) return { validFrom: now, validUntil: zonedTime(addDays(localDate(now, this.config.brandTimezone), t.pass.periodDays), 0, this.config.brandTimezone) };
    // Bulk jobs issue thousands at one `now`: the time-zone arithmetic is done once per template.
    const key = `${t.id}:${t.validity.days}:${now.getTime()}`;
    if (this.lastValidity?.key !== key) {
      const lastDay = localDate(new Date(now.getTime() + t.validity.days * 86_400_000), this.config.brandTimezone);
      this.lastValidity = { key, until: zonedTime(lastDay, 24 * 60, this.config.brandTimezone) };
    }
    return { validFrom: now, validUntil: this.lastValidity.until };
  }

  /** Inserts the coupon under a fresh code of the template's pattern, trying again on a clash; undefined when every try clashed. */
  private insertWithFreshCode(tx: DbOrTx, t: CouponTemplateRow, row: NewCoupon): CouponRow | undefined {
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt += 1) {
      try {
        return insertCoupon(tx, { ...row, code: generateCode(t.codePattern, secureIndex) });
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'CODE_TAKEN')) throw error;
      }
    }
    return undefined;
  }

  issueInTx(tx: DbOrTx, req: IssueRequest): IssuedCoupon {
    const now = req.now ?? new Date();
    const t = findTemplateById(tx, req.templateId);
    if (!t || t.status !== 'active') throw new AppError('NOT_FOUND', { message: '這個票券已下架', messageEn: 'This coupon is no longer offered' });
    if (t.perMemberLimit !== null && countMemberCoupons(tx, t.id, req.memberId) >= t.perMemberLimit) throw new AppError('MEMBER_LIMIT_REACHED');
    if (!takeStock(tx, t.id)) throw new AppError('OUT_OF_STOCK');
    const { validFrom, validUntil } = this.validityFor(t, now);
    const row: NewCoupon = { templateId: t.id, memberId: req.memberId, usesTotal: t.usesPerCoupon, usesLeft: t.usesPerCoupon, validFrom, validUntil, source: req.source, sourceRef: req.sourceRef ?? null, issuedAt: now, updatedAt: now };
    let coupon: CouponRow | undefined;
    if (t.codeMode === 'imported') {
      const taken = takeImportedCode(tx, t.id);
      if (!taken) throw new AppError('OUT_OF_STOCK', { message: '合作券號已發完', messageEn: 'The imported codes are used up' });
      coupon = insertCoupon(tx, { ...row, code: taken.code });
      bindImportedCode(tx, taken.id, coupon.id);
    } else {
      coupon = this.insertWithFreshCode(tx, t, row);
      if (!coupon) throw new AppError('INTERNAL', { message: '券號產生失敗，請稍後再試', messageEn: 'Could not generate a unique code' });
    }
    const actor = actorRef(req.actor);
    insertCouponEvent(tx, { couponId: coupon.id, type: 'issued', at: now, actorKind: actor.kind, actorId: actor.id, details: { source: req.source, sourceRef: req.sourceRef ?? null } });
    if (req.notify !== false) {
      notify(tx, { memberId: req.memberId, kind: 'coupon_received', variables: { couponName: bilingual(t.name, t.nameEn), ...(isNoExpiry(validUntil) ? {} : { expiresAt: lastValidInstant(validUntil) }), ...this.receivedExtras(t) }, ...(req.priority ? { priority: req.priority } : {}) });
    }
    publish(tx, { type: 'coupon.issued', couponId: coupon.id, templateId: t.id, memberId: req.memberId, source: req.source, sourceRef: req.sourceRef ?? null, validUntil, actor, at: now });
    const issued = coupon as IssuedCoupon;
    issued.templateName = t.name;
    return issued;
  }

  /** The received notice's optional variables: what the coupon gives and the stores it is limited to. */
  private receivedExtras(t: CouponTemplateRow): Record<string, unknown> {
    const rules = rulesOf(t);
    const stores = t.storeIds?.map((id) => this.catalogue.storeName(id)).join('、');
    return { couponSummary: bilingual(summarizeRules(rules, 'zh-TW'), summarizeRules(rules, 'en')), ...(stores ? { storeNames: stores } : {}) };
  }

  issueBatchInTx(tx: DbOrTx, items: { templateId: number; quantity: number }[], memberIds: number[], req: BatchRequest): Map<number, IssuedCoupon[]> | null {
    const BatchRefused = Symbol('batch refused');
    try {
      return transact(tx, (sp) => {
        const templates = items.map((item) => {
          const t = findTemplateById(sp, item.templateId);
          if (!t || t.status !== 'active' || t.perMemberLimit !== null || t.codeMode !== 'pattern') throw BatchRefused;
          if (!takeStock(sp, t.id, item.quantity * memberIds.length)) throw BatchRefused;
          return { t, quantity: item.quantity, validity: this.validityFor(t, req.now) };
        });
        const out = new Map<number, IssuedCoupon[]>();
        const actor = actorRef(req.actor);
        for (const memberId of memberIds) {
          const issued: IssuedCoupon[] = [];
          for (const { t, quantity, validity } of templates) {
            for (let i = 0; i < quantity; i += 1) {
              const coupon = this.insertWithFreshCode(sp, t, { templateId: t.id, memberId, usesTotal: t.usesPerCoupon, usesLeft: t.usesPerCoupon, validFrom: validity.validFrom, validUntil: validity.validUntil, source: req.source, sourceRef: req.sourceRef, issuedAt: req.now, updatedAt: req.now });
              if (!coupon) throw BatchRefused;
              insertCouponEvent(sp, { couponId: coupon.id, type: 'issued', at: req.now, actorKind: actor.kind, actorId: actor.id, details: { source: req.source, sourceRef: req.sourceRef } });
              publish(sp, { type: 'coupon.issued', couponId: coupon.id, templateId: t.id, memberId, source: req.source, sourceRef: req.sourceRef, validUntil: validity.validUntil, actor, at: req.now });
              (coupon as IssuedCoupon).templateName = t.name;
              issued.push(coupon as IssuedCoupon);
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
  issueToMobile(caller: Actor | undefined, templateId: number, mobileInput: string, lang: Lang): z.infer<typeof ZConsoleCoupon> {
    const actor = requireAdmin(caller);
    const mobile = normalizeMobile(mobileInput);
    if (!mobile.ok) throw new AppError('MOBILE_INVALID', { field: 'mobile' });
    const member = findMemberByMobile(this.db, mobile.e164);
    if (!member) throw new AppError('MEMBER_NOT_FOUND', { message: '找不到使用這個手機號碼的會員', messageEn: 'No member has that mobile number', field: 'mobile' });
    const coupon = transact(this.db, (tx) => {
      const issued = this.issueInTx(tx, { templateId, memberId: member.id, source: 'admin', actor });
      writeAudit(tx, actor, { action: 'coupon.issue', targetType: 'coupon', targetId: issued.id, targetName: issued.code, memberId: member.id, details: { templateId, memberId: member.id, memberName: member.name ?? member.displayName, code: issued.code } });
      // The console shows the template's issued count next.
      this.catalogue.forgetAfterCommit(tx, templateId);
      return issued;
    });
    return presentConsoleCoupon(this.catalogue.couponView(coupon, lang), { id: coupon.memberId, name: member.name ?? member.displayName });
  }

  voidCoupon(caller: Actor | undefined, couponId: number, reason: string, lang: Lang): TCouponView {
    const actor = requireAdmin(caller);
    const coupon = transact(this.db, (tx) => {
      const existing = findCouponById(tx, couponId);
      if (!existing) throw new AppError('COUPON_NOT_FOUND');
      if (existing.status === 'voided') return existing;
      const now = new Date();
      const updated = markCouponVoided(tx, couponId, now)!;
      insertCouponEvent(tx, { couponId, type: 'voided', at: now, actorKind: 'member', actorId: String(actor.memberId), details: { reason } });
      writeAudit(tx, actor, { action: 'coupon.void', targetType: 'coupon', targetId: couponId, targetName: existing.code, memberId: existing.memberId, details: { reason, code: existing.code, diff: [{ field: 'status', before: existing.status, after: 'voided' }] } });
      publish(tx, { type: 'coupon.voided', couponId, templateId: existing.templateId, memberId: existing.memberId, reason, actor: actorRef(actor), at: now });
      return updated;
    });
    return this.catalogue.couponView(coupon, lang);
  }

  voidUnusedInTx(tx: DbOrTx, couponId: number, reason: string, actor: Actor): boolean {
    return this.voidInTx(tx, couponId, (now) => markUnusedCouponVoided(tx, couponId, now), { reason, actor });
  }

  voidForRefundInTx(tx: DbOrTx, req: { couponId: number; memberId: number; usesLeft: number; reason: string; actor: Actor }): boolean {
    return this.voidInTx(tx, req.couponId, (now) => markCouponVoidedIfUnchanged(tx, { id: req.couponId, memberId: req.memberId, usesLeft: req.usesLeft, now }), { reason: req.reason, actor: req.actor, uses: req.usesLeft });
  }

  /** Voids a coupon when `mark` (its conditional update) takes: the ledger's `voided` entry and `coupon.voided`. */
  private voidInTx(tx: DbOrTx, couponId: number, mark: (now: Date) => boolean, how: { reason: string; actor: Actor; uses?: number }): boolean {
    const existing = findCouponById(tx, couponId);
    if (!existing) return false;
    const now = new Date();
    if (!mark(now)) return false;
    const by = actorRef(how.actor);
    insertCouponEvent(tx, { couponId, type: 'voided', at: now, ...(how.uses === undefined ? {} : { uses: how.uses }), actorKind: by.kind, actorId: by.id, details: { reason: how.reason } });
    publish(tx, { type: 'coupon.voided', couponId, templateId: existing.templateId, memberId: existing.memberId, reason: how.reason, actor: by, at: now });
    return true;
  }

  /** Console: issued coupons, newest first, by template or member. */
  listCoupons(caller: Actor | undefined, filter: CouponListFilter & { page: number; pageSize: number }, lang: Lang) {
    requireAdmin(caller);
    const { rows, total } = listCoupons(this.db, filter, filter.page, filter.pageSize);
    return { items: rows.map((r) => presentConsoleCoupon(this.catalogue.couponView(r.coupon, lang), { id: r.coupon.memberId, name: r.memberName ?? r.memberDisplayName })), total };
  }
}

/**
 * A coupon's `validUntil` is the first instant it no longer works (00:00 the day after its last
 * day); a message names the last day it does, as the wallet shows it.
 */
function lastValidInstant(validUntil: Date): string {
  return new Date(validUntil.getTime() - 1).toISOString();
}
