import type { CouponUnit } from '../../../../shared/coupons/units.ts';
import type { TFunction } from 'i18next';
import { validatePattern, type CodePattern } from '../../../../shared/coupons/codes.ts';
import { localizeIssue } from '../../lib/forms.ts';
import { type CouponKind, type TCouponTemplateInput, type TCouponTemplateView } from './api.ts';
import { isoToLocalInput, localInputFromNow, localInputToIso } from '../../lib/dates.ts';
import { type Language as Lang } from '../../i18n/index.ts';

/**
 * What the form edits: strings for number inputs (so a half-typed value stays on screen),
 * turned into the contract's input only when checked or sent.
 */
export interface Draft {
  name: string;
  terms: string;
  nameEn: string;
  termsEn: string;
  imageUrl: string;
  color: string;
  kind: CouponKind;
  amountOff: string;
  percentOff: string;
  maxDiscount: string;
  exchangeName: string;
  exchangeSku: string;
  scopeType: 'order' | 'items';
  skus: string[];
  categories: string[];
  minSpend: string;
  storesMode: 'all' | 'some';
  storeIds: number[];
  /** Empty: every day. */
  weekdays: number[];
  /** Empty: all day. */
  timeWindows: { start: string; end: string }[];
  validityType: 'fixed' | 'relative' | 'none';
  validFrom: string;
  validUntil: string;
  validDays: string;
  usesPerCoupon: string;
  /** What one use is called (寄杯: cup → 「剩 7 杯」). */
  unit: CouponUnit;
  /** A subscription pass (訂閱方案): `passDays` days from issue, `passPerDay` uses each brand day. */
  passEnabled: boolean;
  passDays: string;
  passPerDay: string;
  transferable: boolean;
  /** Gifts (console/transfers): part of a multi-use coupon may be given; how many times one coupon may be given on. */
  allowPartialTransfer: boolean;
  maxTransfers: string;
  /** Show the static code and its barcode on the member's screen too (a partner's POS that reads only those). */
  showStaticCode: boolean;
  totalStock: string;
  perMemberLimit: string;
  codeMode: 'pattern' | 'imported';
  prefix: string;
  charset: CodePattern['charset'];
  length: string;
  suffix: string;
}

export const DEFAULT_COLOR = '#06C755';

export function emptyDraft(timeZone: string): Draft {
  return {
    name: '',
    terms: '',
    nameEn: '',
    termsEn: '',
    imageUrl: '',
    color: DEFAULT_COLOR,
    kind: 'amount_off',
    amountOff: '',
    percentOff: '',
    maxDiscount: '',
    exchangeName: '',
    exchangeSku: '',
    scopeType: 'order',
    skus: [],
    categories: [],
    minSpend: '',
    storesMode: 'all',
    storeIds: [],
    weekdays: [],
    timeWindows: [],
    validityType: 'relative',
    validFrom: localInputFromNow(0, timeZone, '00:00'),
    validUntil: localInputFromNow(30, timeZone, '23:59'),
    validDays: '30',
    usesPerCoupon: '1',
    unit: 'use',
    passEnabled: false,
    passDays: '30',
    passPerDay: '1',
    transferable: false,
    allowPartialTransfer: false,
    maxTransfers: '1',
    showStaticCode: false,
    totalStock: '',
    perMemberLimit: '',
    codeMode: 'pattern',
    prefix: '',
    charset: 'alnum',
    length: '10',
    suffix: '',
  };
}

const str = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function draftFromView(view: TCouponTemplateView, timeZone: string): Draft {
  const base = emptyDraft(timeZone);
  return {
    name: view.name,
    terms: view.terms,
    nameEn: view.nameEn ?? '',
    termsEn: view.termsEn ?? '',
    imageUrl: view.imageUrl ?? '',
    color: view.color,
    kind: view.kind,
    amountOff: str(view.amountOff),
    percentOff: str(view.percentOff),
    maxDiscount: str(view.maxDiscount),
    exchangeName: view.exchangeItem?.name ?? '',
    exchangeSku: view.exchangeItem?.sku ?? '',
    scopeType: view.scope.type,
    skus: view.scope.type === 'items' ? [...view.scope.skus] : [],
    categories: view.scope.type === 'items' ? [...view.scope.categories] : [],
    minSpend: view.minSpend > 0 ? String(view.minSpend) : '',
    storesMode: view.storeIds === null ? 'all' : 'some',
    storeIds: view.storeIds ? [...view.storeIds] : [],
    weekdays: view.weekdays ? [...view.weekdays] : [],
    timeWindows: view.timeWindows ? view.timeWindows.map((w) => ({ ...w })) : [],
    validityType: view.validity.type,
    validFrom: view.validity.type === 'fixed' ? isoToLocalInput(view.validity.from, timeZone) : base.validFrom,
    validUntil: view.validity.type === 'fixed' ? isoToLocalInput(view.validity.until, timeZone) : base.validUntil,
    validDays: view.validity.type === 'relative' ? String(view.validity.days) : base.validDays,
    usesPerCoupon: String(view.usesPerCoupon),
    unit: view.unit,
    passEnabled: view.pass !== null,
    passDays: String(view.pass?.periodDays ?? 30),
    passPerDay: String(view.pass?.usesPerDay ?? 1),
    transferable: view.transferable,
    allowPartialTransfer: view.allowPartialTransfer,
    maxTransfers: String(view.maxTransfers),
    showStaticCode: view.showStaticCode,
    totalStock: str(view.totalStock),
    perMemberLimit: str(view.perMemberLimit),
    codeMode: view.codeMode,
    prefix: view.codePattern.prefix,
    charset: view.codePattern.charset,
    length: String(view.codePattern.length),
    suffix: view.codePattern.suffix,
  };
}

/** The stored rules, exactly as the server holds them (a locked template must send them unchanged). */
export function inputFromView(view: TCouponTemplateView): TCouponTemplateInput {
  return {
    name: view.name,
    terms: view.terms,
    nameEn: view.nameEn,
    termsEn: view.termsEn,
    kind: view.kind,
    amountOff: view.amountOff,
    percentOff: view.percentOff,
    maxDiscount: view.maxDiscount,
    exchangeItem: view.exchangeItem,
    scope: view.scope,
    minSpend: view.minSpend,
    storeIds: view.storeIds,
    weekdays: view.weekdays,
    timeWindows: view.timeWindows,
    validity: view.validity,
    // A pass's uses follow from its days (the server works them out).
    usesPerCoupon: view.pass ? 1 : view.usesPerCoupon,
    unit: view.unit,
    pass: view.pass,
    transferable: view.transferable,
    allowPartialTransfer: view.allowPartialTransfer,
    maxTransfers: view.maxTransfers,
    showStaticCode: view.showStaticCode,
    totalStock: view.totalStock,
    perMemberLimit: view.perMemberLimit,
    codeMode: view.codeMode,
    codePattern: view.codePattern,
    imageUrl: view.imageUrl,
    color: view.color,
  };
}

/** '' → null; anything else → a number (NaN when it is not one, which the schema refuses). */
function num(value: string): number | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : Number(trimmed);
}

export function patternOf(draft: Draft): CodePattern {
  return { prefix: draft.prefix.trim().toUpperCase(), charset: draft.charset, length: Number(draft.length) || 0, suffix: draft.suffix.trim().toUpperCase() };
}

/** The contract's input for a draft. Fixed dates the person did not touch keep their stored form. */
export function toInput(draft: Draft, timeZone: string, view?: TCouponTemplateView): TCouponTemplateInput {
  const cosmetic = {
    name: draft.name,
    terms: draft.terms,
    nameEn: draft.nameEn.trim() || null,
    termsEn: draft.termsEn.trim() || null,
    imageUrl: draft.imageUrl.trim() === '' ? null : draft.imageUrl.trim(),
    color: draft.color,
    totalStock: num(draft.totalStock),
    perMemberLimit: num(draft.perMemberLimit),
    // Gift settings say who may hold a coupon, not what it is worth: the server takes them on a locked template too.
    transferable: draft.transferable,
    allowPartialTransfer: draft.transferable && draft.allowPartialTransfer,
    maxTransfers: num(draft.maxTransfers) ?? 1,
    // What the member's screen shows, not what the coupon is worth: editable after issue.
    showStaticCode: draft.showStaticCode,
  };
  // Rules of a locked template are not editable: send them as stored, so nothing "changes".
  if (view?.isLocked) return { ...inputFromView(view), ...cosmetic };

  const keep = (local: string, stored: string | undefined) => (stored !== undefined && isoToLocalInput(stored, timeZone) === local ? stored : (localInputToIso(local, timeZone) ?? local));
  const storedFixed = view?.validity.type === 'fixed' ? view.validity : undefined;
  return {
    ...cosmetic,
    kind: draft.kind,
    amountOff: draft.kind === 'amount_off' ? num(draft.amountOff) : null,
    percentOff: draft.kind === 'percent_off' ? num(draft.percentOff) : null,
    maxDiscount: draft.kind === 'percent_off' ? num(draft.maxDiscount) : null,
    exchangeItem: draft.kind === 'exchange' && draft.exchangeName.trim() ? { name: draft.exchangeName, sku: draft.exchangeSku.trim() || null } : null,
    scope: draft.scopeType === 'order' ? { type: 'order' } : { type: 'items', skus: draft.skus, categories: draft.categories },
    minSpend: num(draft.minSpend) ?? 0,
    storeIds: draft.storesMode === 'all' ? null : [...draft.storeIds].sort((a, b) => a - b),
    weekdays: draft.weekdays.length ? [...draft.weekdays].sort((a, b) => a - b) : null,
    timeWindows: draft.timeWindows.length ? draft.timeWindows.map((w) => ({ start: w.start, end: w.end })) : null,
    validity: draft.passEnabled
      ? { type: 'relative', days: num(draft.passDays) as number }
      : draft.validityType === 'fixed'
        ? { type: 'fixed', from: keep(draft.validFrom, storedFixed?.from), until: keep(draft.validUntil, storedFixed?.until) }
        : draft.validityType === 'none'
          ? { type: 'none' }
          : { type: 'relative', days: num(draft.validDays) as number },
    usesPerCoupon: draft.passEnabled ? 1 : (num(draft.usesPerCoupon) as number),
    unit: draft.unit,
    pass: draft.passEnabled ? { periodDays: num(draft.passDays) as number, usesPerDay: num(draft.passPerDay) as number } : null,
    transferable: draft.transferable,
    allowPartialTransfer: draft.transferable && draft.allowPartialTransfer,
    maxTransfers: num(draft.maxTransfers) ?? 1,
    codeMode: draft.codeMode,
    codePattern: patternOf(draft),
  };
}

/** A field path from the schema or the server ("timeWindows.0.start") → the form control that shows it. */
export function fieldKey(path: string): string {
  if (path === 'exchangeItem' || path.startsWith('exchangeItem.name')) return 'exchangeItem.name';
  if (path.startsWith('exchangeItem.sku')) return 'exchangeItem.sku';
  const window = /^timeWindows\.(\d+)/.exec(path);
  if (window) return `timeWindows.${window[1]}`;
  if (path.startsWith('codePattern.')) return path.split('.').slice(0, 2).join('.');
  if (path.startsWith('validity.')) return path.split('.').slice(0, 2).join('.');
  return path.split('.')[0] ?? path;
}

/** Form controls, top to bottom: the first invalid one gets the focus. */
export const FIELD_ORDER = [
  'name',
  'terms',
  'imageUrl',
  'color',
  'kind',
  'amountOff',
  'percentOff',
  'maxDiscount',
  'exchangeItem.name',
  'exchangeItem.sku',
  'scope',
  'minSpend',
  'storeIds',
  'weekdays',
  'timeWindows.0',
  'timeWindows.1',
  'timeWindows.2',
  'timeWindows.3',
  'timeWindows.4',
  'timeWindows.5',
  'timeWindows',
  'validity.from',
  'validity.until',
  'validity.days',
  'validity',
  'usesPerCoupon',
  'transferable',
  'allowPartialTransfer',
  'maxTransfers',
  'totalStock',
  'perMemberLimit',
  'codeMode',
  'codePattern.prefix',
  'codePattern.charset',
  'codePattern.length',
  'codePattern.suffix',
] as const;

interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { code: string; path: PropertyKey[]; message: string }[] } };
}

export type Errors = Record<string, string>;

/**
 * Everything the server would refuse, said before sending: the contract's schema, the code-space
 * check, plus what the schema lets through but no marketer means (a store list with no store).
 */
export function checkDraft(
  draft: Draft,
  input: TCouponTemplateInput,
  options: { schema: SafeParser | undefined; lang: Lang; locked: boolean; issued: number; t: TFunction },
): Errors {
  const errors: Errors = {};
  const add = (key: string, message: string) => {
    if (!errors[key]) errors[key] = message;
  };
  if (!options.locked) {
    if (draft.validityType === 'fixed') {
      if (!draft.validFrom) add('validity.from', options.t('cpn.form.dateRequired'));
      if (!draft.validUntil) add('validity.until', options.t('cpn.form.dateRequired'));
    }
    if (draft.storesMode === 'some' && draft.storeIds.length === 0) add('storeIds', options.t('cpn.form.storesRequired'));
    draft.timeWindows.forEach((w, i) => {
      if (!w.start || !w.end) add(`timeWindows.${i}`, options.t('cpn.form.timeRequired'));
    });
  }
  if (typeof input.totalStock === 'number' && input.totalStock < options.issued) add('totalStock', options.t('cpn.form.stockBelowIssued', { count: options.issued }));
  const result = options.schema?.safeParse(input);
  if (result && !result.success) {
    for (const issue of result.error.issues) add(fieldKey(issue.path.map(String).join('.')), localizeIssue(issue));
  }
  if (input.codeMode === 'pattern' && input.codePattern) {
    for (const problem of validatePattern(patternOf(draft), input.totalStock ?? null)) {
      // On a locked template only the stock can change, so that is where a too-small code space shows.
      add(options.locked && problem.field === 'codePattern.length' ? 'totalStock' : problem.field, problem.message[options.lang]);
    }
  }
  return errors;
}

export function firstErrorKey(errors: Errors): string | undefined {
  const keys = Object.keys(errors);
  return FIELD_ORDER.find((k) => keys.includes(k)) ?? keys[0];
}
