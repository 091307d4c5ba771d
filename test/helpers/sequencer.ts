import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each long file took in the last full CI run (vitest's JSON report, test time without
 * the import). On a clean clone vitest has no results cache and would order files by size, which
 * put the 70 s accessibility file behind two hundred seconds of others and let it finish last on
 * its own; with two workers the longest files must start first (longest-processing-time first),
 * so the run ends with short files on both workers. Only the order depends on this table: a file
 * missing from it still runs, after these. A local run with a results cache uses the measured
 * times instead. Refresh the figures when a file's time changes a lot
 * (`node -e` over .tmp/vitest-report.json: endTime − startTime per file).
 */
export const LAST_RUN_SECONDS: Record<string, number> = {
  'test/e2e/accessibility.test.ts': 69.1,
  'test/e2e/coupons.test.ts': 23.8,
  'test/integration/bad-input.test.ts': 22.1,
  'test/integration/campaigns.test.ts': 22,
  'test/e2e/liff-app.test.ts': 18.7,
  'test/integration/group-commit-durability.test.ts': 14.8,
  'test/e2e/scanner-card.test.ts': 13.8,
  'test/integration/http.test.ts': 12.5,
  'test/e2e/english-mode.test.ts': 12.3,
  'test/integration/dispatcher.test.ts': 10.8,
  'test/integration/admin-cli.test.ts': 9.8,
  'test/integration/mall-orders.test.ts': 9.8,
  'test/e2e/cta-targets.test.ts': 3.5, // 9.6 before its kinds shared one visit per CTA target
  'test/e2e/gifts.test.ts': 9,
  'test/e2e/mall.test.ts': 8.4,
  'test/integration/jobs.test.ts': 7.8,
  'test/e2e/campaign-console.test.ts': 7.6,
  'test/integration/richmenus-design.test.ts': 6.1,
  'test/integration/openapi-fuzz.test.ts': 5.5,
  'test/e2e/claims.test.ts': 5.3,
  'test/integration/dispatcher-multicast.test.ts': 5.2,
  'test/e2e/notifications-console.test.ts': 4.9,
  'test/e2e/richmenus.test.ts': 4.9,
  'test/integration/richmenus-publish.test.ts': 4.9,
  'test/integration/partner-api.test.ts': 4.5,
  'test/integration/transfers.test.ts': 4.3,
  'test/e2e/first-impression.test.ts': 4.2,
  'test/integration/richmenus-audiences.test.ts': 4.2,
  'test/e2e/coupon-console.test.ts': 4.1,
  'test/integration/backup.test.ts': 3.9,
  'test/integration/first-impression.test.ts': 3.7,
  'test/integration/multi-process.test.ts': 3.7,
  'test/integration/points.test.ts': 3.7,
  'test/e2e/console-insights.test.ts': 3.5,
  'test/integration/tiers.test.ts': 3.5,
  'test/integration/mall-refunds.test.ts': 3.3,
};

/** Longest first: failed files first as vitest does, then measured or last-run seconds, then vitest's own order. */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = new Map(base.map((spec, i) => [spec, i]));
    const seconds = (spec: TestSpecification): number => {
      const cached = this.ctx.cache.getTestSpecificationResult(spec);
      if (cached?.duration) return cached.duration / 1000;
      return LAST_RUN_SECONDS[relative(spec.project.config.root, spec.moduleId).split('\\').join('/')] ?? 0;
    };
    const failed = (spec: TestSpecification) => (this.ctx.cache.getTestSpecificationResult(spec)?.failed ? 1 : 0);
    return [...base].sort((a, b) => failed(b) - failed(a) || seconds(b) - seconds(a) || rank.get(a)! - rank.get(b)!);
  }
}
