/**
 * A coupon with no expiry (validity `{ type: 'none' }`, e.g. a paid 禮券: Taiwan's prepaid-voucher
 * rules say a sold voucher carries no expiry date by default). Its `validUntil` is this far-future
 * instant (10000-01-01 00:00 Asia/Taipei) rather than null, so every rule that compares with
 * `validUntil` — redemption, expiry reminders (never due), a gift's return date (the gift window)
 * — keeps working unchanged. Pages show 「無使用期限」 for it (isNoExpiry).
 */
export const NO_EXPIRY_UNTIL = new Date('9999-12-31T16:00:00.000Z');

/** True for the validUntil of a coupon that does not expire. */
export function isNoExpiry(validUntil: Date | string): boolean {
  return new Date(validUntil).getTime() >= NO_EXPIRY_UNTIL.getTime();
}
