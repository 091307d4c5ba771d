import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import type { EarnSettings } from '../../shared/points/rules.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, requireIdParam as id } from '../http/route.ts';
import type { PointsService } from './points.service.ts';

/** The member's points, the POS purchase / refund / points-redemption API and the points console. */
export function createPointsRouter(deps: { points: PointsService }): Router {
  const { points } = deps;
  const router = Router();

  bind(router, api.pointsSummary, ({ actor, res }) => {
    res.setHeader('cache-control', 'no-store');
    return points.summary(actor);
  });
  bind(router, api.pointsHistory, ({ actor, input }) => points.history(actor, input.before));

  bind(router, api.posPurchase, async ({ actor, input, idempotencyKey, req, res }) => {
    const r = await points.recordPurchase(actor, input, { idempotencyKey, lang: preferredLang(req) });
    res.status(r.status);
    return r.body;
  });
  bind(router, api.posRefund, async ({ actor, input, params, idempotencyKey, req, res }) => {
    const r = await points.refund(actor, params.id!, input, { idempotencyKey, lang: preferredLang(req) });
    res.status(r.status);
    return r.body;
  });
  bind(router, api.posRedeemPoints, async ({ actor, input, idempotencyKey, req, res }) => {
    const r = await points.redeemAtCounter(actor, input, { idempotencyKey, lang: preferredLang(req) });
    res.status(r.status);
    return r.body;
  });
  bind(router, api.posReversePointsRedemption, ({ actor, input, params }) => points.reverseRedemption(actor, params.id!, input.reason));

  bind(router, api.consolePointsSettings, ({ actor }) => points.consoleSettings(actor));
  bind(router, api.consoleSavePointsSettings, ({ actor, input }) => points.saveSettings(actor, input as EarnSettings));
  bind(router, api.consolePointsCalculate, ({ actor, input, req }) => points.calculate(actor, input, preferredLang(req)));
  bind(router, api.consolePointsReport, ({ actor, input }) => points.report(actor, input.months));
  bind(router, api.consoleMemberPoints, ({ actor, params }) => points.memberPoints(actor, id(params)));
  bind(router, api.consoleAdjustPoints, ({ actor, input, params }) => points.adjust(actor, id(params), input));
  return router;
}
