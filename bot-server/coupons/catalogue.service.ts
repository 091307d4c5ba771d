import type { z } from 'zod';
import { englishOrNull, localized } from '../../shared/i18n/localized.ts';
import type { TCouponTemplateView, TCouponView, ZCouponTemplateInput } from '../../shared/api/coupons.ts';
import { validatePattern } from '../../shared/coupons/codes.ts';
import type { Lang } from '../../shared/coupons/rules.ts';
import { summarizeRules } from '../../shared/coupons/summary.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin, type StoreDirectory } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import { afterCommit, transact, type Db, type DbOrTx } from '../db/client.ts';
import { listStores, type StoreRow } from '../stores/store.repo.ts';
import { countFreeImportedCodes, findTemplateById, insertTemplate, listTemplates, updateTemplateRow, type CouponRow, type CouponTemplateRow } from './coupon.repo.ts';
import { passDay, passTotalUses } from '../../shared/coupons/pass.ts';
import { passUsesOn } from './pass.repo.ts';
import { presentCoupon, presentTemplate, rulesOf } from './presenters.ts';

type TemplateInput = z.output<typeof ZCouponTemplateInput>;

/** How long a process trusts its copy of a template or the store list (other processes write too). */
const CACHE_MS = 5000;

/**
 * The coupon catalogue: templates (the console edits them) and the reference data every coupon
 * path reads on each request — templates and store names — cached here for a few seconds.
 */
export class CouponCatalogue implements StoreDirectory {
  private readonly db: Db;
  /** The brand's time zone: a pass's days are brand days. */
  readonly timeZone: string;
  private readonly templates = new Map<number, { row: CouponTemplateRow; at: number }>();
  private storeCache: { rows: StoreRow[]; at: number } | undefined;

  constructor(deps: { db: Db; timeZone?: string }) {
    this.db = deps.db;
    this.timeZone = deps.timeZone ?? 'Asia/Taipei';
  }

  // ── reference data (cached) ────────────────────────────────────────────────────────
  stores(): StoreRow[] {
    if (!this.storeCache || Date.now() - this.storeCache.at > CACHE_MS) this.storeCache = { rows: listStores(this.db), at: Date.now() };
    return this.storeCache.rows;
  }

  hasStore(storeId: number): boolean {
    return this.stores().some((s) => s.id === storeId);
  }

  storeName = (storeId: number, lang: Lang = 'zh-TW'): string => {
    const store = this.stores().find((s) => s.id === storeId);
    return store ? localized(store.name, store.nameEn, lang) : `#${storeId}`;
  };

  /** A template as of a few seconds ago; NOT_FOUND when there is none. */
  template(id: number): CouponTemplateRow {
    const cached = this.templates.get(id);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.row;
    const row = findTemplateById(this.db, id);
    if (!row) throw new AppError('NOT_FOUND', { message: '找不到這個票券範本', messageEn: 'No such coupon template' });
    this.templates.set(id, { row, at: Date.now() });
    return row;
  }

  /** A template's name for messages (cached, like the template). */
  templateName(id: number, lang: Lang = 'zh-TW'): string {
    const t = this.template(id);
    return localized(t.name, t.nameEn, lang);
  }

  /** Drops this process's copy of a template once `tx` commits (its stock or rules changed). */
  forgetAfterCommit(tx: DbOrTx, templateId: number): void {
    afterCommit(tx, () => this.templates.delete(templateId));
  }

  /** Name, colour and rule summary, read now, for other domains' views (a campaign's offer, a bundle's items). */
  describe(id: number, lang: Lang): { id: number; name: string; color: string; summary: string; kind: CouponTemplateRow['kind'] } | undefined {
    const t = findTemplateById(this.db, id);
    return t ? { id: t.id, name: localized(t.name, t.nameEn, lang), color: t.color, summary: summarizeRules(rulesOf(t), lang), kind: t.kind } : undefined;
  }

  /** A coupon as its owner or the counter sees it, with its (cached) template and store names. */
  couponView(c: CouponRow, lang: Lang, now: Date = new Date()): TCouponView {
    const t = this.template(c.templateId);
    const passFacts = t.pass ? { timeZone: this.timeZone, usesToday: passUsesOn(this.db, c.id, passDay(now, this.timeZone)) } : undefined;
    return presentCoupon(c, t, lang, this.storeName, passFacts);
  }

  /** A pass's uses still allowed today (brand day); undefined for other coupons. */
  dayUsesLeft(c: CouponRow, now: Date, db: DbOrTx = this.db): number | undefined {
    const t = this.template(c.templateId);
    if (!t.pass) return undefined;
    return t.pass.usesPerDay - passUsesOn(db, c.id, passDay(now, this.timeZone));
  }

  // ── templates (console) ────────────────────────────────────────────────────────────
  present(t: CouponTemplateRow, lang: Lang): TCouponTemplateView {
    return presentTemplate(t, lang, t.codeMode === 'imported' ? countFreeImportedCodes(this.db, t.id) : null);
  }

  list(caller: Actor | undefined, lang: Lang): TCouponTemplateView[] {
    requireAdmin(caller);
    return listTemplates(this.db).map((t) => this.present(t, lang));
  }

  get(caller: Actor | undefined, id: number, lang: Lang): TCouponTemplateView {
    requireAdmin(caller);
    return this.present(this.template(id), lang);
  }

  create(caller: Actor | undefined, input: TemplateInput, lang: Lang): TCouponTemplateView {
    const actor = requireAdmin(caller);
    this.check(input);
    const row = transact(this.db, (tx) => {
      const created = insertTemplate(tx, columnsOf(input));
      writeAudit(tx, actor, { action: 'coupon_template.create', targetType: 'coupon_template', targetId: created.id, targetName: created.name, details: { name: created.name } });
      return created;
    });
    return this.present(row, lang);
  }

  /** Rules can change only while no coupon was issued; name, terms, image, colour and stock always. */
  update(caller: Actor | undefined, id: number, input: TemplateInput, lang: Lang): TCouponTemplateView {
    const actor = requireAdmin(caller);
    this.check(input);
    const row = transact(this.db, (tx) => {
      const existing = findTemplateById(tx, id);
      if (!existing) throw new AppError('NOT_FOUND', { message: '找不到這個票券範本', messageEn: 'No such coupon template' });
      const columns = columnsOf(input);
      if (existing.issuedCount > 0) {
        // Gift settings change who may hold a coupon, not what it is worth: they stay editable.
        const cosmetic = new Set(['name', 'terms', 'imageUrl', 'color', 'totalStock', 'perMemberLimit', 'transferable', 'allowPartialTransfer', 'maxTransfers', 'showStaticCode', 'unit']);
        const changed = Object.entries(columns).filter(([k, v]) => !cosmetic.has(k) && JSON.stringify(v) !== JSON.stringify(existing[k as keyof CouponTemplateRow]));
        if (changed.length > 0) throw new AppError('TEMPLATE_LOCKED', { details: { fields: changed.map(([k]) => k) } });
        if (columns.totalStock !== null && columns.totalStock < existing.issuedCount) {
          throw new AppError('VALIDATION_FAILED', { message: `totalStock: 已發出 ${existing.issuedCount} 張，庫存不可少於此數`, messageEn: `totalStock: ${existing.issuedCount} already issued`, field: 'totalStock' });
        }
      }
      const updated = updateTemplateRow(tx, id, columns)!;
      const diff = Object.keys(columns).flatMap((field) => {
        const before = existing[field as keyof CouponTemplateRow] ?? null;
        const after = updated[field as keyof CouponTemplateRow] ?? null;
        return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field, before, after }];
      });
      writeAudit(tx, actor, { action: 'coupon_template.update', targetType: 'coupon_template', targetId: id, targetName: updated.name, details: { name: updated.name, diff } });
      this.forgetAfterCommit(tx, id);
      return updated;
    });
    return this.present(row, lang);
  }

  archive(caller: Actor | undefined, id: number, lang: Lang): TCouponTemplateView {
    const actor = requireAdmin(caller);
    const row = transact(this.db, (tx) => {
      const updated = updateTemplateRow(tx, id, { status: 'archived' });
      if (!updated) throw new AppError('NOT_FOUND');
      writeAudit(tx, actor, { action: 'coupon_template.archive', targetType: 'coupon_template', targetId: id, targetName: updated.name, details: { name: updated.name } });
      this.forgetAfterCommit(tx, id);
      return updated;
    });
    return this.present(row, lang);
  }

  private check(input: TemplateInput): void {
    if (input.codeMode === 'pattern') {
      const problems = validatePattern(input.codePattern, input.totalStock);
      if (problems.length > 0) {
        const p = problems[0]!;
        throw new AppError('VALIDATION_FAILED', { message: `${p.field}: ${p.message['zh-TW']}`, messageEn: `${p.field}: ${p.message.en}`, field: p.field });
      }
    }
    if (input.storeIds) {
      let known = new Set(this.stores().map((s) => s.id));
      if (input.storeIds.some((id) => !known.has(id))) {
        // A store created a moment ago is not in the cached list yet: read it again before refusing.
        this.storeCache = undefined;
        known = new Set(this.stores().map((s) => s.id));
      }
      if (input.storeIds.some((id) => !known.has(id))) throw new AppError('VALIDATION_FAILED', { message: 'storeIds: 有門市不存在', messageEn: 'storeIds: unknown store', field: 'storeIds' });
    }
  }
}

function columnsOf(input: TemplateInput) {
  return {
    name: input.name,
    terms: input.terms,
    nameEn: englishOrNull(input.nameEn),
    termsEn: englishOrNull(input.termsEn),
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
    // A pass carries its days' allowance in all and runs its period from issue.
    validity: input.pass ? { type: 'relative' as const, days: input.pass.periodDays } : input.validity,
    usesPerCoupon: input.pass ? passTotalUses(input.pass) : input.usesPerCoupon,
    unit: input.unit,
    pass: input.pass,
    transferable: input.transferable,
    allowPartialTransfer: input.allowPartialTransfer,
    maxTransfers: input.maxTransfers,
    totalStock: input.totalStock,
    perMemberLimit: input.perMemberLimit,
    codeMode: input.codeMode,
    codePattern: input.codePattern,
    showStaticCode: input.showStaticCode,
    imageUrl: input.imageUrl,
    color: input.color,
  };
}
