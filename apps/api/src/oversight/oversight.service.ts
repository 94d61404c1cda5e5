import { Inject, Injectable } from '@nestjs/common';
import { copenhagenDate, trendWeeks, type Actor } from '@psp/domain';
import { decryptName, FieldCipher, listBlockedSteps, listDueSteps, listUsersWithRoles, stepTrend } from '@psp/persistence';
import { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions } from '../audit/audited-transactions';
import { decryptStepText } from '../steps/step-text';
import type { UserRef } from '../common/refs.dto';
import type { BlockedStepView, OversightGroupView, TrendWeekView } from './oversight.dto';

/** Only these roles can be given a step (the assignee works it: a caseworker, or a supervisor themself). */
const ASSIGNABLE_ROLES = ['CASEWORKER', 'SUPERVISOR'];
const byDanishName = new Intl.Collator('da');

/**
 * A supervisor's view of their own authority's steps: overdue and soon due, blocked, who can take
 * them over, and the trend. Lists that name a person are audited like every read of a step: one
 * SEARCH row with the criterion, one READ row per step shown.
 */
@Injectable()
export class OversightService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  overdue(ctx: AuditContext, soonDays: number): Promise<OversightGroupView[]> {
    return this.audited.read(ctx, async (db, audit) => {
      const today = copenhagenDate(new Date());
      const rows = await listDueSteps(db, ctx.actor.authorityId, today, soonDays);
      audit.use({ action: 'SEARCH', resourceType: 'Step', query: `owner=${ctx.actor.authorityId};dueWithin=${soonDays}`, fokuspersonIds: rows.map((r) => r.fokuspersonId) });
      const groups = new Map<string, OversightGroupView>();
      for (const r of rows) {
        const group: OversightGroupView = groups.get(r.assigneeUserId) ?? { assignee: { id: r.assigneeUserId, displayName: r.assigneeDisplayName }, steps: [] };
        group.steps.push({
          stepId: r.stepId,
          fokuspersonId: r.fokuspersonId,
          description: decryptStepText(this.cipher, r.stepId, 'description', r.keyId, r.descriptionCiphertext),
          fokusperson: { id: r.fokuspersonId, name: decryptName(this.cipher, r.fokuspersonId, r.personKeyId, r.personNameCiphertext) },
          forum: { id: r.forumId, name: r.forumName },
          dueDate: r.dueDate,
          status: r.status,
          daysOverdue: r.daysOverdue,
        });
        groups.set(r.assigneeUserId, group);
      }
      return [...groups.values()];
    });
  }

  /** The authority's blocked steps, the longest blocked first. */
  blocked(ctx: AuditContext): Promise<BlockedStepView[]> {
    return this.audited.read(ctx, async (db, audit) => {
      const rows = await listBlockedSteps(db, ctx.actor.authorityId);
      audit.use({ action: 'SEARCH', resourceType: 'Step', query: `owner=${ctx.actor.authorityId};status=BLOCKED`, fokuspersonIds: rows.map((r) => r.fokuspersonId) });
      return rows.map((r) => ({
        stepId: r.stepId,
        description: decryptStepText(this.cipher, r.stepId, 'description', r.keyId, r.descriptionCiphertext),
        blockReason: r.blockReason,
        blockText: decryptStepText(this.cipher, r.stepId, 'note', r.noteKeyId, r.noteCiphertext),
        blockedAt: r.blockedAt,
        assignee: { id: r.assigneeUserId, displayName: r.assigneeDisplayName },
        fokusperson: { id: r.fokuspersonId, name: decryptName(this.cipher, r.fokuspersonId, r.personKeyId, r.personNameCiphertext) },
        forum: { id: r.forumId, name: r.forumName },
        dueDate: r.dueDate,
      }));
    });
  }

  /** Who in the caller's own authority can be given a step: active caseworkers and supervisors, by name. */
  async caseworkers(actor: Actor): Promise<UserRef[]> {
    const users = await listUsersWithRoles(this.dataSource, actor.authorityId, ASSIGNABLE_ROLES);
    return users.sort((a, b) => byDanishName.compare(a.displayName, b.displayName) || (a.id < b.id ? -1 : 1));
  }

  /**
   * Per ISO week, the authority's open and overdue steps at the end of the week (now, for the
   * current one). A step's status then is replayed from its history (step_event; no event yet:
   * ASSIGNED since it was created). Its due date then is not: the history does not record moved
   * due dates, so overdue is judged against the current due date — a step whose date was moved
   * later counts as on time in the weeks before the move.
   */
  async trend(actor: Actor, weeks: number): Promise<TrendWeekView[]> {
    return stepTrend(this.dataSource, actor.authorityId, trendWeeks(new Date(), weeks));
  }
}
