import { z } from 'zod';
import { ZMobileInput } from './schemas.ts';
import { ZVerificationCode } from './verification-code.ts';

export { ZVerificationCode };

/**
 * Verified mobiles: a member asks for an SMS one-time code for a number, then confirms it
 * (at registration, or from the profile to verify or change their number).
 */

export const ZRequestMobileCode = z.object({ mobile: ZMobileInput }).strict();
export type TRequestMobileCode = z.input<typeof ZRequestMobileCode>;

/**
 * The same answer whatever the number (a member's or not, verified or not): a code was sent
 * if the number can receive one.
 */
export const ZMobileCodeSent = z.object({
  /** The number the code went to, national format (0912345678). */
  mobile: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});
export type TMobileCodeSent = z.infer<typeof ZMobileCodeSent>;

export const ZConfirmMobile = z.object({ mobile: ZMobileInput, code: ZVerificationCode }).strict();
export type TConfirmMobile = z.input<typeof ZConfirmMobile>;
