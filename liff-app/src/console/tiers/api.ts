import { useMutation, useQuery } from '@tanstack/react-query';
import type { TConsoleTiers, TMemberTier, TSaveTiersRequest, TTierPreview } from '../../../../shared/api/tiers.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';

export const tierKeys = { all: ['console', 'tiers'] as const, preview: ['console', 'tiers', 'preview'] as const, member: (id: number) => ['console', 'tiers', 'member', id] as const };

export function useConsoleTiers() {
  return useQuery<TConsoleTiers>({ queryKey: tierKeys.all, queryFn: () => call('consoleTiers') });
}
export function useTierPreview() {
  return useQuery<TTierPreview>({ queryKey: tierKeys.preview, queryFn: () => call('consoleTierPreview') });
}
export function useSaveTiers() {
  return useMutation({
    mutationFn: (body: TSaveTiersRequest) => call('consoleSaveTiers', { body }),
    onSuccess: (data) => {
      queryClient.setQueryData(tierKeys.all, data);
      void queryClient.invalidateQueries({ queryKey: tierKeys.preview });
    },
  });
}
export function useMemberTier(id: number) {
  return useQuery<TMemberTier>({ queryKey: tierKeys.member(id), queryFn: () => call('consoleMemberTier', { params: { id } }) });
}
export function useAssignTier(id: number) {
  return useMutation({
    mutationFn: (body: { tierId: number; reason: string }) => call('consoleAssignTier', { params: { id }, body }),
    onSuccess: (data) => queryClient.setQueryData(tierKeys.member(id), data),
  });
}
