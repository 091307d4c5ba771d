import type { ActorRef } from '../auth/actor.ts';
import type { DbOrTx } from '../db/client.ts';

/**
 * What other domains (campaigns: points-for-coupon offers; later the mall's points-plus-cash)
 * may ask of points, inside their own transaction, so the points and what they buy commit or
 * roll back together. Campaigns depend on this interface only; main.ts hands them the points
 * domain's implementation (PointsService.spending).
 */
export interface PointsSpending {
  /**
   * Takes `points` from the member's spendable balance (the lots that expire first), writing
   * the ledger entries in `tx`. Throws AppError INSUFFICIENT_POINTS (pending points do not
   * count) or POINTS_DISABLED.
   */
  spendInTx(tx: DbOrTx, req: SpendRequest): { balance: number };
  /**
   * Gives back `points` a spend took (a refunded mall order), in `tx`: into the lots the spend
   * under `spentRef` took them from while those are still spendable (keeping their expiry), the
   * rest as a new lot expiring per the brand's policy; ledger entries under
   * `<spentRef>:return:<returnId>`. Several partial returns of one spend never put back more
   * into a lot than was taken from it. Sends no notification (the caller tells the member).
   */
  returnInTx(tx: DbOrTx, req: ReturnRequest): { balance: number };
  /** Points are switched on in the console. */
  isEnabled(): boolean;
  /** What the member could spend now (never below 0; pending points do not count), for showing a price beside it. */
  spendableBalance(db: DbOrTx, memberId: number): number;
}

export interface SpendRequest {
  memberId: number;
  points: number;
  /** Shown in the member's history: 「兌換 NT$100 折價券」. */
  reason: string;
  /** The same in English for an English-language member's notification ("Exchanged for …"); the zh-TW reason when none. */
  reasonEn?: string | null;
  /** What the points bought: `campaign:<id>:claim:<claimId>` … */
  ref: string;
  actor?: ActorRef;
  /** Send the "points spent" notification (default true). */
  notify?: boolean;
  at?: Date;
}

export interface ReturnRequest {
  memberId: number;
  points: number;
  /** The `ref` the points were spent under (SpendRequest.ref). */
  spentRef: string;
  /** This return's own id (a refund id), unique per spend. */
  returnId: string;
  /** Shown in the member's history: 「訂單退款退回點數」. */
  reason: string;
  actor?: ActorRef;
  at?: Date;
}
