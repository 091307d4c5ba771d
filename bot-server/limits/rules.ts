import type { LockoutRule } from './lockout.ts';

const MINUTE = 60_000;

/**
 * Every lock-out in one place. Each locks the actor that guesses (a member, an API key, a
 * staff member); an IP is only a backstop, and never makes a right answer fail.
 */
export const LOCKOUTS = {
  /** Wrong or used redemption codes (兌換碼), per member. */
  codeMember: { name: 'code.member', maxMisses: 8, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  /**
   * Wrong redemption codes per client IP, far above what one store's Wi-Fi produces. Past it
   * the IP is "hot" for a while: a miss from it locks that member at once (one guess per
   * account instead of eight), while right codes from that IP still succeed.
   */
  codeIp: { name: 'code.ip', maxMisses: 200, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE },
  /** Unknown coupon codes or forged QR tokens at the counter, per staff member or POS key. */
  counterActor: { name: 'counter.actor', maxMisses: 20, windowMs: 10 * MINUTE, lockMs: 10 * MINUTE },
  /**
   * Partner notifications naming no member (by mobile, LINE user id or id), per API key: a
   * partner still hears 404 for a customer who is not a member, but cannot sweep numbers.
   */
  partnerLookup: {
    name: 'partner.lookup',
    maxMisses: 30,
    windowMs: MINUTE,
    lockMs: 5 * MINUTE,
    message: (minutes) => ({ 'zh-TW': `查無會員的次數過多，請 ${minutes} 分鐘後再試`, en: `Too many requests for unknown members; try again in ${minutes} min` }),
  },
  /** Registering or changing to a mobile number the member cannot have, per member. */
  mobileTaken: {
    name: 'mobile.taken',
    maxMisses: 5,
    windowMs: 60 * MINUTE,
    lockMs: 60 * MINUTE,
    message: (minutes) => ({ 'zh-TW': `手機號碼嘗試次數過多，請 ${minutes} 分鐘後再試，或洽門市`, en: `Too many mobile number attempts; try again in ${minutes} min or ask a store` }),
  },
  /**
   * SMS one-time codes sent, counted per number, per member and per client IP (every send
   * counts; the send that reaches the limit locks). The number's limit keeps anyone from
   * flooding one phone, the member's keeps one account from texting many numbers, and the
   * IP's is a backstop far above what one household or store Wi-Fi sends.
   */
  smsNumber: {
    name: 'sms.number',
    maxMisses: 5,
    windowMs: 60 * MINUTE,
    lockMs: 60 * MINUTE,
    message: (minutes) => ({ 'zh-TW': `這個號碼的驗證簡訊已達上限，請 ${minutes} 分鐘後再試`, en: `Too many codes were sent to this number; try again in ${minutes} min` }),
  },
  smsMember: {
    name: 'sms.member',
    maxMisses: 8,
    windowMs: 60 * MINUTE,
    lockMs: 60 * MINUTE,
    message: (minutes) => ({ 'zh-TW': `驗證簡訊發送次數過多，請 ${minutes} 分鐘後再試`, en: `Too many codes requested; try again in ${minutes} min` }),
  },
  smsIp: {
    name: 'sms.ip',
    maxMisses: 60,
    windowMs: 60 * MINUTE,
    lockMs: 30 * MINUTE,
    message: (minutes) => ({ 'zh-TW': `驗證簡訊發送次數過多，請 ${minutes} 分鐘後再試`, en: `Too many codes requested; try again in ${minutes} min` }),
  },
  /**
   * Gifts sent, per member (every send counts, to a member's number or not): the send form
   * answers alike either way, and this keeps it from being used to sweep numbers.
   */
  giftSend: {
    name: 'gift.send',
    maxMisses: 20,
    windowMs: 60 * MINUTE,
    lockMs: 60 * MINUTE,
    message: (minutes) => ({ 'zh-TW': `送禮次數過多，請 ${minutes} 分鐘後再試`, en: `Too many gifts sent; try again in ${minutes} min` }),
  },
} as const satisfies Record<string, LockoutRule>;
