import type { JobKind, ScheduleDef } from '../jobs/runner.ts';
import type { Checkout } from './checkout.service.ts';

export const ORDER_RELEASE_JOB = 'mall_order_release';
export const PAYMENT_RECONCILE_JOB = 'mall_payment_reconcile';

/** Every minute: unpaid orders past their 15-minute hold give back their stock and points. */
export function orderReleaseSchedule(cron = '* * * * *'): ScheduleDef {
  return { name: ORDER_RELEASE_JOB, cron, kind: ORDER_RELEASE_JOB, graceMs: 10 * 60_000 };
}

/** Every minute: payments left pending are checked with the provider (the browser may never come back). */
export function paymentReconcileSchedule(cron = '* * * * *'): ScheduleDef {
  return { name: PAYMENT_RECONCILE_JOB, cron, kind: PAYMENT_RECONCILE_JOB, graceMs: 10 * 60_000 };
}

interface Checkpoint {
  afterId: number;
  released: number;
}

/**
 * One firing: due orders in chunks, each chunk's releases and the checkpoint in one transaction.
 * A run killed mid-way resumes from the last committed chunk; a replayed chunk changes nothing,
 * since each release is the conditional move out of `pending` (stock and points return once).
 */
export function orderReleaseJob(checkout: Checkout, options: { chunk?: number; unitDelayMs?: number } = {}): JobKind<Record<string, unknown>, Checkpoint> {
  const chunk = options.chunk ?? 100;
  return {
    maxAttempts: 5,
    run: async (ctx) => {
      const now = ctx.now();
      let state: Checkpoint = ctx.checkpoint ?? { afterId: 0, released: 0 };
      for (;;) {
        const more = ctx.commit((tx) => {
          const due = checkout.dueReleases(tx, now, state.afterId, chunk);
          let released = 0;
          for (const o of due) if (checkout.releaseDue(tx, o, now)) released += 1;
          const next = { afterId: due.at(-1)?.id ?? state.afterId, released: state.released + released };
          return { checkpoint: next, value: { next, done: due.length < chunk } };
        });
        state = more.next;
        if (options.unitDelayMs) await new Promise((resolve) => setTimeout(resolve, options.unitDelayMs));
        await ctx.pause();
        if (more.done) break;
      }
      return { result: { released: state.released, resumed: ctx.attempts > 1 } };
    },
  };
}

/** Reconciliation: idempotent by construction (each step is a conditional move of the attempt). */
export function paymentReconcileJob(checkout: Checkout): JobKind {
  return {
    maxAttempts: 3,
    run: async (ctx) => {
      const counts = await checkout.reconcile({ now: ctx.now() });
      return { result: counts };
    },
  };
}
