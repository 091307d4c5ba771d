/**
 * The whole schema, one file per domain under schema/ (each domain's tables beside the others).
 * Import tables from here; drizzle-kit reads this file too.
 */
export * from './schema/members.ts';
export * from './schema/stores.ts';
export * from './schema/line.ts';
export * from './schema/auth.ts';
export * from './schema/audit.ts';
export * from './schema/notifications.ts';
export * from './schema/partners.ts';
export * from './schema/idempotency.ts';
export * from './schema/runtime-flags.ts';
export * from './schema/limits.ts';
export * from './schema/coupons.ts';
export * from './schema/coupon-reminders.ts';
export * from './schema/passes.ts';
export * from './schema/campaigns.ts';
export * from './schema/bulk-issue.ts';
export * from './schema/jobs.ts';
export * from './schema/transfers.ts';
export * from './schema/points.ts';
export * from './schema/mobiles.ts';
export * from './schema/referrals.ts';
export * from './schema/tiers.ts';
export * from './schema/missions.ts';
export * from './schema/mall.ts';
export * from './schema/mall-refunds.ts';
export * from './schema/richmenus.ts';
