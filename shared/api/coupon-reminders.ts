import { z } from 'zod';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const days = z.number().int(bi('天數須為整數', 'whole days')).min(1, bi('至少 1 天', 'at least 1 day')).max(30, bi('最多 30 天', 'at most 30 days'));

/**
 * Coupon expiry reminders (票券到期提醒): each coupon once, `daysBefore` days before its last
 * day, several of one member's coupons in one message. Sent as marketing (quiet hours and the
 * member's choice apply); the wording is the `coupon_expiring` notification template.
 */
export const ZCouponReminderSettings = z
  .object({
    enabled: z.boolean(),
    daysBefore: days,
    /**
     * Subscription passes (訂閱方案): the renewal reminder goes out this many days before a pass's
     * last day, and another on the last day (bot-server/coupons/pass-renewals.ts). Transactional,
     * so it does not follow `enabled` (which is for the marketing expiry reminder).
     */
    renewalDaysBefore: days.default(7),
  })
  .strict();
export type TCouponReminderSettings = z.infer<typeof ZCouponReminderSettings>;
/**
 * What the console saves: `renewalDaysBefore` may be left out (a client that does not know it),
 * and then the saved value stays — it is never reset to the default by a save that did not name it.
 */
export const ZSaveCouponReminderSettings = ZCouponReminderSettings.extend({ renewalDaysBefore: days.optional() });
export type TSaveCouponReminderSettings = z.infer<typeof ZSaveCouponReminderSettings>;
/** The settings as answered (no defaults: answers are used as sent). */
export const ZCouponReminderSettingsView = ZCouponReminderSettings.extend({ renewalDaysBefore: z.number().int() });

export const DEFAULT_COUPON_REMINDER_SETTINGS: TCouponReminderSettings = { enabled: true, daysBefore: 3, renewalDaysBefore: 7 };
