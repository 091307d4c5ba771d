import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { attachment, bind, requireIdParam as id } from '../http/route.ts';
import type { CouponService } from './coupon.service.ts';

/** The wallet (members), the scanner (staff), the POS API and the coupon console. */
export function createCouponRouter(deps: { coupons: CouponService }): Router {
  const { coupons } = deps;
  const router = Router();

  bind(router, api.walletList, ({ actor, input, req }) => coupons.wallet(actor, input.tab, preferredLang(req)));
  bind(router, api.walletCoupon, ({ actor, params, req }) => coupons.walletCoupon(actor, id(params), preferredLang(req)));
  bind(router, api.walletQr, ({ actor, params, res }) => {
    res.setHeader('cache-control', 'no-store');
    return coupons.qr(actor, id(params));
  });

  // Staff scanner and POS share the counter logic; the actor decides what is allowed.
  bind(router, api.staffValidate, ({ actor, input, req }) => coupons.validate(actor, input, preferredLang(req)));
  bind(router, api.staffRedeem, ({ actor, input, idempotencyKey, req, res }) => {
    const result = coupons.redeem(actor, input, { idempotencyKey, lang: preferredLang(req) });
    res.status(result.status);
    return result.body;
  });
  bind(router, api.staffRedemptions, ({ actor, input }) => ({ items: coupons.storeRedemptions(actor, input.storeId) }));
  bind(router, api.staffUndo, ({ actor, params }) => coupons.reverseRedemption(actor, params.id!, 'undone by staff'));

  bind(router, api.posValidate, ({ actor, input, req }) => coupons.validate(actor, input, preferredLang(req)));
  bind(router, api.posRedeem, ({ actor, input, idempotencyKey, req, res }) => {
    const result = coupons.redeem(actor, input, { idempotencyKey, lang: preferredLang(req) });
    res.status(result.status);
    return result.body;
  });
  bind(router, api.posVoidRedemption, ({ actor, input, params }) => coupons.reverseRedemption(actor, params.id!, input.reason));

  bind(router, api.consoleCouponTemplates, ({ actor, req }) => ({ items: coupons.listTemplates(actor, preferredLang(req)) }));
  bind(router, api.consoleCreateCouponTemplate, ({ actor, input, req }) => coupons.createTemplate(actor, input, preferredLang(req)), { status: 201 });
  bind(router, api.consoleGetCouponTemplate, ({ actor, params, req }) => coupons.getTemplate(actor, id(params), preferredLang(req)));
  bind(router, api.consoleUpdateCouponTemplate, ({ actor, input, params, req }) => coupons.updateTemplate(actor, id(params), input, preferredLang(req)));
  bind(router, api.consoleArchiveCouponTemplate, ({ actor, params, req }) => coupons.archiveTemplate(actor, id(params), preferredLang(req)));
  bind(router, api.consoleExportCodes, ({ actor, params, res }) => {
    const csv = coupons.exportCodesCsv(actor, id(params));
    attachment(res, `coupon-codes-${params.id}.csv`);
    return csv;
  });
  bind(router, api.consoleImportCodes, ({ actor, params, req, res }) => {
    const result = coupons.importCodes(actor, id(params), req.body as string);
    res.status(result.imported > 0 ? 201 : 422);
    return result;
  });
  bind(router, api.consoleCoupons, ({ actor, input, req }) => coupons.listCoupons(actor, input, preferredLang(req)));
  bind(
    router,
    api.consoleIssueCoupon,
    ({ actor, input, req }) => {
      const { coupon, memberName } = coupons.issueToMobile(actor, input.templateId, input.mobile);
      return { ...coupons.presentCoupon(coupon, preferredLang(req)), member: { id: coupon.memberId, name: memberName } };
    },
    { status: 201 },
  );
  bind(router, api.consoleVoidCoupon, ({ actor, input, params, req }) => coupons.presentCoupon(coupons.voidCoupon(actor, id(params), input.reason), preferredLang(req)));
  return router;
}
