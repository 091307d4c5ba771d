import type { JobKind, ScheduleDef } from '../jobs/runner.ts';
import type { CampaignService } from './campaign.service.ts';

export const BIRTHDAY_PACKS_JOB = 'birthday_packs';

/**
 * Every hour of the 1st of each month, in brand time: the first firing announces the month's
 * birthday packs, later ones pick up a birthday campaign that starts during the day (each
 * campaign is announced once a month: notifyBirthdayPacks keeps a flag per campaign and month).
 */
export const BIRTHDAY_PACKS_CRON = '0 * 1 * *';

export function birthdayPacksSchedule(cron = BIRTHDAY_PACKS_CRON): ScheduleDef {
  // A firing missed while no worker ran is made up within the hour, as the hourly check did.
  return { name: BIRTHDAY_PACKS_JOB, cron, kind: BIRTHDAY_PACKS_JOB, graceMs: 3600_000 };
}

/** One firing: announces to this month's birthday members, as of the due time it fired for. */
export function birthdayPacksJob(campaigns: CampaignService): JobKind {
  return {
    maxAttempts: 3,
    run: (ctx) => ({ result: { notified: campaigns.notifyBirthdayPacks(ctx.dueAt ?? ctx.now()) } }),
  };
}
