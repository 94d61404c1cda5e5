import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ADMINISTRATION_PURPOSE, type Actor } from '@psp/domain';
import { appendAccessLog, type AccessLogAction } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedRequest } from '../identity/auth.guard';

/** Who changes the organisation, in which request. */
export interface AdminActor {
  actor: Actor;
  requestId: string | null;
  clientAddress: string | null;
}

/** The verified actor (an administrator, or a coordinator managing their forum's members) and the request: what a change of the organisation is logged with. */
export const AdminAct = createParamDecorator((_data: unknown, ctx: ExecutionContext): AdminActor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('AdminAct used on a route without authentication');
  return { actor: request.actor, requestId: request.id === undefined ? null : String(request.id), clientAddress: request.ip ?? null };
});

/** What the auditor searches administration by (`resourceType`). */
export type AdminResource = 'Authority' | 'User' | 'Forum' | 'ForumMembership';

/** Each changed field with its value before and after (`from` null on creation, `to` null on removal). */
export type Changes = Record<string, { from: unknown; to: unknown }>;

/** JSON with object keys sorted: equal values compare equal however they were built (PostgreSQL's jsonb reorders keys). */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/** The fields of `after` whose value differs from `before` (compared by value). */
export function changesBetween<T extends object>(before: T | null, after: T | null, fields: readonly (keyof T & string)[]): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    const from = before ? (before[field] ?? null) : null;
    const to = after ? (after[field] ?? null) : null;
    if (canonical(from) !== canonical(to)) changes[field] = { from, to };
  }
  return changes;
}

/**
 * Writes one change of the organisation (an authority, a user, a forum or its membership, a
 * forum's settings) to the access log in the caller's transaction: the change and its row commit
 * together, or neither. Purpose ADMINISTRATION unless told (a coordinator planning the forum's
 * meetings: PSP_COORDINATION); the detail is JSON of the changed fields' old and new values,
 * never a secret. Nothing changed, nothing is written.
 */
export async function logAdminChange(
  tx: EntityManager,
  by: AdminActor,
  change: { action: Extract<AccessLogAction, 'CREATE' | 'UPDATE' | 'DELETE'>; resourceType: AdminResource; resourceId: string; changes: Changes },
  purpose: string = ADMINISTRATION_PURPOSE,
): Promise<void> {
  if (Object.keys(change.changes).length === 0) return;
  const { actor } = by;
  await appendAccessLog(tx, {
    actor: { userId: actor.userId, username: actor.username, authorityId: actor.authorityId, roles: actor.roles },
    action: change.action,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    purpose,
    outcome: 'ALLOWED',
    detail: JSON.stringify(change.changes),
    requestId: by.requestId,
    clientAddress: by.clientAddress,
  });
}
