import { decideMeetingAccess, type Actor, type MeetingAccess } from '@psp/domain';
import { forumScheduleRepository, meetingRepository, type ForumScheduleRow, type MeetingRow } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditRecorder } from '../audit/audited-transactions';
import { requireNeedToKnow } from '../audit/need-to-know';

/** The forum, if the caller may do `access` on its meetings (a refusal: 404 when the rule hides the forum, else 403). */
export async function forumFor(tx: EntityManager, actor: Actor, forumId: string, access: MeetingAccess, forUpdate = false): Promise<ForumScheduleRow> {
  return requireNeedToKnow(actor, {
    record: await forumScheduleRepository.find(tx, forumId, actor.userId, forUpdate),
    kind: 'Forum',
    id: forumId,
    facts: (f) => ({ forumId: f.id, actorIsMember: f.is_member }),
    decide: (a, f) => decideMeetingAccess(a, access, { forumId: f.id, memberAuthorityIds: f.authority_ids }),
  });
}

/** The meeting, if the caller may do `access` on it; with an audit recorder the refusal is logged. */
export async function meetingFor(tx: EntityManager, actor: Actor, id: string, access: MeetingAccess, audit?: AuditRecorder, forUpdate = false): Promise<MeetingRow> {
  return requireNeedToKnow(actor, {
    record: await meetingRepository.find(tx, id, actor.userId, forUpdate),
    kind: 'Meeting',
    id,
    facts: (r) => ({ forumId: r.forum_id, actorIsMember: r.is_member }),
    decide: (a, r) => decideMeetingAccess(a, access, { forumId: r.forum_id, memberAuthorityIds: r.forum_authority_ids }),
    audit,
    logged: () => ({ resourceType: 'Meeting', resourceId: id }),
  });
}
