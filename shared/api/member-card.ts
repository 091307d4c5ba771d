import { z } from 'zod';
import { ZTimestamp } from './timestamp.ts';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });

/**
 * The member card (會員條碼) as the member's phone shows it: one rotating 18-digit code, drawn
 * as a QR code and a Code 128 barcode, asked for again at `refreshAt`.
 */
export const ZMemberCard = z.object({
  /** The rotating code (QR and barcode carry the same digits); accepted until `expiresAt`. */
  code: z.string(),
  /** The member's number as printed under the card (not a secret, not accepted at the counter). */
  memberNumber: z.string(),
  name: z.string(),
  refreshAt: ZTimestamp,
  expiresAt: ZTimestamp,
});
export type TMemberCard = z.infer<typeof ZMemberCard>;

/** A counter (staff scanner or POS) reads a member card at a store. */
export const ZMemberCardLookupRequest = z
  .object({
    storeId: z.number().int().positive(),
    code: z.string().min(4, bi('請輸入會員條碼', 'Enter the member code')).max(64).regex(/\S/, bi('請輸入會員條碼', 'Enter the member code')),
  })
  .strict();
export type TMemberCardLookupRequest = z.input<typeof ZMemberCardLookupRequest>;

/** Who the card belongs to, as much as a cashier needs to greet them: never the mobile or the LINE id. */
export const ZMemberCardLookup = z.object({
  member: z.object({ memberNumber: z.string(), name: z.string() }),
});
export type TMemberCardLookup = z.infer<typeof ZMemberCardLookup>;
