import { Inject, Injectable } from '@nestjs/common';
import {
  allowedStepActions,
  ConflictError,
  daysPastDue,
  decideStepAccess,
  isOpenStep,
  isOverdue,
  requireOpenStep,
  stepWorkflowMustHear,
  upcomingStepEvent,
  type ActorContext,
  type StepAccess,
  type StepChangeRequest,
  type StepTimelineState,
} from '@psp/domain';
import {
  changeStep,
  decryptName,
  decryptStepText,
  FieldCipher,
  findStep,
  findStepContext,
  listOpenStepsOfAssignee,
  listStepEvents,
  readHelhedsplanGoals,
  lockStep,
  stepAad,
  type NewStep,
  type StepRow,
} from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditedTransactions, type AuditRecorder } from '../audit/audited-transactions';
import { requireNeedToKnow } from '../audit/need-to-know';
import { RegisterAccess } from '../fokuspersoner/register-access';
import { AgreedSteps } from '../use-cases/agreed-steps';
import { stepView } from './step-view';
import { StepWorkflows } from './step-workflows';
import type { StepDetailView, TaskView } from './steps.dto';

/** A change a route asks for: the action, its fields, and its note (outcome, block text or reason) in clear. */
export type StepChangeAsked = StepChangeRequest & { note?: string };

/**
 * Steps of helhedsplaner. Every read, creation and change is one audited transaction here; the
 * step's workflow is started with it, or signalled to re-read it (StepWorkflows).
 */
/** What a step's reminders are computed from (libs/domain), from its row. */
const timelineOf = (step: StepRow): StepTimelineState => ({ status: step.status, assigneeUserId: step.assignee_user_id, assignedAt: step.assigned_at, dueDate: step.due_date });

@Injectable()
export class StepsService {
  constructor(
    @Inject(AuditedTransactions) private readonly audited: AuditedTransactions,
    @Inject(RegisterAccess) private readonly register: RegisterAccess,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(StepWorkflows) private readonly workflows: StepWorkflows,
    @Inject(AgreedSteps) private readonly agreed: AgreedSteps,
  ) {}

  addStep(ctx: AuditContext, fokuspersonId: string, step: NewStep): Promise<StepDetailView> {
    return this.audited.run(ctx, async (tx, audit) => {
      const { row, forum } = await this.register.load(tx, ctx, fokuspersonId, 'UPDATE', audit, true);
      if (row.status !== 'ACTIVE') throw new ConflictError(`Steps are agreed for an ACTIVE fokusperson; this one is ${row.status}`);
      const plan = await this.agreed.newPlanVersion(tx, ctx, fokuspersonId, undefined, `Handling tilføjet: frist ${step.dueDate}`);
      const id = await this.agreed.create(tx, audit, { fokuspersonId, forumId: row.forum_id, memberAuthorityIds: forum.memberAuthorityIds }, plan, step);
      // The CREATE row above records this use of the person.
      return this.detailView(tx, ctx, (await findStep(tx, id, ctx.actor.userId))!);
    });
  }

  getStep(ctx: AuditContext, stepId: string): Promise<StepDetailView> {
    return this.audited.read(ctx, async (db, audit) => {
      const step = await this.loadStep(db, ctx, stepId, 'READ', audit);
      audit.use({ action: 'READ', resourceType: 'Step', resourceId: stepId, fokuspersonId: step.fokusperson_id });
      return this.detailView(db, ctx, step);
    });
  }

  /**
   * The step with what its page needs: the person (name and tovholder, never the CPR number), the
   * plan's goals, forum, owner and assignee, its history, and what the caller may do with it now.
   */
  private async detailView(tx: EntityManager, ctx: AuditContext, step: StepRow): Promise<StepDetailView> {
    const c = (await findStepContext(tx, step.id))!;
    const events = await listStepEvents(tx, step.id);
    // From the row and the settings the step was agreed under, as its workflow runs them (libs/domain).
    const next = upcomingStepEvent(timelineOf(step), step.reminder_policy, new Date());
    return {
      ...stepView(this.cipher, step),
      note: decryptStepText(this.cipher, step.id, 'note', step.note_key_id, step.note_ciphertext),
      nextEvent: next && { kind: next.kind, at: next.at.toISOString() },
      fokusperson: {
        id: step.fokusperson_id,
        name: decryptName(this.cipher, step.fokusperson_id, c.person_key_id, c.name_ciphertext),
        leadAuthority: c.lead_id ? { id: c.lead_id, name: c.lead_name! } : null,
      },
      goals: await readHelhedsplanGoals(tx, this.cipher, c.plan_id, c.current_version),
      forum: { id: step.forum_id, name: c.forum_name },
      ownerAuthority: { id: step.owner_authority_id, name: c.owner_name },
      assignee: { id: step.assignee_user_id, displayName: c.assignee_name },
      history: events.map((e) => ({
        at: e.at,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        reason: e.reason,
        actor: e.actor_user_id && e.display_name ? { id: e.actor_user_id, displayName: e.display_name } : null,
      })),
      allowedActions: allowedStepActions(this.actorContext(ctx, step), {
        assigneeUserId: step.assignee_user_id,
        ownerAuthorityId: step.owner_authority_id,
        forumId: step.forum_id,
        status: step.status,
      }),
    };
  }

  /**
   * Changes a step in one audited transaction: its row locked, the caller's access decided (refusals
   * logged), the transition's rule run once (libs/domain), the row, its history and the log row
   * written, and the workflow told to re-read it before the commit when the change alters what it acts
   * on (libs/domain `stepWorkflowMustHear`). The answer is the step as it is now.
   */
  async act(ctx: AuditContext, stepId: string, access: StepAccess, ask: (step: StepRow, tx: EntityManager) => Promise<StepChangeAsked>): Promise<StepDetailView> {
    return this.audited.run(ctx, async (tx, audit): Promise<StepDetailView> => {
      const locked = await lockStep(tx, stepId);
      const step = await this.loadStep(tx, ctx, stepId, access, audit);
      requireOpenStep(step.status); // said first: a closed step takes no change, whatever else is wrong
      const { note, ...request } = await ask(step, tx);
      const { from, to } = await changeStep(tx, locked!, request, { actorUserId: ctx.actor.userId, note: note === undefined ? undefined : this.encryptNote(stepId, note), now: new Date() });
      audit.use({ action: 'UPDATE', resourceType: 'Step', resourceId: stepId, fokuspersonId: step.fokusperson_id, detail: `${request.action}: ${from} -> ${to}` });
      const changed = (await findStep(tx, stepId, ctx.actor.userId))!;
      // Only a change that alters what the workflow acts on is signalled (starting an acknowledged step is not).
      if (stepWorkflowMustHear(timelineOf(step), timelineOf(changed))) {
        await this.workflows.wake(tx, { id: stepId, open: isOpenStep(to), reminderPolicy: step.reminder_policy });
      }
      audit.use({ action: 'READ', resourceType: 'Step', resourceId: stepId, fokuspersonId: step.fokusperson_id });
      return this.detailView(tx, ctx, changed);
    });
  }

  /** A note (outcome, block text, reason) encrypted for the step's row, with its own key id. */
  private encryptNote(stepId: string, text: string): { keyId: string; ciphertext: Buffer } {
    const keyId = this.cipher.activeKeyId;
    return { keyId, ciphertext: this.cipher.encrypt(text, stepAad(stepId, 'note'), keyId) };
  }

  myTasks(ctx: AuditContext, status: string | undefined): Promise<TaskView[]> {
    return this.audited.read(ctx, async (db, audit) => {
      const rows = await listOpenStepsOfAssignee(db, ctx.actor.userId, status);
      audit.use({ action: 'SEARCH', resourceType: 'Step', query: `assignee=me;status=${status ?? 'open'}`, fokuspersonIds: rows.map((r) => r.fokusperson_id) });
      const now = new Date();
      return rows.map((r) => ({
        stepId: r.id,
        description: decryptStepText(this.cipher, r.id, 'description', r.key_id, r.description_ciphertext),
        dueDate: r.due_date,
        status: r.status,
        blockReason: r.block_reason,
        overdue: isOverdue(r.status, r.due_date, now),
        daysOverdue: daysPastDue(r.due_date, now),
        fokusperson: { id: r.fokusperson_id, name: decryptName(this.cipher, r.fokusperson_id, r.person_key_id, r.name_ciphertext) },
      }));
    });
  }

  /** The caller with the step's forum if they are a member of it: what the step policy needs to know. */
  private actorContext(ctx: AuditContext, step: StepRow): ActorContext {
    return { ...ctx.actor, forumIds: step.user_is_member ? [step.forum_id] : [] };
  }

  private async loadStep(tx: EntityManager, ctx: AuditContext, stepId: string, access: StepAccess, audit: AuditRecorder): Promise<StepRow> {
    return requireNeedToKnow(ctx.actor, {
      record: await findStep(tx, stepId, ctx.actor.userId),
      kind: 'Step',
      id: stepId,
      facts: (step) => ({ forumId: step.forum_id, actorIsMember: step.user_is_member }),
      decide: (actor, step) => decideStepAccess(actor, access, { assigneeUserId: step.assignee_user_id, ownerAuthorityId: step.owner_authority_id, forumId: step.forum_id }),
      audit,
      logged: (step) => ({ resourceType: 'Step', resourceId: stepId, fokuspersonId: step.fokusperson_id }),
    });
  }
}
