import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import { unwrap } from '../../../api/errors';
import type { components } from '../../../api/schema';

/** The admin api's shapes (schema.d.ts is generated: never edit it). */
type Schemas = components['schemas'];
export type AuthorityView = Schemas['AuthorityResponse'];
export type UserView = Schemas['UserResponse'];
export type ForumView = Schemas['ForumResponse'];
export type CreateUserBody = Schemas['CreateUserDto'];
export type UpdateUserBody = Schemas['UpdateUserDto'];
export type CreateAuthorityBody = Schemas['CreateAuthorityDto'];
export type UpdateAuthorityBody = Schemas['UpdateAuthorityDto'];
export type CreateForumBody = Schemas['CreateForumDto'];
export type UpdateForumBody = Schemas['UpdateForumDto'];
export type AdminRole = UserView['roles'][number];
export type AdminAuthorityKind = AuthorityView['kind'];

export const adminKey = ['admin'] as const;
const authoritiesKey = [...adminKey, 'authorities'] as const;
const usersKey = [...adminKey, 'users'] as const;
const foraKey = [...adminKey, 'fora'] as const;

export function useAuthorities() {
  return useQuery({
    queryKey: authoritiesKey,
    queryFn: (context): Promise<AuthorityView[]> => unwrap(api.GET('/api/v1/admin/authorities', { headers: requestHeaders(context) })),
  });
}

/** Every user (the text filter is applied in the page: the list is the organisation's staff, not citizens). */
export function useUsers() {
  return useQuery({
    queryKey: usersKey,
    queryFn: (context): Promise<UserView[]> => unwrap(api.GET('/api/v1/admin/users', { headers: requestHeaders(context) })),
  });
}

export function useFora() {
  return useQuery({
    queryKey: foraKey,
    queryFn: (context): Promise<ForumView[]> => unwrap(api.GET('/api/v1/admin/fora', { headers: requestHeaders(context) })),
  });
}

/** After any change the admin lists are read again (a change to one can show in another: a forum's members). */
function useAdminMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => client.invalidateQueries({ queryKey: adminKey }),
  });
}

export function useCreateUser() {
  return useAdminMutation((body: CreateUserBody) => unwrap(api.POST('/api/v1/admin/users', { body })));
}

export function useUpdateUser(id: string) {
  return useAdminMutation((body: UpdateUserBody) => unwrap(api.PATCH('/api/v1/admin/users/{id}', { params: { path: { id } }, body })));
}

export function useCreateAuthority() {
  return useAdminMutation((body: CreateAuthorityBody) => unwrap(api.POST('/api/v1/admin/authorities', { body })));
}

export function useUpdateAuthority(id: string) {
  return useAdminMutation((body: UpdateAuthorityBody) => unwrap(api.PATCH('/api/v1/admin/authorities/{id}', { params: { path: { id } }, body })));
}

export function useCreateForum() {
  return useAdminMutation((body: CreateForumBody) => unwrap(api.POST('/api/v1/admin/fora', { body })));
}

export function useUpdateForum(id: string) {
  return useAdminMutation((body: UpdateForumBody) => unwrap(api.PATCH('/api/v1/admin/fora/{id}', { params: { path: { id } }, body })));
}

/** Adds (PUT) or removes (DELETE) a member authority of a forum. */
export function useForumAuthority(forumId: string) {
  return useAdminMutation(({ authorityId, add }: { authorityId: string; add: boolean }) => {
    const params = { params: { path: { id: forumId, authorityId } } };
    return unwrap(add ? api.PUT('/api/v1/admin/fora/{id}/authorities/{authorityId}', params) : api.DELETE('/api/v1/admin/fora/{id}/authorities/{authorityId}', params));
  });
}

/** Adds (PUT) or removes (DELETE) a member user of a forum. */
export function useForumMember(forumId: string) {
  return useAdminMutation(({ userId, add }: { userId: string; add: boolean }) => {
    const params = { params: { path: { id: forumId, userId } } };
    return unwrap(add ? api.PUT('/api/v1/admin/fora/{id}/members/{userId}', params) : api.DELETE('/api/v1/admin/fora/{id}/members/{userId}', params));
  });
}
