import type { TCouponView } from '../../../../shared/api/coupons.ts';
import { checkDayAndTime, checkState } from '../../../../shared/coupons/rules.ts';

/** NT$1,234 */
export function ntd(amount: number): string {
  return `NT$${amount.toLocaleString('en-US')}`;
}

/** Codes are read aloud and typed at the counter: groups of four, "AA12 3456 7890". */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The 18-digit rotating number a cashier types: three groups of six ("812345 678901 234567"),
 * which fit one line on a 375 px phone where groups of four wrap.
 */
export function groupDigits(code: string, size = 6): string[] {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += size) groups.push(code.slice(i, i + size));
  return groups;
}

/** What a screen reader says for a long code: digit by digit, a pause between groups — never one huge number. */
export function spokenDigits(code: string, size = 6): string {
  return groupDigits(code, size)
    .map((g) => g.split('').join(' '))
    .join(', ');
}

/** "9:58" for a countdown. */
export function mmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * Why an active coupon cannot be used right now, from the same rules the counter and the POS
 * apply (shared/coupons/rules.ts): not valid yet, or outside its days and hours. Where it may be
 * used (stores) and how much is bought are for the counter to say; null when nothing here stops it.
 */
export function walletVerdict(coupon: Pick<TCouponView, 'status' | 'usesLeft' | 'validFrom' | 'validUntil' | 'template'> & Partial<Pick<TCouponView, 'pass'>>, timeZone: string, now = new Date()) {
  const state = checkState({ status: coupon.status, usesLeft: coupon.usesLeft, validFrom: new Date(coupon.validFrom), validUntil: new Date(coupon.validUntil), dayUsesLeft: coupon.pass?.usesLeftToday }, now);
  // A pass used today says so (「今日已使用，明天再來」) before the member walks to the counter.
  if (state) return state.reason === 'NOT_STARTED' || state.reason === 'USED_TODAY' ? state : null;
  return checkDayAndTime(coupon.template, now, timeZone);
}
