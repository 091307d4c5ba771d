import { Router } from 'express';
import { requireAdmin } from '../auth/policies.ts';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { attachment, bind, requireIdParam as id } from '../http/route.ts';
import type { BulkIssueService } from './bulk-issue.ts';
import type { CampaignService } from './campaign.service.ts';

/** The claim centre and redemption codes (members); campaigns, bundles, bulk jobs (console). */
export function createCampaignRouter(deps: { campaigns: CampaignService; bulk: BulkIssueService }): Router {
  const { campaigns, bulk } = deps;
  const router = Router();
  bind(router, api.claimCentre, ({ actor, req }) => campaigns.claimCentre(actor, preferredLang(req)));
  bind(router, api.redeemCode, ({ actor, input, req }) => campaigns.redeemCode(actor, input.code, req.ip ?? 'unknown'), { status: 201 });
  bind(router, api.claimCampaign, ({ actor, params }) => campaigns.claim(actor, id(params)), { status: 201 });

  bind(router, api.consoleBundles, ({ actor, req }) => ({ items: campaigns.listBundles(actor, preferredLang(req)) }));
  bind(router, api.consoleCreateBundle, ({ actor, input, req }) => campaigns.createBundle(actor, input, preferredLang(req)), { status: 201 });
  bind(router, api.consoleCampaigns, ({ actor, req }) => ({ items: campaigns.listCampaigns(actor, preferredLang(req)) }));
  bind(router, api.consoleCreateCampaign, ({ actor, input, req }) => campaigns.createCampaign(actor, input, preferredLang(req)), { status: 201, bodyLimit: '4mb' });
  bind(router, api.consoleArchiveCampaign, ({ actor, params, req }) => campaigns.archiveCampaign(actor, id(params), preferredLang(req)));
  bind(router, api.consoleCampaignReport, ({ actor, params, req }) => campaigns.report(actor, id(params), preferredLang(req)));
  bind(router, api.consoleCampaignCodes, ({ actor, params, res }) => {
    const csv = campaigns.codesCsv(actor, id(params));
    attachment(res, `redemption-codes-${params.id}.csv`);
    return csv;
  });
  bind(router, api.consoleAutoIssue, ({ actor }) => {
    requireAdmin(actor);
    return campaigns.autoIssueRule();
  });
  bind(router, api.consoleSetAutoIssue, ({ actor, input }) => campaigns.setAutoIssueRule(actor, input));
  bind(router, api.consoleBulkJobs, ({ actor }) => ({ items: bulk.list(actor) }));
  bind(router, api.consoleCreateBulkJob, ({ actor, input }) => bulk.create(actor, input), { status: 201, bodyLimit: '4mb' });
  bind(router, api.consoleBulkJob, ({ actor, params }) => bulk.get(actor, id(params)));
  bind(router, api.consoleCancelBulkJob, ({ actor, params }) => bulk.cancel(actor, id(params)));
  bind(router, api.consolePreviewBulkJob, ({ actor, input }) => bulk.preview(actor, input), { bodyLimit: '4mb' });
  bind(router, api.consoleBulkSchedules, ({ actor }) => ({ items: bulk.listSchedules(actor) }));
  bind(router, api.consoleCreateBulkSchedule, ({ actor, input }) => bulk.createSchedule(actor, input), { status: 201 });
  bind(router, api.consoleCancelBulkSchedule, ({ actor, params }) => bulk.cancelSchedule(actor, id(params)));
  bind(router, api.consoleBulkJobResult, ({ actor, params, res }) => {
    const csv = bulk.resultCsv(actor, id(params));
    attachment(res, `bulk-job-${params.id}.csv`);
    return csv;
  });
  return router;
}
