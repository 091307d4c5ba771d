import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TBulkJobView, TCampaignView } from '../../../../shared/api/campaigns.ts';
import { ApiError, call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage, i18n } from '../../i18n/index.ts';

export type Lang = 'zh-TW' | 'en';
export type Audience = TCampaignView['audience'];
export type JobStatus = TBulkJobView['status'];

export const campKeys = {
  all: ['console', 'camp'] as const,
  // The server words offer summaries in the caller's language: the language is part of the key.
  campaigns: (lang: Lang) => ['console', 'camp', 'campaigns', lang] as const,
  report: (id: number, lang: Lang) => ['console', 'camp', 'report', id, lang] as const,
  bundles: (lang: Lang) => ['console', 'camp', 'bundles', lang] as const,
  templates: (lang: Lang) => ['console', 'camp', 'templates', lang] as const,
  autoIssue: ['console', 'camp', 'auto-issue'] as const,
  bulkJobs: ['console', 'camp', 'bulk-jobs'] as const,
  bulkJob: (id: number) => ['console', 'camp', 'bulk-job', id] as const,
};

/** The UI language, re-rendering when it changes. */
export function useUiLang(): Lang {
  const { i18n: instance } = useTranslation();
  return (instance.resolvedLanguage ?? currentLanguage()) === 'en' ? 'en' : 'zh-TW';
}

export function useCampaigns() {
  const lang = useUiLang();
  return useQuery({ queryKey: campKeys.campaigns(lang), queryFn: () => call('consoleCampaigns') });
}

export function useBundles() {
  const lang = useUiLang();
  return useQuery({ queryKey: campKeys.bundles(lang), queryFn: () => call('consoleBundles') });
}

/** Coupon templates to offer (the picker); archived ones are left out. */
export function useOfferTemplates() {
  const lang = useUiLang();
  return useQuery({ queryKey: campKeys.templates(lang), queryFn: () => call('consoleCouponTemplates'), staleTime: 10_000 });
}

export function refreshCampaigns(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['console', 'camp', 'campaigns'] });
}

// ── Offers: a template or a bundle, as one <select> value ──────────────────────────────

/** "t:12" or "b:3"; "" for none. */
export type OfferValue = string;

export function offerValue(offer: { templateId: number | null; bundleId: number | null }): OfferValue {
  if (offer.templateId) return `t:${offer.templateId}`;
  if (offer.bundleId) return `b:${offer.bundleId}`;
  return '';
}

export function offerIds(value: OfferValue): { templateId: number | null; bundleId: number | null } {
  const match = /^([tb]):(\d+)$/.exec(value);
  if (!match) return { templateId: null, bundleId: null };
  const id = Number(match[2]);
  return match[1] === 't' ? { templateId: id, bundleId: null } : { templateId: null, bundleId: id };
}

// ── Mobile lists people paste or upload ───────────────────────────────────────────────

const PHONE_CELL = /^\+?[\d\s()-]{8,20}$/;

/**
 * The lines of a pasted list or an uploaded .txt/.csv, one mobile number per line. A CSV line
 * keeps the cell that looks like a phone number (or the whole line when none does); a header
 * line becomes empty. Line numbers are kept (the server skips empty lines but reports by position), so the
 * server's report points at the lines of the person's own file.
 */
export function mobileLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  // The server takes at most 30 characters a line; longer ones are not numbers anyway and are reported as such.
  return lines.map((line, index) => pickMobileCell(line, index).slice(0, 30));
}

/** The cell of one line that holds the mobile number. */
function pickMobileCell(line: string, index: number): string {
  if (!/[,;\t]/.test(line)) return line.trim();
  const cells = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
  const phone = cells.find((cell) => PHONE_CELL.test(cell) && /\d{6,}/.test(cell.replace(/\D/g, '')));
  if (phone) return phone;
  // A header ("name,mobile") has no digits at all.
  if (index === 0 && !/\d/.test(line)) return '';
  // Nothing like a number: the whole line, so the report shows what the person wrote.
  return line.trim();
}

/** How many lines carry something. */
export function countMobiles(text: string): number {
  return mobileLines(text).filter((line) => line !== '').length;
}

// ── Brand-time dates for datetime-local inputs ─────────────────────────────────────────

function parts(date: Date, timeZone: string): Record<string, string> {
  const list = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  return Object.fromEntries(list.map((p) => [p.type, p.value]));
}

/** "+08:00" for Asia/Taipei at that moment. */
export function zoneOffset(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

/** "YYYY-MM-DDTHH:MM" on the brand's clock → ISO with the brand's offset, e.g. 2026-12-01T00:00:00+08:00; null when not a time. */
export function localInputToIso(local: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const guess = new Date(`${local}:00Z`);
  if (Number.isNaN(guess.getTime())) return null;
  // The offset at the wall-clock time itself (one guess is right except around a DST switch).
  const offset = zoneOffset(timeZone, new Date(guess.getTime() - offsetMinutes(zoneOffset(timeZone, guess)) * 60_000));
  return `${local}:00${offset}`;
}

function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Now (or N days from now) on the brand's clock, for datetime-local defaults; `time` replaces the clock time. */
export function localInputFromNow(days: number, timeZone: string, time?: string): string {
  const p = parts(new Date(Date.now() + days * 86_400_000), timeZone);
  return `${p.year}-${p.month}-${p.day}T${time ?? `${p.hour}:${p.minute}`}`;
}

/** 2026/12/01 on the brand's calendar. */
export function shortDate(iso: string, timeZone: string): string {
  const p = parts(new Date(iso), timeZone);
  return `${p.year}/${p.month}/${p.day}`;
}

/** 2026/12/01 18:00 on the brand's clock. */
export function shortDateTime(iso: string, timeZone: string): string {
  const p = parts(new Date(iso), timeZone);
  return `${p.year}/${p.month}/${p.day} ${p.hour}:${p.minute}`;
}

/** The brand-local day (YYYY-MM-DD) of an instant. */
export function localDay(iso: string | Date, timeZone: string): string {
  const p = parts(typeof iso === 'string' ? new Date(iso) : iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

export { daysBetween, shortDay } from '../../../../shared/dates.ts';

/** Where a campaign is in its life, for the status column. */
export function campaignPhase(c: Pick<TCampaignView, 'status' | 'startsAt' | 'endsAt' | 'remaining'>, now = Date.now()): 'archived' | 'upcoming' | 'ended' | 'soldOut' | 'running' {
  if (c.status === 'archived') return 'archived';
  if (Date.parse(c.startsAt) > now) return 'upcoming';
  if (Date.parse(c.endsAt) <= now) return 'ended';
  if (c.remaining === 0) return 'soldOut';
  return 'running';
}

type TFn = (key: string, options?: Record<string, unknown>) => string;

export function audienceLabel(audience: Audience, t: TFn): string {
  if (audience.type === 'new_members') return t('camp.audience.newMembersDays', { days: audience.days });
  return t(`camp.audience.${audience.type}`);
}

/** The server's bilingual "zh / en" wording, in the UI language. */
export function pickLang(text: string, lang: Lang): string {
  if (!text.includes(' / ')) return text;
  const [zh, en] = text.split(' / ', 2) as [string, string];
  return lang === 'en' ? en : zh;
}

/** The job is still being worked on (and worth polling). */
export function isOpenJob(status: JobStatus): boolean {
  return status === 'pending' || status === 'running';
}

// ── CSV downloads ─────────────────────────────────────────────────────────────────────

interface ErrorPayload {
  error?: { code?: string; message?: string; field?: string; requestId?: string };
}

/**
 * GET a CSV of the console and save it as a file. The typed client keeps the bearer token to
 * itself, so this request carries the session in the HttpOnly cookie that POST /api/session
 * also sets (path /api, same origin). A lapsed session answers 401: one typed call signs in
 * again (refreshing the cookie) and the download is retried.
 */
export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  const run = () => fetch(path, { credentials: 'same-origin', headers: { accept: 'text/csv', 'accept-language': currentLanguage() } });
  let response: Response;
  try {
    response = await run();
    if (response.status === 401) {
      await call('getMe').catch(() => undefined);
      response = await run();
    }
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: i18n.t('errors.network') });
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => undefined)) as ErrorPayload | undefined;
    const error = payload?.error;
    throw new ApiError({
      status: response.status,
      code: (error?.code as ApiError['code'] | undefined) ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE'),
      message: error?.message ?? i18n.t('errors.generic'),
      field: error?.field,
      requestId: error?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    });
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const campaignCodesCsv = (id: number) => downloadCsv(`/api/console/campaigns/${id}/codes.csv`, `redemption-codes-${id}.csv`);
export const bulkResultCsv = (id: number) => downloadCsv(`/api/console/bulk-jobs/${id}/result.csv`, `bulk-job-${id}.csv`);

/** Focuses the first invalid control in a form (after React drew the errors). */
export function focusFirstInvalid(root: HTMLElement | null, field?: string): void {
  requestAnimationFrame(() => {
    const target = (field ? root?.querySelector<HTMLElement>(`[data-field="${field}"]`) : null) ?? root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}
