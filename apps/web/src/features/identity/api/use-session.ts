import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BACKGROUND_HEADER } from '../../../api/background';
import { api } from '../../../api/client';
import type { SessionView } from '../../../api/types';
import { unwrap } from '../../../api/errors';

export const sessionKey = ['me', 'session'] as const;

/** When the session ends (idle and absolute). Reading it never extends it: always a background request. */
export function useSessionInfo(enabled: boolean) {
  return useQuery({
    queryKey: sessionKey,
    queryFn: (): Promise<SessionView> => unwrap(api.GET('/api/v1/me/session', { headers: { [BACKGROUND_HEADER]: '1' } })),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: 'always',
    retry: false,
  });
}

/** "Forbliv logget ind": extends the idle time; the answer is the new session times. */
export function useExtendSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<SessionView> => unwrap(api.POST('/api/v1/me/session/extend')),
    onSuccess: (session) => client.setQueryData(sessionKey, session),
  });
}
