/**
 * The coupon rules: one pure verdict for the wallet, the scanner and the POS API.
 * Money is whole NT$ (integers). Functions return typed results instead of throwing.
 */

export type DiscountKind = 'amount_off' | 'percent_off' | 'exchange';

export type CouponScope = { type: 'order' } | { type: 'items'; skus: string[]; categories: string[] };

export interface TimeWindow {
  /** "HH:MM" brand time; a window with start > end runs past midnight. */
  start: string;
  end: string;
}

export interface CouponRules {
  kind: DiscountKind;
  /** NT$ off, for amount_off. */
  amountOff: number | null;
  /** Percent off, for percent_off: 20 means 8 折 (pay 80%). */
  percentOff: number | null;
  /** The most a percent_off coupon takes off, in NT$ (8 折 up to NT$200). */
  maxDiscount: number | null;
  /** The item an exchange voucher is redeemed for. */
  exchangeItem: { sku: string | null; name: string } | null;
  scope: CouponScope;
  /** The order subtotal (NT$) needed; 0 = none. */
  minSpend: number;
  /** Stores where it may be redeemed; null = every store. */
  storeIds: number[] | null;
  /** Days of the week (0 = Sunday) in brand time; null = every day. */
  weekdays: number[] | null;
  /** Times of day in brand time; null = all day. */
  timeWindows: TimeWindow[] | null;
}

/** `transferring`: held by a pending gift to a friend (轉贈中), not redeemable meanwhile. */
export type CouponStatus = 'active' | 'used' | 'expired' | 'voided' | 'transferring';

export interface CouponState {
  status: CouponStatus;
  usesLeft: number;
  validFrom: Date;
  validUntil: Date;
  /** A subscription pass: uses still allowed today (brand day); undefined for other coupons. */
  dayUsesLeft?: number | undefined;
}

export interface BasketLine {
  sku: string;
  category?: string | undefined;
  /** NT$ per unit. */
  unitPrice: number;
  quantity: number;
}

export interface Basket {
  /** The order subtotal in NT$; derived from the lines when they are given. */
  subtotal?: number | undefined;
  lines?: BasketLine[] | undefined;
}

export type RejectReason =
  | 'VOIDED'
  | 'TRANSFER_PENDING'
  | 'USED_UP'
  | 'USED_TODAY'
  | 'EXPIRED'
  | 'NOT_STARTED'
  | 'WRONG_STORE'
  | 'WRONG_DAY'
  | 'OUTSIDE_TIME_WINDOW'
  | 'MIN_SPEND_NOT_MET'
  | 'NO_ELIGIBLE_ITEMS'
  | 'AMOUNT_REQUIRED';

export type Rejection =
  | { ok: false; reason: 'VOIDED' | 'TRANSFER_PENDING' | 'USED_UP' | 'USED_TODAY' | 'AMOUNT_REQUIRED' | 'NO_ELIGIBLE_ITEMS' }
  | { ok: false; reason: 'EXPIRED'; validUntil: Date }
  | { ok: false; reason: 'NOT_STARTED'; validFrom: Date }
  | { ok: false; reason: 'WRONG_STORE'; allowedStoreIds: number[] }
  | { ok: false; reason: 'WRONG_DAY'; weekdays: number[] }
  | { ok: false; reason: 'OUTSIDE_TIME_WINDOW'; windows: TimeWindow[] }
  | { ok: false; reason: 'MIN_SPEND_NOT_MET'; minSpend: number; subtotal: number; shortBy: number };

export interface LineDiscount {
  sku: string;
  discount: number;
}

export type Verdict =
  | {
      ok: true;
      kind: DiscountKind;
      /** NT$ off; null when the rule needs an amount that was not given (usable, amount unknown). */
      discount: number | null;
      /** The NT$ the discount was computed on (eligible lines or the subtotal). */
      eligibleAmount: number | null;
      lines: LineDiscount[];
      exchangeItem: { sku: string | null; name: string } | null;
    }
  | Rejection;

export interface EvaluateInput {
  rules: CouponRules;
  coupon: CouponState;
  storeId: number | null;
  at: Date;
  timeZone: string;
  basket?: Basket | undefined;
}

const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const clocks = new Map<string, Intl.DateTimeFormat>();

function localClock(at: Date, timeZone: string): { weekday: number; minutes: number } {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: WEEKDAY_INDEX[get('weekday')] ?? 0, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function inWindow(minutes: number, w: TimeWindow): boolean {
  const start = parseClock(w.start);
  const end = parseClock(w.end);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** Whether the coupon can be used here and now, before any basket is looked at. */
export function checkUsable(input: Omit<EvaluateInput, 'basket'>): Rejection | null {
  const { rules, at } = input;
  const state = checkState(input.coupon, at);
  if (state) return state;
  if (rules.storeIds !== null && (input.storeId === null || !rules.storeIds.includes(input.storeId))) {
    return { ok: false, reason: 'WRONG_STORE', allowedStoreIds: rules.storeIds };
  }
  return checkDayAndTime(rules, at, input.timeZone);
}

/** Whether the coupon itself can still be used at `at`: not voided, used up, expired or not yet valid. */
export function checkState(coupon: CouponState, at: Date): { ok: false; reason: 'VOIDED' | 'TRANSFER_PENDING' | 'USED_UP' | 'USED_TODAY' } | Extract<Rejection, { reason: 'EXPIRED' | 'NOT_STARTED' }> | null {
  if (coupon.status === 'voided') return { ok: false, reason: 'VOIDED' };
  if (coupon.status === 'transferring') return { ok: false, reason: 'TRANSFER_PENDING' };
  if (coupon.status === 'used' || coupon.usesLeft <= 0) return { ok: false, reason: 'USED_UP' };
  if (coupon.status === 'expired' || at.getTime() >= coupon.validUntil.getTime()) return { ok: false, reason: 'EXPIRED', validUntil: coupon.validUntil };
  if (at.getTime() < coupon.validFrom.getTime()) return { ok: false, reason: 'NOT_STARTED', validFrom: coupon.validFrom };
  if (coupon.dayUsesLeft !== undefined && coupon.dayUsesLeft <= 0) return { ok: false, reason: 'USED_TODAY' };
  return null;
}

/**
 * Whether the coupon's days of the week and times of day allow it at `at` (brand time): the
 * part of `checkUsable` that the wallet can tell a member before they walk to the counter.
 */
export function checkDayAndTime(rules: Pick<CouponRules, 'weekdays' | 'timeWindows'>, at: Date, timeZone: string): Extract<Rejection, { reason: 'WRONG_DAY' | 'OUTSIDE_TIME_WINDOW' }> | null {
  if (rules.weekdays === null && rules.timeWindows === null) return null;
  const clock = localClock(at, timeZone);
  if (rules.weekdays !== null && !rules.weekdays.includes(clock.weekday)) return { ok: false, reason: 'WRONG_DAY', weekdays: rules.weekdays };
  if (rules.timeWindows !== null && rules.timeWindows.length > 0 && !rules.timeWindows.some((w) => inWindow(clock.minutes, w))) {
    return { ok: false, reason: 'OUTSIDE_TIME_WINDOW', windows: rules.timeWindows };
  }
  return null;
}

function isEligible(line: BasketLine, scope: CouponScope): boolean {
  if (scope.type === 'order') return true;
  return scope.skus.includes(line.sku) || (line.category !== undefined && scope.categories.includes(line.category));
}

function lineTotal(line: BasketLine): number {
  return Math.max(0, Math.round(line.unitPrice)) * Math.max(0, Math.floor(line.quantity));
}

/**
 * Spreads a discount over eligible lines in proportion to their totals (largest remainder),
 * so the per-line figures add up exactly and none exceeds its line.
 */
export function allocate(discount: number, lines: { sku: string; total: number }[]): LineDiscount[] {
  const total = lines.reduce((s, l) => s + l.total, 0);
  if (total <= 0 || discount <= 0) return lines.map((l) => ({ sku: l.sku, discount: 0 }));
  const raw = lines.map((l) => (discount * l.total) / total);
  const floors = raw.map(Math.floor);
  let left = discount - floors.reduce((s, n) => s + n, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (floors[i]! < lines[i]!.total) {
      floors[i]! += 1;
      left -= 1;
    }
  }
  return lines.map((l, i) => ({ sku: l.sku, discount: floors[i]! }));
}

/**
 * Percent discounts round the amount to pay to the nearest NT$ (half up, as a till does):
 * 8 折 on NT$199 → pay NT$159 → NT$40 off. Then the cap applies.
 */
export function percentDiscount(eligible: number, percentOff: number, cap: number | null): number {
  const pay = Math.round((eligible * (100 - percentOff)) / 100);
  const off = eligible - pay;
  return Math.max(0, Math.min(off, cap ?? Number.POSITIVE_INFINITY, eligible));
}

/** The full verdict: usable here and now, and (with a basket) how much comes off which lines. */
export function evaluateCoupon(input: EvaluateInput): Verdict {
  const rejection = checkUsable(input);
  if (rejection) return rejection;
  const { rules, basket } = input;
  // Lines, when given (even none), are the basket; otherwise a bare subtotal, otherwise unknown.
  const hasLines = basket?.lines !== undefined;
  const lines = basket?.lines?.filter((l) => l.quantity > 0) ?? [];
  const subtotal = hasLines ? lines.reduce((s, l) => s + lineTotal(l), 0) : basket?.subtotal !== undefined ? Math.max(0, Math.round(basket.subtotal)) : null;

  if (rules.kind === 'exchange') {
    const sku = rules.exchangeItem?.sku ?? null;
    const match = sku && hasLines ? lines.find((l) => l.sku === sku) : undefined;
    const value = match ? Math.max(0, Math.round(match.unitPrice)) : 0;
    return { ok: true, kind: 'exchange', discount: value, eligibleAmount: match ? value : null, lines: match ? [{ sku: match.sku, discount: value }] : [], exchangeItem: rules.exchangeItem };
  }

  const needsAmount = rules.minSpend > 0 || rules.kind === 'percent_off' || rules.scope.type === 'items';
  if (subtotal === null) {
    if (needsAmount) return { ok: true, kind: rules.kind, discount: null, eligibleAmount: null, lines: [], exchangeItem: null };
    return { ok: true, kind: rules.kind, discount: rules.amountOff ?? 0, eligibleAmount: null, lines: [], exchangeItem: null };
  }
  if (subtotal < rules.minSpend) {
    return { ok: false, reason: 'MIN_SPEND_NOT_MET', minSpend: rules.minSpend, subtotal, shortBy: rules.minSpend - subtotal };
  }
  let eligibleLines: { sku: string; total: number }[] = [];
  let eligible: number;
  if (rules.scope.type === 'items') {
    if (!hasLines) return { ok: false, reason: 'AMOUNT_REQUIRED' };
    eligibleLines = lines.filter((l) => isEligible(l, rules.scope)).map((l) => ({ sku: l.sku, total: lineTotal(l) }));
    eligible = eligibleLines.reduce((s, l) => s + l.total, 0);
    if (eligible <= 0) return { ok: false, reason: 'NO_ELIGIBLE_ITEMS' };
  } else {
    eligible = subtotal;
    eligibleLines = hasLines ? lines.map((l) => ({ sku: l.sku, total: lineTotal(l) })) : [];
  }
  const discount =
    rules.kind === 'amount_off'
      ? Math.max(0, Math.min(rules.amountOff ?? 0, eligible))
      : percentDiscount(eligible, rules.percentOff ?? 0, rules.maxDiscount);
  return { ok: true, kind: rules.kind, discount, eligibleAmount: eligible, lines: allocate(discount, eligibleLines), exchangeItem: null };
}

export type Lang = 'zh-TW' | 'en';

const WEEKDAY_NAMES: Record<Lang, string[]> = {
  'zh-TW': ['週日', '週一', '週二', '週三', '週四', '週五', '週六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

function ntd(n: number): string {
  return `NT$${n.toLocaleString('en-US')}`;
}

function dateText(d: Date, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'zh-TW', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** The verdict in plain words for staff and members: 「差 NT$120 才達滿額」, 「本券限信義店使用」. */
export function describeRejection(r: Rejection, ctx: { lang: Lang; timeZone: string; storeName: (id: number) => string }): string {
  const zh = ctx.lang === 'zh-TW';
  switch (r.reason) {
    case 'VOIDED':
      return zh ? '本券已作廢' : 'This coupon has been voided';
    case 'TRANSFER_PENDING':
      return zh ? '票券轉贈中，無法使用' : 'This coupon is being given as a gift and cannot be used';
    case 'USED_UP':
      return zh ? '本券已使用完畢' : 'This coupon has been used up';
    case 'USED_TODAY':
      return zh ? '今日已使用，明天再來' : 'Already used today. Come back tomorrow';
    case 'EXPIRED':
      return zh ? `本券已於 ${dateText(r.validUntil, ctx.timeZone, ctx.lang)} 過期` : `This coupon expired on ${dateText(r.validUntil, ctx.timeZone, ctx.lang)}`;
    case 'NOT_STARTED':
      return zh ? `本券 ${dateText(r.validFrom, ctx.timeZone, ctx.lang)} 起才能使用` : `This coupon can be used from ${dateText(r.validFrom, ctx.timeZone, ctx.lang)}`;
    case 'WRONG_STORE': {
      const names = r.allowedStoreIds.map(ctx.storeName);
      return zh ? `本券限${names.join('、')}使用` : `Only valid at ${names.join(', ')}`;
    }
    case 'WRONG_DAY': {
      const days = r.weekdays.map((d) => WEEKDAY_NAMES[ctx.lang][d]);
      return zh ? `本券限${days.join('、')}使用` : `Only valid on ${days.join(', ')}`;
    }
    case 'OUTSIDE_TIME_WINDOW': {
      const windows = r.windows.map((w) => `${w.start}–${w.end}`);
      return zh ? `本券限 ${windows.join('、')} 使用` : `Only valid ${windows.join(', ')}`;
    }
    case 'MIN_SPEND_NOT_MET':
      return zh ? `差 ${ntd(r.shortBy)} 才達滿額（滿 ${ntd(r.minSpend)} 可用）` : `${ntd(r.shortBy)} short of the ${ntd(r.minSpend)} minimum spend`;
    case 'NO_ELIGIBLE_ITEMS':
      return zh ? '購物內容沒有適用本券的商品' : 'No item in the order qualifies for this coupon';
    case 'AMOUNT_REQUIRED':
      return zh ? '請輸入本次消費的商品明細' : 'Enter the order items to use this coupon';
  }
}
