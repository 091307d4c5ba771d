import type { DbOrTx } from '../db/client.ts';

/**
 * What a mall refund asks the transfers domain, inside the refund's transaction: to call back
 * the pending gift carrying a ticket (a ticket bought as a gift, or given on by the buyer), so
 * the ticket is the buyer's again and can be voided in the same outcome. main.ts hands the
 * refund service the transfers domain's implementation (TransferService.recall).
 */
export interface PendingGiftRecall {
  /**
   * Cancels the pending gift whose coupon is `couponId`, sent by `senderMemberId`: one
   * conditional update out of `pending` (an accept in the same instant wins or loses cleanly),
   * the coupon released to the sender, its ledger entry and `gift.returned`. False, having
   * changed nothing, when no such gift is pending.
   */
  recallInTx(tx: DbOrTx, req: { couponId: number; senderMemberId: number; reason: string }): boolean;
}
