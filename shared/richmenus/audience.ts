import type { TRichMenuAudiences } from '../api/richmenus.ts';

/** What decides a follower's menu: registered or not, and the member's tier when tiers exist. */
export interface AudienceFacts {
  registered: boolean;
  /** The member's tier id, or null (no tiers, or none yet). */
  tierId: number | null;
}

/**
 * The menu key a follower should see: their tier's menu, else the registered members' menu,
 * else (not registered) the followers' menu, else the default. Works with no tiers at all.
 */
export function audienceMenu(audiences: TRichMenuAudiences, facts: AudienceFacts): string {
  if (!facts.registered) return audiences.unregistered ?? audiences.default;
  if (facts.tierId !== null) {
    const tier = audiences.tiers.find((t) => t.tierId === facts.tierId);
    if (tier) return tier.menu;
  }
  return audiences.registered ?? audiences.default;
}

/**
 * Whether the follower needs a per-user link (LINE's default covers the rest): only when their
 * menu differs from the default, so a version with one menu links nobody.
 */
export function needsUserLink(audiences: TRichMenuAudiences, facts: AudienceFacts): boolean {
  return audienceMenu(audiences, facts) !== audiences.default;
}
