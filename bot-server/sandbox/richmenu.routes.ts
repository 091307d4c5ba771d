/**
 * LINE's rich-menu endpoints as the sandbox serves them (api.line.me and api-data.line.me share
 * this server's origin: the SDK's MessagingApiClient and MessagingApiBlobClient both point here).
 * Rules from line/line-openapi messaging-api.yml and LINE's docs (../shared/LINE-PLATFORM.md):
 * size 800–2500 × ≥ 250, width/height ≥ 1.45, ≤ 20 areas inside the size, chatBarText 1–14,
 * name 1–300, actions as LINE's Action schema (no `link`, a uri must be a URL), JPEG/PNG ≤ 1 MB
 * with the menu's exact pixel size, an image cannot be replaced, ≤ 1,000 menus and aliases,
 * aliases `^[a-z0-9_-]{1,32}$` (missing → 404, duplicate → 400), bulk link/unlink 1–500 users
 * (202, empty body), create and delete 100 an hour each, batch control 3 an hour; every error
 * is LINE's JSON `{ message, details? }` with an `x-line-request-id`.
 *
 * Fault injection for tests — "the next setRichMenuImage answers 500":
 *   in process:  server.sandbox.state.injectFault('setRichMenuImage', { status: 500, times: 1, message? })
 *   over HTTP:   POST /sandbox/api/faults { "operation": "setRichMenuImage", "status": 500, "times": 1 }
 *                GET /sandbox/api/faults (what is queued) · DELETE /sandbox/api/faults (clear all)
 * Operations are the SDK's operationIds: createRichMenu, validateRichMenuObject, getRichMenu,
 * getRichMenuList, deleteRichMenu, setRichMenuImage, getRichMenuImage, setDefaultRichMenu,
 * getDefaultRichMenuId, cancelDefaultRichMenu, linkRichMenuIdToUser, unlinkRichMenuIdFromUser,
 * getRichMenuIdOfUser, linkRichMenuIdToUsers, unlinkRichMenuIdFromUsers, createRichMenuAlias,
 * getRichMenuAlias, getRichMenuAliasList, updateRichMenuAlias, deleteRichMenuAlias, richMenuBatch,
 * validateRichMenuBatchRequest, getRichMenuBatchProgress — and pushMessage, multicast,
 * replyMessage, getProfile for the message endpoints. A queued fault answers before the call
 * has any effect. Rate limits: POST /sandbox/api/settings { richMenuCreatesPerHour, richMenuDeletesPerHour }.
 */
import { randomUUID } from 'node:crypto';
import express, { type RequestHandler, Router } from 'express';
import { readImageInfo } from './image-size.ts';
import { bodyErrors, limit, lineError, operation } from './line-http.ts';
import { checkAction, Collector, type LineValidationDetail } from './message-rules.ts';
import type { RichMenu, SandboxState } from './sandbox-state.ts';

export const RICH_MENU_LIMITS = {
  minWidth: 800,
  maxWidth: 2500,
  minHeight: 250,
  minRatio: 1.45,
  maxAreas: 20,
  chatBarText: 14,
  name: 300,
  imageBytes: 1024 * 1024,
  menusPerChannel: 1000,
  aliasesPerChannel: 1000,
  bulkUsers: 500,
} as const;

const ALIAS_RE = /^[a-z0-9_-]{1,32}$/;
const USER_ID_RE = /^U[0-9a-f]{32}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInt(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** Everything LINE refuses in a rich menu object, as LINE's details list; empty when it is valid. */
export function validateRichMenu(body: unknown): LineValidationDetail[] {
  const c = new Collector();
  if (!isObject(body)) {
    c.add('', 'must be a rich menu object');
    return c.details;
  }
  const size = body.size;
  const width = isObject(size) ? size.width : undefined;
  const height = isObject(size) ? size.height : undefined;
  const L = RICH_MENU_LIMITS;
  if (!isObject(size)) c.add('size', 'must be specified');
  else {
    if (!isInt(width, 1) || width < L.minWidth || width > L.maxWidth) c.add('size.width', `must be between ${L.minWidth} and ${L.maxWidth}`);
    if (!isInt(height, 1) || height < L.minHeight) c.add('size.height', `must be at least ${L.minHeight}`);
    if (isInt(width, 1) && isInt(height, 1) && width / height < L.minRatio) c.add('size', `width / height must be at least ${L.minRatio}`);
  }
  if (typeof body.selected !== 'boolean') c.add('selected', 'must be specified as a boolean');
  if (typeof body.name !== 'string' || body.name.length === 0 || body.name.length > L.name) c.add('name', `size must be between 1 and ${L.name}`);
  if (typeof body.chatBarText !== 'string' || body.chatBarText.length === 0 || [...body.chatBarText].length > L.chatBarText) {
    c.add('chatBarText', `size must be between 1 and ${L.chatBarText}`);
  }
  const areas = body.areas;
  if (!Array.isArray(areas)) c.add('areas', 'must be specified');
  else if (areas.length > L.maxAreas) c.add('areas', `size must be between 0 and ${L.maxAreas}`);
  else {
    areas.forEach((area, i) => {
      const path = `areas[${i}]`;
      if (!isObject(area)) return c.add(path, 'must be an object');
      const b = area.bounds;
      if (!isObject(b) || !isInt(b.x, 0) || !isInt(b.y, 0) || !isInt(b.width, 1) || !isInt(b.height, 1)) {
        c.add(`${path}.bounds`, 'x and y must be integers ≥ 0, width and height integers ≥ 1');
      } else if (isInt(width, 1) && isInt(height, 1) && (b.x + b.width > width || b.y + b.height > height)) {
        c.add(`${path}.bounds`, `must be inside the rich menu (${width}x${height})`);
      }
      checkAction(area.action, `${path}.action`, c, false);
    });
  }
  return c.details;
}

function present(menu: RichMenu): Record<string, unknown> {
  const { size, selected, name, chatBarText, areas } = menu.body;
  return { richMenuId: menu.richMenuId, size, selected, name, chatBarText, areas };
}

export interface RichMenuRouterOptions {
  state: SandboxState;
  requireToken: RequestHandler;
}

export function createRichMenuRouter({ state, requireToken }: RichMenuRouterOptions): Router {
  const router = Router();
  const json = express.json({ limit: '2mb' });
  const op = (name: string) => [requireToken, operation(state, name)];
  const other = limit(state.buckets.other);

  /** The menu, or a 404 answered. */
  const findMenu = (id: string, res: express.Response): RichMenu | undefined => {
    const menu = state.richMenus.get(id);
    if (!menu) lineError(res, 404, 'Not found');
    return menu;
  };
  /** The menu with its image, ready to be shown to users; else LINE's 404 / 400. */
  const applicableMenu = (id: string, res: express.Response): RichMenu | undefined => {
    const menu = findMenu(id, res);
    if (menu && !menu.image) {
      lineError(res, 400, 'must upload richmenu image before applying it to user');
      return undefined;
    }
    return menu;
  };

  router.post('/v2/bot/richmenu/validate', ...op('validateRichMenuObject'), other, json, (req, res) => {
    const problems = validateRichMenu(req.body);
    if (problems.length > 0) return bodyErrors(res, problems);
    res.json({});
  });

  router.post('/v2/bot/richmenu', ...op('createRichMenu'), limit(state.richMenuWindows.create), json, (req, res) => {
    const problems = validateRichMenu(req.body);
    if (problems.length > 0) return bodyErrors(res, problems);
    if (state.richMenus.size >= RICH_MENU_LIMITS.menusPerChannel) return lineError(res, 400, 'The maximum number of rich menus has been reached');
    const richMenuId = `richmenu-${randomUUID().replaceAll('-', '')}`;
    const { size, selected, name, chatBarText, areas } = req.body as Record<string, unknown>;
    state.richMenus.set(richMenuId, { richMenuId, body: { size, selected, name, chatBarText, areas } });
    res.json({ richMenuId });
  });

  router.get('/v2/bot/richmenu/list', ...op('getRichMenuList'), other, (_req, res) => {
    res.json({ richmenus: [...state.richMenus.values()].map(present) });
  });

  // Bulk link / unlink (≤ 500 users a call, answered 202 with an empty body).
  const userIdsProblems = (userIds: unknown): LineValidationDetail[] => {
    if (!Array.isArray(userIds) || userIds.length === 0 || userIds.length > RICH_MENU_LIMITS.bulkUsers) {
      return [{ property: 'userIds', message: `size must be between 1 and ${RICH_MENU_LIMITS.bulkUsers}` }];
    }
    const bad = userIds.findIndex((id) => typeof id !== 'string' || !USER_ID_RE.test(id));
    return bad >= 0 ? [{ property: `userIds[${bad}]`, message: 'invalid user id' }] : [];
  };
  router.post('/v2/bot/richmenu/bulk/link', ...op('linkRichMenuIdToUsers'), other, json, (req, res) => {
    const body = (req.body ?? {}) as { richMenuId?: unknown; userIds?: unknown };
    const problems = userIdsProblems(body.userIds);
    if (typeof body.richMenuId !== 'string' || body.richMenuId.length === 0) problems.unshift({ property: 'richMenuId', message: 'must be specified' });
    if (problems.length > 0) return bodyErrors(res, problems);
    const menu = state.richMenus.get(body.richMenuId as string);
    if (!menu) return lineError(res, 400, 'richmenu not found');
    if (!menu.image) return lineError(res, 400, 'must upload richmenu image before applying it to user');
    for (const userId of body.userIds as string[]) state.userRichMenus.set(userId, menu.richMenuId);
    res.status(202).end();
  });
  router.post('/v2/bot/richmenu/bulk/unlink', ...op('unlinkRichMenuIdFromUsers'), other, json, (req, res) => {
    const problems = userIdsProblems((req.body ?? {}).userIds);
    if (problems.length > 0) return bodyErrors(res, problems);
    for (const userId of (req.body as { userIds: string[] }).userIds) state.userRichMenus.delete(userId);
    res.status(202).end();
  });

  // Batch control: replace / unlink the menu of every user linked to a menu (3 requests an hour).
  type Operation = { type: 'link'; from: string; to: string } | { type: 'unlink'; from: string } | { type: 'unlinkAll' };
  const batchProblems = (body: unknown): LineValidationDetail[] => {
    const c = new Collector();
    const b = isObject(body) ? body : {};
    const ops = b.operations;
    if (!Array.isArray(ops) || ops.length === 0 || ops.length > 1000) c.add('operations', 'size must be between 1 and 1000');
    else
      ops.forEach((o, i) => {
        const path = `operations[${i}]`;
        if (!isObject(o)) return c.add(path, 'must be an object');
        if (o.type === 'link') {
          if (typeof o.from !== 'string' || !state.richMenus.has(o.from)) c.add(`${path}.from`, 'richmenu not found');
          if (typeof o.to !== 'string' || !state.richMenus.get(o.to)?.image) c.add(`${path}.to`, 'richmenu not found or has no image');
        } else if (o.type === 'unlink') {
          if (typeof o.from !== 'string' || !state.richMenus.has(o.from)) c.add(`${path}.from`, 'richmenu not found');
        } else if (o.type !== 'unlinkAll') c.add(`${path}.type`, 'must be link, unlink or unlinkAll');
      });
    if (b.resumeRequestKey !== undefined && (typeof b.resumeRequestKey !== 'string' || !/^[a-zA-Z0-9_-]{1,100}$/.test(b.resumeRequestKey))) {
      c.add('resumeRequestKey', 'must match ^[a-zA-Z0-9_-]{1,100}$');
    }
    return c.details;
  };
  router.post('/v2/bot/richmenu/validate/batch', ...op('validateRichMenuBatchRequest'), other, json, (req, res) => {
    const problems = batchProblems(req.body);
    if (problems.length > 0) return bodyErrors(res, problems);
    res.json({});
  });
  router.post('/v2/bot/richmenu/batch', ...op('richMenuBatch'), json, (req, res) => {
    const problems = batchProblems(req.body);
    if (problems.length > 0) return bodyErrors(res, problems);
    const body = req.body as { operations: Operation[]; resumeRequestKey?: string };
    if (body.resumeRequestKey) {
      for (const [requestId, batch] of state.richMenuBatches) {
        if (batch.resumeRequestKey === body.resumeRequestKey) {
          res.setHeader('x-line-request-id', requestId);
          return void res.status(202).end();
        }
      }
    }
    if (!state.richMenuWindows.batch.take()) return lineError(res, 429, 'Too Many Requests');
    const acceptedTime = new Date().toISOString();
    for (const o of body.operations) {
      for (const [userId, linked] of state.userRichMenus) {
        if (o.type === 'unlinkAll') state.userRichMenus.delete(userId);
        else if (linked === o.from) {
          if (o.type === 'link') state.userRichMenus.set(userId, o.to);
          else state.userRichMenus.delete(userId);
        }
      }
    }
    const requestId = randomUUID();
    state.richMenuBatches.set(requestId, { acceptedTime, completedTime: new Date().toISOString(), ...(body.resumeRequestKey ? { resumeRequestKey: body.resumeRequestKey } : {}) });
    res.setHeader('x-line-request-id', requestId);
    res.status(202).end();
  });
  router.get('/v2/bot/richmenu/progress/batch', ...op('getRichMenuBatchProgress'), other, (req, res) => {
    const batch = state.richMenuBatches.get(String(req.query.requestId ?? ''));
    if (!batch) return lineError(res, 404, 'Not found');
    res.json({ phase: 'succeeded', acceptedTime: batch.acceptedTime, completedTime: batch.completedTime });
  });

  // Aliases.
  router.get('/v2/bot/richmenu/alias/list', ...op('getRichMenuAliasList'), other, (_req, res) => {
    res.json({ aliases: [...state.richMenuAliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })) });
  });
  const aliasTargetProblem = (richMenuId: unknown, res: express.Response): boolean => {
    if (typeof richMenuId !== 'string' || richMenuId.length === 0) {
      bodyErrors(res, [{ property: 'richMenuId', message: 'must be specified' }]);
      return true;
    }
    const menu = state.richMenus.get(richMenuId);
    if (!menu) {
      lineError(res, 400, 'richmenu not found');
      return true;
    }
    if (!menu.image) {
      lineError(res, 400, 'richmenu image not found');
      return true;
    }
    return false;
  };
  router.post('/v2/bot/richmenu/alias', ...op('createRichMenuAlias'), other, json, (req, res) => {
    const { richMenuAliasId, richMenuId } = (req.body ?? {}) as { richMenuAliasId?: unknown; richMenuId?: unknown };
    if (typeof richMenuAliasId !== 'string' || !ALIAS_RE.test(richMenuAliasId)) {
      return bodyErrors(res, [{ property: 'richMenuAliasId', message: 'must match ^[a-z0-9_-]{1,32}$' }]);
    }
    if (aliasTargetProblem(richMenuId, res)) return;
    if (state.richMenuAliases.has(richMenuAliasId)) return lineError(res, 400, 'conflict richmenu alias id');
    if (state.richMenuAliases.size >= RICH_MENU_LIMITS.aliasesPerChannel) return lineError(res, 400, 'The maximum number of rich menu aliases has been reached');
    state.richMenuAliases.set(richMenuAliasId, richMenuId as string);
    res.json({});
  });
  router.get('/v2/bot/richmenu/alias/:aliasId', ...op('getRichMenuAlias'), other, (req, res) => {
    const aliasId = String(req.params.aliasId);
    const richMenuId = state.richMenuAliases.get(aliasId);
    if (!richMenuId) return lineError(res, 404, 'richmenu alias not found');
    res.json({ richMenuAliasId: aliasId, richMenuId });
  });
  router.post('/v2/bot/richmenu/alias/:aliasId', ...op('updateRichMenuAlias'), other, json, (req, res) => {
    const aliasId = String(req.params.aliasId);
    if (!state.richMenuAliases.has(aliasId)) return lineError(res, 404, 'richmenu alias not found');
    const { richMenuId } = (req.body ?? {}) as { richMenuId?: unknown };
    if (aliasTargetProblem(richMenuId, res)) return;
    state.richMenuAliases.set(aliasId, richMenuId as string);
    res.json({});
  });
  router.delete('/v2/bot/richmenu/alias/:aliasId', ...op('deleteRichMenuAlias'), other, (req, res) => {
    if (!state.richMenuAliases.delete(String(req.params.aliasId))) return lineError(res, 404, 'richmenu alias not found');
    res.json({});
  });

  // One menu, and its image (api-data.line.me).
  router.get('/v2/bot/richmenu/:richMenuId', ...op('getRichMenu'), other, (req, res) => {
    const menu = findMenu(String(req.params.richMenuId), res);
    if (menu) res.json(present(menu));
  });
  router.delete('/v2/bot/richmenu/:richMenuId', ...op('deleteRichMenu'), limit(state.richMenuWindows.delete), (req, res) => {
    const id = String(req.params.richMenuId);
    if (!findMenu(id, res)) return;
    state.richMenus.delete(id);
    // As LINE: users linked to it and the default fall back; its aliases stop pointing anywhere.
    if (state.defaultRichMenuId === id) state.defaultRichMenuId = null;
    for (const [alias, target] of state.richMenuAliases) if (target === id) state.richMenuAliases.delete(alias);
    for (const [user, target] of state.userRichMenus) if (target === id) state.userRichMenus.delete(user);
    res.json({});
  });
  router.post(
    '/v2/bot/richmenu/:richMenuId/content',
    ...op('setRichMenuImage'),
    other,
    express.raw({ type: () => true, limit: '8mb' }),
    (req, res) => {
      const menu = findMenu(String(req.params.richMenuId), res);
      if (!menu) return;
      const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (contentType !== 'image/png' && contentType !== 'image/jpeg') return lineError(res, 415, 'Unsupported Media Type: the image must be image/jpeg or image/png');
      if (menu.image) return lineError(res, 400, 'An image has already been uploaded to the richmenu');
      const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (data.length > RICH_MENU_LIMITS.imageBytes) return lineError(res, 413, 'Payload Too Large: the image must be 1 MB or smaller');
      const info = readImageInfo(data);
      if (!info || info.type !== contentType) return lineError(res, 400, `The image is not a valid ${contentType === 'image/png' ? 'PNG' : 'JPEG'} file`);
      const size = menu.body.size as { width: number; height: number };
      if (info.width !== size.width || info.height !== size.height) {
        return lineError(res, 400, `The image size (${info.width}x${info.height}) must match the rich menu size (${size.width}x${size.height})`);
      }
      menu.image = { contentType, bytes: data.length, data, width: info.width, height: info.height };
      res.json({});
    },
  );
  router.get('/v2/bot/richmenu/:richMenuId/content', ...op('getRichMenuImage'), other, (req, res) => {
    const menu = findMenu(String(req.params.richMenuId), res);
    if (!menu) return;
    if (!menu.image) return lineError(res, 404, 'Not found');
    res.setHeader('x-line-request-id', randomUUID());
    res.type(menu.image.contentType).send(menu.image.data);
  });

  // The default menu.
  router.post('/v2/bot/user/all/richmenu/:richMenuId', ...op('setDefaultRichMenu'), other, (req, res) => {
    const menu = applicableMenu(String(req.params.richMenuId), res);
    if (!menu) return;
    state.defaultRichMenuId = menu.richMenuId;
    res.json({});
  });
  router.get('/v2/bot/user/all/richmenu', ...op('getDefaultRichMenuId'), other, (_req, res) => {
    if (!state.defaultRichMenuId) return lineError(res, 404, 'no default richmenu');
    res.json({ richMenuId: state.defaultRichMenuId });
  });
  router.delete('/v2/bot/user/all/richmenu', ...op('cancelDefaultRichMenu'), other, (_req, res) => {
    state.defaultRichMenuId = null;
    res.json({});
  });

  // One user's menu (overrides the default).
  const validUser = (userId: string, res: express.Response): boolean => {
    if (USER_ID_RE.test(userId)) return true;
    lineError(res, 400, 'The value of userId is invalid');
    return false;
  };
  router.post('/v2/bot/user/:userId/richmenu/:richMenuId', ...op('linkRichMenuIdToUser'), other, (req, res) => {
    const userId = String(req.params.userId);
    if (!validUser(userId, res)) return;
    const menu = applicableMenu(String(req.params.richMenuId), res);
    if (!menu) return;
    state.userRichMenus.set(userId, menu.richMenuId);
    res.json({});
  });
  router.get('/v2/bot/user/:userId/richmenu', ...op('getRichMenuIdOfUser'), other, (req, res) => {
    const userId = String(req.params.userId);
    if (!validUser(userId, res)) return;
    const id = state.userRichMenus.get(userId);
    if (!id) return lineError(res, 404, 'the user has no richmenu');
    res.json({ richMenuId: id });
  });
  router.delete('/v2/bot/user/:userId/richmenu', ...op('unlinkRichMenuIdFromUser'), other, (req, res) => {
    const userId = String(req.params.userId);
    if (!validUser(userId, res)) return;
    state.userRichMenus.delete(userId);
    res.json({});
  });

  return router;
}
