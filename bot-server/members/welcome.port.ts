import type { DbOrTx } from '../db/client.ts';

/**
 * What a welcome may promise: only what the brand has switched on. The LINE welcome on follow
 * and the `welcome` notification after registration are written from this, so 「累積點數」 is
 * said only when points are on and 「入會禮已放入票券夾」 only when one was issued.
 */
export interface WelcomeOffers {
  /** The welcome coupon or bundle's name: configured (before registration) or issued (after); null when off. */
  welcomeGift: string | null;
  /** A birthday-month campaign running now; null when there is none. */
  birthdayGift: string | null;
  /** Purchases earn points. */
  points: boolean;
}

/**
 * Answers WelcomeOffers inside the caller's transaction. With a member id it tells what that
 * member was actually given on registering (the welcome coupon subscribes to
 * `member.registered` and may have been skipped, e.g. out of stock); without, what is
 * configured. Composed in main.ts from the campaigns domain (and points once they exist).
 */
export type DescribeWelcome = (tx: DbOrTx, memberId: number | null) => WelcomeOffers;

/** Nothing switched on: the welcome thanks and promises nothing more. */
export const NO_WELCOME_OFFERS: DescribeWelcome = () => ({ welcomeGift: null, birthdayGift: null, points: false });

/** The `welcome` kind's variables: a section of the template drops for each one left out. */
export function welcomeVariables(offers: WelcomeOffers): Record<string, string> {
  return {
    ...(offers.welcomeGift ? { welcomeGift: offers.welcomeGift } : {}),
    ...(offers.birthdayGift ? { birthdayGift: offers.birthdayGift } : {}),
    ...(offers.points ? { pointsOn: '1' } : {}),
  };
}
