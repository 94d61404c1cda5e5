import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, copenhagenDate, decideAgendaItem, defaultReviewDate, meetingPolicyOf, NotFoundError, type FokuspersonDecision } from '@psp/domain';
import { decryptSecrets, FieldCipher, fokuspersonRepository, meetingItemRepository, meetingRepository, type DecidedItemRow, type MeetingRow } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { meetingFor } from '../meetings/meeting-access';
import { MeetingWorkflows } from '../meetings/meeting-workflows';
import type { MinutesView } from '../meetings/minutes.dto';
import { decryptMinutes, minutesView } from '../meetings/minutes-view';
import { AgreedSteps, type StepPerson } from './agreed-steps';
import { RegisterDecisions } from './register-decisions';

/** Approve the minutes of this meeting (the route's id, checked to be a UUID before it gets here). */
export interface ApproveMinutesCommand {
  meetingId: string;
}

/**
 * Approving a meeting's minutes, the command that touches the most: in one audited transaction,
 * each decided item changes the register by its rules (RegisterDecisions: retention starts for a
 * rejected or closed person), its agreed steps join a new version of the helhedsplan and start
 * (AgreedSteps), review dates are set, and the minutes are locked. Undecided items carry over.
 */
@Injectable()
export class ApproveMinutes {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(RegisterAccess) private readonly access: RegisterAccess,
    @Inject(MeetingWorkflows) private readonly workflows: MeetingWorkflows,
    @Inject(RegisterDecisions) private readonly decisions: RegisterDecisions,
    @Inject(AgreedSteps) private readonly agreed: AgreedSteps,
  ) {}

  execute(ctx: AuditContext, command: ApproveMinutesCommand): Promise<MinutesView> {
    const id = command.meetingId;
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, id, 'DECIDE', audit, true);
      if (m.status === 'MINUTES_APPROVED') throw new ConflictError('The minutes are already approved and locked');
      const started = new Date(m.starts_at) <= new Date();
      if (!(m.status === 'HELD' || (m.status === 'AGENDA_LOCKED' && started))) {
        throw new ConflictError(`Minutes are approved after the meeting has taken place; this meeting is ${m.status}${started ? '' : ` and starts ${new Date(m.starts_at).toISOString()}`}`);
      }
      const forum = await this.access.forumFacts(tx, ctx, m.forum_id);
      const items = await meetingItemRepository.decided(tx, id);
      const startedStepIds: string[] = [];
      for (const item of items) {
        startedStepIds.push(...(await this.carryOut(tx, ctx, audit, m, forum.memberAuthorityIds, item)));
      }
      const approvedAt = await meetingRepository.approveMinutes(tx, id, ctx.actor.userId);
      audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, detail: `minutes approved: ${items.length} decisions, ${startedStepIds.length} steps` });
      await this.workflows.wake(id);
      return minutesView(tx, this.cipher, { ...m, status: 'MINUTES_APPROVED', approved_at: approvedAt }, audit, startedStepIds, 'unlogged');
    });
  }

  /** One decided item: the register's change, the person's next review, and the agreed steps (their ids). */
  private async carryOut(tx: EntityManager, ctx: AuditContext, audit: AuditRecorder, m: MeetingRow, memberAuthorityIds: string[], item: DecidedItemRow): Promise<string[]> {
    const meetingDate = copenhagenDate(new Date(m.starts_at));
    const minutes = decryptMinutes(this.cipher, item.id, item.key_id, item.minutes_ciphertext);
    const label = `Agenda item ${item.position}`;
    const row = await fokuspersonRepository.findWithForum(tx, item.fokusperson_id, ctx.actor.userId, true);
    if (!row) throw new NotFoundError('Fokusperson', item.fokusperson_id);
    const after = decideAgendaItem(row.status, { decision: item.decision, stepCount: minutes.steps.length, nextReviewDate: item.next_review_date }, meetingDate, label);
    if (item.decision === 'CONTINUE' || item.decision === 'CARRY_OVER') {
      audit.use({ action: 'UPDATE', resourceType: 'Fokusperson', resourceId: row.id, fokuspersonId: row.id, detail: `meeting decision ${item.decision}` });
    } else {
      const secrets = decryptSecrets(this.cipher, row);
      if (!secrets) throw new ConflictError(`${label}: the fokusperson has been anonymised`);
      await this.decisions.apply(tx, ctx, audit, { row, secrets }, { kind: item.decision as FokuspersonDecision, reason: minutes.reason, meetingId: m.id });
    }
    const review = after === 'ACTIVE' && item.decision !== 'CARRY_OVER' ? (item.next_review_date ?? defaultReviewDate(meetingDate, meetingPolicyOf(m.meeting_policy))) : null;
    if (item.decision !== 'CARRY_OVER') await meetingItemRepository.setNextReview(tx, row.id, review);
    if (minutes.steps.length === 0) return [];
    const plan = await this.agreed.newPlanVersion(tx, ctx, row.id, undefined, `Aftalt på PSP-mødet ${meetingDate}`, m.id);
    const person: StepPerson = { fokuspersonId: row.id, forumId: m.forum_id, memberAuthorityIds };
    const ids: string[] = [];
    for (const [k, s] of minutes.steps.entries()) ids.push(await this.agreed.create(tx, audit, person, plan, s, `${label} steps[${k}]: `));
    return ids;
  }
}
