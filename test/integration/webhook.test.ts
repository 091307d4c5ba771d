import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWebhookEvent } from '../../bot-server/line/webhook-events.repo.ts';
import { findMemberByLineUserId } from '../../bot-server/members/member.repo.ts';
import { sign, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let seq = 0;

function newUser(name = 'Webhook Tester'): Promise<{ userId: string }> {
  seq += 1;
  return server.json<{ userId: string }>('/sandbox/api/users', { body: { displayName: `${name} ${seq}` } }).then((r) => r.body);
}

function postWebhook(body: string, signature?: string) {
  return fetch(server.url('/webhook'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-line-signature': signature }) },
    body,
  });
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('webhook signature', () => {
  const body = JSON.stringify({ destination: 'Uxxx', events: [] });

  it('answers 200 to LINE\'s verification call with no events', async () => {
    const res = await postWebhook(body, sign(body));
    expect(res.status).toBe(200);
  });

  it('refuses a request with no signature', async () => {
    const res = await postWebhook(body);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('INVALID_SIGNATURE');
  });

  it('refuses a signature made with another secret', async () => {
    const res = await postWebhook(body, sign(body, 'another-secret'));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('INVALID_SIGNATURE');
  });

  it('refuses a body tampered with after signing', async () => {
    const { userId } = await newUser();
    const event = { type: 'unfollow', mode: 'active', timestamp: Date.now(), source: { type: 'user', userId }, webhookEventId: '01TAMPERED00000000000000000', deliveryContext: { isRedelivery: false } };
    const signed = JSON.stringify({ destination: 'Uxxx', events: [event] });
    const tampered = signed.replace(userId, userId.replace(/.$/, (c) => (c === 'f' ? 'e' : 'f')));
    const res = await postWebhook(tampered, sign(signed));
    expect(res.status).toBe(401);
    await server.webhook.idle();
    expect(findWebhookEvent(server.db.db, '01TAMPERED00000000000000000')).toBeUndefined();
  });

  it('refuses a signed body that is not JSON', async () => {
    const res = await postWebhook('not json', sign('not json'));
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('INVALID_JSON');
  });

  it('refuses a body over the size limit', async () => {
    const huge = JSON.stringify({ events: [], pad: 'x'.repeat(1_100_000) });
    const res = await postWebhook(huge, sign(huge));
    expect(res.status).toBe(413);
  });
});

describe('events', () => {
  it('follow creates the member from the LINE profile and replies with a welcome Flex message', async () => {
    const { userId } = await newUser('新朋友');
    const { event, webhookStatus } = await server.actAs({ type: 'follow', userId });
    expect(webhookStatus).toBe(200);
    const member = findMemberByLineUserId(server.db.db, userId);
    expect(member).toMatchObject({ status: 'active', isFollowing: true, displayName: expect.stringContaining('新朋友') });
    const messages = await server.messagesTo(userId);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ via: 'reply', message: { type: 'flex', altText: expect.stringContaining('歡迎加入') } });
    expect(JSON.stringify(messages[0]!.message)).toContain(`${server.url('').replace('127.0.0.1', 'localhost')}/app/register`);
    expect(findWebhookEvent(server.db.db, String(event.webhookEventId))?.status).toBe('done');
  });

  it('a redelivered event is processed once', async () => {
    const { userId } = await newUser();
    const { event } = await server.actAs({ type: 'follow', userId });
    const again = await server.actAs({ redeliver: event.webhookEventId });
    expect(again.webhookStatus).toBe(200);
    expect(again.event.deliveryContext).toEqual({ isRedelivery: true });
    expect(again.event.webhookEventId).toBe(event.webhookEventId);
    expect(await server.messagesTo(userId)).toHaveLength(1);
  });

  it('unfollow marks the member blocked, and follow again brings them back', async () => {
    const { userId } = await newUser();
    await server.actAs({ type: 'follow', userId });
    await server.actAs({ type: 'unfollow', userId });
    expect(findMemberByLineUserId(server.db.db, userId)).toMatchObject({ status: 'blocked', isFollowing: false });
    const before = (await server.messagesTo(userId)).length;
    expect(before).toBe(1); // the welcome; nothing is sent on unfollow
    const { event } = await server.actAs({ type: 'follow', userId });
    expect(event.follow).toEqual({ isUnblocked: true });
    expect(findMemberByLineUserId(server.db.db, userId)).toMatchObject({ status: 'active', isFollowing: true });
  });

  it.each([['我的票券', '打開我的票券夾'], ['my coupons', 'Open your coupon wallet'], ['  票券 ', '打開我的票券夾']])(
    'text %j replies with a link into the LIFF wallet',
    async (text, altText) => {
      const { userId } = await newUser();
      await server.actAs({ type: 'follow', userId });
      await server.actAs({ type: 'message', userId, text });
      const messages = await server.messagesTo(userId);
      expect(messages).toHaveLength(2);
      expect(messages[1]).toMatchObject({ via: 'reply', message: { type: 'flex', altText } });
      expect(JSON.stringify(messages[1]!.message)).toMatch(/"uri":"http:\/\/localhost:\d+\/app\/wallet"/);
    },
  );

  it('free text is left for staff: no automatic reply', async () => {
    const { userId } = await newUser();
    await server.actAs({ type: 'follow', userId });
    await server.actAs({ type: 'message', userId, text: '請問信義店幾點開？' });
    expect(await server.messagesTo(userId)).toHaveLength(1);
  });

  it('a postback with action=wallet replies with the wallet link', async () => {
    const { userId } = await newUser();
    await server.actAs({ type: 'follow', userId });
    await server.actAs({ type: 'postback', userId, data: 'action=wallet' });
    const messages = await server.messagesTo(userId);
    expect(messages.at(-1)).toMatchObject({ via: 'reply', message: { altText: '打開我的票券夾' } });
  });

  it('one failing event does not stop the next one in the batch, and unknown types are acknowledged', async () => {
    const { userId } = await newUser();
    await server.actAs({ type: 'follow', userId });
    const base = { mode: 'active', timestamp: Date.now(), source: { type: 'user', userId }, deliveryContext: { isRedelivery: false } };
    const events = [
      // The reply token is not one LINE issued: the reply fails with 400 and the handler throws.
      { ...base, type: 'message', webhookEventId: '01FAILING000000000000000000', replyToken: 'bogus-token', message: { id: '1', type: 'text', quoteToken: 'q', text: '我的票券' } },
      { ...base, type: 'beacon', webhookEventId: '01UNKNOWN000000000000000000', replyToken: 'x', beacon: { hwid: 'd41d8cd98f', type: 'enter' } },
      { ...base, type: 'unfollow', webhookEventId: '01AFTERFAIL0000000000000000' },
    ];
    const body = JSON.stringify({ destination: 'Ubot', events });
    const res = await postWebhook(body, sign(body));
    expect(res.status).toBe(200);
    await server.webhook.idle();
    expect(findWebhookEvent(server.db.db, '01FAILING000000000000000000')).toMatchObject({ status: 'failed', error: expect.stringContaining('400') });
    expect(findWebhookEvent(server.db.db, '01UNKNOWN000000000000000000')?.status).toBe('ignored');
    expect(findWebhookEvent(server.db.db, '01AFTERFAIL0000000000000000')?.status).toBe('done');
    expect(findMemberByLineUserId(server.db.db, userId)?.status).toBe('blocked');
  });

  it('answers LINE before the events are handled', async () => {
    const { userId } = await newUser();
    const body = JSON.stringify({
      destination: 'Ubot',
      events: Array.from({ length: 50 }, (_, i) => ({
        type: i % 2 === 0 ? 'follow' : 'unfollow',
        mode: 'active',
        timestamp: Date.now(),
        source: { type: 'user', userId },
        webhookEventId: `01BATCH${String(i).padStart(20, '0')}`,
        deliveryContext: { isRedelivery: false },
      })),
    });
    const started = performance.now();
    const res = await postWebhook(body, sign(body));
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
    await server.webhook.idle();
    expect(findWebhookEvent(server.db.db, `01BATCH${String(49).padStart(20, '0')}`)?.status).toBe('done');
  });
});
