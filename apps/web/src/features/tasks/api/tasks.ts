import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import type { BlockReason, StepDetailView, StepStatus, TaskView } from '../../../api/types';
import { ApiError, unwrap } from '../../../api/errors';

export const tasksKey = ['tasks'] as const;
export const stepKey = (id: string) => ['steps', id] as const;

/** The caller's open steps; `status` narrows them (the api filters). */
export function useTasks(status: StepStatus | undefined) {
  return useQuery({
    queryKey: [...tasksKey, status ?? 'open'],
    queryFn: (context): Promise<TaskView[]> =>
      unwrap(api.GET('/api/v1/me/tasks', { params: { query: status ? { status } : {} }, headers: requestHeaders(context) })),
    placeholderData: keepPreviousData,
  });
}

export function useStep(id: string) {
  return useQuery({
    queryKey: stepKey(id),
    queryFn: (context): Promise<StepDetailView> => unwrap(api.GET('/api/v1/steps/{id}', { params: { path: { id } }, headers: requestHeaders(context) })),
  });
}

export type StepCommand =
  | { action: 'ACKNOWLEDGE' }
  | { action: 'START' }
  | { action: 'RESUME' }
  | { action: 'COMPLETE'; outcome: string }
  | { action: 'BLOCK'; reason: BlockReason; text: string };

function send(id: string, command: StepCommand) {
  const path = { params: { path: { id } } };
  switch (command.action) {
    case 'ACKNOWLEDGE':
      return unwrap(api.POST('/api/v1/steps/{id}/acknowledge', path));
    case 'START':
      return unwrap(api.POST('/api/v1/steps/{id}/start', path));
    case 'RESUME':
      return unwrap(api.POST('/api/v1/steps/{id}/resume', path));
    case 'COMPLETE':
      return unwrap(api.POST('/api/v1/steps/{id}/complete', { ...path, body: { outcome: command.outcome } }));
    case 'BLOCK':
      return unwrap(api.POST('/api/v1/steps/{id}/block', { ...path, body: { reason: command.reason, text: command.text } }));
  }
}

/**
 * Acts on a step. The answer is the step as it now is; a 409 (someone changed it first, or the
 * action is not possible from its status) refetches it, so the page shows the current state.
 */
export function useStepAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (command: StepCommand): Promise<StepDetailView> => send(id, command),
    onSuccess: (step) => {
      client.setQueryData<StepDetailView>(stepKey(id), step);
      void client.invalidateQueries({ queryKey: tasksKey });
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
        void client.invalidateQueries({ queryKey: stepKey(id) });
        void client.invalidateQueries({ queryKey: tasksKey });
      }
    },
  });
}
