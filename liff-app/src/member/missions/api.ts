import { useMutation, useQuery } from '@tanstack/react-query';
import type { TMemberMissions } from '../../../../shared/api/missions.ts';
import { call } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const missionKeys = { all: ['missions'] as const, mine: () => ['missions', 'mine', currentLanguage()] as const };

export function useMyMissions() {
  return useQuery<TMemberMissions>({ queryKey: missionKeys.mine(), queryFn: () => call('myMissions'), staleTime: 5_000, refetchOnWindowFocus: true });
}

export function useJoinMission() {
  return useMutation({
    mutationFn: (id: number) => call('joinMission', { params: { id } }),
    onSuccess: (data) => queryClient.setQueryData(missionKeys.mine(), data),
  });
}
