import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { bind } from '../http/route.ts';
import type { MemberCards } from './member-card.service.ts';

/** The member's card and the counters (staff scanner, POS) that read it. */
export function createMemberCardRouter(deps: { cards: MemberCards }): Router {
  const { cards } = deps;
  const router = Router();
  bind(router, api.memberCard, ({ actor, res }) => {
    res.setHeader('cache-control', 'no-store');
    return cards.card(actor);
  });
  bind(router, api.staffMemberCard, ({ actor, input }) => cards.lookupAtCounter(actor, input.storeId, input.code));
  bind(router, api.posMemberCard, ({ actor, input }) => cards.lookupAtCounter(actor, input.storeId, input.code));
  return router;
}
