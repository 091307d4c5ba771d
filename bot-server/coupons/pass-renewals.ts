import { randomUUID } from 'node:crypto';
import { daysUntil, passLastDay } from '../../shared/coupons/pass.ts';
import { addDays, localDate, zonedTime } from '../../shared/dates.ts';
import { bilingual } from '../../shared/i18n/localized.ts';
import type { Config } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import type { JobKind, ScheduleDef } from '../jobs/runner.ts';
import { cancelPendingNotification, notify } from '../notifications/notify.ts';
import type { CouponCatalogue } from './catalogue.service.ts';
import type { PassProductLookup } from './pass-product.port.ts';
import { cancelRenewalReminder, hasLaterPass, insertRenewalReminder, listPassesEnding, listQueuedRenewalReminders, type RenewalStage } from './pass-renewals.repo.ts';

export const PASS_RENEWALS_JOB = 'pass_renewal_reminders';
/** Every day at 10:00 brand time, like the coupon expiry reminders (a made-up firing within six hours). */
export const PASS_RENEWALS_CRON = '0 10 * * *';
/** Passes per unit of work (one transaction, one checkpoint). */
const PASSES_PER_UNIT = 200;

interface Checkpoint {
  afterCouponId: number;
  sent: number;
  renewed: number;
}

export function passRenewalsSchedule(cron = PASS_RENEWALS_CRON): ScheduleDef {
  return { name: PASS_RENEWALS_JOB, cron, kind: PASS_RENEWALS_JOB, graceMs: 6 * 3600_000 };
}

/**
 * Subscription renewal reminders (訂閱續訂提醒): once a day in brand time, a pass whose last day
 * is `renewalDaysBefore` days away or nearer gets the `subscription_renewal` reminder, and on its
 * last day `subscription_last_day`; each once per pass (a row per stage), however often the job
 * runs. A member who renewed first (holds a later pass of the same template) gets neither; one
 * renewing after a reminder was queued but before it went out has it stopped.
 *
 * Transactional priority: the member paid for the pass, and when it ends is a service fact
 * about it, so it is sent to members who opted out of marketing and outside quiet hours rules
 * (it goes out at 10:00 anyway). The same leased job runner and once-per-coupon claim as the
 * coupon expiry reminders; pass coupons are left out of those.
 */
export class PassRenewalReminders {
  private readonly db: Db;
  private readonly config: Config;
  private readonly catalogue: CouponCatalogue;
  private readonly daysBefore: () => number;
  private products: PassProductLookup | null = null;

  constructor(deps: { db: Db; config: Config; catalogue: CouponCatalogue; daysBefore: () => number }) {
    this.db = deps.db;
    this.config = deps.config;
    this.catalogue = deps.catalogue;
    this.daysBefore = deps.daysBefore;
  }

  /** Hands the reminders the mall's product lookup (main.ts), for the renew button's product page. */
  useProductLookup(products: PassProductLookup): void {
    this.products = products;
  }

  jobKind(): JobKind<Record<string, unknown>, Checkpoint> {
    return {
      maxAttempts: 5,
      run: async (ctx) => {
        const now = ctx.now();
        const tz = this.config.brandTimezone;
        const daysBefore = this.daysBefore();
        const today = localDate(now, tz);
        // Passes whose last day is today or within the next `daysBefore` days.
        const until = zonedTime(addDays(today, daysBefore + 1), 0, tz);
        let checkpoint: Checkpoint = ctx.checkpoint ?? { afterCouponId: 0, sent: 0, renewed: 0 };
        for (;;) {
          const next = ctx.commit((tx) => {
            const passes = listPassesEnding(tx, { afterCouponId: checkpoint.afterCouponId, now, until, limit: PASSES_PER_UNIT });
            if (passes.length === 0) return { checkpoint, value: null };
            let sent = 0;
            let renewed = 0;
            for (const p of passes) {
              const outcome = this.remind(tx, p, today);
              if (outcome === 'sent') sent += 1;
              else if (outcome === 'renewed') renewed += 1;
            }
            const after: Checkpoint = { afterCouponId: passes[passes.length - 1]!.id, sent: checkpoint.sent + sent, renewed: checkpoint.renewed + renewed };
            return { checkpoint: after, value: after };
          });
          if (!next) break;
          checkpoint = next;
          await ctx.pause();
        }
        return { result: { sent: checkpoint.sent, renewed: checkpoint.renewed, daysBefore } };
      },
    };
  }

  private remind(tx: DbOrTx, p: { id: number; memberId: number; templateId: number; validUntil: Date; source: string; sourceRef: string | null }, today: string): 'sent' | 'renewed' | 'none' {
    const lastDay = passLastDay(p.validUntil, this.config.brandTimezone);
    const daysLeft = daysUntil(today, lastDay);
    const stage: RenewalStage = daysLeft <= 0 ? 'last_day' : 'before';
    const row = { couponId: p.id, stage, memberId: p.memberId, templateId: p.templateId };
    if (hasLaterPass(tx, { couponId: p.id, memberId: p.memberId, templateId: p.templateId, validUntil: p.validUntil })) {
      return insertRenewalReminder(tx, { ...row, notificationId: null, status: 'cancelled', reason: 'renewed' }) ? 'renewed' : 'none';
    }
    const id = randomUUID();
    if (!insertRenewalReminder(tx, { ...row, notificationId: id })) return 'none';
    const t = this.catalogue.template(p.templateId);
    const productId = this.products?.productIdFor(tx, p) ?? null;
    notify(tx, {
      id,
      memberId: p.memberId,
      kind: stage === 'last_day' ? 'subscription_last_day' : 'subscription_renewal',
      variables: { planName: bilingual(t.name, t.nameEn), expiresAt: new Date(p.validUntil.getTime() - 1).toISOString(), daysLeft: Math.max(0, daysLeft) },
      cta: { url: productId ? `/mall/products/${productId}` : '/mall' },
    });
    return 'sent';
  }

  /**
   * In the issuing transaction (`coupon.issued`): a new pass that runs beyond an older one of the
   * same template is a renewal, so the older pass's reminders not sent yet are stopped.
   */
  onCouponIssued(tx: DbOrTx, coupon: { couponId: number; templateId: number; memberId: number; validUntil: Date }): void {
    // The template is cached: bulk issuing of ordinary coupons pays no query here.
    if (!this.catalogue.template(coupon.templateId).pass) return;
    for (const r of listQueuedRenewalReminders(tx, coupon.memberId, coupon.templateId, coupon.validUntil)) {
      if (r.couponId === coupon.couponId || !cancelRenewalReminder(tx, r.couponId, r.stage, 'renewed')) continue;
      if (r.notificationId) cancelPendingNotification(tx, r.notificationId, 'pass renewed before the reminder was sent');
    }
  }
}
