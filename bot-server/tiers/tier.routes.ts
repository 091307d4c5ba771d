import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, requireIdParam as id } from '../http/route.ts';
import type { TierService } from './tier.service.ts';

/** 會員等級: the member's page, the console's tier editor, preview and manual assignment. */
export function createTierRouter(deps: { tiers: TierService }): Router {
  const { tiers } = deps;
  const router = Router();
  bind(router, api.myTier, ({ actor, req, res }) => {
    res.setHeader('cache-control', 'no-store');
    return tiers.myTier(actor, preferredLang(req));
  });
  bind(router, api.consoleTiers, ({ actor }) => tiers.consoleTiers(actor));
  bind(router, api.consoleSaveTiers, ({ actor, input }) => tiers.saveTiers(actor, input));
  bind(router, api.consoleTierPreview, ({ actor }) => tiers.preview(actor));
  bind(router, api.consoleMemberTier, ({ actor, params }) => tiers.memberTier(actor, id(params)));
  bind(router, api.consoleAssignTier, ({ actor, params, input }) => tiers.assign(actor, id(params), input));
  return router;
}
