import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, requireIdParam } from '../http/route.ts';
import type { ReportingService } from './reporting.service.ts';

/** Console reports: the overview dashboard and a member's 360° page. */
export function createReportingRouter(deps: { reporting: ReportingService }): Router {
  const router = Router();
  bind(router, api.consoleOverview, ({ actor }) => deps.reporting.overview(actor));
  bind(router, api.consoleMember360, ({ actor, params, req }) => deps.reporting.member360(actor, requireIdParam(params), preferredLang(req)));
  return router;
}
