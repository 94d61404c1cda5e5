import { useMutation, useQuery } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import type { NamedRef, NominateBody } from '../../../api/types';
import { unwrap } from '../../../api/errors';

/** The fora the caller may nominate to (those of their authority). */
export function useNominationFora() {
  return useQuery({
    queryKey: ['me', 'nomination-fora'],
    queryFn: (context): Promise<NamedRef[]> => unwrap(api.GET('/api/v1/me/nomination-fora', { headers: requestHeaders(context) })),
    staleTime: 5 * 60_000,
  });
}

export function useNominate() {
  return useMutation({
    mutationFn: (body: NominateBody) => unwrap(api.POST('/api/v1/fokuspersoner', { body })),
  });
}
