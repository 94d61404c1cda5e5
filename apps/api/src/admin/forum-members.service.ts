import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, decideForumMembershipChange, forumMemberRefusal, type AccessPurpose } from '@psp/domain';
import { findForumAccess, listForumStaff, type AccessLogAction, type ForumStaffRow } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { requireNeedToKnow } from '../audit/need-to-know';
import type { AdminActor } from './admin-audit';
import type { ForumMembersView, ForumStaffView } from './dto/forum-members.dto';
import { addForumMember, removeForumMember } from './forum-membership';

/** A coordinator managing their forum's members is coordination work, not administration. */
const PURPOSE: AccessPurpose = 'PSP_COORDINATION';

/**
 * A forum's coordinators manage its members (libs/domain decideForumMembershipChange); each change
 * is logged like an administrator's (admin-audit.ts) in its transaction, with purpose
 * PSP_COORDINATION; a refusal is logged as DENIED in a transaction of its own.
 */
@Injectable()
export class ForumMembersService {
  constructor(@Inject(AuditedTransactions) private readonly audited: AuditedTransactions) {}

  list(by: AdminActor, forumId: string): Promise<ForumMembersView> {
    return this.run(by, forumId, 'READ', async (tx) => view(forumId, await listForumStaff(tx, forumId)));
  }

  add(by: AdminActor, forumId: string, userId: string): Promise<ForumMembersView> {
    return this.run(by, forumId, 'CREATE', async (tx) => {
      await addForumMember(tx, by, forumId, userId, { purpose: PURPOSE, check: forumMemberRefusal });
      return view(forumId, await listForumStaff(tx, forumId));
    });
  }

  remove(by: AdminActor, forumId: string, userId: string): Promise<ForumMembersView> {
    return this.run(by, forumId, 'DELETE', async (tx) => {
      // A coordinator does not lock themselves out of the forum; another coordinator or an administrator can.
      if (userId === by.actor.userId) throw new ConflictError('You cannot remove yourself from the forum; another coordinator of the forum or an administrator can');
      await removeForumMember(tx, by, forumId, userId, PURPOSE);
      return view(forumId, await listForumStaff(tx, forumId));
    });
  }

  /** The domain's decision on the caller and the forum, then the work, in one transaction; a refusal is logged (DENIED) and answered 404 or 403. */
  private run<T>(by: AdminActor, forumId: string, action: AccessLogAction, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const ctx: AuditContext = { actor: by.actor, purpose: PURPOSE, action, resourceType: 'ForumMembership', requestId: by.requestId, clientAddress: by.clientAddress };
    return this.audited.authorizeOnly(ctx, async (tx, audit) => {
      requireNeedToKnow(by.actor, {
        record: await findForumAccess(tx, forumId, by.actor.userId),
        kind: 'Forum',
        id: forumId,
        facts: (f) => ({ forumId, actorIsMember: f.is_member }),
        decide: (actor) => decideForumMembershipChange(actor, forumId),
        audit,
        logged: () => ({ resourceId: forumId }),
      });
      return work(tx);
    });
  }
}

function staff(r: ForumStaffRow): ForumStaffView {
  return { userId: r.userId, username: r.username, displayName: r.displayName, authorityId: r.authorityId, authorityName: r.authorityName, roles: r.roles, active: r.active };
}

function view(forumId: string, rows: ForumStaffRow[]): ForumMembersView {
  return { forumId, members: rows.filter((r) => r.member).map(staff), candidates: rows.filter((r) => !r.member).map(staff) };
}
