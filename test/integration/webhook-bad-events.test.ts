import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot-server/config.ts';
import { findWebhookEvent } from '../../bot-server/line/webhook-events.repo.ts';
import { startServer, type RunningServer } from '../../bot-server/main.ts';
import { findMemberByLineUserId } from '../../bot-server/members/member.repo.ts';
import { sign, TEST_CHANNEL_SECRET } from '../helpers/server.ts';
import { capturingLogger } from '../helpers/log-capture.ts';

/**
 * Signed webhook bodies whose events have fields of the wrong type: a signature proves who
 * sent the body, not its shape. Each bad event is recorded as failed (or, without a usable id,
 * only logged) as a warning; the events around it are handled; nothing is logged as an error.
 */

const { logger, lines: logLines } = capturingLogger<{ level: number; msg: string; webhookEventId?: string; reason?: string }>();

let running: RunningServer;
let dir: string;
let seq = 0;

async function newFollower(): Promise<string> {
  seq += 1;
  const res = await fetch(`${running.origin}/sandbox/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: `Bad events ${seq}` }) });
  const { userId } = (await res.json()) as { userId: string };
  await fetch(`${running.origin}/sandbox/line/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'follow', userId }) });
  await running.webhook.idle();
  return userId;
}

function postSigned(body: string) {
  return fetch(`${running.origin}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) }, body });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coupons-webhook-bad-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'app.db'), LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET, LOG_LEVEL: 'info' });
  running = await startServer(config, { logger, seedDemo: false });
});
afterAll(async () => {
  await running?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('webhook events with fields of the wrong type', () => {
  it('records each bad event as failed without stopping the batch or logging an error', async () => {
    const userId = await newFollower();
    const base = { mode: 'active', timestamp: Date.now(), source: { type: 'user', userId }, deliveryContext: { isRedelivery: false } };
    const text = (id: string, message: Record<string, unknown>) => ({ ...base, type: 'message', webhookEventId: id, replyToken: 'a'.repeat(32), message });
    const bad: [string, Record<string, unknown>][] = [
      ['01BADTEXTNUMBER0000000000000', text('01BADTEXTNUMBER0000000000000', { id: '1', type: 'text', text: 42 })],
      ['01BADTEXTMISSING000000000000', text('01BADTEXTMISSING000000000000', { id: '1', type: 'text' })],
      ['01BADMESSAGENULL000000000000', { ...base, type: 'message', webhookEventId: '01BADMESSAGENULL000000000000', replyToken: 'r', message: null }],
      ['01BADSOURCENULL0000000000000', { ...base, type: 'follow', webhookEventId: '01BADSOURCENULL0000000000000', source: null }],
      ['01BADSOURCEUSERID00000000000', { ...base, type: 'unfollow', webhookEventId: '01BADSOURCEUSERID00000000000', source: { type: 'user', userId: 123 } }],
      ['01BADREPLYTOKEN0000000000000', { ...text('01BADREPLYTOKEN0000000000000', { id: '1', type: 'text', text: '我的票券' }), replyToken: { token: 'x' } }],
      ['01BADTIMESTAMP00000000000000', { ...base, type: 'unfollow', webhookEventId: '01BADTIMESTAMP00000000000000', timestamp: 'yesterday' }],
      ['01BADHUGETIMESTAMP0000000000', { ...base, type: 'unfollow', webhookEventId: '01BADHUGETIMESTAMP0000000000', timestamp: 1e300 }],
      ['01BADREDELIVERY0000000000000', { ...base, type: 'follow', webhookEventId: '01BADREDELIVERY0000000000000', deliveryContext: { isRedelivery: 'no' } }],
      ['01BADFOLLOWFLAG0000000000000', { ...base, type: 'follow', webhookEventId: '01BADFOLLOWFLAG0000000000000', follow: { isUnblocked: 'yes' } }],
      ['01BADPOSTBACKDATA00000000000', { ...base, type: 'postback', webhookEventId: '01BADPOSTBACKDATA00000000000', replyToken: 'r', postback: { data: 7 } }],
      ['01BADPOSTBACKMISSING00000000', { ...base, type: 'postback', webhookEventId: '01BADPOSTBACKMISSING00000000', replyToken: 'r' }],
      ['01BADTYPE0000000000000000000', { ...base, type: 17, webhookEventId: '01BADTYPE0000000000000000000' }],
    ];
    const unrecordable = [null, 'follow', 42, [], { ...base, type: 'follow' }, { ...base, type: 'follow', webhookEventId: { id: 1 } }];
    const good = { ...base, type: 'unfollow', webhookEventId: '01GOODAFTERBAD00000000000000' };
    const body = JSON.stringify({ destination: 'Ubot', events: [...unrecordable, ...bad.map(([, e]) => e), good] });
    const res = await postSigned(body);
    expect(res.status).toBe(200);
    await running.webhook.idle();

    for (const [id] of bad) {
      const row = findWebhookEvent(running.db.db, id);
      expect(row, id).toMatchObject({ status: 'failed', error: expect.stringMatching(/^invalid event: /) });
    }
    expect(findWebhookEvent(running.db.db, '01BADTEXTNUMBER0000000000000')?.error).toContain('message.text');
    expect(findWebhookEvent(running.db.db, '01BADTYPE0000000000000000000')?.type).toBe('invalid');
    // The good event after all of them was handled: the member is blocked.
    expect(findWebhookEvent(running.db.db, good.webhookEventId)?.status).toBe('done');
    expect(findMemberByLineUserId(running.db.db, userId)).toMatchObject({ status: 'blocked', isFollowing: false });
    // None of them replied to anyone or touched the member before the unfollow.
    const warned = logLines.filter((l) => l.msg === 'malformed webhook event');
    expect(warned).toHaveLength(bad.length + unrecordable.length);
    expect(warned.every((l) => l.level === 40)).toBe(true);
    expect(logLines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
  });

  it('a redelivered bad event is not recorded twice', async () => {
    const event = { type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: '01BADTWICE000000000000000000', source: { type: 'user', userId: 'U'.padEnd(33, '0') }, message: { id: '1', type: 'text', text: ['x'] } };
    for (let i = 0; i < 2; i += 1) {
      const body = JSON.stringify({ destination: 'Ubot', events: [{ ...event, deliveryContext: { isRedelivery: i === 1 } }] });
      expect((await postSigned(body)).status).toBe(200);
      await running.webhook.idle();
    }
    expect(findWebhookEvent(running.db.db, event.webhookEventId)).toMatchObject({ status: 'failed', error: expect.stringContaining('message.text') });
  });

  it('refuses a signed body whose events are not an array with 400, not 500', async () => {
    for (const body of ['{"events":{}}', '{"events":"x"}', '{"events":null}', 'null', '[]', '123', '{}']) {
      const res = await postSigned(body);
      expect(res.status, body).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('VALIDATION_FAILED');
    }
    expect(logLines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
  });
});
