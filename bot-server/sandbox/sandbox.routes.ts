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
  z.object({
    type: z.literal('postback'),
    userId: ZUserId,
    data: z.string().min(1).max(300),
    displayText: z.string().min(1).max(300).optional(),
    params: z.record(z.string(), z.string().max(300)).optional(),
    redeliver: z.string().optional(),
  }),
]);

const ZRichMenuTap = z
  .object({
    userId: ZUserId,
    /** The menu the page shows: a tap on a menu the user no longer sees is refused (409). */
    richMenuId: z.string().min(1).max(100),
    areaIndex: z.number().int().min(0).max(19),
    /** The value a datetime picker returned: { date } / { time } / { datetime }, as LINE sends it. */
    params: z.record(z.enum(['date', 'time', 'datetime']), z.string().max(20)).optional(),
  })
  .strict();

const ZFault = z
  .object({
    /** The LINE SDK operationId, e.g. setRichMenuImage (see richmenu.routes.ts). */
    operation: z.string().regex(/^[a-zA-Z]{3,60}$/, 'must be a LINE SDK operationId such as setRichMenuImage'),
    status: z.number().int().min(400).max(599),
    message: z.string().min(1).max(300).optional(),
    times: z.number().int().min(1).max(1000).default(1),
  })
  .strict();

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
    richMenuCreatesPerHour: z.number().int().positive().optional(),
    richMenuDeletesPerHour: z.number().int().positive().optional(),
    resetMessages: z.boolean().optional(),
    /** Forget every rich menu, alias, link and the default (and refill the hourly limits). */
    resetRichMenus: z.boolean().optional(),
  })
  .strict();

/** What a LINE picker returns when the user accepts its default: now, in the brand's time zone (Asia/Taipei). */
function defaultPickerValue(mode: 'date' | 'time' | 'datetime'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date())
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  return mode === 'date' ? date : mode === 'time' ? time : `${date}T${time}`;
}

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
  /** The public base of our own links (bot-server/links.ts): the chat page signs links under it in as the chat's user. */
  publicBaseUrl: () => string;
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
      publicBaseUrl: options.publicBaseUrl(),
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
    const { resetMessages, resetRichMenus, ...patch } = parse(ZSettings, req.body);
    if (resetMessages) state.reset();
    if (resetRichMenus) state.resetRichMenus();
    res.json(state.updateSettings(patch));
  });

  /** Totals for benchmarks and resilience tests: how many pushes, and whether any retry key was delivered twice. */
  router.get('/api/stats', (_req, res) => {
    const seen = new Map<string, number>();
    let messages = 0;
    // Per recipient (a multicast's one key reaches up to 500 users): users who got more than one message.
    let recipients = 0;
    let recipientsWithRepeats = 0;
    const byVia: Record<string, number> = {};
    for (const items of state.chats.values()) {
      let out = 0;
      for (const item of items) {
        if (item.direction !== 'out') continue;
        messages += 1;
        out += 1;
        byVia[item.via] = (byVia[item.via] ?? 0) + 1;
        if (item.retryKey && item.via !== 'multicast') seen.set(item.retryKey, (seen.get(item.retryKey) ?? 0) + 1);
      }
      if (out > 0) recipients += 1;
      if (out > 1) recipientsWithRepeats += 1;
    }
    let duplicated = 0;
    for (const n of seen.values()) if (n > 1) duplicated += 1;
    res.json({ acceptedRequests: state.acceptedRequests, messages, distinctRetryKeys: seen.size, duplicatedRetryKeys: duplicated, recipients, recipientsWithRepeats, byVia, quotaUsed: state.quotaUsage });
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

  // ── Rich menu in the chat page ──
  /** The menu this user's LINE app shows now (per-user link > default; after a switch, its target), or null: no bar. */
  router.get('/api/richmenu', (req, res) => {
    const userId = parse(ZUserId, req.query.userId);
    const shownId = state.shownRichMenuId(userId);
    const menu = shownId ? state.richMenus.get(shownId) : undefined;
    if (!menu?.image) return void res.json({ richMenu: null });
    const { size, chatBarText, selected, name, areas } = menu.body;
    const source = state.switchedRichMenus.has(userId) ? 'switch' : state.userRichMenus.get(userId) === menu.richMenuId ? 'user' : 'default';
    res.json({
      richMenu: {
        richMenuId: menu.richMenuId,
        size,
        chatBarText,
        selected,
        name,
        areas,
        source,
        imageUrl: `/sandbox/api/richmenu/${encodeURIComponent(menu.richMenuId)}/image`,
      },
    });
  });

  /** The uploaded image, for the chat page (LINE's own GET content needs the channel token). */
  router.get('/api/richmenu/:richMenuId/image', (req, res) => {
    const image = state.richMenus.get(String(req.params.richMenuId))?.image;
    if (!image) throw new AppError('NOT_FOUND', { message: '這個圖文選單沒有圖片', messageEn: 'This rich menu has no image' });
    res.setHeader('cache-control', 'private, max-age=3600, immutable');
    res.type(image.contentType).send(image.data);
  });

  /**
   * A tap on area `areaIndex` of the shown menu, acted on as LINE does: postback → signed postback
   * event (displayText shown as the user's bubble, datetime picker params), message → the text as
   * the user's message, richmenuswitch → the alias's menu shows and a postback with
   * params.newRichMenuAliasId and status is sent, uri → the page opens it ({ open }).
   */
  router.post('/line/richmenu-tap', async (req, res, next) => {
    try {
      const input = parse(ZRichMenuTap, req.body);
      if (!state.users.has(input.userId)) throw new AppError('NOT_FOUND', { message: '沒有這個測試使用者', messageEn: 'No such sandbox user' });
      const shownId = state.shownRichMenuId(input.userId);
      if (shownId !== input.richMenuId) {
        throw new AppError('CONFLICT', { message: '圖文選單已經換了，請重新整理後再點一次', messageEn: 'The rich menu has changed; reload and tap again' });
      }
      const menu = state.richMenus.get(shownId)!;
      const area = (menu.body.areas as { action: Record<string, unknown> }[])[input.areaIndex];
      if (!area) throw new AppError('VALIDATION_FAILED', { message: `此圖文選單沒有第 ${input.areaIndex + 1} 個區塊`, messageEn: `This rich menu has no area ${input.areaIndex + 1}`, field: 'areaIndex' });
      const action = area.action;
      const str = (key: string) => (typeof action[key] === 'string' ? (action[key] as string) : undefined);
      const deliver = async (event: Record<string, unknown>) =>
        res.json({ action: action.type, event, webhookStatus: await deliverEvents(options.webhookUrl(), options.channelSecret, state.botUserId, [event]) });
      switch (action.type) {
        case 'postback': {
          const displayText = str('displayText') ?? str('text');
          return await deliver(buildEvent(state, { type: 'postback', userId: input.userId, data: str('data') ?? '', ...(displayText ? { displayText } : {}) }));
        }
        case 'message':
          return await deliver(buildEvent(state, { type: 'message', userId: input.userId, text: str('text') ?? '' }));
        case 'datetimepicker': {
          const mode = (str('mode') ?? 'datetime') as 'date' | 'time' | 'datetime';
          const value = input.params?.[mode] ?? str('initial') ?? defaultPickerValue(mode);
          return await deliver(buildEvent(state, { type: 'postback', userId: input.userId, data: str('data') ?? '', params: { [mode]: value } }));
        }
        case 'richmenuswitch': {
          const aliasId = str('richMenuAliasId') ?? '';
          const target = state.richMenuAliases.get(aliasId);
          const targetMenu = target ? state.richMenus.get(target) : undefined;
          const status = !target ? 'RICHMENU_ALIAS_ID_NOTFOUND' : !targetMenu?.image ? 'RICHMENU_NOTFOUND' : 'SUCCESS';
          if (status === 'SUCCESS') {
            const basedOn = state.linkedRichMenuId(input.userId)!;
            state.switchedRichMenus.set(input.userId, { richMenuId: target!, basedOn });
          }
          return await deliver(buildEvent(state, { type: 'postback', userId: input.userId, data: str('data') ?? '', params: { newRichMenuAliasId: aliasId, status } }));
        }
        case 'uri':
          return void res.json({ action: 'uri', open: str('uri') });
        default:
          // camera, cameraRoll, location, clipboard: the LINE app itself acts; nothing reaches the bot.
          return void res.json({ action: action.type, unsupported: true });
      }
    } catch (error) {
      next(error);
    }
  });

  // ── Fault injection (documented in richmenu.routes.ts) ──
  router.get('/api/faults', (_req, res) => {
    res.json({ faults: [...state.injectedFaults].map(([operation, list]) => ({ operation, queue: list })) });
  });
  router.post('/api/faults', (req, res) => {
    const fault = parse(ZFault, req.body);
    state.injectFault(fault.operation, fault);
    res.status(201).json({ faults: [...state.injectedFaults].map(([operation, list]) => ({ operation, queue: list })) });
  });
  router.delete('/api/faults', (_req, res) => {
    state.injectedFaults.clear();
    res.json({ faults: [] });
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
