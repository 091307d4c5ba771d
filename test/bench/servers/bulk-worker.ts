import { BulkIssueService } from '../../../bot-server/campaigns/bulk-issue.ts';
import { CampaignService } from '../../../bot-server/campaigns/campaign.service.ts';
import { loadConfig } from '../../../bot-server/config.ts';
import { CouponService } from '../../../bot-server/coupons/coupon.service.ts';
import { loadQrSecret } from '../../../bot-server/coupons/qr-token.ts';
import { openDatabase } from '../../../bot-server/db/client.ts';
import { createLogger } from '../../../bot-server/logger.ts';

/**
 * Runs one bulk job in a process of its own, so its memory is measured alone:
 * prints { seconds, baseRss, peakRss, job } as JSON.
 */
const path = process.env.DATABASE_PATH!;
const bundleId = Number(process.env.BUNDLE_ID);
const handle = openDatabase(path);
const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'error' });
const coupons = new CouponService({ db: handle.db, config, qrSecret: loadQrSecret(handle.db) });
const campaigns = new CampaignService({ db: handle.db, config, coupons });
const bulk = new BulkIssueService({ db: handle.db, campaigns, log: createLogger('error') });
const admin = { kind: 'member' as const, memberId: 1, lineUserId: `U${'0'.repeat(32)}`, isRegistered: true, isAdmin: true, staffStoreIds: [] };
const baseRss = process.memoryUsage().rss;
let peakRss = baseRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
const start = performance.now();
const job = bulk.create(admin, { name: '五月壽星大禮包', templateId: null, bundleId, audience: { type: 'birth_month', month: 5 } });
let lastLog = start;
while (bulk.step()) {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (performance.now() - lastLog > 3000) {
    lastLog = performance.now();
    process.stderr.write(`  bulk: ${bulk.get(admin, job.id).processed} processed\n`);
  }
  // Yield between chunks as the worker does, so the event loop stays responsive.
  await new Promise((r) => setImmediate(r));
}
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
process.stdout.write(JSON.stringify({ seconds, baseRss, peakRss, job: bulk.get(admin, job.id) }));
handle.close();
