import { z } from 'zod';
import { langQuery } from './query.ts';
import { NOTIFICATION_KINDS } from '../notifications/kinds.ts';
import { TEMPLATE_LIMITS } from '../notifications/render.ts';

export const ZNotificationKind = z.enum(NOTIFICATION_KINDS as [string, ...string[]]);

// ── Partner API ───────────────────────────────────────────────────────────────────────
export const ZMemberRef = z.union([
  z.object({ id: z.number().int().positive() }).strict(),
  z.object({ lineUserId: z.string().regex(/^U[0-9a-f]{32}$/, { message: 'LINE user id 格式不正確 / lineUserId must be U followed by 32 hex digits' }) }).strict(),
  z.object({ mobile: z.string().min(1).max(30) }).strict(),
], { message: 'member 須為 { "id" }、{ "lineUserId" } 或 { "mobile" } 其中之一 / member must be one of { "id" }, { "lineUserId" }, { "mobile" }' });

export const ZPartnerNotificationRequest = z
  .object({
    member: ZMemberRef,
    kind: z.string().min(1).max(40),
    variables: z.record(z.string().max(40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).default({}),
    cta: z
      .object({
        label: z.string().trim().min(1).max(TEMPLATE_LIMITS.ctaLabel).optional(),
        url: z.string().max(1000).regex(/^https:\/\/\S+$/, { message: 'CTA 連結須為 https:// 網址 / cta.url must be an https:// URL' }),
      })
      .strict()
      .optional(),
    sendAt: z.iso.datetime({ offset: true, message: 'sendAt 須為 ISO 8601 時間，例如 2026-11-23T18:30:00+08:00 / sendAt must be an ISO 8601 time such as 2026-11-23T18:30:00+08:00' }).optional(),
  })
  .strict();
export type TPartnerNotificationRequest = z.input<typeof ZPartnerNotificationRequest>;

/** The partner API's answer to an accepted notification request (202). */
export const ZPartnerNotificationAccepted = z.object({ id: z.string(), status: z.string() });

export const ZNotificationStatus = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  dueAt: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
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
  updatedAt: z.string().nullable(),
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
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
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
