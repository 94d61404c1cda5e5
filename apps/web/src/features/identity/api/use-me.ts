import { useQuery } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import type { MeView } from '../../../api/types';
import { unwrap } from '../../../api/errors';

export const meKey = ['me'] as const;

/** The signed-in user: name, authority, roles, fora. Rarely changes: fetched once per page load. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: (context): Promise<MeView> => unwrap(api.GET('/api/v1/me', { headers: requestHeaders(context) })),
    staleTime: 5 * 60_000,
  });
}
