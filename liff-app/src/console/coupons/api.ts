import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TCouponTemplateInput, TCouponTemplateView } from '../../../../shared/api/coupons.ts';
import { ApiError, call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage, i18n } from '../../i18n/index.ts';

export type Lang = 'zh-TW' | 'en';
export type CouponKind = TCouponTemplateView['kind'];
export type IssuedStatus = 'active' | 'used' | 'expired' | 'voided';

export const couponKeys = {
  all: ['console', 'coupons'] as const,
  // The server words summaries in the caller's language: the language is part of the key.
  templates: (lang: Lang) => ['console', 'coupons', 'templates', lang] as const,
  template: (id: number, lang: Lang) => ['console', 'coupons', 'template', id, lang] as const,
  issued: (templateId: number | null, page: number, lang: Lang) => ['console', 'coupons', 'issued', templateId, page, lang] as const,
};

/** The UI language, re-rendering when it changes. */
export function useUiLang(): Lang {
  const { i18n: instance } = useTranslation();
  return (instance.resolvedLanguage ?? currentLanguage()) === 'en' ? 'en' : 'zh-TW';
}

export function useCouponTemplates() {
  const lang = useUiLang();
  return useQuery({ queryKey: couponKeys.templates(lang), queryFn: () => call('consoleCouponTemplates') });
}

export function useCouponTemplate(id: number | null) {
  const lang = useUiLang();
  return useQuery({
    queryKey: couponKeys.template(id ?? 0, lang),
    queryFn: () => call('consoleGetCouponTemplate', { params: { id: id ?? 0 } }),
    enabled: id !== null && id > 0,
  });
}

export function useIssuedCoupons(templateId: number | null, page: number, pageSize: number) {
  const lang = useUiLang();
  return useQuery({
    queryKey: [...couponKeys.issued(templateId, page, lang), pageSize],
    queryFn: () => call('consoleCoupons', { query: { ...(templateId ? { templateId } : {}), page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

/** After any change: templates (counts, lock, codes left) and issued lists are all refetched. */
export function refreshCoupons(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: couponKeys.all });
}

// ── Raw requests the JSON client cannot make (CSV in, CSV out) ─────────────────────────

interface ErrorPayload {
  error?: { code?: string; message?: string; field?: string; requestId?: string };
}

/**
 * The typed client keeps the bearer token to itself, so these requests carry the session in the
 * HttpOnly cookie that POST /api/session also sets (path /api, same origin). A lapsed session
 * answers 401: one typed call signs in again (and refreshes the cookie), then the request is retried.
 */
async function sessionFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const run = () =>
    fetch(path, { ...init, credentials: 'same-origin', headers: { 'accept-language': currentLanguage(), ...(init.headers as Record<string, string> | undefined) } });
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
  return response;
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: ErrorPayload | undefined;
  try {
    payload = (await response.json()) as ErrorPayload;
  } catch {
    payload = undefined;
  }
  const error = payload?.error;
  return new ApiError({
    status: response.status,
    code: (error?.code as ApiError['code'] | undefined) ?? (response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE'),
    message: error?.message ?? i18n.t('errors.generic'),
    field: error?.field,
    requestId: error?.requestId ?? response.headers.get('x-request-id') ?? undefined,
  });
}

export interface ImportProblem {
  line: number;
  code: string;
  problem: string;
}

export interface ImportResult {
  imported: number;
  problems: ImportProblem[];
}

/** POST text/csv: 201 with the count, or 422 with a per-line report (nothing imported). */
export async function importCodes(templateId: number, csv: string): Promise<ImportResult> {
  const response = await sessionFetch(`/api/console/coupon-templates/${templateId}/codes`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' },
    body: csv,
  });
  if (response.status === 201 || response.status === 422) {
    const body = (await response.clone().json().catch(() => null)) as ImportResult | null;
    if (body && typeof body.imported === 'number' && Array.isArray(body.problems)) return body;
  }
  throw await toApiError(response);
}

/** GET …/codes.csv and save it as a file. */
export async function downloadCodesCsv(templateId: number): Promise<void> {
  const response = await sessionFetch(`/api/console/coupon-templates/${templateId}/codes.csv`, { headers: { accept: 'text/csv' } });
  if (!response.ok) throw await toApiError(response);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `coupon-codes-${templateId}.csv`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The server's bilingual "zh / en" wording, in the UI language. */
export function pickLang(text: string, lang: Lang): string {
  if (!text.includes(' / ')) return text;
  const [zh, en] = text.split(' / ', 2) as [string, string];
  return lang === 'en' ? en : zh;
}

// ── Brand-time dates for datetime-local inputs ─────────────────────────────────────────

function parts(date: Date, timeZone: string): Record<string, string> {
  const list = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  return Object.fromEntries(list.map((p) => [p.type, p.value]));
}

/** An instant as "YYYY-MM-DDTHH:MM" on the brand's clock. */
export function isoToLocalInput(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** "+08:00" for Asia/Taipei at that moment. */
export function zoneOffset(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

/** "YYYY-MM-DDTHH:MM" on the brand's clock → ISO with the brand's offset, e.g. 2026-12-01T00:00:00+08:00. */
export function localInputToIso(local: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return local;
  const guess = new Date(`${local}:00Z`);
  return `${local}:00${zoneOffset(timeZone, guess)}`;
}

/** A brand-local day N days from now at a given clock time, for defaults. */
export function localInputFromNow(days: number, time: string, timeZone: string): string {
  const p = parts(new Date(Date.now() + days * 86_400_000), timeZone);
  return `${p.year}-${p.month}-${p.day}T${time}`;
}

/**
 * An exclusive end ("valid until 2026/12/24 00:00") as people read it: the last minute it still
 * works, 2026/12/23 23:59. Other times are shown as they are.
 */
export function untilInstant(iso: string, timeZone: string): string {
  const local = isoToLocalInput(iso, timeZone);
  return local.endsWith('T00:00') ? new Date(Date.parse(iso) - 60_000).toISOString() : iso;
}

/** 2026/12/01 on the brand's calendar. */
export function shortDate(iso: string, timeZone: string): string {
  const p = parts(new Date(iso), timeZone);
  return `${p.year}/${p.month}/${p.day}`;
}

/** Whole numbers for people: 1,000,000; huge ones as 3.6 × 10³³. */
export function bigNumber(n: number): string {
  if (n < 1e15) return n.toLocaleString('en-US');
  const exp = Math.floor(Math.log10(n));
  const mantissa = (n / 10 ** exp).toFixed(1);
  const sup = String(exp).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!);
  return `${mantissa} × 10${sup}`;
}

/** Dark or light text on a colour, whichever reads better. */
export function inkOn(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#fff';
  const [r, g, b] = m.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.42 ? '#111827' : '#ffffff';
}

export type { TCouponTemplateInput, TCouponTemplateView };
