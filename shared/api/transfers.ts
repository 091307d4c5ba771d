import { z } from 'zod';
import { langQuery } from './query.ts';
import { ZTimestamp } from './timestamp.ts';

/** Gifts of a coupon to a friend by mobile number (好友轉贈): the member app and the console. */

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });

/** The most characters a gift's message may have (counted as people count them: one emoji is one). */
export const GIFT_MESSAGE_MAX = 60;

export const GIFT_STATES = ['pending', 'accepted', 'declined', 'cancelled', 'returned'] as const;
export const ZGiftState = z.enum(GIFT_STATES);
export type TGiftState = z.infer<typeof ZGiftState>;

export const ZSendGiftRequest = z
  .object({
    couponId: z.number().int().positive(),
    /** The friend's mobile: 0912345678, 0912-345-678, +886 912 345 678 … */
    mobile: z.string().trim().min(1, bi('請輸入好友的手機號碼', 'Enter your friend\'s mobile number')).max(30),
    message: z
      .string()
      .trim()
      .max(400)
      .refine((m) => [...m].length <= GIFT_MESSAGE_MAX, bi(`留言最多 ${GIFT_MESSAGE_MAX} 字`, `at most ${GIFT_MESSAGE_MAX} characters`))
      .optional(),
    /** For a template that allows partial gifts: how many of the remaining uses to give (default: all of them). */
    uses: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type TSendGiftRequest = z.input<typeof ZSendGiftRequest>;

/** A gift as the sender or the friend sees it; the other side is a masked number (sender's view) or a name (friend's view). */
export const ZGiftView = z.object({
  id: z.number().int(),
  direction: z.enum(['sent', 'received']),
  state: ZGiftState,
  /** `window` (not accepted in time) or `coupon_expiring`, for a returned gift. */
  returnReason: z.string().nullable(),
  coupon: z.object({
    /** The coupon to open in the wallet: the sender's while pending or back, the friend's once accepted; null when not theirs. */
    id: z.number().int().nullable(),
    name: z.string(),
    summary: z.string(),
    color: z.string(),
    imageUrl: z.string().nullable(),
    uses: z.number().int(),
    validUntil: ZTimestamp,
  }),
  message: z.string().nullable(),
  /** For the sender: the friend's number, masked (0912***678). For the friend: the sender's name. */
  counterpart: z.string(),
  isPartial: z.boolean(),
  sentAt: ZTimestamp,
  /** When an unaccepted gift goes back to the sender. */
  returnAt: ZTimestamp,
  resolvedAt: ZTimestamp.nullable(),
});
export type TGiftView = z.infer<typeof ZGiftView>;

/**
 * The answer to sending: the same shape, fields and wording whether or not the number belongs
 * to a member, so the form cannot be used to find out who is one.
 */
export const ZSendGiftResponse = z.object({
  gift: ZGiftView,
  /** What to share with the friend through LINE (shareTargetPicker), or as a plain link. */
  share: z.object({ url: z.string(), text: z.string() }),
});
export type TSendGiftResponse = z.infer<typeof ZSendGiftResponse>;

export const ZGiftListQuery = z.object({ ...langQuery, tab: z.enum(['received', 'sent']).default('received') }).strict();
export const ZGiftList = z.object({
  items: z.array(ZGiftView),
  /** Gifts waiting for this member to accept (the inbox badge). */
  pendingReceived: z.number().int(),
  /** Whether this member's mobile is verified (needed to send or accept). */
  mobileVerified: z.boolean(),
  /** Days a gift waits for the friend before it returns (the brand's setting). */
  pendingDays: z.number().int(),
});
export type TGiftList = z.infer<typeof ZGiftList>;

export const ZGiftSettings = z
  .object({
    /** Days a gift waits for the friend before it returns to the sender. */
    pendingDays: z.number().int().min(1, bi('至少 1 天', 'at least 1 day')).max(30, bi('最多 30 天', 'at most 30 days')),
  })
  .strict();
export type TGiftSettings = z.infer<typeof ZGiftSettings>;

export const ZConsoleGiftQuery = z
  .object({
    ...langQuery,
    state: ZGiftState.optional(),
    templateId: z.coerce.number().int().positive().optional(),
    /** Brand-local dates YYYY-MM-DD (sent on or after / on or before). */
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict();

export const ZConsoleGift = z.object({
  id: z.number().int(),
  state: ZGiftState,
  returnReason: z.string().nullable(),
  couponName: z.string(),
  templateId: z.number().int(),
  uses: z.number().int(),
  isPartial: z.boolean(),
  sender: z.object({ id: z.number().int(), name: z.string(), mobile: z.string() }),
  /** The number the gift was sent to (masked), and the member once known. */
  recipient: z.object({ id: z.number().int().nullable(), name: z.string().nullable(), mobile: z.string() }),
  sentAt: ZTimestamp,
  returnAt: ZTimestamp,
  resolvedAt: ZTimestamp.nullable(),
});
export const ZConsoleGiftPage = z.object({
  items: z.array(ZConsoleGift),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Counts by state over the filter (without the state filter), for the summary chart. */
  byState: z.record(ZGiftState, z.number().int()),
});
export type TConsoleGiftPage = z.infer<typeof ZConsoleGiftPage>;
