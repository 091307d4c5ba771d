import type { DbOrTx } from '../db/client.ts';

/**
 * What other domains (missions: which SKUs a basket held, what is left after a return) may read
 * of a recorded POS purchase, in their transaction, without importing the points domain.
 */
export interface PurchaseFacts {
  /** The sale as it stands now: lines with what was not returned, NT$ paid less refunds; undefined when there is no such purchase. */
  purchaseNow(tx: DbOrTx, purchaseId: string): PurchaseFact | undefined;
}

export interface PurchaseFact {
  id: string;
  memberId: number;
  storeId: number;
  /** NT$ paid less what was refunded. */
  paid: number;
  lines: { sku: string; category: string | null; quantity: number }[];
  /** When the sale happened (the POS's `occurredAt`). */
  occurredAt: Date;
}
