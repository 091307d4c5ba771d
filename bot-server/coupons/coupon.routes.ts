import express, { Router, type Request, type Response } from 'express';
import { AppError } from '../../shared/errors.ts';
import { api } from '../../shared/api/routes.ts';
import { ZRedeemRequest, ZValidateRequest, ZVoidRedemptionRequest } from '../../shared/api/coupons.ts';
import type { Actor } from '../auth/actor.ts';
import { requireAdmin } from '../auth/policies.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, idParam } from '../http/route.ts';
import { validate } from '../http/validate.ts';
import { ZIdempotencyKey } from '../partners/idempotency.repo.ts';
import type { CouponService } from './coupon.service.ts';

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!ZIdempotencyKey.test(key)) {
    throw new AppError('VALIDATION_FAILED', { message: 'Idempotency-Key: 8–128 個英數字或 . _ : -', messageEn: 'Idempotency-Key: 8–128 letters, digits or . _ : -', field: 'Idempotency-Key' });
  }
  return key;
}

function id(params: Record<string, string>): number {
  const value = idParam(params);
  if (value < 0) throw new AppError('NOT_FOUND');
  return value;
}

const actorOf = (res: Response) => res.locals.actor as Actor | undefined;

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
  const validateHandler = (req: Request, res: Response) => {
    res.json(coupons.validate(actorOf(res), validate(ZValidateRequest, req.body ?? {}), preferredLang(req)));
  };
  const redeemHandler = (req: Request, res: Response) => {
    const input = validate(ZRedeemRequest, req.body ?? {});
    const result = coupons.redeem(actorOf(res), input, { idempotencyKey: idempotencyKeyOf(req), lang: preferredLang(req) });
    res.status(result.status).json(result.body);
  };
  router.post('/staff/validations', validateHandler);
  router.post('/staff/redemptions', redeemHandler);
  bind(router, api.staffRedemptions, ({ actor, input }) => ({ items: coupons.storeRedemptions(actor, input.storeId) }));
  router.post('/staff/redemptions/:id/undo', (req: Request, res: Response) => {
    res.json(coupons.reverseRedemption(actorOf(res), String(req.params.id), 'undone by staff'));
  });

  router.post('/pos/validations', validateHandler);
  router.post('/pos/redemptions', redeemHandler);
  router.post('/pos/redemptions/:id/void', (req: Request, res: Response) => {
    const { reason } = validate(ZVoidRedemptionRequest, req.body ?? {});
    res.json(coupons.reverseRedemption(actorOf(res), String(req.params.id), reason));
  });

  bind(router, api.consoleCouponTemplates, ({ actor, req }) => ({ items: coupons.listTemplates(actor, preferredLang(req)) }));
  bind(router, api.consoleCreateCouponTemplate, ({ actor, input, req }) => coupons.createTemplate(actor, input, preferredLang(req)), { status: 201 });
  bind(router, api.consoleGetCouponTemplate, ({ actor, params, req }) => coupons.getTemplate(actor, id(params), preferredLang(req)));
  bind(router, api.consoleUpdateCouponTemplate, ({ actor, input, params, req }) => coupons.updateTemplate(actor, id(params), input, preferredLang(req)));
  bind(router, api.consoleArchiveCouponTemplate, ({ actor, params, req }) => coupons.archiveTemplate(actor, id(params), preferredLang(req)));
  router.get('/console/coupon-templates/:id/codes.csv', (req: Request, res: Response) => {
    const csv = coupons.exportCodesCsv(actorOf(res), id(req.params as Record<string, string>));
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="coupon-codes-${String(req.params.id)}.csv"`);
    res.send(csv);
  });
  router.post(
    '/console/coupon-templates/:id/codes',
    (_req, res, next) => {
      // Check the role before reading a large body.
      requireAdmin(actorOf(res));
      next();
    },
    express.text({ type: ['text/csv', 'text/plain'], limit: '10mb' }),
    (req: Request, res: Response) => {
      if (typeof req.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '請以 text/csv 上傳券號清單', messageEn: 'Upload the code list as text/csv' });
      const result = coupons.importCodes(actorOf(res), id(req.params as Record<string, string>), req.body);
      res.status(result.imported > 0 ? 201 : 422).json(result);
    },
  );
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
