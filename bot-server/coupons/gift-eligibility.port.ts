import type { DbOrTx } from '../db/client.ts';
import type { CouponRow, CouponTemplateRow } from './coupon.repo.ts';

/**
 * What the wallet asks the transfers domain: whether its owner could give this coupon to a
 * friend right now (so 「可轉贈」 and 「送給好友」 appear only where the send would be accepted).
 * main.ts hands the wallet the transfers domain's implementation; without one nothing is giftable.
 */
export interface GiftEligibility {
  canGive(db: DbOrTx, coupon: CouponRow, template: CouponTemplateRow, now: Date): boolean;
}
