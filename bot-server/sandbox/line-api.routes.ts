import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { ulid } from 'ulid';
import { verifyIdToken } from './id-token.ts';
import { createRequireToken, limit, lineError, operation } from './line-http.ts';
import { LIMITS, validateMessages, validateSendOptions } from './message-rules.ts';
import { createRichMenuRouter } from './richmenu.routes.ts';
import { nextMessageId, type SandboxState } from './sandbox-state.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  // Every answer on LINE's paths carries a request id, success or error (handlers may set their own).
  router.use(['/v2', '/oauth2'], (_req, res, next) => {
    res.setHeader('x-line-request-id', randomUUID());
    next();
  });
  const requireToken = createRequireToken(channelAccessToken);


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
    const sentMessages = messages.map(() => ({ id: nextMessageId(), quoteToken: ulid() }));
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

  router.post('/v2/bot/message/push', requireToken, operation(state, 'pushMessage'), limit(state.buckets.push), json, (req, res) => {
    const body = req.body as { to?: unknown; messages?: unknown };
    const details = [...validateMessages(body?.messages), ...validateSendOptions(body)];
    if (typeof body?.to !== 'string' || body.to.length === 0) details.unshift({ property: 'to', message: 'must be specified' });
    else if (!/^[UCR][0-9a-f]{32}$/.test(body.to)) details.unshift({ property: 'to', message: 'invalid user id' });
    if (details.length > 0) return lineError(res, 400, 'The request body has ' + details.length + ' error(s)', details);
    sendMessages(req, res, 'push', [body.to as string], body.messages as Record<string, unknown>[]);
  });

  router.post('/v2/bot/message/multicast', requireToken, operation(state, 'multicast'), limit(state.buckets.multicast), json, (req, res) => {
    const body = req.body as { to?: unknown; messages?: unknown };
    const details = [...validateMessages(body?.messages), ...validateSendOptions(body)];
    const to = body?.to;
    if (!Array.isArray(to) || to.length === 0 || to.length > LIMITS.multicastRecipients) {
      details.unshift({ property: 'to', message: `size must be between 1 and ${LIMITS.multicastRecipients}` });
    }
    if (details.length > 0) return lineError(res, 400, 'The request body has ' + details.length + ' error(s)', details);
    sendMessages(req, res, 'multicast', [...new Set(to as string[])], body.messages as Record<string, unknown>[]);
  });

  router.post('/v2/bot/message/reply', requireToken, operation(state, 'replyMessage'), limit(state.buckets.other), json, (req, res) => {
    if (req.get('x-line-retry-key') !== undefined) return lineError(res, 400, 'X-Line-Retry-Key is not supported for this endpoint');
    const body = req.body as { replyToken?: unknown; messages?: unknown };
    const details = [...validateMessages(body?.messages), ...validateSendOptions(body)];
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
    res.json({ sentMessages: messages.map(() => ({ id: nextMessageId(), quoteToken: ulid() })) });
  });

  router.get('/v2/bot/profile/:userId', requireToken, operation(state, 'getProfile'), limit(state.buckets.other), (req, res) => {
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

  // Rich menus (api.line.me) and their images (api-data.line.me): richmenu.routes.ts.
  router.use(createRichMenuRouter({ state, requireToken }));

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

  // Anything else under LINE's paths: LINE's JSON 404, never Express's HTML page.
  router.use('/v2', (_req, res) => lineError(res, 404, 'Not found'));
  router.use('/v2', (error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.parse.failed') return lineError(res, 400, 'The request body could not be parsed as JSON');
    if (error.type === 'entity.too.large') return lineError(res, 413, 'Payload Too Large');
    // A path segment that is not valid percent-encoding (Express's param decoding fails with 400).
    if (error instanceof URIError || (typeof error.status === 'number' && error.status >= 400 && error.status < 500)) return lineError(res, error.status && error.status < 500 ? error.status : 400, 'Bad Request');
    lineError(res, 500, 'Internal Server Error');
  });

  return router;
}
