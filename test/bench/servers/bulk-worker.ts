import { BULK_ISSUE_JOB, BulkIssueService } from '../../../bot-server/campaigns/bulk-issue.ts';
import { CampaignService } from '../../../bot-server/campaigns/campaign.service.ts';
import { loadConfig } from '../../../bot-server/config.ts';
import { CouponService } from '../../../bot-server/coupons/coupon.service.ts';
import { loadQrSecret } from '../../../bot-server/coupons/qr-token.ts';
import { openDatabase } from '../../../bot-server/db/client.ts';
import { JobRunner } from '../../../bot-server/jobs/runner.ts';
import { createLogger } from '../../../bot-server/logger.ts';

/**
 * Runs one bulk job through the job runner in a process of its own, so its memory is measured alone:
 * prints { seconds, baseRss, peakRss, job } as JSON.
 */
const path = process.env.DATABASE_PATH!;
const bundleId = Number(process.env.BUNDLE_ID);
const handle = openDatabase(path);
const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'error' });
const coupons = new CouponService({ db: handle.db, config, qrSecret: loadQrSecret(handle.db) });
const campaigns = new CampaignService({ db: handle.db, config, coupons });
const log = createLogger('error');
const runner = new JobRunner({ db: handle.db, log, timeZone: config.brandTimezone });
const bulk = new BulkIssueService({ db: handle.db, campaigns, log });
const kind = bulk.jobKind();
// Memory is sampled after every chunk too, as the worker loop did before the runner.
runner.define<{ bulkJobId: number }, { processed: number }>(BULK_ISSUE_JOB, {
  ...kind,
  run: (ctx) =>
    kind.run({
      ...ctx,
      pause: () => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        return ctx.pause();
      },
    }),
});
const admin = { kind: 'member' as const, memberId: 1, lineUserId: `U${'0'.repeat(32)}`, isRegistered: true, isAdmin: true, staffStoreIds: [] };
const baseRss = process.memoryUsage().rss;
let peakRss = baseRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
const start = performance.now();
const job = bulk.create(admin, { name: '五月壽星大禮包', templateId: null, bundleId, audience: { type: 'birth_month', month: 5 } });
const progress = setInterval(() => process.stderr.write(`  bulk: ${bulk.get(admin, job.id).processed} processed\n`), 3000);
// The runner issues chunk by chunk, letting the event loop in between (the sampler runs then).
await runner.runUntilIdle();
clearInterval(progress);
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
process.stdout.write(JSON.stringify({ seconds, baseRss, peakRss, job: bulk.get(admin, job.id) }));
handle.close();
