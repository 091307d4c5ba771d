import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { attachment, bind, requireIdParam as id } from '../http/route.ts';
import type { CouponService } from './coupon.service.ts';

/** The wallet (members), the scanner (staff), the POS API and the coupon console. */
export function createCouponRouter(deps: { coupons: CouponService }): Router {
  const { catalogue, issuing, redemption, wallet, codes } = deps.coupons;
  const router = Router();

  bind(router, api.walletList, ({ actor, input, req }) => wallet.list(actor, input.tab, preferredLang(req)));
  bind(router, api.walletCoupon, ({ actor, params, req }) => wallet.coupon(actor, id(params), preferredLang(req)));
  bind(router, api.walletQr, ({ actor, params, res }) => {
    res.setHeader('cache-control', 'no-store');
    return wallet.qr(actor, id(params));
  });

  // Staff scanner and POS share the counter: the policies module decides who may work which store's.
  bind(router, api.staffValidate, ({ actor, input, req }) => redemption.validate(redemption.authorize(actor, input.storeId), input, preferredLang(req)));
  bind(router, api.staffRedeem, async ({ actor, input, idempotencyKey, req, res }) => {
    const result = await redemption.redeem(redemption.authorize(actor, input.storeId), input, { idempotencyKey, lang: preferredLang(req) });
    res.status(result.status);
    return result.body;
  });
  bind(router, api.staffRedemptions, ({ actor, input }) => ({ items: redemption.today(redemption.authorizeStaff(actor, input.storeId)) }));
  bind(router, api.staffUndo, ({ actor, params }) => redemption.reverse(actor, params.id!, 'undone by staff'));

  bind(router, api.posValidate, ({ actor, input, req }) => redemption.validate(redemption.authorize(actor, input.storeId), input, preferredLang(req)));
  bind(router, api.posRedeem, async ({ actor, input, idempotencyKey, req, res }) => {
    const result = await redemption.redeem(redemption.authorize(actor, input.storeId), input, { idempotencyKey, lang: preferredLang(req) });
    res.status(result.status);
    return result.body;
  });
  bind(router, api.posVoidRedemption, ({ actor, input, params }) => redemption.reverse(actor, params.id!, input.reason));

  bind(router, api.consoleCouponTemplates, ({ actor, req }) => ({ items: catalogue.list(actor, preferredLang(req)) }));
  bind(router, api.consoleCreateCouponTemplate, ({ actor, input, req }) => catalogue.create(actor, input, preferredLang(req)), { status: 201 });
  bind(router, api.consoleGetCouponTemplate, ({ actor, params, req }) => catalogue.get(actor, id(params), preferredLang(req)));
  bind(router, api.consoleUpdateCouponTemplate, ({ actor, input, params, req }) => catalogue.update(actor, id(params), input, preferredLang(req)));
  bind(router, api.consoleArchiveCouponTemplate, ({ actor, params, req }) => catalogue.archive(actor, id(params), preferredLang(req)));
  bind(router, api.consoleExportCodes, ({ actor, params, res }) => {
    const csv = codes.exportCodes(actor, id(params));
    attachment(res, `coupon-codes-${params.id}.csv`);
    return csv;
  });
  bind(router, api.consoleImportCodes, ({ actor, params, req, res }) => {
    const result = codes.importCodes(actor, id(params), req.body as string);
    res.status(result.imported > 0 ? 201 : 422);
    return result;
  });
  bind(router, api.consoleCoupons, ({ actor, input, req }) => issuing.listCoupons(actor, input, preferredLang(req)));
  bind(router, api.consoleIssueCoupon, ({ actor, input, req }) => issuing.issueToMobile(actor, input.templateId, input.mobile, preferredLang(req)), { status: 201 });
  bind(router, api.consoleVoidCoupon, ({ actor, input, params, req }) => issuing.voidCoupon(actor, id(params), input.reason, preferredLang(req)));
  return router;
}
