import { Router, type Request, type Response } from 'express';
import { requireAdmin } from '../auth/policies.ts';
import { AppError } from '../../shared/errors.ts';
import { api } from '../../shared/api/routes.ts';
import type { Actor } from '../auth/actor.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, idParam } from '../http/route.ts';
import type { BulkIssueService } from './bulk-issue.ts';
import type { CampaignService } from './campaign.service.ts';

function id(params: Record<string, string>): number {
  const value = idParam(params);
  if (value < 0) throw new AppError('NOT_FOUND');
  return value;
}

function csv(res: Response, name: string, body: string): void {
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  res.send(body);
}

/** The claim centre and redemption codes (members); campaigns, bundles, bulk jobs (console). */
export function createCampaignRouter(deps: { campaigns: CampaignService; bulk: BulkIssueService }): Router {
  const { campaigns, bulk } = deps;
  const router = Router();
  bind(router, api.claimCentre, ({ actor, req }) => ({ items: campaigns.claimCentre(actor, preferredLang(req)) }));
  bind(router, api.redeemCode, ({ actor, input, req }) => campaigns.redeemCode(actor, input.code, req.ip ?? 'unknown'), { status: 201 });
  bind(router, api.claimCampaign, ({ actor, params }) => campaigns.claim(actor, id(params)), { status: 201 });

  bind(router, api.consoleBundles, ({ actor, req }) => ({ items: campaigns.listBundles(actor, preferredLang(req)) }));
  bind(router, api.consoleCreateBundle, ({ actor, input, req }) => campaigns.createBundle(actor, input, preferredLang(req)), { status: 201 });
  bind(router, api.consoleCampaigns, ({ actor, req }) => ({ items: campaigns.listCampaigns(actor, preferredLang(req)) }));
  bind(router, api.consoleCreateCampaign, ({ actor, input, req }) => campaigns.createCampaign(actor, input, preferredLang(req)), { status: 201 });
  bind(router, api.consoleArchiveCampaign, ({ actor, params, req }) => campaigns.archiveCampaign(actor, id(params), preferredLang(req)));
  bind(router, api.consoleCampaignReport, ({ actor, params, req }) => campaigns.report(actor, id(params), preferredLang(req)));
  router.get('/console/campaigns/:id/codes.csv', (req: Request, res: Response) => {
    csv(res, `redemption-codes-${String(req.params.id)}.csv`, campaigns.codesCsv(res.locals.actor as Actor | undefined, id(req.params as Record<string, string>)));
  });
  bind(router, api.consoleAutoIssue, ({ actor }) => {
    requireAdmin(actor);
    return campaigns.autoIssueRule();
  });
  bind(router, api.consoleSetAutoIssue, ({ actor, input }) => campaigns.setAutoIssueRule(actor, input));
  bind(router, api.consoleBulkJobs, ({ actor }) => ({ items: bulk.list(actor) }));
  bind(router, api.consoleCreateBulkJob, ({ actor, input }) => bulk.create(actor, input), { status: 201 });
  bind(router, api.consoleBulkJob, ({ actor, params }) => bulk.get(actor, id(params)));
  bind(router, api.consoleCancelBulkJob, ({ actor, params }) => bulk.cancel(actor, id(params)));
  router.get('/console/bulk-jobs/:id/result.csv', (req: Request, res: Response) => {
    csv(res, `bulk-job-${String(req.params.id)}.csv`, bulk.resultCsv(res.locals.actor as Actor | undefined, id(req.params as Record<string, string>)));
  });
  return router;
}
