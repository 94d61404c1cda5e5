import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import type { BlockedStepView, OversightGroupView, TrendWeekView, UserRef } from '../../../api/types';
import { ApiError, unwrap } from '../../../api/errors';

export const oversightKey = ['oversight'] as const;

export function useOverdue() {
  return useQuery({
    queryKey: [...oversightKey, 'overdue'],
    queryFn: (context): Promise<OversightGroupView[]> => unwrap(api.GET('/api/v1/oversight/overdue', { headers: requestHeaders(context) })),
  });
}

export function useBlocked() {
  return useQuery({
    queryKey: [...oversightKey, 'blocked'],
    queryFn: (context): Promise<BlockedStepView[]> => unwrap(api.GET('/api/v1/oversight/blocked', { headers: requestHeaders(context) })),
  });
}

export function useCaseworkers(enabled: boolean) {
  return useQuery({
    queryKey: [...oversightKey, 'caseworkers'],
    queryFn: (context): Promise<UserRef[]> => unwrap(api.GET('/api/v1/oversight/caseworkers', { headers: requestHeaders(context) })),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export const TREND_WEEKS = 12;

export function useTrend() {
  return useQuery({
    queryKey: [...oversightKey, 'trend', TREND_WEEKS],
    queryFn: (context): Promise<TrendWeekView[]> =>
      unwrap(api.GET('/api/v1/oversight/trend', { params: { query: { weeks: TREND_WEEKS } }, headers: requestHeaders(context) })),
  });
}

/** Gives a step to another caseworker; the lists refetch either way when the step changed. */
export function useReassign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, assigneeUserId, reason }: { stepId: string; assigneeUserId: string; reason: string }) =>
      unwrap(api.POST('/api/v1/steps/{id}/reassign', { params: { path: { id: stepId } }, body: { assigneeUserId, reason } })),
    onSuccess: () => client.invalidateQueries({ queryKey: oversightKey }),
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) void client.invalidateQueries({ queryKey: oversightKey });
    },
  });
}
