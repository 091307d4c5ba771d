import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { ulid } from 'ulid';
import { verifyIdToken } from './id-token.ts';
import { LIMITS, validateMessages } from './message-rules.ts';
import type { SandboxState, TokenBucket } from './sandbox-state.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RICH_MENU_ALIAS_RE = /^[a-z0-9_-]{1,32}$/;

function lineError(res: Response, status: number, message: string, details?: unknown[]): void {
  res.status(status).json(details && details.length > 0 ? { message, details } : { message });
}

export interface LineApiOptions {
  state: SandboxState;
  channelAccessToken: string;
  loginChannelId: string;
}

/**
 * LINE's own paths (api.line.me and api-data.line.me share this router), behaving as LINE
 * does: bearer-token auth, rate limits, retry keys, message validation, quota, ID tokens.
 */
export function createLineApiRouter({ state, channelAccessToken, loginChannelId }: LineApiOptions): Router {
  const router = Router();
  const json = express.json({ limit: '2mb' });

  const requireToken = (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    if (header !== `Bearer ${channelAccessToken}`) {
      lineError(res, 401, 'Authentication failed. Confirm that the access token in the authorization header is valid.');
      return;
    }
    next();
  };

  const limit =
    (bucket: TokenBucket) =>
    (_req: Request, res: Response, next: NextFunction): void => {
      if (!bucket.take()) {
        lineError(res, 429, 'Too Many Requests');
        return;
      }
      next();
    };

  /** Fault injection for resilience tests; decides before anything is accepted. */
  const injectFault = (res: Response): boolean => {
    const { rate429, rate500 } = state.settings.faults;
    const roll = Math.random();
    if (roll < rate429) {
      lineError(res, 429, 'Too Many Requests');
      return true;
    }
    if (roll < rate429 + rate500) {
      lineError(res, 500, 'Internal Server Error');
      return true;
    }
    return false;
  };

  const sendMessages = (
    req: Request,
    res: Response,
    kind: 'push' | 'multicast',
    recipients: string[],
    messages: Record<string, unknown>[],
  ): void => {
    const retryKey = req.get('x-line-retry-key');
    if (retryKey !== undefined) {
      if (!UUID_RE.test(retryKey)) return lineError(res, 400, 'The value of the X-Line-Retry-Key header is invalid');
      const seen = state.retryKeys.get(retryKey);
      if (seen && Date.now() - seen.at < 24 * 3600_000) {
        res.setHeader('x-line-request-id', randomUUID());
        res.setHeader('x-line-accepted-request-id', seen.requestId);
        res.status(409).json({ message: 'The retry key is already accepted', sentMessages: seen.sentMessages });
        return;
      }
    }
    const messageCount = messages.length * recipients.length;
    if (state.quotaUsage + messageCount > state.settings.monthlyQuota) {
      return lineError(res, 429, 'You have reached your monthly limit.');
    }
    if (injectFault(res)) return;
    const requestId = randomUUID();
    const sentMessages = messages.map(() => ({ id: String(Date.now()) + Math.floor(Math.random() * 1e6), quoteToken: ulid() }));
    state.quotaUsage += messageCount;
    state.acceptedRequests += 1;
    if (retryKey) state.retryKeys.set(retryKey, { requestId, at: Date.now(), sentMessages });
    for (const to of recipients) {
      const user = state.users.get(to);
      for (const message of messages) {
        state.record({
          userId: to,
          direction: 'out',
          via: kind,
          message,
          delivered: user?.isFollowing ?? false,
          requestId,
          ...(retryKey ? { retryKey } : {}),
        });
      }
    }
    res.setHeader('x-line-request-id', requestId);
    if (Math.random() < state.settings.faults.rate500AfterAccept) {
      lineError(res, 500, 'Internal Server Error');
      return;
    }
    res.status(200).json(kind === 'push' ? { sentMessages } : {});
  };

  router.post('/v2/bot/message/push', requireToken, limit(state.buckets.push), json, (req, res) => {
    const body = req.body as { to?: unknown; messages?: unknown };
    const details = validateMessages(body?.messages);
    if (typeof body?.to !== 'string' || body.to.length === 0) details.unshift({ property: 'to', message: 'must be specified' });
    else if (!/^[UCR][0-9a-f]{32}$/.test(body.to)) details.unshift({ property: 'to', message: 'invalid user id' });
    if (details.length > 0) return lineError(res, 400, 'The request body has ' + details.length + ' error(s)', details);
    sendMessages(req, res, 'push', [body.to as string], body.messages as Record<string, unknown>[]);
  });

  router.post('/v2/bot/message/multicast', requireToken, limit(state.buckets.multicast), json, (req, res) => {
    const body = req.body as { to?: unknown; messages?: unknown };
    const details = validateMessages(body?.messages);
    const to = body?.to;
    if (!Array.isArray(to) || to.length === 0 || to.length > LIMITS.multicastRecipients) {
      details.unshift({ property: 'to', message: `size must be between 1 and ${LIMITS.multicastRecipients}` });
    }
    if (details.length > 0) return lineError(res, 400, 'The request body has ' + details.length + ' error(s)', details);
    sendMessages(req, res, 'multicast', [...new Set(to as string[])], body.messages as Record<string, unknown>[]);
  });

  router.post('/v2/bot/message/reply', requireToken, limit(state.buckets.other), json, (req, res) => {
    if (req.get('x-line-retry-key') !== undefined) return lineError(res, 400, 'X-Line-Retry-Key is not supported for this endpoint');
    const body = req.body as { replyToken?: unknown; messages?: unknown };
    const details = validateMessages(body?.messages);
    if (typeof body?.replyToken !== 'string') details.unshift({ property: 'replyToken', message: 'must be specified' });
    if (details.length > 0) return lineError(res, 400, 'The request body has ' + details.length + ' error(s)', details);
    const token = state.replyTokens.get(body.replyToken as string);
    if (!token || token.used || token.expiresAt < Date.now()) return lineError(res, 400, 'Invalid reply token');
    token.used = true;
    state.acceptedRequests += 1;
    const requestId = randomUUID();
    const messages = body.messages as Record<string, unknown>[];
    for (const message of messages) {
      state.record({ userId: token.userId, direction: 'out', via: 'reply', message, delivered: true, requestId });
    }
    res.setHeader('x-line-request-id', requestId);
    res.json({ sentMessages: messages.map(() => ({ id: String(Date.now()), quoteToken: ulid() })) });
  });

  router.get('/v2/bot/profile/:userId', requireToken, limit(state.buckets.other), (req, res) => {
    const user = state.users.get(String(req.params.userId));
    if (!user || !user.isFollowing) return lineError(res, 404, 'Not found');
    res.json({
      userId: user.userId,
      displayName: user.displayName,
      ...(user.pictureUrl ? { pictureUrl: user.pictureUrl } : {}),
      ...(user.statusMessage ? { statusMessage: user.statusMessage } : {}),
      language: user.language,
    });
  });

  router.get('/v2/bot/info', requireToken, (_req, res) => {
    res.json({ userId: state.botUserId, basicId: '@sandbox', displayName: 'Sandbox OA', chatMode: 'bot', markAsReadMode: 'auto' });
  });

  router.get('/v2/bot/message/quota', requireToken, (_req, res) => {
    res.json({ type: 'limited', value: state.settings.monthlyQuota });
  });
  router.get('/v2/bot/message/quota/consumption', requireToken, (_req, res) => {
    res.json({ totalUsage: state.quotaUsage });
  });

  // Rich menus (api.line.me) and their images (api-data.line.me).
  router.post('/v2/bot/richmenu/validate', requireToken, json, (req, res) => {
    const problems = validateRichMenu(req.body);
    if (problems.length > 0) return lineError(res, 400, 'The request body has ' + problems.length + ' error(s)', problems);
    res.json({});
  });
  router.post('/v2/bot/richmenu', requireToken, json, (req, res) => {
    const problems = validateRichMenu(req.body);
    if (problems.length > 0) return lineError(res, 400, 'The request body has ' + problems.length + ' error(s)', problems);
    if (state.richMenus.size >= 1000) return lineError(res, 400, 'The maximum number of rich menus has been reached');
    const richMenuId = `richmenu-${randomUUID().replaceAll('-', '')}`;
    state.richMenus.set(richMenuId, { richMenuId, body: req.body as Record<string, unknown> });
    res.json({ richMenuId });
  });
  router.get('/v2/bot/richmenu/list', requireToken, (_req, res) => {
    res.json({ richmenus: [...state.richMenus.values()].map((m) => ({ richMenuId: m.richMenuId, ...m.body })) });
  });
  router.get('/v2/bot/richmenu/alias/list', requireToken, (_req, res) => {
    res.json({ aliases: [...state.richMenuAliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })) });
  });
  router.post('/v2/bot/richmenu/alias', requireToken, json, (req, res) => {
    const { richMenuAliasId, richMenuId } = (req.body ?? {}) as { richMenuAliasId?: string; richMenuId?: string };
    if (!richMenuAliasId || !RICH_MENU_ALIAS_RE.test(richMenuAliasId)) return lineError(res, 400, 'richMenuAliasId is invalid');
    if (!richMenuId || !state.richMenus.has(richMenuId)) return lineError(res, 400, 'richmenu not found');
    if (!state.richMenus.get(richMenuId)?.image) return lineError(res, 400, 'richmenu image not found');
    if (state.richMenuAliases.has(richMenuAliasId)) return lineError(res, 400, 'conflict richmenu alias id');
    state.richMenuAliases.set(richMenuAliasId, richMenuId);
    res.json({});
  });
  router.delete('/v2/bot/richmenu/alias/:aliasId', requireToken, (req, res) => {
    if (!state.richMenuAliases.delete(String(req.params.aliasId))) return lineError(res, 404, 'Not found');
    res.json({});
  });
  router.get('/v2/bot/richmenu/:richMenuId', requireToken, (req, res) => {
    const menu = state.richMenus.get(String(req.params.richMenuId));
    if (!menu) return lineError(res, 404, 'Not found');
    res.json({ richMenuId: menu.richMenuId, ...menu.body });
  });
  router.delete('/v2/bot/richmenu/:richMenuId', requireToken, (req, res) => {
    const id = String(req.params.richMenuId);
    if (!state.richMenus.delete(id)) return lineError(res, 404, 'Not found');
    if (state.defaultRichMenuId === id) state.defaultRichMenuId = null;
    for (const [alias, target] of state.richMenuAliases) if (target === id) state.richMenuAliases.delete(alias);
    for (const [user, target] of state.userRichMenus) if (target === id) state.userRichMenus.delete(user);
    res.json({});
  });
  router.post(
    '/v2/bot/richmenu/:richMenuId/content',
    requireToken,
    express.raw({ type: ['image/png', 'image/jpeg'], limit: '1mb' }),
    (req, res) => {
      const menu = state.richMenus.get(String(req.params.richMenuId));
      if (!menu) return lineError(res, 404, 'Not found');
      const contentType = req.get('content-type') ?? '';
      if (!['image/png', 'image/jpeg'].includes(contentType) || !Buffer.isBuffer(req.body)) {
        return lineError(res, 415, 'Unsupported Media Type');
      }
      if (menu.image) return lineError(res, 400, 'An image has already been uploaded to the richmenu');
      menu.image = { contentType, bytes: req.body.length };
      res.json({});
    },
  );
  router.post('/v2/bot/user/all/richmenu/:richMenuId', requireToken, (req, res) => {
    const menu = state.richMenus.get(String(req.params.richMenuId));
    if (!menu) return lineError(res, 404, 'Not found');
    if (!menu.image) return lineError(res, 400, 'must upload richmenu image before applying it to user');
    state.defaultRichMenuId = menu.richMenuId;
    res.json({});
  });
  router.get('/v2/bot/user/all/richmenu', requireToken, (_req, res) => {
    if (!state.defaultRichMenuId) return lineError(res, 404, 'no default richmenu');
    res.json({ richMenuId: state.defaultRichMenuId });
  });
  router.delete('/v2/bot/user/all/richmenu', requireToken, (_req, res) => {
    state.defaultRichMenuId = null;
    res.json({});
  });
  router.post('/v2/bot/user/:userId/richmenu/:richMenuId', requireToken, (req, res) => {
    const menu = state.richMenus.get(String(req.params.richMenuId));
    if (!menu) return lineError(res, 404, 'Not found');
    if (!menu.image) return lineError(res, 400, 'must upload richmenu image before applying it to user');
    state.userRichMenus.set(String(req.params.userId), menu.richMenuId);
    res.json({});
  });
  router.get('/v2/bot/user/:userId/richmenu', requireToken, (req, res) => {
    const id = state.userRichMenus.get(String(req.params.userId));
    if (!id) return lineError(res, 404, 'the user has no richmenu');
    res.json({ richMenuId: id });
  });
  router.delete('/v2/bot/user/:userId/richmenu', requireToken, (req, res) => {
    state.userRichMenus.delete(String(req.params.userId));
    res.json({});
  });

  // LINE Login: ID token verification, as https://api.line.me/oauth2/v2.1/verify answers it.
  router.post('/oauth2/v2.1/verify', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const { id_token: idToken, client_id: clientId } = (req.body ?? {}) as { id_token?: string; client_id?: string };
    if (!idToken) return void res.status(400).json({ error: 'invalid_request', error_description: 'id_token is required.' });
    if (!clientId) return void res.status(400).json({ error: 'invalid_request', error_description: 'client_id is required.' });
    if (clientId !== loginChannelId) {
      return void res.status(400).json({ error: 'invalid_client', error_description: 'Invalid client_id.' });
    }
    const verdict = verifyIdToken(idToken, state.idTokenSecret, clientId, Date.now());
    if (!verdict.ok) return void res.status(400).json({ error: 'invalid_request', error_description: verdict.description });
    res.json(verdict.claims);
  });

  return router;
}

/** The subset of LINE's rich menu rules that catches real mistakes. */
export function validateRichMenu(body: unknown): { property: string; message: string }[] {
  const problems: { property: string; message: string }[] = [];
  const menu = (body ?? {}) as {
    size?: { width?: number; height?: number };
    selected?: unknown;
    name?: unknown;
    chatBarText?: unknown;
    areas?: unknown;
  };
  const width = menu.size?.width;
  const height = menu.size?.height;
  if (typeof width !== 'number' || width < 800 || width > 2500) problems.push({ property: 'size.width', message: 'must be between 800 and 2500' });
  if (typeof height !== 'number' || height < 250) problems.push({ property: 'size.height', message: 'must be at least 250' });
  if (typeof width === 'number' && typeof height === 'number' && width / height < 1.45) {
    problems.push({ property: 'size', message: 'width / height must be at least 1.45' });
  }
  if (typeof menu.selected !== 'boolean') problems.push({ property: 'selected', message: 'must be specified' });
  if (typeof menu.name !== 'string' || menu.name.length === 0 || menu.name.length > 300) problems.push({ property: 'name', message: 'size must be between 1 and 300' });
  if (typeof menu.chatBarText !== 'string' || menu.chatBarText.length === 0 || [...menu.chatBarText].length > 14) {
    problems.push({ property: 'chatBarText', message: 'size must be between 1 and 14' });
  }
  if (!Array.isArray(menu.areas) || menu.areas.length > 20) {
    problems.push({ property: 'areas', message: 'size must be between 0 and 20' });
  } else {
    menu.areas.forEach((area: { bounds?: Record<string, number>; action?: { type?: string } }, i) => {
      const b = area?.bounds;
      if (!b || [b.x, b.y, b.width, b.height].some((n) => typeof n !== 'number' || n < 0)) {
        problems.push({ property: `areas[${i}].bounds`, message: 'must be specified' });
      } else if (typeof width === 'number' && typeof height === 'number' && (b.x! + b.width! > width || b.y! + b.height! > height)) {
        problems.push({ property: `areas[${i}].bounds`, message: 'must be inside the rich menu' });
      }
      if (!area?.action?.type) problems.push({ property: `areas[${i}].action`, message: 'must be specified' });
    });
  }
  return problems;
}
