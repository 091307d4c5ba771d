import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import type { TApiKeyView } from '../../shared/api/notifications.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, requireIdParam } from '../http/route.ts';
import type { ApiKeyRow } from '../partners/api-key.repo.ts';
import type { ApiKeyService } from '../partners/api-key.service.ts';
import type { NotificationService } from './notification.service.ts';

export function presentApiKey(row: ApiKeyRow): TApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    storeIds: row.storeIds,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    lastUsedAt: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
  };
}

/** Console: notification templates, previews, the delivery log and API keys. */
export function createNotificationConsoleRouter(deps: { notifications: NotificationService; apiKeys: ApiKeyService }): Router {
  const { notifications, apiKeys } = deps;
  const router = Router();
  bind(router, api.consoleListTemplates, ({ actor, req }) => ({ items: notifications.listTemplates(actor, preferredLang(req)) }));
  bind(router, api.consoleSaveTemplate, ({ actor, input, params, req }) => notifications.saveTemplate(actor, params.kind!, input, preferredLang(req)));
  bind(router, api.consoleResetTemplate, ({ actor, params, req }) => notifications.resetTemplate(actor, params.kind!, preferredLang(req)));
  bind(router, api.consolePreviewTemplate, ({ actor, input, params, req }) => notifications.preview(actor, params.kind!, input, preferredLang(req)));
  bind(router, api.consoleTestSend, ({ actor, input, params }) => notifications.testSend(actor, params.kind!, input));
  bind(router, api.consoleDeliveries, ({ actor, input }) => notifications.deliveries(actor, input));
  bind(router, api.consoleListApiKeys, ({ actor }) => ({ items: apiKeys.list(actor).map(presentApiKey) }));
  bind(
    router,
    api.consoleCreateApiKey,
    ({ actor, input }) => {
      const { key, row } = apiKeys.createFromConsole(actor, input);
      return { key, apiKey: presentApiKey(row) };
    },
    { status: 201 },
  );
  bind(router, api.consoleRevokeApiKey, ({ actor, params }) => {
    const id = requireIdParam(params);
    return presentApiKey(apiKeys.revoke(actor, id));
  });
  return router;
}
