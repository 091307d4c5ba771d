import { addDays, daysInMonth, localDate, zonedTime } from '../../shared/dates.ts';
import type { Config } from '../config.ts';
import type { JobContext, JobKind, ScheduleDef } from '../jobs/runner.ts';
import { changeAccount, dueUnlocks, expireLot, expiringLotsChunk, insertEntry, markReminded, membersWithPointsExpiring } from './points.repo.ts';
import { unlockLot } from './ledger.ts';
import { notify } from '../notifications/notify.ts';
import { publish } from '../events/bus.ts';
import type { PointsService } from './points.service.ts';

export const POINTS_UNLOCK_JOB = 'points_unlock';
export const POINTS_EXPIRY_JOB = 'points_expiry';
export const POINTS_REMINDER_JOB = 'points_expiry_reminders';

/** Pending points whose return window ended become spendable: every 15 minutes. */
export function pointsUnlockSchedule(): ScheduleDef {
  return { name: POINTS_UNLOCK_JOB, cron: '*/15 * * * *', kind: POINTS_UNLOCK_JOB, graceMs: 15 * 60_000 };
}

/** The monthly expiry: every hour of the 1st in brand time (later firings find nothing left, or what an earlier one did not finish). */
export function pointsExpirySchedule(): ScheduleDef {
  return { name: POINTS_EXPIRY_JOB, cron: '0 * 1 * *', kind: POINTS_EXPIRY_JOB, graceMs: 3600_000 };
}

/** Reminders at 10:00 brand time each day; the job itself decides whether today is the month's reminder day. */
export function pointsReminderSchedule(): ScheduleDef {
  return { name: POINTS_REMINDER_JOB, cron: '0 10 * * *', kind: POINTS_REMINDER_JOB, graceMs: 6 * 3600_000 };
}

export function pointsUnlockJob(): JobKind {
  return {
    maxAttempts: 3,
    async run(ctx) {
      let unlocked = 0;
      for (;;) {
        const now = ctx.now();
        const n = ctx.commit((tx) => {
          const due = dueUnlocks(tx, now.getTime(), 500);
          for (const lot of due) if (unlockLot(tx, lot, now)) unlocked += 1;
          return { checkpoint: { unlocked }, value: due.length };
        });
        if (n < 500) break;
        await ctx.pause();
      }
      return { result: { unlocked } };
    },
  };
}

export interface ExpiryCheckpoint {
  afterId: number;
  expired: number;
  points: number;
  cutoff: number;
}

/** Lots per committed chunk of the expiry job. */
export const EXPIRY_CHUNK = 2000;

/**
 * Expires every active lot whose date has passed, in chunks by lot id: each chunk is one
 * transaction that also writes the checkpoint (the last lot id), so a job killed mid-run and
 * resumed goes on after it; the conditional update expires a lot once in any case. Memory is
 * one chunk at a time. `payload.cutoff` (epoch ms) overrides "now" (tests, benchmarks).
 */
export function pointsExpiryJob(options: { chunk?: number; pauseMs?: number; onChunk?: (c: ExpiryCheckpoint) => void } = {}): JobKind<{ cutoff?: number }, ExpiryCheckpoint> {
  const chunk = options.chunk ?? EXPIRY_CHUNK;
  return {
    maxAttempts: 10,
    async run(ctx: JobContext<{ cutoff?: number }, ExpiryCheckpoint>) {
      let cp: ExpiryCheckpoint = ctx.checkpoint ?? { afterId: 0, expired: 0, points: 0, cutoff: ctx.payload.cutoff ?? (ctx.dueAt ?? ctx.now()).getTime() };
      for (;;) {
        const at = ctx.now();
        const done = ctx.commit((tx) => {
          const lots = expiringLotsChunk(tx, cp.cutoff, cp.afterId, chunk);
          const perMember = new Map<number, number>();
          let expired = 0;
          let points = 0;
          for (const lot of lots) {
            if (!expireLot(tx, lot.id, lot.remaining)) continue;
            insertEntry(tx, { memberId: lot.memberId, type: 'expire', delta: -lot.remaining, lotId: lot.id, ref: `expiry:${ctx.key}`, reason: '點數到期', actorKind: 'system', actorId: 'worker', createdAt: at });
            perMember.set(lot.memberId, (perMember.get(lot.memberId) ?? 0) + lot.remaining);
            expired += 1;
            points += lot.remaining;
          }
          for (const [memberId, n] of perMember) {
            const account = changeAccount(tx, memberId, -n, 0, at);
            publish(tx, { type: 'points.changed', memberId, delta: -n, balance: account.balance, reason: '點數到期', at });
          }
          const last = lots.length > 0 ? lots[lots.length - 1]!.id : cp.afterId;
          const next = { afterId: last, expired: cp.expired + expired, points: cp.points + points, cutoff: cp.cutoff };
          return { checkpoint: next, value: { next, more: lots.length === chunk } };
        });
        cp = done.next;
        options.onChunk?.(cp);
        if (!done.more) break;
        // Breathing room between chunks, so requests get the write lock (benchmarks, tests).
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
        await ctx.pause();
      }
      return { result: { expired: cp.expired, points: cp.points } };
    },
  };
}

/**
 * The points-expiring reminder: on the brand's reminder day (`reminderDaysBefore` days before the
 * month ends), every member whose points expire by the end of the month is told once — one
 * message with the amount and the date (marketing priority: the dispatcher holds it through
 * quiet hours). Once per member per month (points_reminders), resumable by member id.
 */
export function pointsReminderJob(points: PointsService, config: Config): JobKind<{ force?: boolean }, { afterMemberId: number; sent: number }> {
  return {
    maxAttempts: 5,
    async run(ctx) {
      const now = ctx.dueAt ?? ctx.now();
      const tz = config.brandTimezone;
      const today = localDate(now, tz);
      const [y, m] = today.split('-').map(Number) as [number, number];
      const monthEnd = `${today.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
      const reminderDay = addDays(monthEnd, -points.settings().reminderDaysBefore);
      if (!ctx.payload.force && today < reminderDay) return { result: { skipped: 'not the reminder day yet', reminderDay } };
      if (!points.settings().enabled) return { result: { skipped: 'points are off' } };
      const before = zonedTime(addDays(monthEnd, 1), 0, tz).getTime();
      const month = today.slice(0, 7);
      let cp = ctx.checkpoint ?? { afterMemberId: 0, sent: 0 };
      for (;;) {
        const r = ctx.commit((tx) => {
          const batch = membersWithPointsExpiring(tx, before, cp.afterMemberId, 200);
          let sent = 0;
          for (const row of batch) {
            if (!markReminded(tx, row.memberId, month, row.points)) continue;
            notify(tx, { memberId: row.memberId, kind: 'points_expiring', variables: { expiringPoints: row.points, expiresAt: new Date(row.expiresAt - 1).toISOString() } });
            sent += 1;
          }
          const next = { afterMemberId: batch.length > 0 ? batch[batch.length - 1]!.memberId : cp.afterMemberId, sent: cp.sent + sent };
          return { checkpoint: next, value: { next, more: batch.length === 200 } };
        });
        cp = r.next;
        if (!r.more) break;
        await ctx.pause();
      }
      return { result: { sent: cp.sent, month } };
    },
  };
}
