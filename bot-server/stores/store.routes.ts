import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { requireAdmin, requireMember } from '../auth/policies.ts';
import { presentStore } from '../http/presenters.ts';
import { bind, requireIdParam } from '../http/route.ts';
import type { StoreService } from './store.service.ts';

export function createStoreRouter(deps: { stores: StoreService }): Router {
  const router = Router();
  bind(router, api.listStores, ({ actor }) => {
    requireMember(actor);
    return { items: deps.stores.list({ includeInactive: false }).map(presentStore) };
  });
  bind(router, api.consoleListStores, ({ actor }) => {
    requireAdmin(actor);
    return { items: deps.stores.list({ includeInactive: true }).map(presentStore) };
  });
  bind(router, api.consoleCreateStore, ({ actor, input }) => presentStore(deps.stores.create(actor, input)), { status: 201 });
  bind(router, api.consoleUpdateStore, ({ actor, input, params }) => {
    const id = requireIdParam(params);
    return presentStore(deps.stores.update(actor, id, input));
  });
  return router;
}
