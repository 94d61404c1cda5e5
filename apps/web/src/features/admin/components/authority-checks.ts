import { ApiError, fieldProblems } from '../../../api/errors';
import { authorityKindLabel } from '../../../components/status-labels';
import type { AdminAuthorityKind } from '../api/admin';
import { texts } from '../texts';

export const KINDS: AdminAuthorityKind[] = ['POLICE', 'MUNICIPALITY', 'PSYCHIATRY'];
export const kindOptions = KINDS.map((k) => ({ value: k, label: authorityKindLabel(k) }));

export type AuthorityField = 'code' | 'name' | 'kind';
export type AuthorityProblems = Partial<Record<AuthorityField, string>>;

const CODE = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** The checks CreateAuthorityDto and UpdateAuthorityDto make, in Danish. */
export function authorityProblems(draft: { code?: string; name: string; kind: string }): AuthorityProblems {
  const e = texts.newAuthority.errors;
  const name = draft.name.trim().length;
  return {
    code: draft.code === undefined ? undefined : !draft.code.trim() ? e.codeMissing : !CODE.test(draft.code.trim()) ? e.code : undefined,
    name: name < 2 || name > 200 ? e.name : undefined,
    kind: draft.kind ? undefined : e.kind,
  };
}

/** What the api refused, at its field: 400s by the field they name, 409 (the code is taken). */
export function serverAuthorityProblems(error: unknown): AuthorityProblems {
  if (!(error instanceof ApiError)) return {};
  const e = texts.newAuthority.errors;
  if (error.status === 409) return { code: e.codeTaken };
  if (!error.invalidInput) return {};
  const { fields } = fieldProblems(error, { code: ['code'], name: ['name'], kind: ['kind'] });
  return { code: fields.code && e.code, name: fields.name && e.name, kind: fields.kind && e.kind };
}
