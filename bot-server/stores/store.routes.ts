import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { englishOrNull, localized } from '../../shared/i18n/localized.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { requireAdmin, requireMember } from '../auth/policies.ts';
import { presentStore } from '../http/presenters.ts';
import { bind, requireIdParam } from '../http/route.ts';
import type { StoreService } from './store.service.ts';

export function createStoreRouter(deps: { stores: StoreService }): Router {
  const router = Router();
  bind(router, api.listStores, ({ actor, req }) => {
    requireMember(actor);
    // Members and staff see the name in their language; the console edits both.
    const lang = preferredLang(req);
    return { items: deps.stores.list({ includeInactive: false }).map((s) => ({ ...presentStore(s), name: localized(s.name, s.nameEn, lang) })) };
  });
  bind(router, api.consoleListStores, ({ actor }) => {
    requireAdmin(actor);
    return { items: deps.stores.list({ includeInactive: true }).map(presentStore) };
  });
  bind(router, api.consoleCreateStore, ({ actor, input }) => presentStore(deps.stores.create(actor, { ...input, nameEn: englishOrNull(input.nameEn) })), { status: 201 });
  bind(router, api.consoleUpdateStore, ({ actor, input, params }) => {
    const id = requireIdParam(params);
    return presentStore(deps.stores.update(actor, id, input.nameEn === undefined ? input : { ...input, nameEn: englishOrNull(input.nameEn) }));
  });
  return router;
}
