import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from '@psp/domain';
import { readStepFacts } from '@psp/persistence';
import { stepChanged, stepWorkflowId, WORKFLOWS, type StepFacts, type StepWorkflowInput } from '@psp/workflow-contracts';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import { API_CONFIG } from '../config.token';

/**
 * What the api asks of Temporal about steps. The database owns a step; its workflow owns the
 * step's timers (docs/architecture.md, "Records with timers"): the api starts it with the new
 * step, and after each change signals it to re-read the row.
 */
@Injectable()
export class StepWorkflows {
  private readonly logger = new Logger(StepWorkflows.name);

  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Starts the new step's workflow, with the reminder settings the step is agreed under (null: the defaults). */
  async start(step: { id: string }, facts: StepFacts, reminderPolicy: Partial<ReminderPolicy> | null): Promise<void> {
    const input: StepWorkflowInput = { stepId: step.id, ...facts, policy: { ...DEFAULT_REMINDER_POLICY, ...(reminderPolicy ?? {}) } };
    await this.temporal.workflow.start(WORKFLOWS.step, { workflowId: stepWorkflowId(step.id), taskQueue: this.config.temporal.taskQueue, args: [input] });
  }

  /**
   * Tells the step's workflow, inside the transaction that changed the step (so that, if Temporal
   * refuses, nothing is changed): it re-reads the row once this transaction has ended. An open step
   * whose workflow is gone gets a new one, so its reminders go on (notices already sent are not
   * sent again: each has its idempotency key).
   */
  async wake(tx: EntityManager, step: { id: string; open: boolean; reminderPolicy: Partial<ReminderPolicy> | null }): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(stepWorkflowId(step.id)).signal(stepChanged);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      if (!step.open) return; // closed now: no timers to keep
      this.logger.warn({ stepId: step.id }, 'An open step had no running workflow: it is started again');
      await this.start(step, (await readStepFacts(tx, step.id))!, step.reminderPolicy);
    }
  }
}
