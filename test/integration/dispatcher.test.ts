import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { messagingApi } from '@line/bot-sdk';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN } from '../../bot-server/config.ts';
import { outbox } from '../../bot-server/db/schema.ts';
import { updateMember } from '../../bot-server/members/member.repo.ts';
import { enqueueNotification } from '../../bot-server/notifications/outbox.repo.ts';
import { localDate, utcOffsetMinutes, zonedTime } from '../../shared/dates.ts';
import { followingMember, registerMember, signInAs } from '../helpers/members.ts';
import { enqueue, rows, settled } from '../helpers/outbox.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

const FAST = { NOTIFY_BACKOFF_BASE_MS: '20', NOTIFY_LEASE_SECONDS: '1', NOTIFY_MAX_ATTEMPTS: '20' };
let server: TestServer;

async function faults(s: TestServer, f: Record<string, number>) {
  await s.json('/sandbox/api/settings', { body: { faults: { rate429: 0, rate500: 0, rate500AfterAccept: 0, ...f } } });
}

async function pushedWithKey(s: TestServer, userId: string, key: string) {
  return (await s.messagesTo(userId)).filter((m) => m.retryKey === key);
}

beforeAll(async () => {
  server = await startTestServer(FAST);
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await faults(server, {});
});

describe('the outbox', () => {
  it('is written with the state change and rolled back with it', async () => {
    const { memberId } = await followingMember(server);
    const id = randomUUID();
    expect(() =>
      server.db.db.transaction((tx) => {
        updateMember(tx, memberId, { name: '改名' });
        enqueueNotification(tx, { id, memberId, kind: 'points_earned', variables: { earned: 20 } });
        throw new Error('the feature failed after enqueueing');
      }),
    ).toThrow('the feature failed');
    expect(rows(server, [id])).toEqual([]);
    expect(server.services.members.get(memberId).name).not.toBe('改名');
  });

  it('registration enqueues the welcome notification, which arrives as a Flex message with a CTA', async () => {
    const { userId } = await followingMember(server);
    const { auth } = await signInAs(server, userId);
    await registerMember(server, auth, { name: '歡迎測試' });
    const member = server.services.members.findByLineUserId(userId)!;
    const row = await waitFor(() => server.db.db.select().from(outbox).where(eq(outbox.memberId, member.id)).get());
    expect(row.kind).toBe('welcome');
    const [sent] = await settled(server, [row.id]);
    expect(sent!.status).toBe('sent');
    const pushed = await pushedWithKey(server, userId, row.id);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.message).toMatchObject({ type: 'flex', altText: '歡迎測試，歡迎加入會員！' });
    expect(JSON.stringify(pushed[0]!.message)).toMatch(/"uri":"http:\/\/localhost:\d+\/app\/wallet"/);
  });
});

describe('the dispatcher against the sandbox', () => {
  it('rides out a storm of 429s and 500s: every notification sent exactly once', async () => {
    const { userId, memberId } = await followingMember(server);
    // Half of all pushes fail; with 20 attempts a row gives up with odds of one in a million.
    await faults(server, { rate429: 0.25, rate500: 0.25 });
    const ids = Array.from({ length: 30 }, (_, i) => enqueue(server, { memberId, kind: 'points_earned', variables: { earned: i + 1, points: 100 + i } }));
    const done = await settled(server, ids);
    expect(done.every((r) => r.status === 'sent')).toBe(true);
    expect(done.some((r) => r.attempts > 1)).toBe(true);
    const messages = await server.messagesTo(userId);
    for (const id of ids) expect(messages.filter((m) => m.retryKey === id)).toHaveLength(1);
  });

  it('counts a 409 for a retry key LINE already accepted as sent, without a second message', async () => {
    const { userId, memberId } = await followingMember(server);
    await faults(server, { rate500AfterAccept: 1 });
    const id = enqueue(server, { memberId, kind: 'coupon_received', variables: { couponName: 'NT$50 現金券' } });
    // LINE accepted the first attempt yet answered 500; the retry (same key) meets 409.
    await waitFor(async () => (await pushedWithKey(server, userId, id)).length === 1);
    await faults(server, {});
    const [row] = await settled(server, [id]);
    expect(row).toMatchObject({ status: 'sent', reason: expect.stringContaining('409') });
    expect(await pushedWithKey(server, userId, id)).toHaveLength(1);
  });

  it('fails at once on other 4xx and keeps the reason', async () => {
    const { memberId } = await followingMember(server);
    const id = enqueue(server, { memberId, kind: 'third_party', variables: { title: '測試', body: '內容' }, cta: { url: 'ftp://not-allowed.example.com' } });
    const [row] = await settled(server, [id]);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, reason: expect.stringContaining('400') });
  });

  it('gives up after the attempt limit, with the last reason', async () => {
    const limited = await startTestServer({ ...FAST, NOTIFY_MAX_ATTEMPTS: '3' });
    try {
      const { memberId } = await followingMember(limited);
      await faults(limited, { rate500: 1 });
      const id = enqueue(limited, { memberId, kind: 'points_earned', variables: { earned: 1 } });
      const [row] = await settled(limited, [id]);
      expect(row).toMatchObject({ status: 'failed', attempts: 3, reason: expect.stringContaining('500') });
    } finally {
      await limited.stop();
    }
  });

  it('skips members who blocked the account', async () => {
    const { userId, memberId } = await followingMember(server);
    await server.actAs({ type: 'unfollow', userId });
    const id = enqueue(server, { memberId, kind: 'points_earned', variables: { earned: 5 } });
    const [row] = await settled(server, [id]);
    expect(row).toMatchObject({ status: 'skipped', reason: 'member blocked the account' });
    expect(await pushedWithKey(server, userId, id)).toHaveLength(0);
  });

  it('sends transactional messages before marketing ones', async () => {
    const slow = await startTestServer({ ...FAST, NOTIFY_RATE_PER_SECOND: '20', NOTIFY_CONCURRENCY: '1' });
    try {
      const { memberId } = await followingMember(slow);
      const dispatcher = slow.dispatcher()!;
      await dispatcher.stop();
      const marketing = Array.from({ length: 5 }, () => enqueue(slow, { memberId, kind: 'coupon_expiring', variables: { couponName: 'A', expiresAt: '2026-12-31T00:00:00Z', daysLeft: 3 } }));
      const transactional = Array.from({ length: 5 }, () => enqueue(slow, { memberId, kind: 'coupon_received', variables: { couponName: 'B' } }));
      dispatcher.start();
      const done = await settled(slow, [...marketing, ...transactional]);
      const order = done.sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime()).map((r) => r.kind);
      expect(order.slice(0, 5)).toEqual(Array(5).fill('coupon_received'));
    } finally {
      await slow.stop();
    }
  });
});

describe('quiet hours and quota', () => {
  it('defers marketing kinds during quiet hours to their end (brand time); transactional goes now', async () => {
    const now = new Date();
    const offset = utcOffsetMinutes(now, 'Asia/Taipei');
    const minute = (Math.floor((now.getTime() + offset * 60_000) / 60_000) % 1440 + 1440) % 1440;
    const fmt = (m: number) => `${String(Math.floor(((m + 1440) % 1440) / 60)).padStart(2, '0')}:${String(((m + 1440) % 1440) % 60).padStart(2, '0')}`;
    const quiet = await startTestServer({ ...FAST, NOTIFY_QUIET_HOURS: `${fmt(minute - 60)}-${fmt(minute + 60)}` });
    try {
      const { memberId } = await followingMember(quiet);
      const marketing = enqueue(quiet, { memberId, kind: 'coupon_expiring', variables: { couponName: 'A', expiresAt: '2026-12-31T00:00:00Z', daysLeft: 3 } });
      const transactional = enqueue(quiet, { memberId, kind: 'coupon_received', variables: { couponName: 'B' } });
      await settled(quiet, [transactional]);
      const deferred = await waitFor(() => {
        const r = rows(quiet, [marketing])[0]!;
        return r.reason === 'deferred: quiet hours' ? r : undefined;
      });
      expect(deferred.status).toBe('pending');
      expect(deferred.attempts).toBe(0);
      const end = (minute + 60) % 1440;
      const endDate = minute + 60 >= 1440 ? localDate(new Date(now.getTime() + 86_400_000), 'Asia/Taipei') : localDate(now, 'Asia/Taipei');
      expect(deferred.dueAt.toISOString()).toBe(zonedTime(endDate, end, 'Asia/Taipei').toISOString());
    } finally {
      await quiet.stop();
    }
  });

  it('stops marketing sends before the monthly quota runs out, keeps sending transactional ones, and says so', async () => {
    const tight = await startTestServer({ ...FAST, NOTIFY_QUOTA_RESERVE: '30' });
    try {
      const { memberId } = await followingMember(tight);
      await tight.json('/sandbox/api/settings', { body: { monthlyQuota: 25 } });
      // The loop may be mid-way through its own quota read; wait until a fresh one has landed.
      await waitFor(async () => (await tight.dispatcher()!.checkQuota()).marketingPaused);
      const marketing = enqueue(tight, { memberId, kind: 'coupon_expiring', variables: { couponName: 'A', expiresAt: '2026-12-31T00:00:00Z', daysLeft: 3 } });
      const transactional = enqueue(tight, { memberId, kind: 'coupon_received', variables: { couponName: 'B' } });
      const [sent] = await settled(tight, [transactional]);
      expect(sent!.status).toBe('sent');
      await new Promise((r) => setTimeout(r, 300));
      expect(rows(tight, [marketing])[0]).toMatchObject({ status: 'pending', attempts: 0 });
      const admin = await signInAs(tight, 'U0000000000000000000000000000a005');
      // The seeded admin is made admin through the CLI path for this server.
      tight.services.roles.grantAdminFromCli('U0000000000000000000000000000a005', true);
      const log = await tight.client.call('consoleDeliveries', { headers: admin.auth });
      expect(log.status, JSON.stringify(log.body)).toBe(200);
      expect(log.body.quota).toMatchObject({ marketingPaused: true, limit: 25 });
      await tight.json('/sandbox/api/settings', { body: { monthlyQuota: 100000 } });
      await waitFor(async () => !(await tight.dispatcher()!.checkQuota()).marketingPaused);
      const [later] = await settled(tight, [marketing]);
      expect(later!.status).toBe('sent');
    } finally {
      await tight.stop();
    }
  });
});

describe('crash recovery', () => {
  it('a row left mid-send after LINE accepted it is resumed and not sent twice', async () => {
    const { userId, memberId } = await followingMember(server);
    const id = randomUUID();
    const dispatcher = server.dispatcher()!;
    await dispatcher.stop();
    try {
      // The crash: LINE accepted the push, the process died before recording it.
      server.db.db.transaction((tx) => enqueueNotification(tx, { id, memberId, kind: 'coupon_received', variables: { couponName: '當機測試券' } }));
      server.db.db.update(outbox).set({ status: 'sending', attempts: 1, leaseUntil: new Date(Date.now() - 1000) }).where(eq(outbox.id, id)).run();
      const client = new messagingApi.MessagingApiClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
      await client.pushMessage({ to: userId, messages: [{ type: 'text', text: 'accepted before the crash' }] }, id);
    } finally {
      dispatcher.start();
    }
    const [row] = await settled(server, [id]);
    expect(row).toMatchObject({ status: 'sent', reason: expect.stringContaining('409') });
    expect(await pushedWithKey(server, userId, id)).toHaveLength(1);
  });

  it('a dispatcher process killed mid-run (SIGKILL) is replaced and nothing is lost or doubled', async () => {
    const host = await startTestServer({ NOTIFY_DISPATCHER: 'off' });
    const children: ChildProcess[] = [];
    const startWorker = () => {
      const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../bot-server/notifications/dispatcher-main.ts')], {
        env: {
          PATH: process.env.PATH,
          DATABASE_PATH: host.config.databasePath,
          LINE_API_BASE_URL: host.origin,
          LINE_CHANNEL_SECRET: 'x',
          LOG_LEVEL: 'silent',
          NOTIFY_LEASE_SECONDS: '1',
          NOTIFY_BACKOFF_BASE_MS: '20',
          NOTIFY_RATE_PER_SECOND: '100',
        },
        stdio: 'ignore',
      });
      children.push(child);
      return child;
    };
    try {
      const { userId, memberId } = await followingMember(host);
      const ids = Array.from({ length: 150 }, (_, i) => enqueue(host, { memberId, kind: 'points_earned', variables: { earned: i } }));
      const first = startWorker();
      await waitFor(() => rows(host, ids).filter((r) => r.status === 'sent').length >= 30, 20_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const midway = rows(host, ids);
      expect(midway.filter((r) => r.status === 'sent').length).toBeLessThan(150);
      startWorker();
      const done = await settled(host, ids, 30_000);
      expect(done.every((r) => r.status === 'sent')).toBe(true);
      const messages = await host.messagesTo(userId);
      const byKey = new Map<string, number>();
      for (const m of messages) if (m.retryKey) byKey.set(m.retryKey, (byKey.get(m.retryKey) ?? 0) + 1);
      expect(ids.every((id) => byKey.get(id) === 1)).toBe(true);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      await host.stop();
    }
  });
});
