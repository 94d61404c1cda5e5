import { ConflictError, NotFoundError } from '@psp/domain';
import { deleteForumMember, findAppUser, findForum, forumHasAuthority, insertForumMember, type AppUser } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import { changesBetween, logAdminChange, type AdminActor } from './admin-audit';

/** A forum's member user, as a record that comes into being or goes away. */
const memberChange = (before: { userId: string; username: string } | null, after: { userId: string; username: string } | null) =>
  changesBetween(before, after, ['userId', 'username']);

/**
 * Adds a user to a forum (idempotent: already a member, nothing is written or logged) and logs the
 * change in the same transaction. `check` refuses a user the caller may not add (409). An
 * administrator's change is logged with purpose ADMINISTRATION, a coordinator's with `purpose`.
 */
export async function addForumMember(
  tx: EntityManager,
  by: AdminActor,
  forumId: string,
  userId: string,
  options: { purpose?: string; check?: (user: AppUser) => string | null } = {},
): Promise<void> {
  if (!(await findForum(tx, forumId))) throw new NotFoundError('Forum', forumId);
  const user = await findAppUser(tx, userId);
  if (!user) throw new NotFoundError('User', userId);
  if (!(await forumHasAuthority(tx, forumId, user.authorityId))) {
    throw new ConflictError(`User ${user.username} belongs to an authority that is not a member of this forum`);
  }
  const refusal = options.check?.(user);
  if (refusal) throw new ConflictError(refusal);
  if (await insertForumMember(tx, forumId, userId)) {
    await logAdminChange(tx, by, { action: 'CREATE', resourceType: 'ForumMembership', resourceId: forumId, changes: memberChange(null, { userId, username: user.username }) }, options.purpose);
  }
}

/** Removes a user from a forum (404 when they are not a member) and logs the change in the same transaction. */
export async function removeForumMember(tx: EntityManager, by: AdminActor, forumId: string, userId: string, purpose?: string): Promise<void> {
  if (!(await findForum(tx, forumId))) throw new NotFoundError('Forum', forumId);
  if (!(await deleteForumMember(tx, forumId, userId))) throw new NotFoundError('Forum member', userId);
  const user = await findAppUser(tx, userId);
  if (!user) throw new NotFoundError('User', userId);
  await logAdminChange(tx, by, { action: 'DELETE', resourceType: 'ForumMembership', resourceId: forumId, changes: memberChange({ userId, username: user.username }, null) }, purpose);
}
