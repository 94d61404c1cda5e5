import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import type { MeView, MeetingView } from '../../../api/types';
import { unwrap } from '../../../api/errors';
import type { AgendaView, ApprovalPreview, AssigneeAuthority, ClosedDay, MinutesBody, MinutesView, PersonSummary } from './meeting-types';

const meetingKey = (id: string) => ['meetings', id] as const;
const agendaKey = (id: string) => ['meetings', id, 'agenda'] as const;
export const minutesKey = (id: string) => ['meetings', id, 'minutes'] as const;
const path = (id: string) => ({ params: { path: { id } } });

export function useMeeting(id: string) {
  return useQuery({
    queryKey: meetingKey(id),
    queryFn: (context): Promise<MeetingView> => unwrap(api.GET('/api/v1/meetings/{id}', { ...path(id), headers: requestHeaders(context) })),
  });
}

/** Whether the signed-in user coordinates (the case list and minutes are theirs); the same query as the header's. */
export function useIsCoordinator(forumId: string | undefined): boolean | undefined {
  const me = useQuery({
    queryKey: ['me'],
    queryFn: (context): Promise<MeView> => unwrap(api.GET('/api/v1/me', { headers: requestHeaders(context) })),
    staleTime: 5 * 60_000,
  });
  if (!me.data || !forumId) return undefined;
  return me.data.roles.includes('COORDINATOR') && me.data.fora.some((f) => f.id === forumId);
}

/** The case list. Reading it brings the stored list up to date, so the meeting's count (read alongside) follows it. */
export function useAgenda(id: string, enabled: boolean) {
  const client = useQueryClient();
  return useQuery({
    queryKey: agendaKey(id),
    enabled,
    queryFn: async (context): Promise<AgendaView> => {
      const agenda = await unwrap(api.GET('/api/v1/meetings/{id}/agenda', { ...path(id), headers: requestHeaders(context) }));
      client.setQueryData<MeetingView>(meetingKey(id), (m) => (m && m.itemCount !== agenda.items.length ? { ...m, itemCount: agenda.items.length } : m));
      return agenda;
    },
  });
}

/** The forum's nominated and active persons, read only when the coordinator goes to add one (each read is logged). */
export function useForumPersons(forumId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['meetings', 'forum-persons', forumId],
    enabled,
    queryFn: async (context): Promise<PersonSummary[]> => {
      const query = { forumId, limit: 200 };
      const all = await unwrap(api.GET('/api/v1/fokuspersoner', { params: { query }, headers: requestHeaders(context) }));
      return all.filter((p) => p.status === 'NOMINATED' || p.status === 'ACTIVE');
    },
  });
}

export type AgendaChange = { kind: 'add'; fokuspersonId: string } | { kind: 'remove'; itemId: string } | { kind: 'order'; itemIds: string[] };

/** Adds, removes or reorders; the answer is the new case list, put straight into the cache. */
export function useAgendaChange(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: AgendaChange): Promise<AgendaView> => {
      if (change.kind === 'add') return unwrap(api.POST('/api/v1/meetings/{id}/agenda/items', { ...path(id), body: { fokuspersonId: change.fokuspersonId } }));
      if (change.kind === 'remove') return unwrap(api.DELETE('/api/v1/meetings/{id}/agenda/items/{itemId}', { params: { path: { id, itemId: change.itemId } } }));
      return unwrap(api.PUT('/api/v1/meetings/{id}/agenda/order', { ...path(id), body: { itemIds: change.itemIds } }));
    },
    onSuccess: (agenda) => client.setQueryData(agendaKey(id), agenda),
    // Not awaited: the next change may go as soon as this one is answered.
    onSettled: () => void client.invalidateQueries({ queryKey: meetingKey(id), exact: true }),
  });
}

export function useLock(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<MeetingView> => unwrap(api.POST('/api/v1/meetings/{id}/lock', path(id))),
    onSuccess: (meeting) => client.setQueryData(meetingKey(id), meeting),
    onSettled: () => client.invalidateQueries({ queryKey: meetingKey(id) }),
  });
}

export function useMinutes(id: string, enabled: boolean) {
  return useQuery({
    queryKey: minutesKey(id),
    enabled,
    // The draft on screen is the coordinator's own: a refetch on focus would only raise conflicts the save finds anyway.
    refetchOnWindowFocus: false,
    queryFn: (context): Promise<MinutesView> => unwrap(api.GET('/api/v1/meetings/{id}/minutes', { ...path(id), headers: requestHeaders(context) })),
  });
}

export function saveMinutes(id: string, body: MinutesBody): Promise<MinutesView> {
  return unwrap(api.PUT('/api/v1/meetings/{id}/minutes', { ...path(id), body }));
}

export function useApprovalPreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['meetings', id, 'approval-preview'],
    enabled,
    staleTime: 0,
    gcTime: 0,
    queryFn: (context): Promise<ApprovalPreview> => unwrap(api.GET('/api/v1/meetings/{id}/minutes/approval-preview', { ...path(id), headers: requestHeaders(context) })),
  });
}

export function useApprove(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<MinutesView> => unwrap(api.POST('/api/v1/meetings/{id}/minutes/approve', path(id))),
    onSuccess: (minutes) => client.setQueryData(minutesKey(id), minutes),
    onSettled: () => client.invalidateQueries({ queryKey: meetingKey(id), exact: true }),
  });
}

/** The forum's member authorities with their active caseworkers (staff only). */
export function useAssignees(forumId: string | undefined) {
  return useQuery({
    queryKey: ['forums', forumId, 'assignees'],
    enabled: forumId !== undefined,
    staleTime: 5 * 60_000,
    queryFn: (context): Promise<AssigneeAuthority[]> =>
      unwrap(api.GET('/api/v1/forums/{forumId}/assignees', { params: { path: { forumId: forumId ?? '' } }, headers: requestHeaders(context) })),
  });
}

/** The weekends, holidays and office closing days of a period (the Danish business-day calendar). */
export function useClosedDays(from: string, to: string) {
  return useQuery({
    queryKey: ['calendar', 'closed-days', from, to],
    staleTime: Infinity,
    queryFn: (context): Promise<ClosedDay[]> => unwrap(api.GET('/api/v1/calendar/closed-days', { params: { query: { from, to } }, headers: requestHeaders(context) })),
  });
}

/** Files the browser downloads with the session cookie: ordinary links. */
const file = (id: string, name: string) => `/api/v1/meetings/${encodeURIComponent(id)}/${name}`;
export const inviteUrl = (id: string) => file(id, 'invite.ics');
export const agendaPdfUrl = (id: string) => file(id, 'agenda.pdf');
export const minutesPdfUrl = (id: string) => file(id, 'minutes.pdf');
