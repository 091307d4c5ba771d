import { useMutation, useQuery } from '@tanstack/react-query';
import type { TMemberPoints, TPointsReport, TPointsSettings } from '../../../../shared/api/points.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';

export const ptsKeys = { settings: ['console', 'points', 'settings'] as const, report: ['console', 'points', 'report'] as const, member: (id: number) => ['console', 'points', 'member', id] as const };

export function usePointsSettings() {
  return useQuery<TPointsSettings>({ queryKey: ptsKeys.settings, queryFn: () => call('consolePointsSettings') });
}

export function useSaveSettings() {
  return useMutation({
    mutationFn: (body: TPointsSettings) => call('consoleSavePointsSettings', { body }),
    onSuccess: (data) => {
      queryClient.setQueryData(ptsKeys.settings, data);
      void queryClient.invalidateQueries({ queryKey: ['config'] });
    },
  });
}

export function usePointsReport() {
  return useQuery<TPointsReport>({ queryKey: ptsKeys.report, queryFn: () => call('consolePointsReport', { query: { months: 6 } }) });
}

export function useMemberPoints(id: number) {
  return useQuery<TMemberPoints>({ queryKey: ptsKeys.member(id), queryFn: () => call('consoleMemberPoints', { params: { id } }) });
}

export function useAdjust(id: number) {
  return useMutation({
    mutationFn: (body: { delta: number; reason: string }) => call('consoleAdjustPoints', { params: { id }, body }),
    onSuccess: (data) => queryClient.setQueryData(ptsKeys.member(id), data),
  });
}
