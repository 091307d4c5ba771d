import type { PassProductLookup } from '../coupons/pass-product.port.ts';
import { activeProductIssuing, productOfTicket } from './pass-product.repo.ts';

/**
 * The mall's side of the coupons domain's PassProductLookup port: the renewal reminder's
 * 「立即續訂」 opens the product that sold the pass, or (a pass received as a gift, or its product
 * withdrawn) the newest product on sale that issues the same template.
 */
export const mallPassProducts: PassProductLookup = {
  productIdFor(db, coupon) {
    return productOfTicket(db, coupon.id) ?? activeProductIssuing(db, coupon.templateId);
  },
};
