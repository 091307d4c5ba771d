import type { DbOrTx } from '../db/client.ts';

/**
 * Which mall product sold a pass, for the renewal reminder's 「立即續訂」 button
 * (/mall/products/:id). The mall implements it (it knows the order behind a coupon's
 * source/sourceRef) and main.ts hands it to the coupons domain; without one, or when the pass
 * was not bought in the mall, the button opens the mall's front page.
 */
export interface PassProductLookup {
  productIdFor(db: DbOrTx, coupon: { id: number; templateId: number; source: string; sourceRef: string | null }): number | null;
}
