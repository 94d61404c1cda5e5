import { ApiError, fieldProblems } from '../../../api/errors';
import type { AdminRole } from '../api/admin';
import { texts } from '../texts';

export const ROLES: AdminRole[] = ['CASEWORKER', 'SUPERVISOR', 'COORDINATOR', 'AUDITOR', 'ADMIN'];
export const roleOptions = ROLES.map((r) => ({ value: r, label: texts.roles[r], hint: texts.roleHints[r] }));

export type UserField = 'username' | 'displayName' | 'email' | 'authorityId' | 'roles';
export type Problems = Partial<Record<UserField, string>>;

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
// The api's check (class-validator's isEmail) is stricter; this catches what a person mistypes.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The checks CreateUserDto and UpdateUserDto make, in Danish, before anything is sent. */
export function userProblems(draft: { username?: string; displayName: string; email: string; authorityId?: string; roles: AdminRole[] }): Problems {
  const e = texts.newUser.errors;
  const name = draft.displayName.trim().length;
  return {
    username: draft.username === undefined ? undefined : !draft.username.trim() ? e.usernameMissing : !USERNAME.test(draft.username.trim()) ? e.username : undefined,
    displayName: name < 2 || name > 200 ? e.displayName : undefined,
    email: EMAIL.test(draft.email.trim()) ? undefined : e.email,
    authorityId: draft.authorityId !== undefined && !draft.authorityId ? e.authority : undefined,
    roles: draft.roles.length === 0 ? e.roles : undefined,
  };
}

/** What the api refused, at its field, in Danish: 400s by the field they name, 409 (username taken) and 404 (authority gone). */
export function serverUserProblems(error: unknown): Problems {
  if (!(error instanceof ApiError)) return {};
  const e = texts.newUser.errors;
  if (error.status === 409 && error.messages.some((m) => /username/i.test(m))) return { username: e.usernameTaken };
  if (error.status === 404 && error.messages.some((m) => /authority/i.test(m))) return { authorityId: e.authorityGone };
  if (!error.invalidInput) return {};
  const { fields } = fieldProblems(error, { username: ['username'], displayName: ['displayName'], email: ['email'], authorityId: ['authorityId'], roles: ['roles', 'role'] });
  return {
    username: fields.username && e.username,
    displayName: fields.displayName && e.displayName,
    email: fields.email && e.email,
    authorityId: fields.authorityId && e.authority,
    roles: fields.roles && e.roles,
  };
}
