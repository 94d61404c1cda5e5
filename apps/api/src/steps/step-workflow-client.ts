import { randomUUID } from 'node:crypto';
import { HttpException, HttpStatus } from '@nestjs/common';
import { AccessDeniedError, ConflictError, RuleViolationError, STEP_QUERY, STEP_UPDATE, stepWorkflowId, ValidationError, type StepWorkflowState } from '@psp/domain';
import type { StepActionSigner, UnsignedStepActionRequest } from '@psp/persistence';
import { ApplicationFailure, type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

const UPDATE_TIMEOUT_MS = 15_000;

/** Applies a change through the step's workflow Update; a refusal becomes the domain error it names. */
export async function updateStepWorkflow(temporal: Client, signer: StepActionSigner, stepId: string, unsigned: UnsignedStepActionRequest): Promise<void> {
  const handle = temporal.workflow.getHandle(stepWorkflowId(stepId));
  // The api names the Update and signs the request for this step and this Update: the worker
  // applies nothing else, and a replayed request is the Update already applied.
  const updateId = randomUUID();
  const request = signer.sign(stepId, updateId, unsigned);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpException('The step service did not answer in time; try again', HttpStatus.SERVICE_UNAVAILABLE)), UPDATE_TIMEOUT_MS);
  });
  try {
    await Promise.race([handle.executeUpdate(STEP_UPDATE, { args: [request], updateId }), timeout]);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      // Refused by the validator (an ApplicationFailure), or by the activity that applies it (an
      // ActivityFailure around one), e.g. when two changes of one step race.
      let cause: unknown = err.cause;
      while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
      if (cause instanceof ApplicationFailure) {
        if (cause.type === 'ConflictError') throw new ConflictError(cause.message);
        if (cause.type === 'ValidationError') throw new ValidationError(cause.message);
        if (cause.type === 'RuleViolationError') throw new RuleViolationError(cause.message);
        if (cause.type === 'NotFoundError') throw new ConflictError('The step no longer exists');
        // The worker refused the actor (deactivated meanwhile): the change is not made.
        if (cause.type === 'AccessDeniedError') throw new AccessDeniedError(cause.message);
      }
    }
    if (err instanceof WorkflowNotFoundError) throw new ConflictError('The step is closed and cannot be changed');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The step workflow's next reminder or escalation; null when it has ended or no worker answers. */
export async function stepNextEvent(temporal: Client, stepId: string): Promise<StepWorkflowState['nextEvent']> {
  try {
    const state = await temporal.workflow.getHandle(stepWorkflowId(stepId)).query<StepWorkflowState>(STEP_QUERY);
    return state.nextEvent;
  } catch {
    return null; // a finished step has no next deadline; a query needs a running worker
  }
}
