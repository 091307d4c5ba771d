import { randomUUID } from 'node:crypto';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_LOGIN_CHANNEL_ID } from '../../bot-server/config.ts';
import { makePng } from '../helpers/png.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let client: messagingApi.MessagingApiClient;
let userId: string;

const text = (t: string) => ({ type: 'text' as const, text: t });

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof HTTPFetchError) return error.status;
    throw error;
  }
}

beforeAll(async () => {
  server = await startTestServer();
  // The real SDK, pointed at the sandbox the way production points it at api.line.me.
  client = new messagingApi.MessagingApiClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
  const res = await server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: 'Sandbox Tester', isFollowing: true } });
  userId = res.body.userId;
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  await server.json('/sandbox/api/settings', { body: { pushRatePerSecond: 2000, faults: { rate429: 0, rate500: 0, rate500AfterAccept: 0 } } });
});

describe('Messaging API stand-in', () => {
  it('records a push and answers 409 with the accepted request id to a repeated retry key', async () => {
    const key = randomUUID();
    await client.pushMessage({ to: userId, messages: [text('hello')] }, key);
    let conflict: HTTPFetchError | undefined;
    try {
      await client.pushMessage({ to: userId, messages: [text('hello')] }, key);
    } catch (error) {
      conflict = error as HTTPFetchError;
    }
    expect(conflict?.status).toBe(409);
    expect(conflict?.headers.get('x-line-accepted-request-id')).toMatch(/[0-9a-f-]{36}/);
    const pushed = (await server.messagesTo(userId)).filter((m) => m.retryKey === key);
    expect(pushed).toHaveLength(1);
  });

  it('refuses a malformed retry key, and a retry key on reply', async () => {
    expect(await status(client.pushMessage({ to: userId, messages: [text('x')] }, 'not-a-uuid'))).toBe(400);
    const res = await fetch(server.url('/v2/bot/message/reply'), {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_ACCESS_TOKEN}`, 'content-type': 'application/json', 'x-line-retry-key': randomUUID() },
      body: JSON.stringify({ replyToken: 'x', messages: [text('x')] }),
    });
    expect(res.status).toBe(400);
  });

  it('answers 429 past the configured rate and recovers after', async () => {
    await server.json('/sandbox/api/settings', { body: { pushRatePerSecond: 5 } });
    const results = await Promise.all(Array.from({ length: 12 }, () => status(client.pushMessage({ to: userId, messages: [text('burst')] }))));
    expect(results.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
    expect(results.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
    await new Promise((r) => setTimeout(r, 400));
    expect(await status(client.pushMessage({ to: userId, messages: [text('later')] }))).toBe(200);
  });

  it('refuses a wrong access token with 401', async () => {
    const stranger = new messagingApi.MessagingApiClient({ channelAccessToken: 'forged', baseURL: server.origin });
    expect(await status(stranger.pushMessage({ to: userId, messages: [text('x')] }))).toBe(401);
  });

  it('refuses malformed messages with LINE\'s details list', async () => {
    const res = await fetch(server.url('/v2/bot/message/push'), {
      method: 'POST',
      headers: { authorization: `Bearer ${SANDBOX_ACCESS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: userId, messages: [{ type: 'flex', altText: '', contents: { type: 'bubble', body: { type: 'box', contents: [] } } }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { details: { property: string }[] };
    expect(body.details.map((d) => d.property)).toEqual(['messages[0].altText', 'messages[0].contents.body.layout']);
  });

  it('enforces LINE\'s size limits: altText 1,500, bubble 30 KB, 5 messages, 12 bubbles', async () => {
    const bubble = (chars: number) => ({ type: 'bubble' as const, body: { type: 'box' as const, layout: 'vertical' as const, contents: [{ type: 'text' as const, text: 'x'.repeat(chars) }] } });
    const push = (messages: messagingApi.Message[]) => status(client.pushMessage({ to: userId, messages }));
    expect(await push([{ type: 'flex', altText: 'a'.repeat(1500), contents: bubble(10) }])).toBe(200);
    expect(await push([{ type: 'flex', altText: 'a'.repeat(1501), contents: bubble(10) }])).toBe(400);
    expect(await push([{ type: 'flex', altText: 'ok', contents: bubble(31_000) }])).toBe(400);
    expect(await push(Array.from({ length: 6 }, () => text('x')))).toBe(400);
    expect(await push([{ type: 'flex', altText: 'ok', contents: { type: 'carousel', contents: Array.from({ length: 13 }, () => bubble(5)) } }])).toBe(400);
    expect(await push([text('字'.repeat(5001))])).toBe(400);
  });

  it('refuses the Flex values and request fields LINE\'s OpenAPI refuses', async () => {
    const push = async (messages: unknown[], extra: Record<string, unknown> = {}) => {
      const res = await fetch(server.url('/v2/bot/message/push'), {
        method: 'POST',
        headers: { authorization: `Bearer ${SANDBOX_ACCESS_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ to: userId, messages, ...extra }),
      });
      const body = (await res.json()) as { details?: { property: string }[] };
      expect(res.headers.get('x-line-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      return { status: res.status, properties: body.details?.map((d) => d.property) ?? [] };
    };
    const flex = (bubble: Record<string, unknown>) => ({ type: 'flex', altText: 'alt', contents: { type: 'bubble', ...bubble } });
    const body = (...contents: unknown[]) => ({ body: { type: 'box', layout: 'vertical', contents } });
    const button = (extra: Record<string, unknown>) => ({ type: 'button', action: { type: 'uri', label: '開啟', uri: 'https://example.com' }, ...extra });
    const cases: [unknown, string][] = [
      [flex(body(button({ height: 'lg' }))), 'messages[0].contents.body.contents[0].height'],
      [flex(body(button({ style: 'danger' }))), 'messages[0].contents.body.contents[0].style'],
      [flex({ size: 'huge', ...body({ type: 'text', text: 'x' }) }), 'messages[0].contents.size'],
      [flex(body({ type: 'text', text: 'x', weight: 'heavy' })), 'messages[0].contents.body.contents[0].weight'],
      [flex(body({ type: 'text', text: 'x', align: 'middle' })), 'messages[0].contents.body.contents[0].align'],
      [flex(body(button({ action: { type: 'uri', label: 'x', uri: 'https://not a url' } }))), 'messages[0].contents.body.contents[0].action.uri'],
      [flex(body({ type: 'text', text: 'x', margin: 'huge' })), 'messages[0].contents.body.contents[0].margin'],
      [{ type: 'text', text: 'hi', sender: { name: '一二三四五六七八九十一二三四五六七八九十一' } }, 'messages[0].sender.name'],
      [{ type: 'text', text: 'hi', sender: { iconUrl: 'http://example.com/a.png' } }, 'messages[0].sender.iconUrl'],
      [{ type: 'location', title: '門市', address: '台北市' }, 'messages[0].latitude'],
      [{ type: 'audio', originalContentUrl: 'https://example.com/a.m4a' }, 'messages[0].duration'],
      [{ type: 'video', originalContentUrl: 'https://example.com/a.mp4' }, 'messages[0].previewImageUrl'],
      [{ type: 'template', altText: 'x', template: { type: 'confirm', text: '確定？', actions: [{ type: 'message', label: '是', text: '是' }] } }, 'messages[0].template.actions'],
      [{ type: 'imagemap', baseUrl: 'https://example.com/map', altText: 'x', baseSize: { width: 1040, height: 1040 }, actions: [{ type: 'link', area: { x: 0, y: 0, width: 10, height: 10 } }] }, 'messages[0].actions[0].type'],
      [{ type: 'textV2', text: 'Hi {user}', substitution: { user: { type: 'mention', mentionee: { type: 'user' } } } }, 'messages[0].substitution.user.mentionee.userId'],
    ];
    for (const [message, property] of cases) {
      const answer = await push([message]);
      expect({ property, ...answer }).toMatchObject({ property, status: 400, properties: expect.arrayContaining([property]) });
    }
    expect(await push([{ type: 'text', text: 'x' }], { notificationDisabled: 'yes' })).toEqual({ status: 400, properties: ['notificationDisabled'] });
  });

  it('accepts the message types LINE allows, with valid Flex enums, and gives each sent message its own id', async () => {
    const messages: messagingApi.Message[] = [
      { type: 'location', title: '信義門市', address: '台北市信義區松高路 1 號', latitude: 25.04, longitude: 121.56 },
      { type: 'template', altText: '確認', template: { type: 'confirm', text: '要兌換嗎？', actions: [{ type: 'postback', label: '是', data: 'yes' }, { type: 'message', label: '否', text: '否' }] } },
      { type: 'video', originalContentUrl: 'https://example.com/a.mp4', previewImageUrl: 'https://example.com/a.jpg' },
      { type: 'audio', originalContentUrl: 'https://example.com/a.m4a', duration: 60000 },
      {
        type: 'imagemap',
        baseUrl: 'https://example.com/map',
        altText: '地圖',
        baseSize: { width: 1040, height: 1040 },
        actions: [{ type: 'uri', linkUri: 'https://example.com', area: { x: 0, y: 0, width: 520, height: 1040 } }, { type: 'message', text: '我的票券', area: { x: 520, y: 0, width: 520, height: 1040 } }],
      },
    ];
    const sent = await client.pushMessage({ to: userId, messages, notificationDisabled: true });
    expect(new Set(sent.sentMessages.map((m) => m.id)).size).toBe(5);
    await client.pushMessage({
      to: userId,
      messages: [
        { type: 'textV2', text: '{user} 您好', substitution: { user: { type: 'mention', mentionee: { type: 'user', userId } } } } as messagingApi.Message,
        {
          type: 'flex',
          altText: 'ok',
          sender: { name: '小幫手', iconUrl: 'https://example.com/i.png' },
          contents: {
            type: 'bubble',
            size: 'giga',
            body: {
              type: 'box',
              layout: 'vertical',
              spacing: 'md',
              paddingAll: '12px',
              contents: [
                { type: 'text', text: 'x', weight: 'bold', align: 'center', size: '3xl', margin: '8px', wrap: true },
                { type: 'button', style: 'primary', height: 'sm', action: { type: 'uri', label: 'go', uri: 'https://example.com/a?b=c' } },
              ],
            },
          },
        },
      ],
    });
    // A reply's sentMessages each carry their own id too.
    const replyToken = server.sandbox!.state.issueReplyToken(userId);
    const reply = await client.replyMessage({ replyToken, messages: [text('a'), text('b'), text('c')] });
    expect(new Set(reply.sentMessages.map((m) => m.id)).size).toBe(3);
  });

  it('serves profiles of followers only, and the quota', async () => {
    const profile = await client.getProfile(userId);
    expect(profile).toMatchObject({ userId, displayName: 'Sandbox Tester' });
    expect(await status(client.getProfile('U' + '9'.repeat(32)))).toBe(404);
    const quota = await client.getMessageQuota();
    expect(quota.type).toBe('limited');
    const consumption = await client.getMessageQuotaConsumption();
    expect(consumption.totalUsage).toBeGreaterThan(0);
  });

  it('answers 429 once the monthly quota is used up', async () => {
    const { body } = await server.json<{ quota: { used: number } }>('/sandbox/api/state');
    await server.json('/sandbox/api/settings', { body: { monthlyQuota: body.quota.used + 1 } });
    expect(await status(client.pushMessage({ to: userId, messages: [text('last one')] }))).toBe(200);
    expect(await status(client.pushMessage({ to: userId, messages: [text('over')] }))).toBe(429);
    await server.json('/sandbox/api/settings', { body: { monthlyQuota: 200000 } });
  });

  it('can inject 500s and accepted-then-500s for resilience tests', async () => {
    await server.json('/sandbox/api/settings', { body: { faults: { rate500AfterAccept: 1 } } });
    const key = randomUUID();
    expect(await status(client.pushMessage({ to: userId, messages: [text('maybe')] }, key))).toBe(500);
    await server.json('/sandbox/api/settings', { body: { faults: { rate500AfterAccept: 0 } } });
    expect(await status(client.pushMessage({ to: userId, messages: [text('maybe')] }, key))).toBe(409);
    expect((await server.messagesTo(userId)).filter((m) => m.retryKey === key)).toHaveLength(1);
  });

  it('manages rich menus with LINE\'s rules', async () => {
    const bad = await status(client.createRichMenu({ size: { width: 2500, height: 2000 }, selected: false, name: 'x', chatBarText: '這是一個超過十四個字的選單列文字喔', areas: [] }));
    expect(bad).toBe(400);
    const { richMenuId } = await client.createRichMenu({
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'main',
      chatBarText: '會員選單',
      areas: [{ bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'postback', data: 'action=wallet' } }],
    });
    expect(await status(client.setDefaultRichMenu(richMenuId))).toBe(400); // no image yet
    const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: SANDBOX_ACCESS_TOKEN, baseURL: server.origin });
    const png = makePng(2500, 843);
    await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(png)], { type: 'image/png' }));
    await client.setDefaultRichMenu(richMenuId);
    expect((await client.getDefaultRichMenuId()).richMenuId).toBe(richMenuId);
    await client.createRichMenuAlias({ richMenuAliasId: 'main-tab', richMenuId });
    expect((await client.getRichMenuAliasList()).aliases).toEqual([{ richMenuAliasId: 'main-tab', richMenuId }]);
  });
});

describe('LINE Login verify stand-in', () => {
  async function verify(idToken: string, clientId = SANDBOX_LOGIN_CHANNEL_ID) {
    const res = await fetch(server.url('/oauth2/v2.1/verify'), { method: 'POST', body: new URLSearchParams({ id_token: idToken, client_id: clientId }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  async function issue(extra: Record<string, unknown> = {}) {
    const res = await server.json<{ idToken: string }>('/sandbox/liff/id-token', { body: { userId, ...extra } });
    return res.body.idToken;
  }

  it('verifies a token it issued and returns LINE\'s claims', async () => {
    const { status: code, body } = await verify(await issue());
    expect(code).toBe(200);
    expect(body).toMatchObject({ iss: 'https://access.line.me', sub: userId, aud: SANDBOX_LOGIN_CHANNEL_ID, name: 'Sandbox Tester' });
  });

  it('fails expired, wrong-audience, forged and unknown tokens as LINE does', async () => {
    expect(await verify(await issue({ expiresInSeconds: -10 }))).toEqual({ status: 400, body: { error: 'invalid_request', error_description: 'IdToken expired.' } });
    expect((await verify(await issue({ audience: '1999999999' }))).body.error_description).toBe('Invalid IdToken Audience.');
    const token = await issue();
    const [h, p] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'U' + 'f'.repeat(32) })).toString('base64url');
    expect((await verify(`${h}.${forgedPayload}.${token.split('.')[2]}`)).body.error_description).toBe('Invalid IdToken.');
    expect((await verify('id_token')).body.error_description).toBe('Invalid IdToken.');
    expect((await verify(token, '1234567890')).body.error).toBe('invalid_client');
  });
});
