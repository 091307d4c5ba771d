/** Bulk issuing a marketer can trust: the preview before starting and monthly schedules (bot-server/campaigns/bulk-issue.ts). */
import { z } from 'zod';
import { ZTimestamp } from './timestamp.ts';

const bi = (zh: string, en: string) => ({ message: `${zh} / ${en}` });
const offer = {
  templateId: z.number().int().positive().nullable().default(null),
  bundleId: z.number().int().positive().nullable().default(null),
};
const oneOffer = (j: { templateId: number | null; bundleId: number | null }, ctx: z.RefinementCtx) => {
  if ((j.templateId === null) === (j.bundleId === null)) ctx.addIssue({ code: 'custom', path: ['templateId'], message: '請選擇一種票券或一個禮包 / Choose one coupon template or one bundle' });
};

/** What a bulk job would do, asked before creating it: the same audience fields as the job. */
export const ZBulkPreviewRequest = z
  .object({
    ...offer,
    audience: z.discriminatedUnion('type', [
      z.object({ type: z.literal('all') }).strict(),
      z.object({ type: z.literal('birth_month'), month: z.number().int().min(1).max(12) }).strict(),
      z.object({ type: z.literal('mobiles') }).strict(),
    ]),
    mobiles: z.array(z.string().max(30)).max(200_000).optional(),
  })
  .strict()
  .superRefine(oneOffer);
export type TBulkPreviewRequest = z.input<typeof ZBulkPreviewRequest>;

export const ZBulkPreview = z.object({
  /** Members the job would issue to. */
  audience: z.number().int(),
  /** Up to 10 of them, to check it is the right list. */
  sample: z.array(z.object({ id: z.number().int(), name: z.string(), mobile: z.string().nullable() })),
  /** LINE messages it would send: one per member who follows the account (others are issued silently). */
  messages: z.number().int(),
  /** Lines of an uploaded list that name no member or no valid number. */
  problems: z.number().int(),
  /** LINE's monthly message quota as read now; null when it could not be read. */
  quota: z
    .object({
      /** null: no limit (a paid plan without a cap). */
      limit: z.number().int().nullable(),
      used: z.number().int(),
      /** The estimated messages as a share of what is left this month (0–1, may exceed 1); null with no limit. */
      shareOfRemaining: z.number().nullable(),
      /** True when the job would leave less than the reserve kept for transactional messages. */
      exceedsReserve: z.boolean(),
    })
    .nullable(),
});
export type TBulkPreview = z.infer<typeof ZBulkPreview>;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Monthly on day N at a brand-local time; a birth-month audience means each run's month. */
export const ZBulkScheduleInput = z
  .object({
    name: z.string().trim().min(1, bi('請輸入名稱', 'Enter a name')).max(60, bi('名稱最多 60 字', 'Name: at most 60 characters')),
    ...offer,
    audience: z.discriminatedUnion('type', [z.object({ type: z.literal('all') }).strict(), z.object({ type: z.literal('birth_month') }).strict()]),
    dayOfMonth: z.number().int().min(1, bi('日期為 1–28', 'Day: 1–28')).max(28, bi('日期為 1–28（每個月都有）', 'Day: 1–28 (every month has it)')),
    time: z.string().regex(HHMM, bi('時間格式為 HH:MM', 'Time: HH:MM')),
  })
  .strict()
  .superRefine(oneOffer);
export type TBulkScheduleInput = z.input<typeof ZBulkScheduleInput>;

export const ZBulkScheduleView = z.object({
  id: z.number().int(),
  name: z.string(),
  offerName: z.string(),
  audience: z.enum(['all', 'birth_month']),
  dayOfMonth: z.number().int(),
  time: z.string(),
  status: z.enum(['active', 'cancelled']),
  nextRunAt: ZTimestamp.nullable(),
  lastRunAt: ZTimestamp.nullable(),
  lastJobId: z.number().int().nullable(),
  createdAt: ZTimestamp,
});
export type TBulkScheduleView = z.infer<typeof ZBulkScheduleView>;
export const ZBulkScheduleList = z.object({ items: z.array(ZBulkScheduleView) });
