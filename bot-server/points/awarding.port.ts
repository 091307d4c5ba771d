import type { DbOrTx } from '../db/client.ts';

/**
 * What other domains (missions: a completed mission's points) may ask of points, inside their
 * own transaction, so the reward commits or rolls back with the event that earned it. Main.ts
 * hands them the points domain's implementation (PointsService.awarding).
 */
export interface PointsAwarding {
  /** Credits `points` as a spendable lot (expiring per the brand's policy), with its ledger entry. Sends no notification (the caller tells the member why). */
  awardInTx(tx: DbOrTx, req: { memberId: number; points: number; reason: string; ref: string; at?: Date }): { lotId: number; balance: number };
  /** Takes back points given earlier (a clawed-back reward): from their lot first, then others; the balance may go negative. */
  revokeInTx(tx: DbOrTx, req: { memberId: number; points: number; lotId: number | null; reason: string; ref: string; at?: Date }): { balance: number };
  /** Points are switched on in the console. */
  isEnabled(): boolean;
}
