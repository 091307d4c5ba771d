import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUPON_REMINDERS_JOB, couponRemindersSchedule } from '../../bot-server/coupons/expiry-reminders.ts';
import { listRemindersOf } from '../../bot-server/coupons/expiry-reminders.repo.ts';
import { transact } from '../../bot-server/db/client.ts';
import { outbox } from '../../bot-server/db/schema.ts';
import { enqueueJob } from '../../bot-server/jobs/jobs.repo.ts';
import { JobRunner } from '../../bot-server/jobs/runner.ts';
import { createLogger } from '../../bot-server/logger.ts';
import { defaultTemplate, renderNotification } from '../../shared/notifications/render.ts';
import { createTemplate } from '../helpers/coupons.ts';
import { registeredMembersWithSessions, signInAs } from '../helpers/members.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'U0000000000000000000000000000a005';
const STAFF = 'U0000000000000000000000000000a004';

let server: TestServer;
let admin: Record<string, string>;
let staff: Record<string, string>;
let xinyi: number;

beforeAll(async () => {
  // No runner and no dispatcher of the server's own: the test runs the job and looks at the outbox before any send.
  server = await startTestServer({ ADMIN_LINE_USER_IDS: ADMIN, WORKERS: 'off', NOTIFY_DISPATCHER: 'off' });
  admin = (await signInAs(server, ADMIN)).auth;
  staff = (await signInAs(server, STAFF)).auth;
  xinyi = server.services.stores.list({ includeInactive: false }).find((s) => s.code === 'XINYI')!.id;
});

afterAll(async () => {
  await server?.stop();
});

function issue(templateId: number, memberId: number): { id: number; code: string } {
  const c = transact(server.db.db, (tx) => server.services.coupons.issueInTx(tx, { templateId, memberId, source: 'admin', actor: { kind: 'system', label: 'cli' }, notify: false }));
  return { id: c.id, code: c.code };
}

/** One run of the reminder job, as a schedule firing would make it. */
async function runReminders() {
  enqueueJob(server.db.db, { kind: COUPON_REMINDERS_JOB, key: `test-${randomUUID()}` });
  const runner = new JobRunner({ db: server.db.db, log: createLogger('silent'), timeZone: server.config.brandTimezone })
    .define(COUPON_REMINDERS_JOB, server.services.couponReminders.jobKind());
  await runner.runUntilIdle();
}

const reminders = (memberId: number) => server.db.db.select().from(outbox).where(and(eq(outbox.memberId, memberId), eq(outbox.kind, 'coupon_expiring'))).all();

async function templates() {
  const suffix = randomUUID().slice(0, 6);
  return {
    soon: await createTemplate(server, admin, { name: `明天到期 ${suffix}`, validity: { type: 'relative', days: 1 } }),
    twoDays: await createTemplate(server, admin, { name: `兩天到期 ${suffix}`, validity: { type: 'relative', days: 2 } }),
    later: await createTemplate(server, admin, { name: `下個月到期 ${suffix}`, validity: { type: 'relative', days: 30 } }),
  };
}

describe('coupon expiry reminders', () => {
  it('several coupons expiring together go out as one message listing them, once per coupon; later ones wait', async () => {
    const t = await templates();
    const [m] = registeredMembersWithSessions(server, 1);
    const a = issue(t.twoDays.id, m!.memberId);
    const b = issue(t.soon.id, m!.memberId);
    issue(t.later.id, m!.memberId);
    await runReminders();
    const rows = reminders(m!.memberId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.priority).toBe(1); // marketing: quiet hours and the quota reserve apply
    expect(rows[0]!.variables).toMatchObject({ couponName: { 'zh-TW': t.soon.name }, couponCount: 2, moreCount: 1, moreCoupons: { 'zh-TW': `「${t.twoDays.name}」` } });
    expect(listRemindersOf(server.db.db, m!.memberId).map((r) => r.couponId).sort()).toEqual([a.id, b.id].sort());
    // The next day's run: nothing new for the same coupons.
    await runReminders();
    expect(reminders(m!.memberId)).toHaveLength(1);
    // A new coupon expiring soon gets its own message.
    issue(t.soon.id, m!.memberId);
    await runReminders();
    expect(reminders(m!.memberId)).toHaveLength(2);
    expect(reminders(m!.memberId)[1]!.variables).toMatchObject({ couponCount: 1, moreCount: 0 });
  });

  it('a redemption before the send takes the coupon off the message, and the last one stops it', async () => {
    const t = await templates();
    const [m] = registeredMembersWithSessions(server, 1);
    const first = issue(t.soon.id, m!.memberId);
    const second = issue(t.twoDays.id, m!.memberId);
    await runReminders();
    const [row] = reminders(m!.memberId);
    expect(row!.variables).toMatchObject({ couponCount: 2 });

    const redeem = (code: string) => server.client.call('staffRedeem', { headers: staff, untypedBody: { storeId: xinyi, code } });
    expect((await redeem(first.code)).status).toBe(201);
    let now = reminders(m!.memberId)[0]!;
    expect(now.status).toBe('pending');
    expect(now.variables).toMatchObject({ couponName: { 'zh-TW': t.twoDays.name }, couponCount: 1, moreCount: 0 });

    expect((await redeem(second.code)).status).toBe(201);
    now = reminders(m!.memberId)[0]!;
    expect(now.status).toBe('skipped');
    expect(listRemindersOf(server.db.db, m!.memberId).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    // Cancelled coupons are not reminded of again.
    await runReminders();
    expect(reminders(m!.memberId)).toHaveLength(1);
  });

  it('a void before the send stops a one-coupon reminder; the brand can turn reminders off', async () => {
    const t = await templates();
    const [m, n] = registeredMembersWithSessions(server, 2);
    const c = issue(t.soon.id, m!.memberId);
    await runReminders();
    expect(reminders(m!.memberId)[0]!.status).toBe('pending');
    const voided = await server.client.call('consoleVoidCoupon', { headers: admin, params: { id: c.id }, body: { reason: '客訴補償重發' } });
    expect(voided.status).toBe(200);
    expect(reminders(m!.memberId)[0]!.status).toBe('skipped');

    expect((await server.client.call('consoleCouponReminders', { headers: admin })).body).toEqual({ enabled: true, daysBefore: 3, renewalDaysBefore: 7 });
    expect((await server.client.call('consoleSaveCouponReminders', { headers: admin, body: { enabled: true, daysBefore: 3, renewalDaysBefore: 14 } })).body).toEqual({ enabled: true, daysBefore: 3, renewalDaysBefore: 14 });
    for (const bad of [0, 31, 2.5]) expect((await server.client.call('consoleSaveCouponReminders', { headers: admin, untypedBody: { enabled: true, daysBefore: 3, renewalDaysBefore: bad } })).status).toBe(400);
    // A save that does not name the renewal days keeps them (not back to the default 7).
    const off = await server.client.call('consoleSaveCouponReminders', { headers: admin, body: { enabled: false, daysBefore: 3 } });
    expect(off.status).toBe(200);
    expect(off.body.renewalDaysBefore).toBe(14);
    expect((await server.client.call('consoleCouponReminders', { headers: admin })).body).toEqual({ enabled: false, daysBefore: 3, renewalDaysBefore: 14 });
    issue(t.soon.id, n!.memberId);
    await runReminders();
    expect(reminders(n!.memberId)).toHaveLength(0);
    expect((await server.client.call('consoleSaveCouponReminders', { headers: admin, body: { enabled: true, daysBefore: 0 } })).status).toBe(400);
    await server.client.call('consoleSaveCouponReminders', { headers: admin, body: { enabled: true, daysBefore: 3, renewalDaysBefore: 7 } });
    await runReminders();
    expect(reminders(n!.memberId)).toHaveLength(1);
  });

  it('names the coupons in English for an English-language member (zh-TW where the brand wrote none), each language listing its own way', async () => {
    const suffix = randomUUID().slice(0, 6);
    const soon = await createTemplate(server, admin, { name: `明天到期 ${suffix}`, nameEn: `Due tomorrow ${suffix}`, validity: { type: 'relative', days: 1 } });
    const twoDays = await createTemplate(server, admin, { name: `兩天到期 ${suffix}`, nameEn: `Due in two days ${suffix}`, validity: { type: 'relative', days: 2 } });
    const bare = await createTemplate(server, admin, { name: `無英文名 ${suffix}`, validity: { type: 'relative', days: 2 } });
    const [m] = registeredMembersWithSessions(server, 1);
    issue(soon.id, m!.memberId);
    issue(twoDays.id, m!.memberId);
    issue(bare.id, m!.memberId);
    await runReminders();
    const [row] = reminders(m!.memberId);
    const ctx = { timeZone: server.config.brandTimezone, brandName: 'Brand', liffUrl: (path: string) => `https://liff.example${path}` };
    const en = renderNotification(defaultTemplate('coupon_expiring'), row!.variables as Record<string, unknown>, { ...ctx, lang: 'en' });
    expect(en.body).toContain(`"Due tomorrow ${suffix}" expires on`);
    expect(en.body).toMatch(new RegExp(`2 more expire soon too: "(Due in two days ${suffix}|無英文名 ${suffix})", "(Due in two days ${suffix}|無英文名 ${suffix})"`));
    expect(en.body).toContain(`"無英文名 ${suffix}"`);
    expect(en.body).not.toContain('「');
    expect(en.body).not.toContain(`明天到期 ${suffix}`);
    const zh = renderNotification(defaultTemplate('coupon_expiring'), row!.variables as Record<string, unknown>, { ...ctx, lang: 'zh-TW' });
    expect(zh.body).toContain(`「明天到期 ${suffix}」將於`);
    expect(zh.body).toContain(`「兩天到期 ${suffix}」`);
    expect(zh.body).toContain('」、「');
    expect(zh.body).not.toContain('Due in two days');
  });

  it('runs daily at 10:00 brand time', () => {
    const runner = new JobRunner({ db: server.db.db, log: createLogger('silent'), timeZone: 'Asia/Taipei' })
      .define(COUPON_REMINDERS_JOB, server.services.couponReminders.jobKind())
      .schedule(couponRemindersSchedule());
    const next = runner.nextRun(COUPON_REMINDERS_JOB)!;
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Taipei', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next)).toBe('10:00');
  });
});
