import { stepChanged, stepWorkflowId } from '@psp/workflow-contracts';
import { getExternalWorkflowHandle } from '@temporalio/workflow';

/**
 * Tells the workflows of steps that were cancelled with their person (closed, rejected or
 * anonymised) to re-read their step and end. A workflow that has ended already needs nothing.
 */
export async function endStepWorkflows(stepIds: readonly string[]): Promise<void> {
  for (const stepId of stepIds) {
    try {
      await getExternalWorkflowHandle(stepWorkflowId(stepId)).signal(stepChanged);
    } catch {
      // Not running (done, ended MISSING, or never started): the database already says CANCELLED.
    }
  }
}
