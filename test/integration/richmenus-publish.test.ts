import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRichMenuPublication, TRichMenuVersionInput } from '../../shared/api/richmenus.ts';
import { richMenuApiCalls } from '../../bot-server/db/schema.ts';
import { makeAdmin, makeMember, makeUnregistered, type Auth } from '../helpers/factories.ts';
import { tabbedVersion } from '../helpers/richmenus.ts';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.ts';

// Publishing as versions against the sandbox's LINE: create → upload → alias → link → default →
// delete; a fault at each step (the sandbox's per-operation fault injection) leaves the live
// version as it was; rollback re-creates an earlier version's menus; postbacks from the menu.

let server: TestServer;
let admin: Auth;
let registered: { userId: string };
let visitor: { userId: string };

const state = () => server.sandbox!.state;

async function createVersion(input: TRichMenuVersionInput): Promise<number> {
  const res = await server.client.call('consoleCreateRichMenuVersion', { headers: admin, body: input });
  expect(res.status).toBe(201);
  return (res.body as { id: number }).id;
}

async function publish(id: number): Promise<TRichMenuPublication> {
  const res = await server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const pub = res.body as TRichMenuPublication;
  if (pub.finishedAt !== null) return pub;
  return waitFor(async () => {
    const o = (await server.client.call('consoleRichMenus', { headers: admin })).body as { publications: TRichMenuPublication[] };
    const p = o.publications.find((x) => x.id === pub.id)!;
    return p.finishedAt === null ? null : p;
  }, 20_000);
}

/** What LINE shows: the default, the aliases, each user's link, the menus that exist. */
function lineSnapshot() {
  const s = state();
  return {
    defaultRichMenuId: s.defaultRichMenuId,
    aliases: Object.fromEntries(s.richMenuAliases),
    registeredLink: s.userRichMenus.get(registered.userId) ?? null,
    visitorLink: s.userRichMenus.get(visitor.userId) ?? null,
    menus: [...s.richMenus.keys()].sort(),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  admin = (await makeAdmin(server)).auth;
  registered = await makeMember(server, { following: true });
  visitor = await makeUnregistered(server);
  await server.actAs({ type: 'follow', userId: visitor.userId });
});
afterAll(async () => {
  await server?.stop();
});

describe('publishing rich menu versions', () => {
  let v1: number;
  let live: ReturnType<typeof lineSnapshot>;

  it('publishes tabs: menus with images on LINE, aliases, the default, per-user links for the audiences', async () => {
    v1 = await createVersion(tabbedVersion('v1'));
    const pub = await publish(v1);
    expect(pub).toMatchObject({ status: 'succeeded', kind: 'publish', failedStep: null });
    const view = (await server.client.call('consoleRichMenuVersion', { headers: admin, params: { id: v1 } })).body as { status: string; lineMenus: { key: string; richMenuId: string }[] };
    expect(view.status).toBe('live');
    const ids = Object.fromEntries(view.lineMenus.map((m) => [m.key, m.richMenuId]));
    const s = state();
    expect(s.defaultRichMenuId).toBe(ids['member']);
    expect(s.richMenuAliases.get('member')).toBe(ids['member']);
    expect(s.richMenuAliases.get('offers')).toBe(ids['offers']);
    for (const id of Object.values(ids)) expect(s.richMenus.get(id!)?.image).toBeTruthy();
    // The follower who has not registered is linked to 「加入會員」; the registered member stays on the default.
    expect(s.userRichMenus.get(visitor.userId)).toBe(ids['join']);
    expect(s.userRichMenus.has(registered.userId)).toBe(false);
    const body = s.richMenus.get(ids['member']!)!.body as { chatBarText: string; size: { width: number; height: number }; areas: { bounds: Record<string, number>; action: Record<string, string> }[] };
    expect(body.chatBarText).toBe('會員選單');
    expect(body.size).toEqual({ width: 2500, height: 1686 });
    expect(body.areas[0]).toMatchObject({ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'richmenuswitch', richMenuAliasId: 'offers' } });
    expect(body.areas[1]!.action).toMatchObject({ type: 'uri', uri: expect.stringMatching(/\/app\/wallet$/) });
    expect(body.areas.map((a) => a.bounds.x)).toEqual([0, 0, 833, 1666]);
    live = lineSnapshot();
  });

  it('a tab switch in the chat shows the other tab and is acknowledged without a reply', async () => {
    const before = (await server.messagesTo(registered.userId)).length;
    const tap = await server.json<{ action: string; event: { postback: { params: Record<string, string> } }; webhookStatus: number }>('/sandbox/line/richmenu-tap', {
      body: { userId: registered.userId, richMenuId: live.defaultRichMenuId, areaIndex: 0 },
    });
    expect(tap.status).toBe(200);
    expect(tap.body.action).toBe('richmenuswitch');
    expect(tap.body.event.postback.params).toEqual({ newRichMenuAliasId: 'offers', status: 'SUCCESS' });
    expect(tap.body.webhookStatus).toBe(200);
    await server.webhook.idle();
    expect(state().shownRichMenuId(registered.userId)).toBe(live.aliases['offers']);
    expect((await server.messagesTo(registered.userId)).length).toBe(before);
  });

  it('a postback action=points replies with the points page link', async () => {
    await server.actAs({ type: 'postback', userId: registered.userId, data: 'action=points' });
    const replies = await server.messagesTo(registered.userId);
    const last = replies[replies.length - 1]!;
    expect(last.via).toBe('reply');
    expect(JSON.stringify(last.message)).toMatch(/\/app\/points/);
  });

  const steps = [
    { step: 'create', operation: 'createRichMenu' },
    { step: 'upload', operation: 'setRichMenuImage' },
    { step: 'alias', operation: 'updateRichMenuAlias' },
    { step: 'link', operation: 'linkRichMenuIdToUsers' },
    { step: 'default', operation: 'setDefaultRichMenu' },
  ] as const;
  for (const { step, operation } of steps) {
    it(`a failure at ${step} leaves the live version untouched and says which step failed`, async () => {
      const version = tabbedVersion(`broken at ${step}`, '新選單');
      // Registered members get their own menu in this version, so the link step has work to do.
      const v = await createVersion({ ...version, audiences: { ...version.audiences, registered: 'offers' } });
      state().injectFault(operation, { status: 500, times: 3 });
      const pub = await publish(v);
      state().injectedFaults.clear();
      expect(pub).toMatchObject({ status: 'failed', failedStep: step });
      expect(pub.error).toMatch(/LINE 500/);
      expect(lineSnapshot()).toEqual(live);
      const overview = (await server.client.call('consoleRichMenus', { headers: admin })).body as { liveVersionId: number };
      expect(overview.liveVersionId).toBe(v1);
    });
  }

  let v2: number;
  it('a failure at delete keeps the new version live and the old menus for later', async () => {
    v2 = await createVersion(tabbedVersion('v2', '新選單'));
    state().injectFault('deleteRichMenu', { status: 500, times: 3 });
    const pub = await publish(v2);
    state().injectedFaults.clear();
    expect(pub).toMatchObject({ status: 'succeeded', failedStep: 'delete' });
    const s = state();
    expect(s.defaultRichMenuId).not.toBe(live.defaultRichMenuId);
    expect(s.richMenus.has(live.defaultRichMenuId!)).toBe(true);
    expect((s.richMenus.get(s.defaultRichMenuId!)!.body as { chatBarText: string }).chatBarText).toBe('新選單');
  });

  it('rolls back to v1 by re-creating its menus (an image cannot be replaced)', async () => {
    const pub = await publish(v1);
    expect(pub).toMatchObject({ status: 'succeeded', kind: 'rollback', failedStep: null });
    const s = state();
    expect(live.menus).not.toContain(s.defaultRichMenuId);
    expect((s.richMenus.get(s.defaultRichMenuId!)!.body as { chatBarText: string }).chatBarText).toBe('會員選單');
    expect(s.richMenuAliases.get('member')).toBe(s.defaultRichMenuId);
    const overview = (await server.client.call('consoleRichMenus', { headers: admin })).body as { liveVersionId: number };
    expect(overview.liveVersionId).toBe(v1);
    const audit = await server.client.call('consoleAuditLog', { headers: admin, query: { action: 'richmenu.rollback' } as never });
    expect(JSON.stringify(audit.body)).toContain('richmenu.rollback');
  });

  it('a published version is frozen; a copy is a new draft', async () => {
    const res = await server.client.call('consoleUpdateRichMenuVersion', { headers: admin, params: { id: v1 }, body: tabbedVersion('edited') });
    expect(res.status).toBe(409);
    expect((res.body as { error: { code: string } }).error.code).toBe('RICH_MENU_VERSION_FROZEN');
    const copy = await server.client.call('consoleCopyRichMenuVersion', { headers: admin, params: { id: v1 } });
    expect(copy.status).toBe(201);
    expect((copy.body as { status: string }).status).toBe('draft');
  });

  it('publishes one version at a time: a second request meanwhile is refused', async () => {
    const [a, b] = [await createVersion(tabbedVersion('race a')), await createVersion(tabbedVersion('race b'))];
    const answers = await Promise.all([a, b].map((id) => server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id } })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((answers.find((r) => r.status === 409)!.body as unknown as { error: { code: string } }).error.code).toBe('RICH_MENU_PUBLISH_IN_PROGRESS');
  });

  it('keeps within LINE’s 100 creates and deletes an hour', async () => {
    const id = await createVersion(tabbedVersion('budget'));
    const used = server.services.richMenus.overview().createDeleteBudget.used;
    server.db.db.insert(richMenuApiCalls).values(Array.from({ length: 100 - used - 2 }, () => ({ kind: 'create' as const, at: new Date() }))).run();
    const res = await server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id } });
    expect(res.status).toBe(429);
    expect((res.body as unknown as { error: { code: string; message: string } }).error).toMatchObject({ code: 'RICH_MENU_BUDGET_EXCEEDED', message: expect.stringContaining('100') });
  });

  it('refuses to publish a version that breaks a LINE rule, naming the problem', async () => {
    const bad = tabbedVersion('too long');
    bad.menus[0]!.chatBarText = '這是一段超過十四個字的選單列文字喔';
    const id = await createVersion(bad);
    const res = await server.client.call('consolePublishRichMenuVersion', { headers: admin, params: { id } });
    expect(res.status).toBe(400);
    const err = (res.body as unknown as { error: { code: string; message: string; details: { problems: { code: string }[] } } }).error;
    expect(err.code).toBe('RICH_MENU_INVALID');
    expect(err.details.problems.map((p) => p.code)).toContain('CHAT_BAR_TEXT_TOO_LONG');
  });
});
