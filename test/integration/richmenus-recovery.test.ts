import { and, eq, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRichMenuPublication, TRichMenuVersionInput } from '../../shared/api/richmenus.ts';
import { transact } from '../../bot-server/db/client.ts';
import { jobs, richMenuApiCalls, richMenuLineMenus, richMenuRelinks } from '../../bot-server/db/schema.ts';
import { queueJob } from '../../bot-server/jobs/queue.ts';
import { RICH_MENU_PUBLISH_JOB, RICH_MENU_RELINK_JOB, RICH_MENU_TICK_JOB } from '../../bot-server/richmenus/richmenu.service.ts';
import { makeAdmin, makeMember, makeUnregistered, type Auth } from '../helpers/factories.ts';
import { followingMember } from '../helpers/members.ts';
import { tabbedVersion } from '../helpers/richmenus.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// What is left after a failure: the minute job deletes menus a failed delete left on LINE
// (within the hour's budget); a publication whose job gives up fails at its step and LINE is
// put back as the live version has it; a brand-new tab's alias does not outlive its failed
// publication; a member who unfollows drops out of the pending relinks. Jobs run only when the
// test says so (WORKERS off, runUntilIdle).

let server: TestServer;
let admin: Auth;
let registered: { userId: string };
let visitor: { userId: string };
let v1: number;
let live: ReturnType<typeof lineSnapshot>;
let ticks = 0;

const state = () => server.sandbox!.state;

function lineSnapshot() {
  const s = state();
  return {
    defaultRichMenuId: s.defaultRichMenuId,
    aliases: Object.fromEntries([...s.richMenuAliases].sort(([a], [b]) => a.localeCompare(b))),
    registeredLink: s.userRichMenus.get(registered.userId) ?? null,
    visitorLink: s.userRichMenus.get(visitor.userId) ?? null,
    menus: [...s.richMenus.keys()].sort(),
  };
}

async function create(input: TRichMenuVersionInput): Promise<number> {
  const res = await server.client.call('consoleCreateRichMenuVersion', { headers: admin, body: input });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { id: number }).id;
}

async function requestPublish(id: number): Promise<number> {
  const res = await server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const pub = res.body as TRichMenuPublication;
  expect(pub).toMatchObject({ status: 'running', step: null });
  return pub.id;
}

const publication = (id: number) => server.services.richMenus.publication(id);
const liveVersionId = () => server.services.richMenus.overview().liveVersionId;

/** One run of the minute job now (its own key: the cron firing of this minute may have run already). */
async function tick(): Promise<void> {
  ticks += 1;
  transact(server.db.db, (tx) => queueJob(tx, { kind: RICH_MENU_TICK_JOB, key: `test-tick-${ticks}`, payload: {} }));
  await server.runner.runUntilIdle();
}

/** Uses up the hour's create/delete budget; answers a function that gives it back. */
function exhaustBudget(): () => void {
  const since = new Date();
  const used = server.services.richMenus.overview().createDeleteBudget.used;
  server.db.db.insert(richMenuApiCalls).values(Array.from({ length: 100 - used }, () => ({ kind: 'delete' as const, at: new Date(since.getTime() + 1) }))).run();
  return () => void server.db.db.delete(richMenuApiCalls).where(and(eq(richMenuApiCalls.kind, 'delete'), gte(richMenuApiCalls.at, new Date(since.getTime() + 1)))).run();
}

/** The three tabs plus a brand-new 「限時」 tab the live version does not have; registered members get 「優惠」 so the link step has work. */
function withNewTab(name: string): TRichMenuVersionInput {
  const v = tabbedVersion(name, '新選單');
  const member = v.menus[0]!;
  return {
    ...v,
    menus: [...v.menus, { ...member, key: 'flash', name: '限時', areas: [{ label: '‹ 會員', action: { type: 'switch', to: 'member' } }, ...member.areas.slice(1)] }],
    audiences: { ...v.audiences, registered: 'offers' },
  };
}

beforeAll(async () => {
  server = await startTestServer({ WORKERS: 'off', NOTIFY_DISPATCHER: 'off' }, { seedDemo: false });
  admin = (await makeAdmin(server)).auth;
  registered = await makeMember(server, { following: true });
  visitor = await makeUnregistered(server);
  await server.actAs({ type: 'follow', userId: visitor.userId });
  v1 = await create(tabbedVersion('v1'));
  await requestPublish(v1);
  await server.runner.runUntilIdle();
  expect(liveVersionId()).toBe(v1);
  live = lineSnapshot();
  expect(live.visitorLink).not.toBeNull();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('rich menus after a failure', () => {
  it('a failed publication deletes its new tab’s alias even when its menus stay; the minute job deletes those menus within the budget', async () => {
    const v = await create(withNewTab('flash fails'));
    const id = await requestPublish(v);
    state().injectFault('linkRichMenuIdToUsers', { status: 500, times: 3 });
    state().injectFault('deleteRichMenu', { status: 500, times: 3 });
    const giveBack = exhaustBudget(); // no tick may clean up before the assertions
    await server.runner.runUntilIdle();
    state().injectedFaults.clear();
    const pub = publication(id);
    expect(pub).toMatchObject({ status: 'failed', failedStep: 'link' });
    expect(pub.error).toMatch(/new menus not deleted yet/);
    const left = server.db.db.select().from(richMenuLineMenus).where(eq(richMenuLineMenus.publicationId, id)).all();
    expect(left).toHaveLength(4);
    const s = state();
    for (const m of left) expect(s.richMenus.has(m.lineRichMenuId)).toBe(true);
    // The live tabs' aliases are back on the live menus, and 「限時」 has none pointing at a menu about to go.
    expect(s.richMenuAliases.has('flash')).toBe(false);
    expect({ ...lineSnapshot(), menus: live.menus }).toEqual(live);

    await tick();
    for (const m of left) expect(state().richMenus.has(m.lineRichMenuId), 'over budget: nothing deleted').toBe(true);

    giveBack();
    const before = server.services.richMenus.overview().createDeleteBudget.used;
    await tick();
    expect(lineSnapshot()).toEqual(live);
    const rows = server.db.db.select().from(richMenuLineMenus).where(eq(richMenuLineMenus.publicationId, id)).all();
    expect(rows.every((r) => r.deletedAt !== null)).toBe(true);
    expect(server.services.richMenus.overview().createDeleteBudget.used).toBe(before + 4);
    expect(liveVersionId()).toBe(v1);
  });

  it('a publication whose job gives up fails at its step; the live version stays live and LINE is put back', async () => {
    const v = await create(withNewTab('gives up'));
    const id = await requestPublish(v);
    // The database refuses the commit that would make it live (after LINE took the default), on
    // the job's last attempt: the runner gives up and the kind's onFailed takes over.
    const sqlite = server.db.db.$client;
    sqlite.exec(`CREATE TRIGGER test_refuse_live BEFORE UPDATE OF status ON richmenu_publications WHEN NEW.status = 'succeeded' BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END`);
    server.db.db.update(jobs).set({ attempts: sql`19` }).where(and(eq(jobs.kind, RICH_MENU_PUBLISH_JOB), eq(jobs.key, `publication:${id}`))).run();
    try {
      await server.runner.runUntilIdle();
    } finally {
      sqlite.exec('DROP TRIGGER test_refuse_live');
    }
    const job = server.db.db.select().from(jobs).where(eq(jobs.key, `publication:${id}`)).get()!;
    expect(job.status).toBe('failed');
    const pub = publication(id);
    expect(pub).toMatchObject({ status: 'failed', failedStep: 'default', step: 'default' });
    expect(pub.error).toMatch(/gave up: .*disk I\/O error/);
    expect(pub.finishedAt).not.toBeNull();
    // The undo job ran: default, aliases and links as the live version has them; the new menus gone.
    const undo = server.db.db.select().from(jobs).where(eq(jobs.key, `publication:${id}:undo`)).get();
    expect(undo?.status).toBe('done');
    expect(lineSnapshot()).toEqual(live);
    expect(liveVersionId()).toBe(v1);
    const view = (await server.client.call('consoleRichMenuVersion', { headers: admin, params: { id: v1 } })).body as { status: string };
    expect(view.status).toBe('live');
    // And the next publication is not blocked.
    const next = await requestPublish(v1);
    await server.runner.runUntilIdle();
    expect(publication(next)).toMatchObject({ status: 'succeeded', kind: 'rollback', step: 'delete' });
    live = lineSnapshot();
  });

  it('a member who unfollows drops out of the pending relinks (no LINE call is spent on them)', async () => {
    const stays = await followingMember(server, 'Stays');
    const leaves = await followingMember(server, 'Leaves');
    const pending = () => server.db.db.select().from(richMenuRelinks).all().map((r) => r.memberId);
    expect(pending()).toEqual(expect.arrayContaining([stays.memberId, leaves.memberId]));
    await server.actAs({ type: 'unfollow', userId: leaves.userId });
    expect(pending()).toContain(stays.memberId);
    expect(pending()).not.toContain(leaves.memberId);
    await server.runner.runUntilIdle();
    expect(server.db.db.select().from(jobs).where(eq(jobs.kind, RICH_MENU_RELINK_JOB)).all().every((j) => j.status === 'done')).toBe(true);
    expect(pending()).toEqual([]);
    expect(state().userRichMenus.get(stays.userId)).toBe(live.visitorLink);
    expect(state().userRichMenus.has(leaves.userId)).toBe(false);
  });
});
