import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { attachment, bind, requireIdParam as id } from '../http/route.ts';
import type { FulfilmentService } from './fulfilment.service.ts';
import type { MallReportService } from './mall-report.service.ts';
import type { RefundService } from './refund.service.ts';

/** The mall's after-sale: refunds (member and console), order status (ready / delayed), the sales report and the orders CSV. */
export function createMallAfterSaleRouter(deps: { refunds: RefundService; fulfilment: FulfilmentService; report: MallReportService }): Router {
  const { refunds, fulfilment, report } = deps;
  const router = Router();
  bind(router, api.mallRefundQuote, ({ actor, params, req }) => refunds.quote(actor, id(params), 'member', preferredLang(req)));
  bind(router, api.mallRequestRefund, async ({ actor, params, input, idempotencyKey, req, res }) => {
    const out = await refunds.request(actor, id(params), input, { as: 'member', idempotencyKey, lang: preferredLang(req) });
    res.status(out.status);
    return out.body;
  });
  bind(router, api.mallOrderRefunds, ({ actor, params }) => refunds.list(actor, id(params)));
  bind(router, api.mallOrderFulfilment, ({ actor, params }) => fulfilment.forMember(actor, id(params)));
  bind(router, api.consoleRefundQuote, ({ actor, params, req }) => refunds.quote(actor, id(params), 'admin', preferredLang(req)));
  bind(router, api.consoleRefundOrder, async ({ actor, params, input, idempotencyKey, req, res }) => {
    const out = await refunds.request(actor, id(params), input, { as: 'admin', idempotencyKey, lang: preferredLang(req) });
    res.status(out.status);
    return out.body;
  });
  bind(router, api.consoleOrderRefunds, ({ actor, params }) => refunds.consoleList(actor, id(params)));
  bind(router, api.consoleRetryRefund, ({ actor, params }) => refunds.retry(actor, id(params)));
  bind(router, api.consoleOrderFulfilment, ({ actor, params }) => fulfilment.forAdmin(actor, id(params)));
  bind(router, api.consoleMarkOrderReady, ({ actor, params, input }) => fulfilment.markReady(actor, id(params), input));
  bind(router, api.consoleMarkOrderDelayed, ({ actor, params, input }) => fulfilment.markDelayed(actor, id(params), input));
  bind(router, api.consoleSalesReport, ({ actor, input }) => report.report(actor, input));
  bind(router, api.consoleOrdersCsv, ({ actor, input, res }) => {
    const csv = report.ordersCsv(actor, input);
    attachment(res, `mall-orders-${input.from}-${input.until}.csv`);
    return csv;
  });
  return router;
}
