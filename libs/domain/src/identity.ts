export const ROLES = ['ADMIN', 'COORDINATOR', 'CASEWORKER', 'SUPERVISOR', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

export const AUTHORITY_KINDS = ['POLICE', 'MUNICIPALITY', 'PSYCHIATRY'] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];

/** The verified caller of a request (or the system itself, for workflow-driven acts). */
export interface Actor {
  userId: string;
  username: string;
  authorityId: string;
  roles: Role[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether an actor holds at least one of the roles a route or act requires. */
export function hasAnyRole(actor: Pick<Actor, 'roles'>, required: readonly Role[]): boolean {
  return required.some((r) => actor.roles.includes(r));
}
