import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRichMenuPublication, TRichMenuVersionInput } from '../../shared/api/richmenus.ts';
import type { TSaveTiersRequest } from '../../shared/api/tiers.ts';
import { jobs, members } from '../../bot-server/db/schema.ts';
import { RICH_MENU_PUBLISH_JOB } from '../../bot-server/richmenus/richmenu.service.ts';
import { makeAdmin, type Auth } from '../helpers/factories.ts';
import { followingMember, registerMember, signInAs } from '../helpers/members.ts';
import { sixAreaMenu, tabbedVersion } from '../helpers/richmenus.ts';
import { startTestServer, TEST_CHANNEL_SECRET, waitFor, type TestServer } from '../helpers/server.ts';

// Audiences: followers not registered see 「加入會員」, registered members the default, a tier its
// own menu — linked on follow, on registration and on a tier change (events → the relink job);
// a publication moving 2,000 followers links them in bulk (≤ 500 a call) within the rate limit,
// and its job, killed mid-way (SIGKILL of the process running it), resumes from its checkpoint.

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * LINE as the product's processes reach it: a pass-through to the test server's sandbox that
 * counts bulk link calls (and their answers), and can hold one call unanswered (the moment
 * the process running the job is killed).
 */
class LineProxy {
  server: Server;
  target = '';
  bulkLinks: { at: number; status: number; users: number }[] = [];
  holdBulkLinkAfter = Infinity;
  held = 0;
  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }
  async listen(): Promise<string> {
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const isBulkLink = req.method === 'POST' && req.url === '/v2/bot/richmenu/bulk/link';
    if (isBulkLink && this.bulkLinks.length >= this.holdBulkLinkAfter) {
      this.held += 1;
      return; // never answered: the caller is killed while it waits
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    const answer = await fetch(`${this.target}${req.url}`, { method: req.method!, headers, ...(body.length > 0 ? { body } : {}) });
    const out = Buffer.from(await answer.arrayBuffer());
    if (isBulkLink) this.bulkLinks.push({ at: Date.now(), status: answer.status, users: (JSON.parse(body.toString()) as { userIds: string[] }).userIds.length });
    res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([k]) => k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'content-length')));
    res.end(out);
  }
}

let server: TestServer;
let admin: Auth;
let proxy: LineProxy;
let proxyUrl: string;
let tierIds: Record<string, number>;
const children: ChildProcess[] = [];

async function publishAndWait(id: number): Promise<TRichMenuPublication> {
  const res = await server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const pubId = (res.body as TRichMenuPublication).id;
  await server.runner.runUntilIdle();
  return server.services.richMenus.publication(pubId);
}

async function create(input: TRichMenuVersionInput): Promise<number> {
  const res = await server.client.call('consoleCreateRichMenuVersion', { headers: admin, body: input });
  expect(res.status).toBe(201);
  return (res.body as { id: number }).id;
}

const liveIds = () => Object.fromEntries(server.services.richMenus.getVersion(server.services.richMenus.overview().liveVersionId!).lineMenus.map((m) => [m.key, m.richMenuId]));
const linkOf = (userId: string) => server.sandbox!.state.userRichMenus.get(userId) ?? null;

beforeAll(async () => {
  proxy = new LineProxy();
  proxyUrl = await proxy.listen();
  // This process runs jobs only when the test says so (runUntilIdle), through the proxy to its own sandbox.
  server = await startTestServer({ WORKERS: 'off', NOTIFY_DISPATCHER: 'off', LINE_API_BASE_URL: proxyUrl, LINE_DATA_API_BASE_URL: proxyUrl });
  proxy.target = server.origin;
  admin = (await makeAdmin(server)).auth;
  const saved = await server.client.call('consoleSaveTiers', {
    headers: admin,
    body: {
      program: { basis: 'spend', window: { kind: 'rolling', months: 12 }, evaluation: { kind: 'anniversary' }, graceDays: 0, noticeDays: 30 },
      tiers: [
        { name: '一般', threshold: 0, retainAt: 0, multiplier: 1 },
        { name: '金卡', threshold: 15000, retainAt: 12000, multiplier: 2 },
      ],
    } satisfies TSaveTiersRequest,
  });
  expect(saved.status).toBe(200);
  tierIds = Object.fromEntries((saved.body as { tiers: { id: number; name: string }[] }).tiers.map((t) => [t.name, t.id]));
}, 30_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await server?.stop();
  proxy?.server.close();
});

describe('audiences', () => {
  it('links a follower on follow, on registration and on every tier change', async () => {
    const v = tabbedVersion('audiences');
    v.menus.push(sixAreaMenu('gold', { chatBarText: '金卡會員' }));
    const id = await create({ ...v, audiences: { default: 'member', unregistered: 'join', tiers: [{ tierId: tierIds['金卡']!, menu: 'gold' }] } });
    expect((await publishAndWait(id)).status).toBe('succeeded');
    const ids = liveIds();

    // A new follower (not registered): 「加入會員」.
    const follower = await followingMember(server, 'Audience');
    await server.runner.runUntilIdle();
    expect(linkOf(follower.userId)).toBe(ids['join']);

    // Registered: back on the default (no per-user link).
    const auth = (await signInAs(server, follower.userId)).auth;
    await registerMember(server, auth);
    await server.runner.runUntilIdle();
    expect(linkOf(follower.userId)).toBeNull();

    // 金卡 by hand (tier.changed): the gold menu; back to 一般: the default again.
    const up = await server.client.call('consoleAssignTier', { headers: admin, params: { id: follower.memberId }, body: { tierId: tierIds['金卡']!, reason: '測試' } });
    expect(up.status).toBe(200);
    await server.runner.runUntilIdle();
    expect(linkOf(follower.userId)).toBe(ids['gold']);
    const down = await server.client.call('consoleAssignTier', { headers: admin, params: { id: follower.memberId }, body: { tierId: tierIds['一般']!, reason: '測試' } });
    expect(down.status).toBe(200);
    await server.runner.runUntilIdle();
    expect(linkOf(follower.userId)).toBeNull();
  }, 30_000);

  it('moves 2,000 followers in bulk (≤ 500 a call, within the rate limit), resuming a killed job from its checkpoint', async () => {
    const userIds: string[] = [];
    server.db.db.transaction((tx) => {
      for (let i = 0; i < 2000; i += 1) {
        const userId = `U${randomBytes(16).toString('hex')}`;
        userIds.push(userId);
        tx.insert(members).values({ lineUserId: userId, displayName: `Bulk ${i}`, isFollowing: true, followedAt: new Date() }).run();
      }
    });
    const version = tabbedVersion('bulk', '大量');
    const id = await create(version);
    const res = await server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id } });
    expect(res.status).toBe(200);
    const pubId = (res.body as TRichMenuPublication).id;
    proxy.bulkLinks = [];
    proxy.holdBulkLinkAfter = 2;

    // Another process (as `npm start` runs one) takes the job; it is killed while LINE has its third bulk call.
    const child = spawn(process.execPath, ['bot-server/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TZ: 'UTC',
        LOG_LEVEL: 'warn',
        PORT: '0',
        HOST: '127.0.0.1',
        LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
        DATABASE_PATH: join(server.dir, 'app.db'),
        LINE_API_BASE_URL: proxyUrl,
        LINE_DATA_API_BASE_URL: proxyUrl,
        WORKERS: 'on',
        NOTIFY_DISPATCHER: 'off',
        SANDBOX_SEED_DEMO: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const output: string[] = [];
    child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    await waitFor(() => proxy.held > 0 || child.exitCode !== null, 30_000).catch(() => undefined);
    expect(proxy.held, output.join('')).toBe(1);
    child.kill('SIGKILL');
    await new Promise((ok) => child.once('exit', ok));

    const midway = server.services.richMenus.publication(pubId);
    expect(midway).toMatchObject({ status: 'running', linkDone: 1000, linkTotal: expect.any(Number) });
    expect(proxy.bulkLinks).toHaveLength(2);

    // Its lease runs out (as 45 s after the kill would), and this process resumes the job.
    proxy.holdBulkLinkAfter = Infinity;
    server.db.db.update(jobs).set({ leaseUntil: new Date(0) }).where(eq(jobs.key, `publication:${pubId}`)).run();
    await server.runner.runUntilIdle();
    const done = server.services.richMenus.publication(pubId);
    expect(done).toMatchObject({ status: 'succeeded', failedStep: null });
    expect(done.linkDone).toBe(done.linkTotal);

    const joinMenu = liveIds()['join'];
    expect(userIds.every((u) => linkOf(u) === joinMenu)).toBe(true);
    // Each follower was sent once (the held call never reached LINE and was redone on resume), ≤ 500 a call,
    // every call accepted (no 429), at our pace of ≤ 20 calls a second.
    expect(proxy.bulkLinks.reduce((n, c) => n + c.users, 0)).toBe(2000);
    expect(proxy.bulkLinks.every((c) => c.users <= 500 && c.status === 202)).toBe(true);
    for (const c of proxy.bulkLinks) expect(proxy.bulkLinks.filter((d) => d.at >= c.at && d.at < c.at + 1000).length).toBeLessThanOrEqual(20);
    const attempts = server.db.db.select({ attempts: jobs.attempts }).from(jobs).where(eq(jobs.key, `publication:${pubId}`)).get();
    expect(attempts?.attempts).toBe(2);
    expect(server.db.db.select({ n: sql<number>`count(*)` }).from(jobs).where(eq(jobs.kind, RICH_MENU_PUBLISH_JOB)).get()?.n).toBeGreaterThan(0);
  }, 60_000);
});
