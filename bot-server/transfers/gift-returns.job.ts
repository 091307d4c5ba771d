import type { JobKind, ScheduleDef } from '../jobs/runner.ts';
import type { TransferService } from './transfer.service.ts';

export const GIFT_RETURNS_JOB = 'gift_returns';

/** Every five minutes: gifts whose time is up go back to their senders; friends are reminded a day ahead. */
export const GIFT_RETURNS_CRON = '*/5 * * * *';

export function giftReturnsSchedule(cron = GIFT_RETURNS_CRON): ScheduleDef {
  return { name: GIFT_RETURNS_JOB, cron, kind: GIFT_RETURNS_JOB, graceMs: 10 * 60_000 };
}

interface Checkpoint {
  /** The last transfer id looked at (returned, or found no longer pending). */
  afterId: number;
  returned: number;
  reminded: number;
  remindersDone: boolean;
}

/**
 * One firing: the due gifts in chunks, each chunk one unit (its returns and the checkpoint in one
 * transaction), then the reminders. A run killed mid-way resumes from the last chunk committed;
 * a chunk replayed anyway changes nothing, as each return is a conditional update out of pending.
 */
export function giftReturnsJob(transfers: TransferService, options: { chunk?: number; unitDelayMs?: number } = {}): JobKind<Record<string, unknown>, Checkpoint> {
  const chunk = options.chunk ?? 100;
  return {
    maxAttempts: 5,
    run: async (ctx) => {
      const now = ctx.now();
      let state: Checkpoint = ctx.checkpoint ?? { afterId: 0, returned: 0, reminded: 0, remindersDone: false };
      for (;;) {
        const more = ctx.commit((tx) => {
          const due = transfers.dueReturns(tx, now, state.afterId, chunk);
          let returned = 0;
          for (const t of due) if (transfers.returnDue(tx, t, now.getTime())) returned += 1;
          const next = { ...state, afterId: due.at(-1)?.id ?? state.afterId, returned: state.returned + returned };
          return { checkpoint: next, value: { next, done: due.length < chunk } };
        });
        state = more.next;
        if (options.unitDelayMs) await new Promise((resolve) => setTimeout(resolve, options.unitDelayMs));
        await ctx.pause();
        if (more.done) break;
      }
      if (!state.remindersDone) {
        state = ctx.commit((tx) => {
          const next = { ...state, reminded: state.reminded + transfers.remindDue(tx, now, 1000), remindersDone: true };
          return { checkpoint: next, value: next };
        });
      }
      return { result: { returned: state.returned, reminded: state.reminded, resumed: ctx.attempts > 1 } };
    },
  };
}
