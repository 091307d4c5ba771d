import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { TBulkJobView, TCampaignView } from '../../../../shared/api/campaigns.ts';
import { call } from '../../api/client.ts';
import { downloadFile } from '../../api/download.ts';
import { queryClient } from '../../api/query.ts';
import { useLanguage, type Language as Lang } from '../../i18n/index.ts';
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

export function useCampaigns() {
  const lang = useLanguage();
  return useQuery({ queryKey: campKeys.campaigns(lang), queryFn: () => call('consoleCampaigns') });
}

export function useBundles() {
  const lang = useLanguage();
  return useQuery({ queryKey: campKeys.bundles(lang), queryFn: () => call('consoleBundles') });
}

/** Coupon templates to offer (the picker); archived ones are left out. */
export function useOfferTemplates() {
  const lang = useLanguage();
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

/** Where a campaign is in its life, for the status column. */
export function campaignPhase(c: Pick<TCampaignView, 'status' | 'startsAt' | 'endsAt' | 'remaining'>, now = Date.now()): 'archived' | 'upcoming' | 'ended' | 'soldOut' | 'running' {
  if (c.status === 'archived') return 'archived';
  if (Date.parse(c.startsAt) > now) return 'upcoming';
  if (Date.parse(c.endsAt) <= now) return 'ended';
  if (c.remaining === 0) return 'soldOut';
  return 'running';
}

export function audienceLabel(audience: Audience, t: TFunction): string {
  if (audience.type === 'new_members') return t('camp.audience.newMembersDays', { days: audience.days });
  return t(`camp.audience.${audience.type}`);
}

/** The job is still being worked on (and worth polling). */
export function isOpenJob(status: JobStatus): boolean {
  return status === 'pending' || status === 'running';
}

export const campaignCodesCsv = (id: number) => downloadFile(`/api/console/campaigns/${id}/codes.csv`, `redemption-codes-${id}.csv`);
export const bulkResultCsv = (id: number) => downloadFile(`/api/console/bulk-jobs/${id}/result.csv`, `bulk-job-${id}.csv`);

/** Focuses the first invalid control in a form (after React drew the errors). */
export function focusFirstInvalid(root: HTMLElement | null, field?: string): void {
  requestAnimationFrame(() => {
    const target = (field ? root?.querySelector<HTMLElement>(`[data-field="${field}"]`) : null) ?? root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}
