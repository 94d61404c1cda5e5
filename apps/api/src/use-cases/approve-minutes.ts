import { Inject, Injectable } from '@nestjs/common';
import {
  ConflictError,
  copenhagenDate,
  decideAgendaItem,
  defaultReviewDate,
  DomainError,
  meetingPolicyOf,
  NotFoundError,
  type FokuspersonDecision,
  type FokuspersonStatus,
} from '@psp/domain';
import {
  decryptSecrets,
  FieldCipher,
  fokuspersonRepository,
  listAppUsers,
  listAuthorities,
  meetingItemRepository,
  meetingRepository,
  type DecidedItemRow,
  type FokuspersonRow,
  type MeetingRow,
} from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { meetingFor } from '../meetings/meeting-access';
import { MeetingWorkflows } from '../meetings/meeting-workflows';
import type { ApprovalPreview, MinutesView } from '../meetings/minutes.dto';
import { decryptMinutes, minutesView, type ItemMinutes } from '../meetings/minutes-view';
import { AgreedSteps, type StepPerson } from './agreed-steps';
import { RegisterDecisions } from './register-decisions';

/** Approve the minutes of this meeting (the route's id, checked to be a UUID before it gets here). */
export interface ApproveMinutesCommand {
  meetingId: string;
}

/** What approving does with one decided item: the person's status after, their next review, the agreed steps. */
interface ItemPlan {
  item: DecidedItemRow;
  row: FokuspersonRow;
  minutes: ItemMinutes;
  after: FokuspersonStatus;
  review: string | null;
  label: string;
}

/**
 * Approving a meeting's minutes, the command that touches the most: in one audited transaction,
 * each decided item changes the register by its rules (RegisterDecisions: retention starts for a
 * rejected or closed person), its agreed steps join a new version of the helhedsplan and start
 * (AgreedSteps), review dates are set, and the minutes are locked. Undecided items carry over.
 * `preview` shows the same plan without doing it.
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
        startedStepIds.push(...(await this.carryOut(tx, ctx, audit, m, forum.memberAuthorityIds, await this.plan(tx, ctx, m, item, true))));
      }
      const approvedAt = await meetingRepository.approveMinutes(tx, id, ctx.actor.userId);
      audit.use({ action: 'UPDATE', resourceType: 'Minutes', resourceId: id, detail: `minutes approved: ${items.length} decisions, ${startedStepIds.length} steps` });
      await this.workflows.wake(id);
      return minutesView(tx, this.cipher, { ...m, status: 'MINUTES_APPROVED', approved_at: approvedAt }, audit, startedStepIds, 'unlogged');
    });
  }

  /**
   * What approving the minutes as they are saved now would do: each decided person's change and
   * next review, and each step with its owner, assignee and due date; a decision that no longer fits
   * is named as a problem instead. Writes nothing but the log rows of the persons it shows.
   */
  preview(ctx: AuditContext, command: ApproveMinutesCommand): Promise<ApprovalPreview> {
    return this.audited.run(ctx, async (tx, audit) => {
      const m = await meetingFor(tx, ctx.actor, command.meetingId, 'DECIDE', audit);
      if (m.status === 'MINUTES_APPROVED') throw new ConflictError('The minutes are already approved and locked');
      const authorities = new Map((await listAuthorities(tx)).map((a) => [a.id, a.name]));
      const users = new Map((await listAppUsers(tx)).map((u) => [u.id, u.displayName]));
      const preview: ApprovalPreview = { meetingId: m.id, version: m.minutes_version, persons: [], steps: [], problems: [] };
      for (const item of await meetingItemRepository.decided(tx, m.id)) {
        let plan: ItemPlan;
        try {
          plan = await this.plan(tx, ctx, m, item, false);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          preview.problems.push(err.message);
          continue;
        }
        const name = decryptSecrets(this.cipher, plan.row)?.name ?? null;
        preview.persons.push({ fokuspersonId: plan.row.id, name, decision: item.decision, fromStatus: plan.row.status, toStatus: plan.after, nextReviewDate: plan.review });
        for (const s of plan.minutes.steps) {
          preview.steps.push({
            fokuspersonId: plan.row.id,
            name,
            description: s.description,
            ownerAuthority: { id: s.ownerAuthorityId, name: authorities.get(s.ownerAuthorityId) ?? s.ownerAuthorityId },
            assignee: { id: s.assigneeUserId, displayName: users.get(s.assigneeUserId) ?? s.assigneeUserId },
            dueDate: s.dueDate,
          });
        }
      }
      const shown = preview.persons.map((p) => p.fokuspersonId);
      audit.use({ action: 'READ', resourceType: 'Minutes', resourceId: m.id, fokuspersonIds: shown, detail: shown.length ? 'approval preview' : 'approval preview: no decided person' });
      return preview;
    });
  }

  /** What one decided item will do, by the register's rules as the person stands now (`lock`: for the change). */
  private async plan(tx: EntityManager, ctx: AuditContext, m: MeetingRow, item: DecidedItemRow, lock: boolean): Promise<ItemPlan> {
    const meetingDate = copenhagenDate(new Date(m.starts_at));
    const minutes = decryptMinutes(this.cipher, item.id, item.key_id, item.minutes_ciphertext);
    const label = `Agenda item ${item.position}`;
    const row = await fokuspersonRepository.findWithForum(tx, item.fokusperson_id, ctx.actor.userId, lock);
    if (!row) throw new NotFoundError('Fokusperson', item.fokusperson_id);
    const after = decideAgendaItem(row.status, { decision: item.decision, stepCount: minutes.steps.length, nextReviewDate: item.next_review_date }, meetingDate, label);
    const review = after === 'ACTIVE' && item.decision !== 'CARRY_OVER' ? (item.next_review_date ?? defaultReviewDate(meetingDate, meetingPolicyOf(m.meeting_policy))) : null;
    return { item, row, minutes, after, review, label };
  }

  /** Carries out one item's plan: the register's change, the person's next review, and the agreed steps (their ids). */
  private async carryOut(tx: EntityManager, ctx: AuditContext, audit: AuditRecorder, m: MeetingRow, memberAuthorityIds: string[], plan: ItemPlan): Promise<string[]> {
    const { item, row, minutes, label } = plan;
    if (item.decision === 'CONTINUE' || item.decision === 'CARRY_OVER') {
      audit.use({ action: 'UPDATE', resourceType: 'Fokusperson', resourceId: row.id, fokuspersonId: row.id, detail: `meeting decision ${item.decision}` });
    } else {
      const secrets = decryptSecrets(this.cipher, row);
      if (!secrets) throw new ConflictError(`${label}: the fokusperson has been anonymised`);
      await this.decisions.apply(tx, ctx, audit, { row, secrets }, { kind: item.decision as FokuspersonDecision, reason: minutes.reason, meetingId: m.id });
    }
    if (item.decision !== 'CARRY_OVER') await meetingItemRepository.setNextReview(tx, row.id, plan.review);
    if (minutes.steps.length === 0) return [];
    const meetingDate = copenhagenDate(new Date(m.starts_at));
    const version = await this.agreed.newPlanVersion(tx, ctx, row.id, undefined, `Aftalt på PSP-mødet ${meetingDate}`, m.id);
    const person: StepPerson = { fokuspersonId: row.id, forumId: m.forum_id, memberAuthorityIds };
    const ids: string[] = [];
    for (const [k, s] of minutes.steps.entries()) ids.push(await this.agreed.create(tx, audit, person, version, s, `${label} steps[${k}]: `));
    return ids;
  }
}
