import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { members } from '../../bot-server/db/schema.ts';
import { MARKETING_OPTED_OUT } from '../../bot-server/notifications/dispatcher.ts';
import { enqueueNotification, type NotificationRequest } from '../../bot-server/notifications/outbox.repo.ts';
import { rows, settled } from '../helpers/outbox.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

const FAST = { NOTIFY_BACKOFF_BASE_MS: '20', NOTIFY_LEASE_SECONDS: '1', NOTIFY_MAX_ATTEMPTS: '20' };
const ANNOUNCEMENT = { title: '週年慶開跑', body: '全館滿千折百，只到週日。' };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(FAST);
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await server.json('/sandbox/api/settings', { body: { faults: { rate429: 0, rate500: 0, rate500AfterAccept: 0 } } });
  await server.json('/sandbox/api/faults', { method: 'DELETE' });
  if (!server.dispatcher()!['loop'].isRunning) server.dispatcher()!.start();
});

/** Members who follow the account, written straight to the database (hundreds over HTTP would dominate the test). */
function followers(s: TestServer, n: number, name = (i: number) => `會員${i}`): { memberId: number; userId: string }[] {
  return s.db.db.transaction((tx) =>
    Array.from({ length: n }, (_, i) => {
      const userId = `U${randomBytes(16).toString('hex')}`;
      const [row] = tx.insert(members).values({ lineUserId: userId, displayName: name(i), name: name(i), status: 'active', isFollowing: true }).returning({ id: members.id }).all();
      return { memberId: row!.id, userId };
    }),
  );
}

/** Enqueues with the dispatcher stopped, so one claim sees them all, then starts it. */
async function enqueueAll(s: TestServer, requests: NotificationRequest[], before?: () => void): Promise<string[]> {
  const dispatcher = s.dispatcher()!;
  await dispatcher.stop();
  const ids = s.db.db.transaction((tx) => requests.map((r) => enqueueNotification(tx, r).id));
  before?.();
  dispatcher.start();
  return ids;
}

const marketing = (memberId: number): NotificationRequest => ({ memberId, kind: 'third_party', priority: 'marketing', variables: ANNOUNCEMENT });

describe('multicast for identical marketing messages', () => {
  it('groups identical content into multicasts of at most 500 recipients, one message per member', async () => {
    const people = followers(server, 520);
    const ids = await enqueueAll(server, people.map((p) => marketing(p.memberId)));
    const done = await settled(server, ids);
    expect(done.every((r) => r.status === 'sent')).toBe(true);
    const sizes = new Map<string, number>();
    for (const r of done) sizes.set(r.multicastKey!, (sizes.get(r.multicastKey!) ?? 0) + 1);
    expect(sizes.has(null as unknown as string)).toBe(false);
    expect([...sizes.values()].every((n) => n <= 500)).toBe(true);
    expect([...sizes.values()].reduce((a, b) => a + b, 0)).toBe(520);
    expect(sizes.size).toBeLessThanOrEqual(3);
    for (const p of [people[0]!, people[519]!]) {
      const got = await server.messagesTo(p.userId);
      expect(got).toHaveLength(1);
      const row = done.find((r) => r.memberId === p.memberId)!;
      expect(got[0]).toMatchObject({ via: 'multicast', retryKey: row.multicastKey });
      expect(got[0]!.message).toMatchObject({ type: 'flex', altText: expect.stringContaining('週年慶開跑') });
    }
  });

  it('does not group personalised content: each member gets their own push', async () => {
    const people = followers(server, 12);
    const ids = await enqueueAll(server, people.map((p) => ({ memberId: p.memberId, kind: 'birthday_pack', variables: { campaignName: '壽星生日禮' } })));
    const done = await settled(server, ids);
    expect(done.every((r) => r.status === 'sent' && r.multicastKey === null)).toBe(true);
    const got = await server.messagesTo(people[3]!.userId);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ via: 'push', retryKey: done.find((r) => r.memberId === people[3]!.memberId)!.id });
    expect(JSON.stringify(got[0]!.message)).toContain('會員3');
  });

  it('checks marketing opt-out at send time: a member who turned it off is left out of the batch', async () => {
    const people = followers(server, 15);
    const out = people[4]!;
    const ids = await enqueueAll(server, people.map((p) => marketing(p.memberId)), () => {
      server.db.db.update(members).set({ marketingOptIn: false }).where(inArray(members.id, [out.memberId])).run();
    });
    const done = await settled(server, ids);
    const mine = done.find((r) => r.memberId === out.memberId)!;
    expect(mine).toMatchObject({ status: 'skipped', reason: MARKETING_OPTED_OUT });
    expect(await server.messagesTo(out.userId)).toHaveLength(0);
    const others = done.filter((r) => r.memberId !== out.memberId);
    expect(others.every((r) => r.status === 'sent')).toBe(true);
    expect(new Set(others.map((r) => r.multicastKey)).size).toBe(1);
    expect(await server.messagesTo(people[0]!.userId)).toHaveLength(1);
  });

  it('retries a multicast answered 500 as a whole, with the same retry key: every member gets it once', async () => {
    const people = followers(server, 20);
    await server.json('/sandbox/api/faults', { body: { operation: 'multicast', status: 500, times: 1 } });
    const ids = await enqueueAll(server, people.map((p) => marketing(p.memberId)));
    const done = await settled(server, ids);
    expect(done.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true);
    const keys = new Set(done.map((r) => r.multicastKey));
    expect(keys.size).toBe(1);
    for (const p of people.slice(0, 5)) {
      const got = await server.messagesTo(p.userId);
      expect(got).toHaveLength(1);
      expect(got[0]!.retryKey).toBe([...keys][0]);
    }
  });

  it('counts a 409 on a multicast retry (LINE had accepted the first attempt) as delivered, without a second message', async () => {
    const people = followers(server, 20);
    await server.json('/sandbox/api/settings', { body: { faults: { rate500AfterAccept: 1 } } });
    const ids = await enqueueAll(server, people.map((p) => marketing(p.memberId)));
    const done = await settled(server, ids);
    expect(done.every((r) => r.status === 'sent' && r.reason?.includes('409') && r.attempts === 2)).toBe(true);
    for (const p of people.slice(0, 5)) expect(await server.messagesTo(p.userId)).toHaveLength(1);
  });
});

describe('batched finishes and a kill', () => {
  it('a dispatcher SIGKILLed mid-send (outcomes not yet recorded) is replaced: each row delivered once, pushes and multicasts', async () => {
    const host = await startTestServer({ NOTIFY_DISPATCHER: 'off' });
    const children: ChildProcess[] = [];
    const startWorker = () => {
      const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../bot-server/notifications/dispatcher-main.ts')], {
        env: { PATH: process.env.PATH, DATABASE_PATH: host.config.databasePath, LINE_API_BASE_URL: host.origin, LINE_CHANNEL_SECRET: 'x', LOG_LEVEL: 'silent', NOTIFY_LEASE_SECONDS: '1', NOTIFY_BACKOFF_BASE_MS: '20', NOTIFY_RATE_PER_SECOND: '100', NOTIFY_MULTICAST_RATE_PER_SECOND: '2' },
        stdio: 'ignore',
      });
      children.push(child);
      return child;
    };
    try {
      const pushPeople = followers(host, 80);
      const blast = followers(host, 60);
      const ids = host.db.db.transaction((tx) => [
        ...pushPeople.map((p, i) => enqueueNotification(tx, { memberId: p.memberId, kind: 'points_earned', variables: { earned: i + 1 } }).id),
        ...blast.map((p) => enqueueNotification(tx, marketing(p.memberId)).id),
      ]);
      const first = startWorker();
      await waitFor(() => rows(host, ids).filter((r) => r.status === 'sent').length >= 20, 40_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      expect(rows(host, ids).filter((r) => r.status === 'sent').length).toBeLessThan(ids.length);
      startWorker();
      const done = await settled(host, ids, 30_000);
      expect(done.every((r) => r.status === 'sent')).toBe(true);
      const stats = await host.json<{ recipients: number; recipientsWithRepeats: number; messages: number }>('/sandbox/api/stats');
      expect(stats.body).toMatchObject({ recipients: 140, recipientsWithRepeats: 0, messages: 140 });
      expect(done.filter((r) => r.multicastKey !== null).length).toBeGreaterThan(0);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      await host.stop();
    }
  });
});
