import { z } from 'zod';
import { optionalEnglish } from '../i18n/localized.ts';
import { isCalendarDate, latestDateOnEarth } from '../dates.ts';
import { normalizeMobile } from '../phone.ts';
import { langQuery } from './query.ts';
import { ZTimestamp } from './timestamp.ts';
import { ZVerificationCode } from './verification-code.ts';

/**
 * The API contract: request and response schemas shared by the server (validation) and the
 * LIFF app (types). Messages are zh-TW / English pairs joined by " / " only where zod needs
 * one string; the UI shows its own translated text keyed by field.
 */

export const ZMobileInput = z
  .string()
  .max(30, { message: '手機號碼太長 / Mobile number is too long' })
  .transform((value, ctx) => {
    const result = normalizeMobile(value);
    if (!result.ok) {
      ctx.addIssue({
        code: 'custom',
        message: result.reason === 'EMPTY' ? '請輸入手機號碼 / Enter your mobile number' : '手機號碼格式不正確，例如 0912345678 / Not a valid mobile number, e.g. 0912345678',
      });
      return z.NEVER;
    }
    return result.e164;
  });

export const ZBirthday = z
  .string()
  .refine(isCalendarDate, { message: '請輸入正確的生日 / Enter a valid birthday (YYYY-MM-DD)' })
  .refine((v) => v >= '1900-01-01' && v <= latestDateOnEarth(), { message: '生日不可在未來 / The birthday cannot be in the future' });

export const ZPersonName = z
  .string()
  .trim()
  .min(1, { message: '請輸入姓名 / Enter your name' })
  .max(40, { message: '姓名最多 40 字 / Name: at most 40 characters' });

// ── Session ────────────────────────────────────────────────────────────────────────────
export const ZCreateSessionRequest = z.object({ idToken: z.string().min(10).max(4096) }).strict();
export type TCreateSessionRequest = z.infer<typeof ZCreateSessionRequest>;

export const ZRoles = z.object({
  isAdmin: z.boolean(),
  /** Stores where this member works as staff. */
  staffStores: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type TRoles = z.infer<typeof ZRoles>;

/** What a member may see of themself. */
export const ZMe = z.object({
  id: z.number().int(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  name: z.string().nullable(),
  /** National format for display, e.g. 0912345678. */
  mobile: z.string().nullable(),
  birthday: z.string().nullable(),
  isRegistered: z.boolean(),
  registeredAt: ZTimestamp.nullable(),
  /** Whether `mobile` was confirmed by an SMS code (gifts by mobile need it; members from before verification are asked to). */
  isMobileVerified: z.boolean(),
  /** Whether marketing messages reach the member (false only once they said no). */
  marketingOptIn: z.boolean(),
  roles: ZRoles,
});
export type TMe = z.infer<typeof ZMe>;

export const ZCreateSessionResponse = z.object({
  token: z.string(),
  expiresAt: ZTimestamp,
  me: ZMe,
});
export type TCreateSessionResponse = z.infer<typeof ZCreateSessionResponse>;

// ── Registration and profile ───────────────────────────────────────────────────────────
export const ZRegisterRequest = z
  .object({
    name: ZPersonName,
    mobile: ZMobileInput,
    /** The SMS one-time code sent to `mobile` (POST /api/me/mobile/code): registration confirms the number. */
    code: ZVerificationCode,
    birthday: ZBirthday,
    consent: z.literal(true, { message: '請閱讀並同意會員條款 / Please accept the member terms' }),
    /** The separate, optional choice to receive marketing messages; unticked unless the member ticks it. */
    marketingOptIn: z.boolean().default(false),
  })
  .strict();
export type TRegisterRequest = z.input<typeof ZRegisterRequest>;

export const ZUpdateProfileRequest = z
  .object({
    name: ZPersonName.optional(),
    mobile: ZMobileInput.optional(),
    /** Required with a new `mobile`: the SMS code sent to it (POST /api/me/mobile/code). */
    code: ZVerificationCode.optional(),
    /** Marketing messages on or off (transactional ones are always sent). */
    marketingOptIn: z.boolean().optional(),
  })
  .strict();
export type TUpdateProfileRequest = z.input<typeof ZUpdateProfileRequest>;

// ── Stores ─────────────────────────────────────────────────────────────────────────────
export const ZStore = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string(),
  phone: z.string().nullable(),
  openingHours: z.string(),
  isActive: z.boolean(),
});
export type TStore = z.infer<typeof ZStore>;

export const ZStoreInput = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9_-]{2,20}$/, { message: '門市代碼為 2–20 個英數字 / Store code: 2–20 letters, digits, _ or -' }),
    name: z.string().trim().min(1, { message: '請輸入門市名稱 / Enter the store name' }).max(40),
    /** English mode (optional): blank = the zh-TW name. */
    nameEn: optionalEnglish(40),
    address: z.string().trim().max(200).default(''),
    phone: z.string().trim().max(30).nullable().default(null),
    openingHours: z.string().trim().max(200).default(''),
    isActive: z.boolean().default(true),
  })
  .strict();
export type TStoreInput = z.input<typeof ZStoreInput>;
/** A PATCH changes only the fields sent: no defaults here. */
export const ZStoreUpdate = z
  .object({
    code: ZStoreInput.shape.code,
    name: ZStoreInput.shape.name,
    nameEn: z.string().trim().max(40).nullable(),
    address: z.string().trim().max(200),
    phone: z.string().trim().max(30).nullable(),
    openingHours: z.string().trim().max(200),
    isActive: z.boolean(),
  })
  .partial()
  .strict();
export type TStoreUpdate = z.input<typeof ZStoreUpdate>;

export const ZStoreList = z.object({ items: z.array(ZStore) });

// ── Console: members, roles, audit ─────────────────────────────────────────────────────
export const ZMemberSearchQuery = z
  .object({
    ...langQuery,
    q: z.string().trim().max(40).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type TMemberSearchQuery = z.input<typeof ZMemberSearchQuery>;

/** A member as the brand's admins see them. */
export const ZMemberSummary = z.object({
  id: z.number().int(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  name: z.string().nullable(),
  mobile: z.string().nullable(),
  isRegistered: z.boolean(),
  status: z.enum(['active', 'blocked']),
  isFollowing: z.boolean(),
  createdAt: ZTimestamp,
});
export type TMemberSummary = z.infer<typeof ZMemberSummary>;

export const ZMemberPage = z.object({
  items: z.array(ZMemberSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TMemberPage = z.infer<typeof ZMemberPage>;

export const ZMemberDetail = ZMemberSummary.extend({
  lineUserId: z.string(),
  birthday: z.string().nullable(),
  registeredAt: ZTimestamp.nullable(),
  consentAt: ZTimestamp.nullable(),
  followedAt: ZTimestamp.nullable(),
  unfollowedAt: ZTimestamp.nullable(),
  roles: ZRoles,
});
export type TMemberDetail = z.infer<typeof ZMemberDetail>;

export const ZSetRolesRequest = z
  .object({
    isAdmin: z.boolean(),
    staffStoreIds: z.array(z.number().int().positive()).max(200),
  })
  .strict();
export type TSetRolesRequest = z.infer<typeof ZSetRolesRequest>;

export const ZStaffList = z.object({
  items: z.array(ZMemberSummary.extend({ roles: ZRoles })),
});
export type TStaffList = z.infer<typeof ZStaffList>;

export const ZAuditQuery = z
  .object({
    ...langQuery,
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(50),
    /** `member:<id>` (an admin), `cli`, `env` or `system`. */
    actor: z.string().regex(/^(member:[1-9]\d{0,9}|cli|env|system)$/, { message: 'actor: member:<id>、cli、env 或 system / actor: member:<id>, cli, env or system' }).optional(),
    action: z.string().max(60).optional(),
    /** Brand-local days, inclusive. */
    from: z.string().refine(isCalendarDate, { message: '請輸入日期 YYYY-MM-DD / Enter a date (YYYY-MM-DD)' }).optional(),
    to: z.string().refine(isCalendarDate, { message: '請輸入日期 YYYY-MM-DD / Enter a date (YYYY-MM-DD)' }).optional(),
    memberId: z.coerce.number().int().positive().optional(),
  })
  .strict();

export const ZAuditEntry = z.object({
  id: z.number().int(),
  at: ZTimestamp,
  /** Who did it: a member (admin), or `cli` / `env` for bootstrap. */
  actor: z.object({ kind: z.enum(['member', 'cli', 'env', 'system']), memberId: z.number().int().nullable(), name: z.string().nullable() }),
  action: z.string(),
  /** The action in the caller's language (`?lang=`), from shared/audit/catalogue.ts. */
  actionLabel: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** What was acted on, by name, and the console page that shows it. */
  target: z.object({ typeLabel: z.string(), name: z.string().nullable(), href: z.string().nullable() }),
  /** An edit's fields before → after. */
  changes: z.array(z.object({ field: z.string(), label: z.string(), before: z.unknown(), after: z.unknown() })),
  details: z.record(z.string(), z.unknown()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditPage = z.object({
  items: z.array(ZAuditEntry),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Every action that occurs in the log, labelled, for the filter. */
  actions: z.array(z.object({ action: z.string(), label: z.string() })),
});
export type TAuditPage = z.infer<typeof ZAuditPage>;

export const ZPublicConfig = z.object({
  sandbox: z.boolean(),
  liffId: z.string(),
  brandName: z.string(),
  timezone: z.string(),
  /** Points are switched on (console earn rules): pages and messages may promise points. */
  pointsEnabled: z.boolean(),
});
export type TPublicConfig = z.infer<typeof ZPublicConfig>;

export const ZOk = z.object({ ok: z.literal(true) });

/** An `Idempotency-Key` header: 8–128 letters, digits or . _ : - (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
