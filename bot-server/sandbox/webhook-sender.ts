import { createHmac, randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import type { SandboxState } from './sandbox-state.ts';

export type SandboxEventInput =
  | { type: 'follow'; userId: string }
  | { type: 'unfollow'; userId: string }
  | { type: 'message'; userId: string; text: string }
  | { type: 'postback'; userId: string; data: string; displayText?: string; params?: Record<string, string> };

/** Builds a webhook event the way LINE shapes it, recording the user's side of the chat. */
export function buildEvent(state: SandboxState, input: SandboxEventInput): Record<string, unknown> {
  const user = state.users.get(input.userId);
  if (!user) throw new Error(`unknown sandbox user ${input.userId}`);
  const base = {
    type: input.type,
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId: input.userId },
    webhookEventId: ulid(),
    deliveryContext: { isRedelivery: false },
  };
  let event: Record<string, unknown>;
  switch (input.type) {
    case 'follow': {
      const isUnblocked = user.isFollowing === false && (state.chats.get(user.userId)?.length ?? 0) > 0;
      user.isFollowing = true;
      state.record({ userId: user.userId, direction: 'system', via: 'user', message: { type: 'system', text: isUnblocked ? '已解除封鎖' : '已將此官方帳號加入好友' }, delivered: true });
      event = { ...base, replyToken: state.issueReplyToken(user.userId), follow: { isUnblocked } };
      break;
    }
    case 'unfollow':
      user.isFollowing = false;
      state.record({ userId: user.userId, direction: 'system', via: 'user', message: { type: 'system', text: '已封鎖此官方帳號' }, delivered: true });
      event = base;
      break;
    case 'message': {
      const id = String(Date.now()) + randomBytes(2).readUInt16BE(0);
      state.record({ userId: user.userId, direction: 'in', via: 'user', message: { type: 'text', text: input.text }, delivered: true });
      event = {
        ...base,
        replyToken: state.issueReplyToken(user.userId),
        message: { id, type: 'text', quoteToken: ulid(), text: input.text },
      };
      break;
    }
    case 'postback':
      // A displayText shows as the user's own bubble, as in LINE; the data itself is never shown.
      state.record({
        userId: user.userId,
        direction: 'in',
        via: 'user',
        message: { type: 'postback', data: input.data, ...(input.displayText ? { displayText: input.displayText } : {}) },
        delivered: true,
      });
      event = {
        ...base,
        replyToken: state.issueReplyToken(user.userId),
        postback: { data: input.data, ...(input.params && Object.keys(input.params).length > 0 ? { params: input.params } : {}) },
      };
      break;
  }
  state.sentEvents.set(base.webhookEventId, event);
  return event;
}

export function signBody(body: string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/** POSTs events to the bot's webhook, signed with the channel secret, as LINE does. */
export async function deliverEvents(
  webhookUrl: string,
  channelSecret: string,
  destination: string,
  events: Record<string, unknown>[],
): Promise<number> {
  const body = JSON.stringify({ destination, events });
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-line-signature': signBody(body, channelSecret),
      'user-agent': 'LineBotWebhook/2.0',
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}
