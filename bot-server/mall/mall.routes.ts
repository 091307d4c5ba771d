import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import { requireRegisteredMember } from '../auth/policies.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { bind, requireIdParam as id } from '../http/route.ts';
import type { Checkout } from './checkout.service.ts';
import type { ProductService } from './product.service.ts';

/** The mall: member products and orders, LINE Pay's returns, the console's products and orders. */
export function createMallRouter(deps: { products: ProductService; checkout: Checkout }): Router {
  const { products, checkout } = deps;
  const router = Router();
  bind(router, api.mallProducts, ({ actor, input, req }) => products.mall(requireRegisteredMember(actor).memberId, input.category, preferredLang(req)));
  bind(router, api.mallProduct, ({ actor, params, req }) => {
    const me = requireRegisteredMember(actor);
    return { product: products.mallProduct(me.memberId, id(params), preferredLang(req)), pointsBalance: checkout.pointsBalance(me.memberId) };
  });
  bind(router, api.mallCreateOrder, ({ actor, input, idempotencyKey, req }) => checkout.createOrder(actor, input, { idempotencyKey, lang: preferredLang(req) }), { status: 201 });
  bind(router, api.mallMyOrders, ({ actor, input, req }) => checkout.myOrders(actor, input.status, preferredLang(req)));
  bind(router, api.mallOrder, ({ actor, params, req }) => checkout.order(actor, id(params), preferredLang(req)));
  bind(router, api.mallPayOrder, ({ actor, params, req }) => checkout.payAgain(actor, id(params), preferredLang(req)));
  bind(router, api.mallCancelOrder, ({ actor, params, req }) => checkout.cancel(actor, id(params), preferredLang(req)));
  bind(router, api.mallLinePayConfirm, async ({ actor, input, res }) => {
    res.redirect(303, await checkout.confirmReturn(actor, input));
    return undefined;
  });
  bind(router, api.mallLinePayCancel, async ({ actor, input, res }) => {
    res.redirect(303, await checkout.cancelReturn(actor, input));
    return undefined;
  });
  bind(router, api.consoleProducts, ({ actor, input, req }) => products.list(actor, input, preferredLang(req)));
  bind(router, api.consoleProduct, ({ actor, params, req }) => products.get(actor, id(params), preferredLang(req)));
  bind(router, api.consoleCreateProduct, ({ actor, input }) => products.create(actor, input), { status: 201 });
  bind(router, api.consoleUpdateProduct, ({ actor, params, input }) => products.update(actor, id(params), input));
  bind(router, api.consoleOrders, ({ actor, input, req }) => checkout.consoleOrders(actor, input, preferredLang(req)));
  bind(router, api.consoleOrder, ({ actor, params, req }) => checkout.consoleOrder(actor, id(params), preferredLang(req)));
  return router;
}
