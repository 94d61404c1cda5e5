import type { LocalDate, ReminderPolicy, StepEventKind, StepStatus } from '@psp/domain';
import { defineQuery, defineSignal } from '@temporalio/workflow';

export function stepWorkflowId(stepId: string): string {
  return `step-${stepId}`;
}

/**
 * Tells a step's workflow that its row changed (a change through the api, or its person closed,
 * rejected or anonymised). It carries nothing: the workflow re-reads the step once the
 * transaction that changed it has ended, and moves its timers, or ends if the step is closed.
 */
export const stepChanged = defineSignal('stepChanged');

export interface StepWorkflowState {
  status: StepStatus;
  assigneeUserId: string;
  dueDate: LocalDate;
  nextEvent: { kind: StepEventKind; at: string } | null;
}

export const stepState = defineQuery<StepWorkflowState>('state');

/** What a step's timers depend on, as the database holds it. */
export interface StepFacts {
  status: StepStatus;
  assigneeUserId: string;
  dueDate: LocalDate;
  /** ISO time: when the current assignee got the step. */
  assignedAt: string;
}

export interface StepWorkflowInput extends StepFacts {
  stepId: string;
  policy: ReminderPolicy;
  /** Keys of reminders already sent (carried over continue-as-new). */
  sent?: string[];
}
