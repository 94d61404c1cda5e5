import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import type { components } from '../../../api/schema';

/** The coordinator's forum api shapes (schema.d.ts is generated: never edit it). */
type Schemas = components['schemas'];
export type ForumOverview = Schemas['ForumOverviewView'];
export type CadenceBody = Schemas['ScheduleDto']['cadence'];
export type ReminderPolicy = Schemas['ReminderPolicyDto'];

const forumKey = (forumId: string) => ['forum', forumId] as const;
const overviewKey = (forumId: string) => [...forumKey(forumId), 'overview'] as const;
const scheduleKey = (forumId: string) => [...forumKey(forumId), 'schedule'] as const;
const reminderKey = (forumId: string) => [...forumKey(forumId), 'reminder-policy'] as const;
const path = (forumId: string) => ({ params: { path: { forumId } } });

export function useForumOverview(forumId: string) {
  return useQuery({
    queryKey: overviewKey(forumId),
    queryFn: (context): Promise<ForumOverview> => unwrap(api.GET('/api/v1/forums/{forumId}/overview', { ...path(forumId), headers: requestHeaders(context) })),
  });
}

function readSchedule(forumId: string, context?: { meta?: Record<string, unknown> }) {
  return unwrap(api.GET('/api/v1/forums/{forumId}/schedule', { ...path(forumId), headers: requestHeaders(context) }));
}
/** The cadence (as the client reads it: one of its two kinds), policy, pause and the next six starts. */
export type SchedulePreview = Awaited<ReturnType<typeof readSchedule>>;
export type Cadence = NonNullable<SchedulePreview['cadence']>;

export function useSchedule(forumId: string) {
  return useQuery({ queryKey: scheduleKey(forumId), queryFn: (context) => readSchedule(forumId, context) });
}

export function useReminderPolicy(forumId: string) {
  return useQuery({
    queryKey: reminderKey(forumId),
    queryFn: (context): Promise<ReminderPolicy> => unwrap(api.GET('/api/v1/forums/{forumId}/reminder-policy', { ...path(forumId), headers: requestHeaders(context) })),
  });
}

/** The answer is the schedule as it now is; the overview (its next meeting) is read again. */
function useScheduleMutation<V>(forumId: string, send: (variables: V) => Promise<SchedulePreview>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (schedule) => client.setQueryData(scheduleKey(forumId), schedule),
    onSettled: () => client.invalidateQueries({ queryKey: overviewKey(forumId) }),
  });
}

/** Sets the cadence, keeping the forum's meeting policy (left out, the api would reset it to the defaults). */
export function useSetCadence(forumId: string) {
  return useScheduleMutation(forumId, ({ cadence, meetingPolicy }: { cadence: CadenceBody; meetingPolicy: SchedulePreview['meetingPolicy'] }) =>
    unwrap(api.PUT('/api/v1/forums/{forumId}/schedule', { ...path(forumId), body: { cadence, meetingPolicy } })),
  );
}

export function usePauseSchedule(forumId: string) {
  return useScheduleMutation(forumId, (paused: boolean) => unwrap(api.POST('/api/v1/forums/{forumId}/schedule/pause', { ...path(forumId), body: { paused } })));
}

export function useSetReminderPolicy(forumId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReminderPolicy) => unwrap(api.PUT('/api/v1/forums/{forumId}/reminder-policy', { ...path(forumId), body })),
    onSuccess: (policy) => client.setQueryData(reminderKey(forumId), policy),
  });
}
