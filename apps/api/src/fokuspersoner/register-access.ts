import { Injectable } from '@nestjs/common';
import { decideRegisterAccess, NotFoundError, type RegisterAction } from '@psp/domain';
import { findForumAccess, fokuspersonRepository as repo } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import type { AuditRecorder } from '../audit/audited-transactions';
import { requireNeedToKnow, type NeedToKnowFacts } from '../audit/need-to-know';

/** A forum's need-to-know facts with its member authorities (who may nominate to it). */
export interface ForumFacts extends NeedToKnowFacts {
  memberAuthorityIds: string[];
}

/** A person's forum as the need-to-know check takes it, from the facts its repository loads with it. */
const forumOf = (row: { forum_id: string; forum_authority_ids: string[]; user_is_member: boolean }): ForumFacts => ({
  forumId: row.forum_id,
  memberAuthorityIds: row.forum_authority_ids,
  actorIsMember: row.user_is_member,
});

/** Loads register records and applies the need-to-know policy; a refusal is logged and thrown (403, or 404 to hide). */
@Injectable()
export class RegisterAccess {
  async forumFacts(tx: EntityManager, ctx: AuditContext, forumId: string): Promise<ForumFacts> {
    const row = await findForumAccess(tx, forumId, ctx.actor.userId);
    if (!row) throw new NotFoundError('Forum', forumId);
    return { forumId, memberAuthorityIds: row.authorities, actorIsMember: row.is_member };
  }

  authorize(ctx: AuditContext, action: RegisterAction, forum: ForumFacts, audit: AuditRecorder, fokuspersonId: string | null): void {
    requireNeedToKnow(ctx.actor, {
      record: forum,
      kind: fokuspersonId ? 'Fokusperson' : 'Forum',
      id: fokuspersonId ?? forum.forumId,
      facts: (f) => f,
      decide: (actor, f) => decideRegisterAccess(actor, action, { forumId: f.forumId, memberAuthorityIds: f.memberAuthorityIds }),
      audit,
      logged: () => ({ resourceId: fokuspersonId, fokuspersonId }),
    });
  }

  /** A fokusperson with its forum, if the caller may do `action` on it. */
  async load(tx: EntityManager, ctx: AuditContext, id: string, action: RegisterAction, audit: AuditRecorder, forUpdate = false) {
    const row = await repo.findWithForum(tx, id, ctx.actor.userId, forUpdate);
    if (!row) throw new NotFoundError('Fokusperson', id);
    const forum = forumOf(row);
    this.authorize(ctx, action, forum, audit, id);
    return { row, forum };
  }
}
