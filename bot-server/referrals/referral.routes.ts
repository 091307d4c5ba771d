import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind } from '../http/route.ts';
import type { ReferralService } from './referral.service.ts';

export function createReferralRouter(deps: { referrals: ReferralService }): Router {
  const { referrals } = deps;
  const router = Router();
  bind(router, api.myInvite, ({ actor, req }) => referrals.myInvite(actor, preferredLang(req)));
  bind(router, api.recordInvite, ({ actor, input }) => referrals.recordVisit(actor, input.code));
  bind(router, api.consoleReferralSettings, ({ actor, req }) => referrals.settings(actor, preferredLang(req)));
  bind(router, api.consoleSaveReferralSettings, ({ actor, input, req }) => referrals.saveSettings(actor, input, preferredLang(req)));
  bind(router, api.consoleReferralReport, ({ actor, input }) => referrals.report(actor, input.days));
  return router;
}
