import type { z } from 'zod';
import type { TCouponTemplateView, TCouponView, TRedemptionView, TVerdictView, ZConsoleCoupon } from '../../shared/api/coupons.ts';
import { describeRejection, type CouponRules, type Lang, type Verdict } from '../../shared/coupons/rules.ts';
import { summarizeRules } from '../../shared/coupons/summary.ts';
import { passLastDay, passUntilText } from '../../shared/coupons/pass.ts';
import { unitsLeftText, unitWord, type CouponUnit } from '../../shared/coupons/units.ts';
import { localized } from '../../shared/i18n/localized.ts';
import type { CouponRow, CouponTemplateRow, RedemptionRow } from './coupon.repo.ts';

/** What leaves the server about coupons: one presenter per view, whitelisting fields. */

/** Staff may undo a scanner redemption for this long (POS keys void theirs at any time). */
export const UNDO_WINDOW_MS = 10 * 60_000;

/** Looks a store's name up (the catalogue's cache), in English when asked and written; `#id` when it is gone. */
export type StoreNames = (storeId: number, lang?: Lang) => string;

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

/** A template in the console; `importedCodesLeft` is counted by the caller for imported-code templates. */
export function presentTemplate(t: CouponTemplateRow, lang: Lang, importedCodesLeft: number | null): TCouponTemplateView {
  return {
    id: t.id,
    name: t.name,
    terms: t.terms,
    nameEn: t.nameEn,
    termsEn: t.termsEn,
    ...rulesOf(t),
    validity: t.validity,
    usesPerCoupon: t.usesPerCoupon,
    unit: t.unit,
    pass: t.pass ?? null,
    transferable: t.transferable,
    allowPartialTransfer: t.allowPartialTransfer,
    maxTransfers: t.maxTransfers,
    totalStock: t.totalStock,
    issuedCount: t.issuedCount,
    perMemberLimit: t.perMemberLimit,
    showStaticCode: t.showStaticCode,
    codeMode: t.codeMode,
    codePattern: t.codePattern,
    importedCodesLeft,
    imageUrl: t.imageUrl,
    color: t.color,
    status: t.status,
    isLocked: t.issuedCount > 0,
    summary: summarizeRules(rulesOf(t), lang),
  };
}

/** What a pass coupon's view needs beyond the row: the brand's time zone and the uses taken today. */
export interface PassFacts {
  timeZone: string;
  usesToday: number;
}

/** A coupon as its owner (the wallet) or the person at the counter sees it. */
export function presentCoupon(c: CouponRow, t: CouponTemplateRow, lang: Lang, storeName: StoreNames, passFacts?: PassFacts): TCouponView {
  const lastDay = t.pass && passFacts ? passLastDay(c.validUntil, passFacts.timeZone) : null;
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
    unit: { key: t.unit, label: unitWord(t.unit, lang, c.usesLeft), usesLeftText: unitsLeftText(t.unit, c.usesLeft, lang) },
    pass:
      t.pass && passFacts && lastDay
        ? { periodDays: t.pass.periodDays, usesPerDay: t.pass.usesPerDay, lastDay, untilText: passUntilText(lastDay, lang), usesLeftToday: Math.max(0, Math.min(c.usesLeft, t.pass.usesPerDay - passFacts.usesToday)) }
        : null,
    template: {
      id: t.id,
      name: localized(t.name, t.nameEn, lang),
      terms: localized(t.terms, t.termsEn, lang),
      kind: t.kind,
      summary: summarizeRules(rulesOf(t), lang),
      imageUrl: t.imageUrl,
      color: t.color,
      transferable: t.transferable,
      allowPartialTransfer: t.allowPartialTransfer,
      minSpend: t.minSpend,
      stores: t.storeIds ? t.storeIds.map((id) => ({ id, name: storeName(id, lang) })) : null,
      weekdays: t.weekdays,
      timeWindows: t.timeWindows,
    },
  };
}

/** A coupon in the console's list: the coupon view and whose it is. */
export function presentConsoleCoupon(view: TCouponView, member: { id: number; name: string }): z.infer<typeof ZConsoleCoupon> {
  return { ...view, member: { id: member.id, name: member.name } };
}

/** The facts a redemption view is made of, however they were read (one row, a join, the redemption just made). */
export interface RedemptionFacts {
  redemption: Pick<RedemptionRow, 'id' | 'couponId' | 'storeId' | 'uses' | 'discount' | 'orderAmount' | 'channel' | 'createdAt' | 'voidedAt'>;
  couponName: string;
  code: string;
  memberName: string;
  storeName: string;
  usesLeft: number;
  /** The template's unit (寄杯: cup). */
  unit: CouponUnit;
}

/** A redemption for the scanner, the POS and today's list; a scanner redemption can be undone for UNDO_WINDOW_MS. */
export function presentRedemption(f: RedemptionFacts): TRedemptionView {
  const r = f.redemption;
  return {
    id: r.id,
    couponId: r.couponId,
    couponName: f.couponName,
    code: f.code,
    memberName: f.memberName,
    storeId: r.storeId,
    storeName: f.storeName,
    uses: r.uses,
    usesLeft: f.usesLeft,
    unit: f.unit,
    discount: r.discount,
    orderAmount: r.orderAmount,
    channel: r.channel,
    createdAt: r.createdAt.toISOString(),
    voidedAt: r.voidedAt ? r.voidedAt.toISOString() : null,
    undoUntil: r.channel === 'scanner' && !r.voidedAt ? new Date(r.createdAt.getTime() + UNDO_WINDOW_MS).toISOString() : null,
  };
}

/** A rule verdict in plain words for the person at the counter. */
export function presentVerdict(v: Verdict, lang: Lang, timeZone: string, storeName: StoreNames): TVerdictView {
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
    message: describeRejection(v, { lang, timeZone, storeName }),
    discount: null,
    needsAmount: v.reason === 'AMOUNT_REQUIRED',
    shortBy: v.reason === 'MIN_SPEND_NOT_MET' ? v.shortBy : null,
  };
}

/** A member's name as staff see it: the registered name, else the LINE display name. */
export function memberNameOf(member: { name: string | null; displayName: string } | undefined): string {
  return member?.name ?? member?.displayName ?? '';
}
