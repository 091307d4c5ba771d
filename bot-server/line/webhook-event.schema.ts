import type { webhook } from '@line/bot-sdk';
import { z } from 'zod';

/**
 * The shape of the webhook events we act on, checked before a handler sees one: a signed body
 * proves who sent it, not that every field has the type LINE documents. Objects are loose
 * (LINE adds fields); only what we read is checked. Limits follow LINE's Messaging API
 * reference, with room to spare.
 */

const ZLineUserId = z.string().regex(/^U[0-9a-f]{32}$/, { message: 'must be U followed by 32 hex digits' });
const ZShortId = z.string().min(1).max(64);

const ZSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('user'), userId: ZLineUserId }),
  z.looseObject({ type: z.literal('group'), groupId: ZShortId, userId: ZLineUserId.optional() }),
  z.looseObject({ type: z.literal('room'), roomId: ZShortId, userId: ZLineUserId.optional() }),
]);

/** What every event carries: enough to deduplicate it, record it and reply to it. */
export const ZWebhookEventEnvelope = z.looseObject({
  type: z.string().min(1).max(64),
  webhookEventId: ZShortId,
  /** Milliseconds since the epoch; within what a Date can hold. */
  timestamp: z.number().int().min(0).max(8.64e15),
  mode: z.string().max(32).optional(),
  source: ZSource.optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  replyToken: z.string().min(1).max(256).optional(),
});

const ZFollowEvent = ZWebhookEventEnvelope.extend({
  follow: z.looseObject({ isUnblocked: z.boolean() }).optional(),
});

const ZMessageEvent = ZWebhookEventEnvelope.extend({
  message: z
    .looseObject({ id: ZShortId, type: z.string().min(1).max(32), text: z.string().max(10_000).optional() })
    .refine((m) => m.type !== 'text' || typeof m.text === 'string', { message: 'a text message needs its text', path: ['text'] }),
});

const ZPostbackEvent = ZWebhookEventEnvelope.extend({
  postback: z.looseObject({ data: z.string().max(1_000), params: z.record(z.string(), z.unknown()).optional() }),
});

/** The full schema of each event type that has a handler; other types are checked as envelopes only. */
export const ZHandledEvents: Partial<Record<string, z.ZodType>> = {
  follow: ZFollowEvent,
  unfollow: ZWebhookEventEnvelope,
  message: ZMessageEvent,
  postback: ZPostbackEvent,
};

export type ParsedEvent = { ok: true; event: webhook.Event } | { ok: false; reason: string };

function describe(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `invalid event: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`.slice(0, 500);
}

/** Checks an event against its type's schema (or the envelope for types we do not handle). */
export function parseWebhookEvent(raw: unknown): ParsedEvent {
  const envelope = ZWebhookEventEnvelope.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: describe(envelope.error) };
  const schema = ZHandledEvents[envelope.data.type];
  if (!schema) return { ok: true, event: envelope.data as unknown as webhook.Event };
  const full = schema.safeParse(raw);
  if (!full.success) return { ok: false, reason: describe(full.error) };
  return { ok: true, event: full.data as webhook.Event };
}

/** The event's id when it has a usable one, so even a malformed event is recorded once. */
export function webhookEventIdOf(raw: unknown): string | undefined {
  const id = (raw as { webhookEventId?: unknown } | null | undefined)?.webhookEventId;
  return ZShortId.safeParse(id).success ? (id as string) : undefined;
}

/** The event's type for the record, when it is a short string. */
export function webhookEventTypeOf(raw: unknown): string {
  const type = (raw as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && type.length > 0 && type.length <= 64 ? type : 'invalid';
}
