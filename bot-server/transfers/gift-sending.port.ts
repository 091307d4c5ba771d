import type { DbOrTx } from '../db/client.ts';

/**
 * What other domains (the mall: a ticket bought as a gift) may ask of transfers, inside their
 * own transaction: the coupon, just issued to the buyer, travels to the friend's mobile by the
 * ordinary gift flow (pending until accepted, returned to the buyer if not). main.ts hands the
 * mall TransferService.sending.
 */
export interface GiftSending {
  /** Sends the whole coupon as a gift in `tx`; throws the gift flow's refusal (GIFT_NOT_ALLOWED …). */
  sendInTx(tx: DbOrTx, req: { couponId: number; senderMemberId: number; /** E.164 */ mobile: string; message: string | null; now: Date }): { transferId: number };
}
