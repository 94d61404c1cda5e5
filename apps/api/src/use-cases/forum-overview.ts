import { Inject, Injectable } from '@nestjs/common';
import { calendarDaysBetween, copenhagenDate, meetingPolicyOf, meetingTimeline, NotFoundError } from '@psp/domain';
import { caseListRepository, decryptName, FieldCipher, forumOverviewRepository, forumScheduleRepository, fokuspersonRepository, listAuthorities, meetingRepository } from '@psp/persistence';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { RegisterAccess } from '../fokuspersoner/register-access';
import type { ForumOverviewView } from '../meetings/forum-overview.dto';

const LISTED = 200;

/**
 * What a forum's coordinator sees first (a read across the register, the steps and the meetings):
 * the next meeting and the days left until its agenda locks, persons by status, the nominations
 * waiting for a decision, and the active persons whose plan has overdue or blocked steps: one
 * logged use naming each person shown. The next meeting's case list is brought up to date first (as reading it
 * does), so its count is the one the meeting's page shows.
 */
@Injectable()
export class ForumOverview {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(RegisterAccess) private readonly access: RegisterAccess,
  ) {}

  get(ctx: AuditContext, forumId: string): Promise<ForumOverviewView> {
    return this.audited.run(ctx, async (tx, audit) => {
      this.access.authorize(ctx, 'LIST', await this.access.forumFacts(tx, ctx, forumId), audit, null);
      const forum = await forumScheduleRepository.find(tx, forumId, ctx.actor.userId);
      if (!forum) throw new NotFoundError('Forum', forumId); // deactivated meanwhile: no overview
      const now = new Date();
      const [nextId] = await meetingRepository.listIds(tx, forumId, true, 1);
      const planned = nextId ? await meetingRepository.find(tx, nextId, ctx.actor.userId) : undefined;
      // Until the lock its case list follows live data, and is counted as the meeting's page shows it.
      if (planned?.status === 'PLANNED') await caseListRepository.refresh(tx, planned.id, now);
      const next = planned?.status === 'PLANNED' ? await meetingRepository.find(tx, planned.id, ctx.actor.userId) : planned;
      const lock = next ? meetingTimeline(new Date(next.starts_at), meetingPolicyOf(next.meeting_policy), new Date(next.created_at)).find((e) => e.kind === 'LOCK')!.at : null;
      const authorities = new Map((await listAuthorities(tx)).map((a) => [a.id, a.name]));
      const nominations = await fokuspersonRepository.listInForum(tx, forumId, 'NOMINATED', LISTED, 0);
      const attention = await forumOverviewRepository.needingAttention(tx, forumId, copenhagenDate(now), LISTED);
      audit.use({ action: 'SEARCH', resourceType: 'FokuspersonList', query: `forum=${forumId};overview`, fokuspersonIds: [...nominations, ...attention].map((p) => p.id) });
      return {
        forum: { id: forum.id, name: forum.name },
        nextMeeting: next
          ? {
              id: next.id,
              startsAt: new Date(next.starts_at).toISOString(),
              location: next.location,
              status: next.status,
              itemCount: next.item_count,
              agendaLocksAt: next.status === 'PLANNED' && lock ? lock.toISOString() : null,
              daysUntilLock: next.status === 'PLANNED' && lock ? Math.max(0, calendarDaysBetween(copenhagenDate(now), copenhagenDate(lock))) : null,
            }
          : null,
        personsByStatus: await forumOverviewRepository.personsByStatus(tx, forumId),
        nominations: nominations.map((p) => ({
          id: p.id,
          name: decryptName(this.cipher, p.id, p.key_id, p.name_ciphertext),
          nominatedAt: new Date(p.nominated_at).toISOString(),
          nominatingAuthority: { id: p.nominating_authority_id, name: authorities.get(p.nominating_authority_id) ?? p.nominating_authority_id },
        })),
        needingAttention: attention.map((p) => ({ id: p.id, name: decryptName(this.cipher, p.id, p.key_id, p.name_ciphertext), overdueSteps: p.overdue_steps, blockedSteps: p.blocked_steps })),
      };
    });
  }
}
