import express, { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { LINE_ISSUER, signIdToken } from './id-token.ts';
import type { SandboxState } from './sandbox-state.ts';
import { buildEvent, deliverEvents } from './webhook-sender.ts';

const ZUserId = z.string().regex(/^U[0-9a-f]{32}$/, 'must be a LINE user id (U + 32 hex digits)');

const ZEventRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('follow'), userId: ZUserId, redeliver: z.string().optional() }),
  z.object({ type: z.literal('unfollow'), userId: ZUserId, redeliver: z.string().optional() }),
  z.object({ type: z.literal('message'), userId: ZUserId, text: z.string().min(1).max(5000), redeliver: z.string().optional() }),
  z.object({ type: z.literal('postback'), userId: ZUserId, data: z.string().min(1).max(300), redeliver: z.string().optional() }),
]);

const ZRedeliver = z.object({ redeliver: z.string().min(1) }).loose();

const ZNewUser = z.object({ displayName: z.string().trim().min(1).max(20), pictureUrl: z.url().optional(), isFollowing: z.boolean().optional() }).strict();

const ZIdTokenRequest = z
  .object({
    userId: ZUserId,
    /** Seconds until expiry; negative issues an already expired token (for tests). */
    expiresInSeconds: z.number().int().min(-86400).max(86400).default(3600),
    /** Another channel id produces a wrong-audience token (for tests). */
    audience: z.string().optional(),
  })
  .strict();

const ZSettings = z
  .object({
    pushRatePerSecond: z.number().int().positive().optional(),
    multicastRatePerSecond: z.number().int().positive().optional(),
    monthlyQuota: z.number().int().positive().optional(),
    replyTokenTtlMs: z.number().int().positive().optional(),
    faults: z
      .object({ rate429: z.number().min(0).max(1), rate500: z.number().min(0).max(1), rate500AfterAccept: z.number().min(0).max(1) })
      .partial()
      .optional(),
    resetMessages: z.boolean().optional(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw new AppError('VALIDATION_FAILED', { message: `${field ? `${field}: ` : ''}${issue.message}`, field });
  }
  return result.data;
}

export interface SandboxRoutesOptions {
  state: SandboxState;
  channelSecret: string;
  loginChannelId: string;
  accountName: string;
  /** Where our own webhook is; resolved per call because the port is known only after listen. */
  webhookUrl: () => string;
}

/** Controls for people and tests: act as a test user, read chats, mint ID tokens, tune faults. */
export function createSandboxRouter(options: SandboxRoutesOptions): Router {
  const { state } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  const presentUser = (u: { userId: string; displayName: string; pictureUrl: string | null; isFollowing: boolean }) => ({
    userId: u.userId,
    displayName: u.displayName,
    pictureUrl: u.pictureUrl,
    isFollowing: u.isFollowing,
  });

  router.get('/api/state', (_req, res) => {
    res.json({
      account: { name: options.accountName, pictureUrl: null },
      users: [...state.users.values()].map(presentUser),
      settings: state.settings,
      quota: { limit: state.settings.monthlyQuota, used: state.quotaUsage },
    });
  });

  router.post('/api/users', (req, res) => {
    const input = parse(ZNewUser, req.body);
    res.status(201).json(presentUser(state.addUser(input)));
  });

  router.post('/api/settings', (req, res) => {
    const { resetMessages, ...patch } = parse(ZSettings, req.body);
    if (resetMessages) state.reset();
    res.json(state.updateSettings(patch));
  });

  /** Totals for benchmarks and resilience tests: how many pushes, and whether any retry key was delivered twice. */
  router.get('/api/stats', (_req, res) => {
    const seen = new Map<string, number>();
    let messages = 0;
    for (const items of state.chats.values()) {
      for (const item of items) {
        if (item.direction !== 'out') continue;
        messages += 1;
        if (item.retryKey) seen.set(item.retryKey, (seen.get(item.retryKey) ?? 0) + 1);
      }
    }
    let duplicated = 0;
    for (const n of seen.values()) if (n > 1) duplicated += 1;
    res.json({ acceptedRequests: state.acceptedRequests, messages, distinctRetryKeys: seen.size, duplicatedRetryKeys: duplicated, quotaUsed: state.quotaUsage });
  });

  router.get('/api/chat', (req, res) => {
    const userId = parse(ZUserId, req.query.userId);
    res.json({ items: state.chats.get(userId) ?? [] });
  });

  router.get('/line/messages', (req, res) => {
    const to = parse(ZUserId, req.query.to);
    const items = (state.chats.get(to) ?? []).filter((item) => item.direction === 'out');
    res.json({ messages: items });
  });

  router.post('/line/events', async (req, res, next) => {
    try {
      let event: Record<string, unknown>;
      const redeliver = ZRedeliver.safeParse(req.body);
      if (redeliver.success) {
        const original = state.sentEvents.get(redeliver.data.redeliver);
        if (!original) throw new AppError('NOT_FOUND', { message: `沒有這個 webhookEventId：${redeliver.data.redeliver}`, messageEn: `No event with webhookEventId ${redeliver.data.redeliver}` });
        event = { ...original, deliveryContext: { isRedelivery: true } };
      } else {
        const input = parse(ZEventRequest, req.body);
        if (!state.users.has(input.userId)) throw new AppError('NOT_FOUND', { message: '沒有這個測試使用者', messageEn: 'No such sandbox user' });
        event = buildEvent(state, input);
      }
      const webhookStatus = await deliverEvents(options.webhookUrl(), options.channelSecret, state.botUserId, [event]);
      res.json({ event, webhookStatus });
    } catch (error) {
      next(error);
    }
  });

  router.post('/liff/id-token', (req, res) => {
    const input = parse(ZIdTokenRequest, req.body);
    const user = state.users.get(input.userId);
    if (!user) throw new AppError('NOT_FOUND', { message: '沒有這個測試使用者', messageEn: 'No such sandbox user' });
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + input.expiresInSeconds;
    const idToken = signIdToken(
      {
        iss: LINE_ISSUER,
        sub: user.userId,
        aud: input.audience ?? options.loginChannelId,
        exp,
        iat,
        amr: ['linesso'],
        name: user.displayName,
        ...(user.pictureUrl ? { picture: user.pictureUrl } : {}),
      },
      state.idTokenSecret,
    );
    res.json({ idToken, expiresAt: new Date(exp * 1000).toISOString(), user: presentUser(user) });
  });

  return router;
}
