import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { useLanguage } from '../../i18n/index.ts';

export const refKeys = {
  settings: (lang: string) => ['console', 'ref', 'settings', lang] as const,
  report: (days: number) => ['console', 'ref', 'report', days] as const,
};

export function useReferralSettings() {
  const lang = useLanguage();
  return useQuery({ queryKey: refKeys.settings(lang), queryFn: () => call('consoleReferralSettings') });
}

export function useReferralReport(days: number) {
  return useQuery({ queryKey: refKeys.report(days), queryFn: () => call('consoleReferralReport', { query: { days } }), placeholderData: (previous) => previous });
}

export function refreshReferrals(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: ['console', 'ref'] });
}
