import type { DbOrTx } from '../db/client.ts';

/**
 * How other domains (points: the POS purchase API; later tiers, the mall) find the member a
 * counter or partner names, without importing the members domain. The composition root
 * (main.ts) hands them the members domain's implementation.
 *
 * - `byCardCode`: the rotating member-card code (QR or numeric barcode) shown in the LIFF app;
 *   the current and previous time window are accepted, anything older or tampered is null.
 * - `byMobile`: a member by their verified mobile (E.164); null for unknown or unverified.
 */
export interface MemberLookup {
  byCardCode(tx: DbOrTx, code: string, now: Date): number | null;
  byMobile(tx: DbOrTx, mobileE164: string): number | null;
}
