import { useMutation, useQuery } from '@tanstack/react-query';
import type { TMissionInput } from '../../../../shared/api/missions.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { useLanguage } from '../../i18n/index.ts';

export const msnKeys = { list: ['console', 'msn', 'list'] as const, funnel: (id: number, lang: string) => ['console', 'msn', 'funnel', id, lang] as const };

export function useMissions() {
  return useQuery({ queryKey: msnKeys.list, queryFn: () => call('consoleMissions') });
}

export function useMissionFunnel(id: number | null) {
  const lang = useLanguage();
  return useQuery({ queryKey: msnKeys.funnel(id ?? 0, lang), queryFn: () => call('consoleMissionFunnel', { params: { id: id! } }), enabled: id !== null });
}

/** Coupon templates and bundles for the reward picker. */
export function useRewardChoices() {
  const lang = useLanguage();
  return useQuery({
    queryKey: ['console', 'msn', 'rewards', lang],
    queryFn: async () => {
      const [templates, bundles] = await Promise.all([call('consoleCouponTemplates'), call('consoleBundles')]);
      return { templates: templates.items.map((t) => ({ id: t.id, name: t.name })), bundles: bundles.items.map((b) => ({ id: b.id, name: b.name })) };
    },
    staleTime: 10_000,
  });
}

export function useSaveMission() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: TMissionInput }) => (id === null ? call('consoleCreateMission', { body }) : call('consoleUpdateMission', { params: { id }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['console', 'msn'] }),
  });
}
