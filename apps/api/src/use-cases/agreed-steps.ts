import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RuleViolationError, validateDueDate } from '@psp/domain';
import { FieldCipher, findAppUser, findHelhedsplan, forumReminderPolicy, insertHelhedsplan, insertHelhedsplanVersion, insertStep, lockStepCreation, readHelhedsplanGoals, setCurrentHelhedsplanVersion, type NewStep } from '@psp/persistence';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import type { AuditRecorder } from '../audit/audited-transactions';
import { StepWorkflows } from '../steps/step-workflows';

/** The person a step is agreed for, and the forum's member authorities, one of which owns it. */
export interface StepPerson {
  fokuspersonId: string;
  forumId: string;
  memberAuthorityIds: string[];
}

/**
 * Agreeing steps of a helhedsplan, inside the caller's audited transaction: a new version of the
 * plan, and each step checked, written and its workflow started. Used by the route that adds a step
 * between meetings and by approving a meeting's minutes.
 */
@Injectable()
export class AgreedSteps {
  constructor(
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    @Inject(StepWorkflows) private readonly workflows: StepWorkflows,
  ) {}

  /** Adds a version of the plan (creating the plan at version 1): new goals, or the same goals with a change note; a meeting's when its minutes changed it. */
  async newPlanVersion(tx: EntityManager, ctx: AuditContext, fokuspersonId: string, goals: string[] | undefined, change: string, meetingId: string | null = null) {
    const plan = await findHelhedsplan(tx, fokuspersonId, true);
    let planId: string;
    let version = 1;
    let currentGoals: string[] = [];
    if (plan) {
      planId = plan.id;
      version = plan.current_version + 1;
      currentGoals = await readHelhedsplanGoals(tx, this.cipher, plan.id, plan.current_version);
      await setCurrentHelhedsplanVersion(tx, plan.id, version);
    } else {
      planId = await insertHelhedsplan(tx, fokuspersonId);
    }
    await insertHelhedsplanVersion(tx, this.cipher, planId, { version, createdByUserId: ctx.actor.userId, goals: goals ?? currentGoals, change, meetingId });
    return { id: planId, version };
  }

  /**
   * What a step must be to be agreed: a due date not in the past, an owner among the forum's member
   * authorities, an assignee who is an active user of the owner. `label` names the step in an error.
   */
  async check(tx: EntityManager, step: NewStep, memberAuthorityIds: string[], label = ''): Promise<NewStep> {
    const dueDate = validateDueDate(step.dueDate, new Date());
    if (!memberAuthorityIds.includes(step.ownerAuthorityId)) throw new RuleViolationError(`${label}ownerAuthorityId must be one of the forum’s member authorities`);
    await this.requireAssignee(tx, step.assigneeUserId, step.ownerAuthorityId, label);
    return { description: step.description, ownerAuthorityId: step.ownerAuthorityId, assigneeUserId: step.assigneeUserId, dueDate };
  }

  async requireAssignee(tx: EntityManager, userId: string, ownerAuthorityId: string, label = ''): Promise<void> {
    const user = await findAppUser(tx, userId);
    if (!user || !user.active) throw new RuleViolationError(`${label}assigneeUserId ${userId} is not an active user`);
    if (user.authorityId !== ownerAuthorityId) throw new RuleViolationError(`${label}The assignee must work in the step’s owner authority`);
  }

  /** Checks and creates a step of a plan version, logs it, and starts its workflow. Returns the step id. */
  async create(tx: EntityManager, audit: AuditRecorder, person: StepPerson, plan: { id: string; version: number }, step: NewStep, label = ''): Promise<string> {
    const stored = await this.check(tx, step, person.memberAuthorityIds, label);
    const id = randomUUID();
    // Agreed under its forum's reminder settings as they are now: the step keeps them (and its workflow runs by them).
    const reminderPolicy = await forumReminderPolicy(tx, person.forumId);
    const assignedAt = await insertStep(tx, this.cipher, { id, helhedsplanId: plan.id, planVersion: plan.version, fokuspersonId: person.fokuspersonId }, stored, reminderPolicy);
    // Inside the transaction: if Temporal refuses, no step is created. The workflow's first notice
    // waits for this transaction's end (the lock); if the commit fails, the workflow finds no step
    // for about a minute and ends (MISSING), having sent nothing.
    await lockStepCreation(tx, id, 'create');
    await this.workflows.start({ id }, { status: 'ASSIGNED', assigneeUserId: stored.assigneeUserId, dueDate: stored.dueDate, assignedAt: new Date(assignedAt).toISOString() }, reminderPolicy);
    audit.use({ action: 'CREATE', resourceType: 'Step', resourceId: id, fokuspersonId: person.fokuspersonId });
    return id;
  }
}
