import type { DbOrTx } from '../db/client.ts';

/**
 * What other domains (missions: a mission's audience; campaigns: tier-only offers; points: the
 * tier multiplier) may ask of tiers without importing the tiers domain. The composition root
 * (main.ts) hands them the tiers domain's implementation.
 */
export interface TierLookup {
  /** The member's current tier, or null when the brand has no tiers (or the member has none yet). */
  currentTier(tx: DbOrTx, memberId: number): { id: number; name: string; rank: number } | null;
  /** The brand's tiers, lowest first (for pickers such as a mission's or campaign's audience). */
  listTiers(tx: DbOrTx): { id: number; name: string; rank: number }[];
}
