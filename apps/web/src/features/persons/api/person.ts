import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import { ApiError, unwrap } from '../../../api/errors';
import type { components } from '../../../api/schema';

/** A fokusperson as their page shows them (schema.d.ts is generated: never edit it). */
type Schemas = components['schemas'];
export type PersonView = Schemas['FokuspersonDetailView'];
export type PersonStatus = PersonView['status'];
export type PlanView = Schemas['HelhedsplanView'];
export type PlanStep = Schemas['StepView'];
export type ForumStaff = Schemas['ForumStaffView'];
export type Decision = Schemas['DecisionDto']['decision'];
export type InformationDecision = Schemas['InformationDecisionDto']['decision'];
export type PersonSummary = Schemas['FokuspersonSummary'];

/** Persons a page of the register lists. */
export const PAGE_SIZE = 50;

const personKey = (id: string) => ['fokuspersoner', id] as const;
const planKey = (id: string) => [...personKey(id), 'helhedsplan'] as const;

export function usePerson(id: string) {
  return useQuery({
    queryKey: personKey(id),
    queryFn: (context): Promise<PersonView> => unwrap(api.GET('/api/v1/fokuspersoner/{id}', { params: { path: { id } }, headers: requestHeaders(context) })),
  });
}

/** One page of the forum's persons, optionally of one status (each person listed is logged as read). */
export function usePersons(forumId: string, status: PersonStatus | undefined, page: number) {
  return useQuery({
    queryKey: ['fokuspersoner', 'list', forumId, status ?? 'all', page],
    queryFn: (context): Promise<PersonSummary[]> =>
      unwrap(api.GET('/api/v1/fokuspersoner', { params: { query: { forumId, ...(status ? { status } : {}), limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE } }, headers: requestHeaders(context) })),
    placeholderData: keepPreviousData,
  });
}

export function usePlan(id: string) {
  return useQuery({
    queryKey: planKey(id),
    queryFn: (context): Promise<PlanView> => unwrap(api.GET('/api/v1/fokuspersoner/{id}/helhedsplan', { params: { path: { id } }, headers: requestHeaders(context) })),
  });
}

/**
 * The staff of the person's forum (members, and the staff of its member authorities): the page
 * names authorities and people the register refers to by id. No personal data of citizens.
 */
export function useForumStaff(forumId: string | undefined) {
  return useQuery({
    queryKey: ['forum', forumId, 'members'],
    enabled: forumId !== undefined,
    queryFn: async (context): Promise<ForumStaff[]> => {
      const view = await unwrap(api.GET('/api/v1/forums/{forumId}/members', { params: { path: { forumId: forumId ?? '' } }, headers: requestHeaders(context) }));
      return [...view.members, ...view.candidates];
    },
    staleTime: 5 * 60_000,
  });
}

/** Reveals the full CPR number for a stated reason (logged as REVEAL). The number lives in this component's memory only: no cache, no draft. */
export function useRevealCpr(id: string) {
  return useMutation({
    mutationFn: (justification: string) => unwrap(api.POST('/api/v1/fokuspersoner/{id}/reveal-cpr', { params: { path: { id } }, body: { justification } })),
  });
}

/** A change of the person with a reason: the answer is the person as they now are; a 409 (changed meanwhile) reads them again. */
function usePersonChange<V extends string>(id: string, send: (choice: V, reason: string) => Promise<PersonView>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ choice, reason }: { choice: V; reason: string }) => send(choice, reason),
    onSuccess: (person) => {
      client.setQueryData(personKey(id), person);
      void client.invalidateQueries({ queryKey: planKey(id) });
      void client.invalidateQueries({ queryKey: ['forum', person.forumId, 'overview'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void client.invalidateQueries({ queryKey: personKey(id) });
    },
  });
}

export type PersonChange<V extends string> = ReturnType<typeof usePersonChange<V>>;
const personPath = (id: string) => ({ params: { path: { id } } });

/** Accept, reject, close or reopen between meetings. */
export function useDecision(id: string) {
  return usePersonChange(id, (decision: Decision, reason) => unwrap(api.POST('/api/v1/fokuspersoner/{id}/decisions', { ...personPath(id), body: { decision, reason } })));
}

/** The tovholder: a member authority of the forum. */
export function useLeadAuthority(id: string) {
  return usePersonChange(id, (authorityId: string, reason) => unwrap(api.PUT('/api/v1/fokuspersoner/{id}/lead-authority', { ...personPath(id), body: { authorityId, reason } })));
}

/** Informed (GDPR art. 14), or exempted by a concrete decision under databeskyttelseslov §22. */
export function useInformationDecision(id: string) {
  return usePersonChange(id, (decision: InformationDecision, reason) => unwrap(api.PUT('/api/v1/fokuspersoner/{id}/information-decision', { ...personPath(id), body: { decision, reason } })));
}
