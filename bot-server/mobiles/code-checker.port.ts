import type { AppError } from '../../shared/errors.ts';
import type { DbOrTx } from '../db/client.ts';

/**
 * What the members domain asks of the verification (registration and a changed or confirmed
 * number), inside its own transaction: is this the live code this member was sent for this
 * number? A right code is used up in `tx` (so it rolls back with a refused registration); a
 * wrong one is counted in `tx` too, which is why the answer is a verdict and not a throw: the
 * caller lets its transaction commit the count and throws the error afterwards.
 */
export interface MobileCodeChecker {
  checkInTx(tx: DbOrTx, input: { memberId: number; mobile: string; code: string; now: Date }): CodeVerdict;
}

export type CodeVerdict = { ok: true } | { ok: false; error: AppError };
