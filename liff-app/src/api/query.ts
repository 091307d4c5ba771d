import { QueryClient, useQuery } from '@tanstack/react-query';
import { i18n } from '../i18n/index.ts';
import { call, isApiError, loadContract } from './client.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx answer will not change by asking again.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

// Answers are in the UI language (Accept-Language): names the brand wrote in English, verdicts,
// summaries. A switch of language asks for them again.
i18n.on('languageChanged', () => void queryClient.invalidateQueries());

export const queryKeys = {
  config: ['config'] as const,
  me: ['me'] as const,
};

const configQuery = { queryKey: queryKeys.config, queryFn: () => call('getConfig'), staleTime: Infinity } as const;

export function useConfig() {
  return useQuery(configQuery);
}

/** Asks for the config before the first render rather than after it mounts (main.tsx; issue 16 item 13). */
export function prefetchConfig(): void {
  void queryClient.prefetchQuery(configQuery);
}

/** The signed-in member; seeded by sign-in, refreshed by mutations. */
export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: () => call('getMe'), staleTime: 60_000 });
}

/** The shared contract (zod schemas) for client-side validation; already loading since the first API call. */
export function useContract() {
  return useQuery({ queryKey: ['contract'], queryFn: loadContract, staleTime: Infinity, gcTime: Infinity });
}
