import { randomUUID } from 'node:crypto';
import { DEFAULT_COUPON_REMINDER_SETTINGS, ZCouponReminderSettings, type TCouponReminderSettings, type TSaveCouponReminderSettings } from '../../shared/api/coupon-reminders.ts';
import { addDays, localDate, zonedTime } from '../../shared/dates.ts';
import { bilingual, type Lang } from '../../shared/i18n/localized.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { writeAudit } from '../audit/audit.repo.ts';
import type { Config } from '../config.ts';
import { transact, type Db, type DbOrTx } from '../db/client.ts';
import type { JobKind, ScheduleDef } from '../jobs/runner.ts';
import { cancelPendingNotification, notify, revisePendingNotification } from '../notifications/notify.ts';
import { readFlag, writeFlag } from '../runtime-flags/runtime-flags.repo.ts';
import type { CouponCatalogue } from './catalogue.service.ts';
import { findCouponById } from './coupon.repo.ts';
import { cancelReminder, findQueuedReminder, insertReminder, listCouponsToRemind, listMembersToRemind, listQueuedCouponsOf } from './expiry-reminders.repo.ts';

export const COUPON_REMINDERS_JOB = 'coupon_expiry_reminders';
/** Every day at 10:00 brand time (a made-up firing within six hours if no worker ran at ten). */
export const COUPON_REMINDERS_CRON = '0 10 * * *';
const SETTINGS_FLAG = 'coupons.expiryReminders';
/** Members per unit of work (one transaction, one checkpoint). */
const MEMBERS_PER_UNIT = 200;
/** Names listed after the first in one message; more are counted, not named. */
const MAX_NAMED = 5;

interface Checkpoint {
  afterMemberId: number;
  members: number;
  coupons: number;
}

interface DueCoupon {
  id: number;
  templateId: number;
  validUntil: Date;
}

export function couponRemindersSchedule(cron = COUPON_REMINDERS_CRON): ScheduleDef {
  return { name: COUPON_REMINDERS_JOB, cron, kind: COUPON_REMINDERS_JOB, graceMs: 6 * 3600_000 };
}

/**
 * Coupon expiry reminders: once a day, each member whose coupons reach their last days gets
 * one message listing them (each coupon once, ever). A coupon used up, voided or given away
 * before the message goes out is taken off it, and a message left with none is not sent.
 */
export class CouponExpiryReminders {
  private readonly db: Db;
  private readonly config: Config;
  private readonly catalogue: CouponCatalogue;

  constructor(deps: { db: Db; config: Config; catalogue: CouponCatalogue }) {
    this.db = deps.db;
    this.config = deps.config;
    this.catalogue = deps.catalogue;
  }

  settings(): TCouponReminderSettings {
    const parsed = ZCouponReminderSettings.safeParse(readFlag(this.db, SETTINGS_FLAG));
    return parsed.success ? parsed.data : DEFAULT_COUPON_REMINDER_SETTINGS;
  }

  getSettings(caller: Actor | undefined): TCouponReminderSettings {
    requireAdmin(caller);
    return this.settings();
  }

  saveSettings(caller: Actor | undefined, input: TSaveCouponReminderSettings): TCouponReminderSettings {
    const actor = requireAdmin(caller);
    return transact(this.db, (tx) => {
      const before = this.settings();
      // A save that does not name the renewal days keeps them (never back to the default).
      const after: TCouponReminderSettings = { enabled: input.enabled, daysBefore: input.daysBefore, renewalDaysBefore: input.renewalDaysBefore ?? before.renewalDaysBefore };
      writeFlag(tx, SETTINGS_FLAG, after);
      writeAudit(tx, actor, { action: 'coupon_reminders.update', targetType: 'settings', targetId: null, details: { before, after } });
      return after;
    });
  }

  /** The job kind: leased and resumable, members in id order, a checkpoint per unit. */
  jobKind(): JobKind<Record<string, unknown>, Checkpoint> {
    return {
      maxAttempts: 5,
      run: async (ctx) => {
        const settings = this.settings();
        if (!settings.enabled) return { result: { disabled: true, members: 0, coupons: 0 } };
        const now = ctx.now();
        const tz = this.config.brandTimezone;
        // Coupons whose last day is within the next `daysBefore` days (today counts as day 0).
        const until = zonedTime(addDays(localDate(now, tz), settings.daysBefore + 1), 0, tz);
        let checkpoint: Checkpoint = ctx.checkpoint ?? { afterMemberId: 0, members: 0, coupons: 0 };
        for (;;) {
          const next = ctx.commit((tx) => {
            const memberIds = listMembersToRemind(tx, { afterMemberId: checkpoint.afterMemberId, now, until, limit: MEMBERS_PER_UNIT });
            if (memberIds.length === 0) return { checkpoint, value: null };
            const byMember = new Map<number, DueCoupon[]>();
            for (const c of listCouponsToRemind(tx, memberIds, now, until)) {
              const list = byMember.get(c.memberId) ?? [];
              list.push(c);
              byMember.set(c.memberId, list);
            }
            let members = 0;
            let coupons = 0;
            for (const [memberId, list] of byMember) {
              const sent = this.remindMember(tx, memberId, list, now);
              if (sent > 0) members += 1;
              coupons += sent;
            }
            const after: Checkpoint = { afterMemberId: memberIds[memberIds.length - 1]!, members: checkpoint.members + members, coupons: checkpoint.coupons + coupons };
            return { checkpoint: after, value: after };
          });
          if (!next) break;
          checkpoint = next;
          await ctx.pause();
        }
        return { result: { members: checkpoint.members, coupons: checkpoint.coupons, daysBefore: settings.daysBefore } };
      },
    };
  }

  /** One message for the member's coupons not reminded of before; the number of coupons in it. */
  private remindMember(tx: DbOrTx, memberId: number, due: DueCoupon[], now: Date): number {
    const id = randomUUID();
    const listed = due.filter((c) => insertReminder(tx, { couponId: c.id, memberId, notificationId: id }));
    if (listed.length === 0) return 0;
    notify(tx, { id, memberId, kind: 'coupon_expiring', variables: this.variables(listed, now) });
    return listed.length;
  }

  /**
   * In the publisher's transaction, after a coupon was redeemed, voided or given away: if it is
   * no longer its owner's to use, it leaves the reminder not sent yet (the message is rewritten
   * for the rest, or stopped when none is left). A coupon with uses left stays on it.
   */
  onCouponChanged(tx: DbOrTx, couponId: number, reason: string): void {
    const reminder = findQueuedReminder(tx, couponId);
    if (!reminder) return;
    const coupon = findCouponById(tx, couponId);
    if (coupon && coupon.status === 'active' && coupon.memberId === reminder.memberId) return;
    cancelReminder(tx, couponId, reason);
    const rest = listQueuedCouponsOf(tx, reminder.notificationId);
    if (rest.length === 0) cancelPendingNotification(tx, reminder.notificationId, `coupon ${reason} before the reminder was sent`);
    else revisePendingNotification(tx, reminder.notificationId, this.variables(rest, new Date()));
  }

  /** The coupon_expiring variables: the soonest coupon, and the others counted and named. */
  private variables(list: DueCoupon[], now: Date): Record<string, unknown> {
    const tz = this.config.brandTimezone;
    const first = list[0]!;
    const last = new Date(first.validUntil.getTime() - 1);
    const daysLeft = Math.round((Date.parse(`${localDate(last, tz)}T00:00:00Z`) - Date.parse(`${localDate(now, tz)}T00:00:00Z`)) / 86_400_000);
    const names = (lang: Lang) => list.map((c) => this.catalogue.templateName(c.templateId, lang));
    // Each language quotes and joins its own way: 「A」、「B」 in zh-TW, "A", "B" in English.
    const moreCoupons = (lang: Lang) => {
      const others = names(lang).slice(1);
      const named = others.slice(0, MAX_NAMED).map((n) => (lang === 'en' ? `"${n}"` : `「${n}」`)).join(lang === 'en' ? ', ' : '、');
      return others.length > MAX_NAMED ? `${named}${lang === 'en' ? ', …' : '…'}` : named;
    };
    const zh = names('zh-TW');
    return {
      couponName: bilingual(zh[0]!, names('en')[0]),
      expiresAt: last.toISOString(),
      daysLeft: Math.max(0, daysLeft),
      couponCount: list.length,
      moreCount: list.length - 1,
      moreCoupons: bilingual(moreCoupons('zh-TW'), moreCoupons('en')),
    };
  }
}
