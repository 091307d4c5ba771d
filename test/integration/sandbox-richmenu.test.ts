import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN } from '../../bot-server/config.ts';
import { makePng } from '../helpers/png.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// The sandbox's rich-menu endpoints, driven by the real @line/bot-sdk v11 clients the product uses.
let server: TestServer;
let api: messagingApi.MessagingApiClient;
let blob: messagingApi.MessagingApiBlobClient;
let userId: string;

const AUTH = { authorization: `Bearer ${SANDBOX_ACCESS_TOKEN}` };
const COMPACT = { width: 2500, height: 843 };
const png = makePng(COMPACT.width, COMPACT.height, { bands: [[6, 199, 85], [255, 255, 255]] });

function menu(overrides: Record<string, unknown> = {}): messagingApi.RichMenuRequest {
  return {
    size: COMPACT,
    selected: true,
    name: 'member tab',
    chatBarText: '會員選單',
    areas: [
      { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'postback', data: 'richmenu=wallet', displayText: '我的票券' } },
      { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'richmenuswitch', richMenuAliasId: 'offers', data: 'tab=offers' } },
    ],
    ...overrides,
  } as messagingApi.RichMenuRequest;
}

/** The status and LINE's JSON body of a failed SDK call (fails the test if the call succeeded). */
async function failure(promise: Promise<unknown>): Promise<{ status: number; body: { message: string; details?: { property: string; message: string }[] }; requestId: string | null }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof HTTPFetchError)) throw error;
    return { status: error.status, body: JSON.parse(error.body), requestId: error.headers.get('x-line-request-id') };
  }
  throw new Error('expected the call to fail');
}

async function lineFetch(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(server.url(path), {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...AUTH, ...(init.body === undefined || Buffer.isBuffer(init.body) ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: Buffer.isBuffer(init.body) ? new Uint8Array(init.body) : JSON.stringify(init.body) }),
  });
  const text = response.headers.get('content-type')?.includes('json') || response.status !== 200 ? await response.text() : '';
  return { status: response.status, text, body: text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as { message?: string; details?: { property: string }[] }) : undefined, headers: response.headers };
}

async function createWithImage(overrides: Record<string, unknown> = {}): Promise<string> {
  const { richMenuId } = await api.createRichMenu(menu(overrides));
  await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/png' }));
  return richMenuId;
}

beforeAll(async () => {
  server = await startTestServer({}, { seedDemo: false });
  api = new messagingApi.MessagingApiClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
  blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
  const res = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: '選單測試', isFollowing: true } });
  userId = res.body.userId;
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  await server.json('/sandbox/api/settings', { body: { resetRichMenus: true, richMenuCreatesPerHour: 100, richMenuDeletesPerHour: 100 } });
  await server.json('/sandbox/api/faults', { method: 'DELETE' });
});

describe('rich menu objects', () => {
  it('creates, validates, gets, lists and deletes a menu; unknown ids answer LINE\'s JSON 404', async () => {
    await expect(api.validateRichMenuObject(menu())).resolves.toEqual({});
    const { richMenuId } = await api.createRichMenu(menu());
    expect(richMenuId).toMatch(/^richmenu-[0-9a-f]{32}$/);
    expect(await api.getRichMenu(richMenuId)).toMatchObject({ richMenuId, size: COMPACT, chatBarText: '會員選單', selected: true, name: 'member tab' });
    expect((await api.getRichMenuList()).richmenus.map((m) => m.richMenuId)).toEqual([richMenuId]);
    await api.deleteRichMenu(richMenuId);
    const gone = await failure(api.getRichMenu(richMenuId));
    expect(gone).toMatchObject({ status: 404, body: { message: 'Not found' } });
    expect(gone.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await failure(api.deleteRichMenu(richMenuId))).status).toBe(404);
    // A path LINE does not have: JSON, not Express's HTML page.
    const unknown = await lineFetch('/v2/bot/richmenu/nope/nope/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/json');
    expect(unknown.body).toEqual({ message: 'Not found' });
  });

  it.each([
    ['width under 800', { size: { width: 799, height: 540 } }, 'size.width'],
    ['width over 2500', { size: { width: 2501, height: 843 } }, 'size.width'],
    ['height under 250', { size: { width: 800, height: 249 } }, 'size.height'],
    ['ratio under 1.45', { size: { width: 2500, height: 1725 } }, 'size'],
    ['chatBarText over 14', { chatBarText: '這是一個超過十四個字的選單列文字喔' }, 'chatBarText'],
    ['empty chatBarText', { chatBarText: '' }, 'chatBarText'],
    ['name over 300', { name: 'x'.repeat(301) }, 'name'],
    ['selected not a boolean', { selected: 'yes' }, 'selected'],
    ['21 areas', { areas: Array.from({ length: 21 }, (_, i) => ({ bounds: { x: i * 100, y: 0, width: 100, height: 100 }, action: { type: 'message', text: 'hi' } })) }, 'areas'],
    ['bounds outside the size', { areas: [{ bounds: { x: 2000, y: 0, width: 501, height: 843 }, action: { type: 'message', text: 'hi' } }] }, 'areas[0].bounds'],
    ['zero-width bounds', { areas: [{ bounds: { x: 0, y: 0, width: 0, height: 843 }, action: { type: 'message', text: 'hi' } }] }, 'areas[0].bounds'],
    ['action type link', { areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'link', uri: 'https://example.com' } }] }, 'areas[0].action.type'],
    ['uri that is not a URL', { areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'uri', uri: 'https://not a url' } }] }, 'areas[0].action.uri'],
    ['javascript: uri', { areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'uri', uri: 'javascript:alert(1)' } }] }, 'areas[0].action.uri'],
    ['postback without data', { areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'postback' } }] }, 'areas[0].action.data'],
    ['switch to a malformed alias', { areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'richmenuswitch', richMenuAliasId: 'Offers!', data: 'x' } }] }, 'areas[0].action.richMenuAliasId'],
    ['datetimepicker without mode', { areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'datetimepicker', data: 'book' } }] }, 'areas[0].action.mode'],
  ])('refuses %s on create and validate with 400 and LINE\'s details', async (_name, overrides, property) => {
    for (const call of [api.createRichMenu(menu(overrides)), api.validateRichMenuObject(menu(overrides))]) {
      const { status, body } = await failure(call);
      expect(status).toBe(400);
      expect(body.message).toMatch(/^The request body has \d+ error\(s\)$/);
      expect(body.details?.map((d) => d.property)).toContain(property);
    }
    expect((await api.getRichMenuList()).richmenus).toEqual([]);
  });

  it('accepts every action type LINE allows in an area, at LINE\'s edges (2500×1686, 800×250, 20 areas)', async () => {
    const actions = [
      { type: 'postback', data: 'a=1', displayText: '看看', inputOption: 'openKeyboard' },
      { type: 'message', text: '我的票券' },
      { type: 'uri', uri: 'https://liff.line.me/123-abc/wallet?x=1' },
      { type: 'datetimepicker', data: 'book', mode: 'date' },
      { type: 'richmenuswitch', richMenuAliasId: 'offers', data: 'tab=offers' },
      { type: 'camera', label: '相機' },
    ];
    const areas = actions.map((action, i) => ({ bounds: { x: i * 400, y: 0, width: 400, height: 1686 }, action }));
    await expect(api.validateRichMenuObject(menu({ size: { width: 2500, height: 1686 }, areas }))).resolves.toEqual({});
    await expect(api.validateRichMenuObject(menu({ size: { width: 800, height: 250 }, areas: [] }))).resolves.toEqual({});
    const twenty = Array.from({ length: 20 }, (_, i) => ({ bounds: { x: i * 125, y: 0, width: 125, height: 843 }, action: { type: 'message', text: `${i}` } }));
    await expect(api.validateRichMenuObject(menu({ areas: twenty }))).resolves.toEqual({});
  });
});

describe('rich menu images (api-data.line.me)', () => {
  it('uploads a PNG of the exact size, serves it back, and refuses a second upload', async () => {
    const { richMenuId } = await api.createRichMenu(menu());
    await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/png' }));
    const content = await fetch(server.url(`/v2/bot/richmenu/${richMenuId}/content`), { headers: AUTH });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(content.headers.get('x-line-request-id')).toBeTruthy();
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);
    const readable = await blob.getRichMenuImage(richMenuId);
    const chunks: Buffer[] = [];
    for await (const part of readable) chunks.push(Buffer.from(part));
    expect(Buffer.concat(chunks).equals(png)).toBe(true);
    const again = await failure(blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/png' })));
    expect(again).toMatchObject({ status: 400, body: { message: 'An image has already been uploaded to the richmenu' } });
  });

  it('refuses the wrong dimensions, over 1 MB, a non-image, another type, and an unknown menu', async () => {
    const { richMenuId } = await api.createRichMenu(menu());
    const wrongSize = await failure(blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(makePng(2500, 1686))], { type: 'image/png' })));
    expect(wrongSize.status).toBe(400);
    expect(wrongSize.body.message).toContain('2500x843');
    const big = makePng(2500, 843, { noise: true });
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expect((await failure(blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(big)], { type: 'image/png' })))).status).toBe(413);
    expect((await failure(blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(Buffer.from('not a png'))], { type: 'image/png' })))).status).toBe(400);
    expect((await failure(blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/jpeg' })))).status).toBe(400);
    expect((await failure(blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/gif' })))).status).toBe(415);
    expect((await failure(blob.setRichMenuImage('richmenu-00000000000000000000000000000000', new Blob([new Uint8Array(png)], { type: 'image/png' })))).status).toBe(404);
    // Still no image: the content is not there and the menu cannot be shown.
    expect((await failure(blob.getRichMenuImage(richMenuId))).status).toBe(404);
    expect((await failure(api.setDefaultRichMenu(richMenuId))).body.message).toBe('must upload richmenu image before applying it to user');
  });
});

describe('default, per-user and bulk links', () => {
  it('sets, gets and cancels the default; a per-user link overrides it in the chat', async () => {
    expect((await failure(api.getDefaultRichMenuId())).status).toBe(404);
    const main = await createWithImage();
    const other = await createWithImage({ name: 'other' });
    await api.setDefaultRichMenu(main);
    expect(await api.getDefaultRichMenuId()).toEqual({ richMenuId: main });
    const shown = async () => (await server.json<{ richMenu: { richMenuId: string; source: string } | null }>(`/sandbox/api/richmenu?userId=${userId}`)).body.richMenu;
    expect(await shown()).toMatchObject({ richMenuId: main, source: 'default' });

    expect((await failure(api.getRichMenuIdOfUser(userId))).status).toBe(404);
    await api.linkRichMenuIdToUser(userId, other);
    expect(await api.getRichMenuIdOfUser(userId)).toEqual({ richMenuId: other });
    expect(await shown()).toMatchObject({ richMenuId: other, source: 'user' });
    await api.unlinkRichMenuIdFromUser(userId);
    expect(await shown()).toMatchObject({ richMenuId: main });
    await api.cancelDefaultRichMenu();
    expect(await shown()).toBeNull();
    expect((await failure(api.linkRichMenuIdToUser('not-a-user', main))).status).toBe(400);
    expect((await failure(api.linkRichMenuIdToUser(userId, 'richmenu-00000000000000000000000000000000'))).status).toBe(404);
  });

  it('bulk links and unlinks up to 500 users with 202 and an empty body; 0 or 501 are refused', async () => {
    const richMenuId = await createWithImage();
    const users = Array.from({ length: 500 }, (_, i) => `U${i.toString(16).padStart(32, '0')}`);
    const linked = await lineFetch('/v2/bot/richmenu/bulk/link', { body: { richMenuId, userIds: users } });
    expect(linked.status).toBe(202);
    expect(linked.text).toBe('');
    expect(linked.headers.get('x-line-request-id')).toBeTruthy();
    expect(await api.getRichMenuIdOfUser(users[499]!)).toEqual({ richMenuId });
    await api.unlinkRichMenuIdFromUsers({ userIds: users.slice(0, 250) });
    expect((await failure(api.getRichMenuIdOfUser(users[0]!))).status).toBe(404);
    expect(await api.getRichMenuIdOfUser(users[250]!)).toEqual({ richMenuId });

    const tooMany = await failure(api.linkRichMenuIdToUsers({ richMenuId, userIds: [...users, 'U'.padEnd(33, 'f')] }));
    expect(tooMany).toMatchObject({ status: 400, body: { details: [{ property: 'userIds', message: 'size must be between 1 and 500' }] } });
    expect((await failure(api.linkRichMenuIdToUsers({ richMenuId, userIds: [] }))).status).toBe(400);
    expect((await failure(api.unlinkRichMenuIdFromUsers({ userIds: Array.from({ length: 501 }, () => users[0]!) }))).status).toBe(400);
    expect((await failure(api.linkRichMenuIdToUsers({ richMenuId, userIds: ['someone'] }))).body.details?.[0]?.property).toBe('userIds[0]');
    expect((await failure(api.linkRichMenuIdToUsers({ richMenuId: 'richmenu-00000000000000000000000000000000', userIds: users.slice(0, 1) }))).status).toBe(400);
  });

  it('batch-replaces every user of one menu with another and reports progress', async () => {
    const from = await createWithImage();
    const to = await createWithImage({ name: 'to' });
    await api.linkRichMenuIdToUser(userId, from);
    await expect(api.validateRichMenuBatchRequest({ operations: [{ type: 'link', from, to }] })).resolves.toEqual({});
    const answer = await api.richMenuBatchWithHttpInfo({ operations: [{ type: 'link', from, to }], resumeRequestKey: 'batch-1' });
    expect(answer.httpResponse.status).toBe(202);
    const requestId = answer.httpResponse.headers.get('x-line-request-id')!;
    expect(await api.getRichMenuBatchProgress(requestId)).toMatchObject({ phase: 'succeeded' });
    expect(await api.getRichMenuIdOfUser(userId)).toEqual({ richMenuId: to });
    expect((await failure(api.validateRichMenuBatchRequest({ operations: [{ type: 'link', from: 'richmenu-x', to }] }))).status).toBe(400);
  });
});

describe('aliases', () => {
  it('creates, gets, lists, updates and deletes; missing → 404, duplicate and bad ids → 400', async () => {
    const a = await createWithImage();
    const b = await createWithImage({ name: 'b' });
    await api.createRichMenuAlias({ richMenuAliasId: 'member-tab', richMenuId: a });
    expect(await api.getRichMenuAlias('member-tab')).toEqual({ richMenuAliasId: 'member-tab', richMenuId: a });
    expect((await failure(api.createRichMenuAlias({ richMenuAliasId: 'member-tab', richMenuId: b })))).toMatchObject({ status: 400, body: { message: 'conflict richmenu alias id' } });
    await api.updateRichMenuAlias('member-tab', { richMenuId: b });
    expect((await api.getRichMenuAliasList()).aliases).toEqual([{ richMenuAliasId: 'member-tab', richMenuId: b }]);
    for (const bad of ['Member', 'a'.repeat(33), '', 'tab!']) {
      expect((await failure(api.createRichMenuAlias({ richMenuAliasId: bad, richMenuId: a }))).status).toBe(400);
    }
    const noImage = (await api.createRichMenu(menu({ name: 'no image' }))).richMenuId;
    expect((await failure(api.createRichMenuAlias({ richMenuAliasId: 'bare', richMenuId: noImage }))).body.message).toBe('richmenu image not found');
    expect((await failure(api.createRichMenuAlias({ richMenuAliasId: 'ghost', richMenuId: 'richmenu-x' }))).body.message).toBe('richmenu not found');
    expect((await failure(api.updateRichMenuAlias('member-tab', { richMenuId: 'richmenu-x' }))).status).toBe(400);
    await api.deleteRichMenuAlias('member-tab');
    for (const call of [api.getRichMenuAlias('member-tab'), api.deleteRichMenuAlias('member-tab'), api.updateRichMenuAlias('member-tab', { richMenuId: a })]) {
      expect(await failure(call)).toMatchObject({ status: 404, body: { message: 'richmenu alias not found' } });
    }
  });

  it('deleting a menu drops its aliases, links and the default', async () => {
    const a = await createWithImage();
    await api.createRichMenuAlias({ richMenuAliasId: 'gone', richMenuId: a });
    await api.setDefaultRichMenu(a);
    await api.linkRichMenuIdToUser(userId, a);
    await api.deleteRichMenu(a);
    expect((await api.getRichMenuAliasList()).aliases).toEqual([]);
    expect((await failure(api.getDefaultRichMenuId())).status).toBe(404);
    expect((await failure(api.getRichMenuIdOfUser(userId))).status).toBe(404);
  });
});

describe('limits and injected faults', () => {
  it('answers 429 with LINE\'s body past 100 creates an hour (here lowered to 3), and past the delete limit', async () => {
    await server.json('/sandbox/api/settings', { body: { richMenuCreatesPerHour: 3, richMenuDeletesPerHour: 1 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await api.createRichMenu(menu())).richMenuId);
    expect(await failure(api.createRichMenu(menu()))).toMatchObject({ status: 429, body: { message: 'Too Many Requests' } });
    await api.deleteRichMenu(ids[0]!);
    expect((await failure(api.deleteRichMenu(ids[1]!))).status).toBe(429);
    expect(await api.getRichMenu(ids[1]!)).toMatchObject({ richMenuId: ids[1] });
  });

  it('the default limit is LINE\'s 100 creates an hour', async () => {
    const answers = await Promise.all(Array.from({ length: 101 }, () => lineFetch('/v2/bot/richmenu', { body: menu() })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(100);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(1);
  });

  it('fails the next call of a named operation, once, before it has any effect', async () => {
    const steps: [string, () => Promise<unknown>][] = [];
    const { richMenuId } = await api.createRichMenu(menu());
    steps.push(['setRichMenuImage', () => blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/png' }))]);
    steps.push(['createRichMenuAlias', () => api.createRichMenuAlias({ richMenuAliasId: 'tab', richMenuId })]);
    steps.push(['linkRichMenuIdToUsers', () => api.linkRichMenuIdToUsers({ richMenuId, userIds: [userId] })]);
    steps.push(['setDefaultRichMenu', () => api.setDefaultRichMenu(richMenuId)]);
    steps.push(['deleteRichMenu', () => api.deleteRichMenu(richMenuId)]);
    for (const [operation, call] of steps) {
      const injected = await server.json('/sandbox/api/faults', { body: { operation, status: 500 } });
      expect(injected.status).toBe(201);
      expect(await failure(call())).toMatchObject({ status: 500, body: { message: 'Internal Server Error' } });
      await call(); // the fault was for one call only, and the failed call changed nothing
    }
    expect((await failure(api.getRichMenu(richMenuId))).status).toBe(404);

    // In process, for tests holding the server: createRichMenu fails twice with a chosen answer.
    server.sandbox!.state.injectFault('createRichMenu', { status: 503, times: 2, message: 'Service Unavailable' });
    expect((await failure(api.createRichMenu(menu()))).body.message).toBe('Service Unavailable');
    expect((await failure(api.createRichMenu(menu()))).status).toBe(503);
    expect((await api.createRichMenu(menu())).richMenuId).toMatch(/^richmenu-/);
    expect((await api.getRichMenuList()).richmenus).toHaveLength(1);

    const refused = await server.json('/sandbox/api/faults', { body: { operation: 'x', status: 200 } });
    expect(refused.status).toBe(400);
  });

  it('refuses a wrong token with 401 before anything else', async () => {
    const res = await lineFetch('/v2/bot/richmenu/list', { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-line-request-id')).toBeTruthy();
  });
});

describe('taps in the sandbox chat', () => {
  it('a postback area sends a signed postback; a switch area shows the alias\'s menu and sends params', async () => {
    const main = await createWithImage();
    const offers = await createWithImage({ name: 'offers', chatBarText: '優惠' });
    await api.createRichMenuAlias({ richMenuAliasId: 'offers', richMenuId: offers });
    await api.linkRichMenuIdToUser(userId, main);

    const tap = await server.json<{ event: { postback: unknown }; webhookStatus: number }>('/sandbox/line/richmenu-tap', { body: { userId, richMenuId: main, areaIndex: 0 } });
    expect(tap.status).toBe(200);
    expect(tap.body.webhookStatus).toBe(200);
    expect(tap.body.event.postback).toEqual({ data: 'richmenu=wallet' });
    const chat = await server.json<{ items: { direction: string; message: { type: string; displayText?: string } }[] }>(`/sandbox/api/chat?userId=${userId}`);
    expect(chat.body.items.at(-1)).toMatchObject({ direction: 'in', message: { type: 'postback', displayText: '我的票券' } });

    const sw = await server.json<{ event: { postback: unknown } }>('/sandbox/line/richmenu-tap', { body: { userId, richMenuId: main, areaIndex: 1 } });
    expect(sw.body.event.postback).toEqual({ data: 'tab=offers', params: { newRichMenuAliasId: 'offers', status: 'SUCCESS' } });
    const shown = await server.json<{ richMenu: { richMenuId: string; chatBarText: string } }>(`/sandbox/api/richmenu?userId=${userId}`);
    expect(shown.body.richMenu).toMatchObject({ richMenuId: offers, chatBarText: '優惠' });
    // The link itself is unchanged (a switch is on the phone), and a tap on the old menu is stale.
    expect(await api.getRichMenuIdOfUser(userId)).toEqual({ richMenuId: main });
    expect((await server.json('/sandbox/line/richmenu-tap', { body: { userId, richMenuId: main, areaIndex: 0 } })).status).toBe(409);
    // A new link from the bot shows at once, replacing the switched tab.
    const third = await createWithImage({ name: 'third' });
    await api.linkRichMenuIdToUser(userId, third);
    expect((await server.json<{ richMenu: { richMenuId: string } }>(`/sandbox/api/richmenu?userId=${userId}`)).body.richMenu.richMenuId).toBe(third);
  });

  it('a switch to a missing alias reports RICHMENU_ALIAS_ID_NOTFOUND and keeps the menu', async () => {
    const main = await createWithImage();
    await api.setDefaultRichMenu(main);
    const sw = await server.json<{ event: { postback: { params: { status: string } } } }>('/sandbox/line/richmenu-tap', { body: { userId, richMenuId: main, areaIndex: 1 } });
    expect(sw.body.event.postback.params.status).toBe('RICHMENU_ALIAS_ID_NOTFOUND');
    expect((await server.json<{ richMenu: { richMenuId: string } }>(`/sandbox/api/richmenu?userId=${userId}`)).body.richMenu.richMenuId).toBe(main);
  });
});
