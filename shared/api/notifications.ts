import { z } from 'zod';
import { langQuery } from './query.ts';
import { ZTimestamp } from './timestamp.ts';
import { KINDS, NOTIFICATION_KINDS, type NotificationKind, type VariableDef } from '../notifications/kinds.ts';
import { TEMPLATE_LIMITS } from '../notifications/render.ts';

export const ZNotificationKind = z.enum(NOTIFICATION_KINDS as [string, ...string[]]);

// ── Partner API ───────────────────────────────────────────────────────────────────────
export const ZMemberRef = z.union([
  z.object({ id: z.number().int().positive() }).strict(),
  z.object({ lineUserId: z.string().regex(/^U[0-9a-f]{32}$/, { message: 'LINE user id 格式不正確 / lineUserId must be U followed by 32 hex digits' }) }).strict(),
  z.object({ mobile: z.string().min(1).max(30) }).strict(),
], { message: 'member 須為 { "id" }、{ "lineUserId" } 或 { "mobile" } 其中之一 / member must be one of { "id" }, { "lineUserId" }, { "mobile" }' });

/** The kinds partners may request (`partner: true` in KINDS). */
export type PartnerKind = { [K in NotificationKind]: (typeof KINDS)[K]['partner'] extends true ? K : never }[NotificationKind];
export const PARTNER_KINDS = NOTIFICATION_KINDS.filter((k) => KINDS[k].partner) as PartnerKind[];

/** The most a partner-supplied text variable may hold. */
export const PARTNER_TEXT_MAX = 500;

type VarsOf<K extends PartnerKind> = (typeof KINDS)[K]['variables'];
type ValueOf<V> = V extends { type: 'integer' | 'money' } ? number : string;
/** A kind's variables as a partner sends them: required ones present, optional ones may be null. */
export type PartnerVariables<K extends PartnerKind> = { [N in keyof VarsOf<K> as VarsOf<K>[N] extends { required: true } ? N : never]: ValueOf<VarsOf<K>[N]> } & {
  [N in keyof VarsOf<K> as VarsOf<K>[N] extends { required: true } ? never : N]?: ValueOf<VarsOf<K>[N]> | null;
};

/** One variable's schema from its declaration in KINDS; messages as the partner API has always worded them. */
function partnerVariable(def: VariableDef): z.ZodType {
  const required = `必填（${def.label['zh-TW']}） / required (${def.label.en})`;
  const missing = (iss: { input?: unknown }) => iss.input === undefined || iss.input === null;
  const pick = (other: string) => (iss: { input?: unknown }) => (def.required && missing(iss) ? required : other);
  const base = { description: def.label.en, examples: [def.example] };
  let schema: z.ZodType;
  if (def.type === 'integer' || def.type === 'money') {
    const n = z.number({ error: pick('須為數字 / must be a number') }).int({ error: '須為整數 / must be a whole number' });
    schema = def.type === 'money' ? n.min(0) : n;
  } else if (def.type === 'datetime') {
    schema = z.iso.datetime({ offset: true, error: pick('須為 ISO 8601 時間 / must be an ISO 8601 time') });
  } else if (def.type === 'date') {
    schema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: pick('須為 ISO 8601 日期或時間 / must be an ISO 8601 date or time') });
  } else {
    const s = z.string({ error: pick('須為文字 / must be text') }).max(PARTNER_TEXT_MAX);
    schema = def.required ? s.min(1, required) : s;
  }
  schema = schema.meta(base);
  return def.required ? schema : schema.nullable().optional();
}

function partnerVariables<K extends PartnerKind>(kind: K): z.ZodType<PartnerVariables<K>> {
  const defs = KINDS[kind].variables as Record<string, VariableDef>;
  const names = Object.keys(defs);
  const shape = Object.fromEntries(names.map((name) => [name, partnerVariable(defs[name]!)]));
  return z
    .strictObject(shape, {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `${kind} 沒有 ${iss.keys.join('、')} 這個變數，可用：${names.join('、')} / not a variable of ${kind}: ${iss.keys.join(', ')}; available: ${names.join(', ')}`
          : `必填：${names.join('、')} / required: ${names.join(', ')}`,
    })
    .meta({ description: `The variables of \`${kind}\` (${KINDS[kind].label.en})` }) as unknown as z.ZodType<PartnerVariables<K>>;
}

const partnerRequestBase = {
  member: ZMemberRef,
  cta: z
    .object({
      // Checked as sent, then trimmed: what the document allows is what the server takes.
      label: z.string().min(1).max(TEMPLATE_LIMITS.ctaLabel).regex(/\S/, { message: '請輸入按鈕文字 / cta.label needs a visible character' }).trim().optional(),
      url: z.string().max(1000).regex(/^https:\/\/\S+$/, { message: 'CTA 連結須為 https:// 網址 / cta.url must be an https:// URL' }),
    })
    .strict()
    .optional(),
  sendAt: z.iso.datetime({ offset: true, message: 'sendAt 須為 ISO 8601 時間，例如 2026-11-23T18:30:00+08:00 / sendAt must be an ISO 8601 time such as 2026-11-23T18:30:00+08:00' }).optional(),
};

function partnerRequest<K extends PartnerKind>(kind: K) {
  return z.object({ member: partnerRequestBase.member, kind: z.literal(kind), variables: partnerVariables(kind), cta: partnerRequestBase.cta, sendAt: partnerRequestBase.sendAt }).strict().meta({ title: `${kind} notification`, description: KINDS[kind].label.en });
}

type PartnerRequestSchema = { [K in PartnerKind]: ReturnType<typeof partnerRequest<K>> }[PartnerKind];

/**
 * What a partner sends: one schema per kind, told apart by `kind`, each with that kind's
 * variables typed (from KINDS). A kind partners may not send, an unknown variable, a missing
 * required one or a value of the wrong type is refused with 400 before anything is read.
 */
export const ZPartnerNotificationRequest = z.discriminatedUnion(
  'kind',
  PARTNER_KINDS.map((k) => partnerRequest(k)) as unknown as [PartnerRequestSchema, ...PartnerRequestSchema[]],
  {
    error: (iss) =>
      iss.code === 'invalid_union' && 'note' in iss && iss.note === 'No matching discriminator'
        ? `合作夥伴可用的通知為 ${PARTNER_KINDS.join(', ')} / partners may send ${PARTNER_KINDS.join(', ')}`
        : undefined,
  },
);
export type TPartnerNotificationRequest = z.input<typeof ZPartnerNotificationRequest>;

/** The partner API's answer to an accepted notification request (202). */
export const ZPartnerNotificationAccepted = z.object({ id: z.uuid(), status: z.string().meta({ description: 'The delivery status when accepted: `pending` (follow it at GET /api/partner/notifications/{id})', examples: ['pending'] }) });

export const ZNotificationStatus = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  dueAt: ZTimestamp,
  sentAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
});
export type TNotificationStatus = z.infer<typeof ZNotificationStatus>;

// ── Console: templates ────────────────────────────────────────────────────────────────
export const ZTemplateContent = z.object({
  title: z.string(),
  body: z.string(),
  ctaLabel: z.string(),
  altText: z.string(),
}).strict();

export const ZTemplateInput = z
  .object({
    enabled: z.boolean(),
    content: z.object({ 'zh-TW': ZTemplateContent, en: ZTemplateContent }).strict(),
    ctaTarget: z.string().trim().max(1000),
    heroImageUrl: z.string().trim().max(1000).nullable(),
    accentColor: z.string().trim(),
  })
  .strict();
export type TTemplateInput = z.infer<typeof ZTemplateInput>;

export const ZVariableInfo = z.object({
  name: z.string(),
  type: z.enum(['text', 'date', 'datetime', 'money', 'integer']),
  required: z.boolean(),
  label: z.string(),
  example: z.union([z.string(), z.number()]),
});

export const ZTemplateView = ZTemplateInput.extend({
  kind: z.string(),
  label: z.string(),
  priority: z.enum(['transactional', 'marketing']),
  isCustom: z.boolean(),
  updatedAt: ZTimestamp.nullable(),
  variables: z.array(ZVariableInfo),
  partner: z.boolean(),
});
export type TTemplateView = z.infer<typeof ZTemplateView>;
export const ZTemplateList = z.object({ items: z.array(ZTemplateView) });

export const ZPreviewRequest = z
  .object({
    template: ZTemplateInput,
    memberId: z.number().int().positive().optional(),
    lang: z.enum(['zh-TW', 'en']).default('zh-TW'),
    variables: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).optional(),
  })
  .strict();
export type TPreviewRequest = z.input<typeof ZPreviewRequest>;
export const ZPreviewResponse = z.object({
  /** The LINE Flex message exactly as it would be pushed. */
  message: z.record(z.string(), z.unknown()),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
  bytes: z.number().int(),
});
export type TPreviewResponse = z.infer<typeof ZPreviewResponse>;

export const ZTestSendRequest = z.object({ template: ZTemplateInput.optional(), lang: z.enum(['zh-TW', 'en']).optional() }).strict();

// ── Console: delivery log, quota, API keys ─────────────────────────────────────────────
export const ZDeliveryQuery = z
  .object({
    ...langQuery,
    kind: z.string().max(40).optional(),
    status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']).optional(),
    memberId: z.coerce.number().int().positive().optional(),
    /** A member's name or LINE name (contains) or mobile (a run of 3+ digits). */
    q: z.string().trim().max(40).optional(),
    /** Brand-local days (YYYY-MM-DD), inclusive: the list is limited to notifications created then. */
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '請輸入日期 YYYY-MM-DD / Enter a date (YYYY-MM-DD)' }).optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '請輸入日期 YYYY-MM-DD / Enter a date (YYYY-MM-DD)' }).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(50),
    days: z.coerce.number().int().min(1).max(90).default(14),
  })
  .strict();
export type TDeliveryQuery = z.input<typeof ZDeliveryQuery>;

export const ZDeliveryRow = ZNotificationStatus.extend({
  member: z.object({ id: z.number().int(), name: z.string() }),
  priority: z.enum(['transactional', 'marketing']),
  source: z.enum(['system', 'partner', 'test']),
});
export const ZDeliveryPage = z.object({
  items: z.array(ZDeliveryRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  perDay: z.array(z.object({ day: z.string(), sent: z.number().int(), failed: z.number().int(), skipped: z.number().int(), pending: z.number().int() })),
  totals: z.object({ pending: z.number().int(), sending: z.number().int(), sent: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  quota: z.object({ checkedAt: z.string(), limit: z.number().nullable(), used: z.number(), marketingPaused: z.boolean() }).nullable(),
});
export type TDeliveryPage = z.infer<typeof ZDeliveryPage>;

export const ZApiKeyView = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  storeIds: z.array(z.number().int()).nullable(),
  createdAt: ZTimestamp,
  revokedAt: ZTimestamp.nullable(),
  lastUsedAt: ZTimestamp.nullable(),
});
export type TApiKeyView = z.infer<typeof ZApiKeyView>;
export const ZApiKeyList = z.object({ items: z.array(ZApiKeyView) });
export const ZCreateApiKeyRequest = z
  .object({
    name: z.string().trim().min(1, { message: '請輸入名稱 / Enter a name' }).max(60),
    scopes: z.array(z.enum(['partner', 'pos'])).min(1, { message: '至少選一個權限 / Pick at least one scope' }),
    storeIds: z.array(z.number().int().positive()).max(200).nullable().default(null),
  })
  .strict();
export type TCreateApiKeyRequest = z.input<typeof ZCreateApiKeyRequest>;
export const ZCreateApiKeyResponse = z.object({ key: z.string(), apiKey: ZApiKeyView });
