import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TCouponTemplateInput, TCouponTemplateView } from '../../../../shared/api/coupons.ts';
import { call } from '../../api/client.ts';
import { downloadFile, responseError, sessionFetch } from '../../api/download.ts';
import { queryClient } from '../../api/query.ts';
import { useLanguage, type Language as Lang } from '../../i18n/index.ts';
export type CouponKind = TCouponTemplateView['kind'];
export type IssuedStatus = 'active' | 'used' | 'expired' | 'voided';

export const couponKeys = {
  all: ['console', 'coupons'] as const,
  // The server words summaries in the caller's language: the language is part of the key.
  templates: (lang: Lang) => ['console', 'coupons', 'templates', lang] as const,
  template: (id: number, lang: Lang) => ['console', 'coupons', 'template', id, lang] as const,
  issued: (templateId: number | null, page: number, lang: Lang) => ['console', 'coupons', 'issued', templateId, page, lang] as const,
};

export function useCouponTemplates() {
  const lang = useLanguage();
  return useQuery({ queryKey: couponKeys.templates(lang), queryFn: () => call('consoleCouponTemplates') });
}

export function useCouponTemplate(id: number | null) {
  const lang = useLanguage();
  return useQuery({
    queryKey: couponKeys.template(id ?? 0, lang),
    queryFn: () => call('consoleGetCouponTemplate', { params: { id: id ?? 0 } }),
    enabled: id !== null && id > 0,
  });
}

/** Narrows the issued list: a member (name, LINE name, mobile) or code, a status, one member or one coupon. */
export interface IssuedFilter {
  q?: string;
  status?: IssuedStatus;
  memberId?: number;
  couponId?: number;
}

export function useIssuedCoupons(templateId: number | null, page: number, pageSize: number, filter: IssuedFilter = {}) {
  const lang = useLanguage();
  return useQuery({
    queryKey: [...couponKeys.issued(templateId, page, lang), pageSize, filter],
    queryFn: () => call('consoleCoupons', { query: { ...(templateId ? { templateId } : {}), ...filter, page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

/** After any change: templates (counts, lock, codes left) and issued lists are all refetched. */
export function refreshCoupons(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: couponKeys.all });
}

// ── CSV in and out, beside the JSON client ───────────────────────────────────────────

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
  throw await responseError(response);
}

/** GET …/codes.csv and save it as a file. */
export const downloadCodesCsv = (templateId: number) => downloadFile(`/api/console/coupon-templates/${templateId}/codes.csv`, `coupon-codes-${templateId}.csv`);

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
