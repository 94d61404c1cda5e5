import {
  isOpenStep,
  nextStepEvent,
  nextStepStatus,
  requireOpenStep,
  STEP_PERSON_CLOSED_SIGNAL,
  STEP_QUERY,
  STEP_UPDATE,
  validateDueDate,
  type StepActionRequest,
  type StepSnapshot,
  type StepStatus,
  type StepWorkflowInput,
  type StepWorkflowState,
} from '@psp/domain';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LOCAL_NOTICES_PATCH } from './patches';

const { applyStepAction, notifyStep: notifyStepAsActivity, readStepAfterPersonClosed } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2, nonRetryableErrorTypes: ['ConflictError', 'NotFoundError'] },
});
// A notice is a few idempotent database writes (the mailer sends the e-mail), so it runs as a
// local activity: inside the workflow task, without a round trip through the task queue.
const { notifyStep: notifyStepLocally } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
/** Histories written before notices became local activities replay as they were recorded. */
const notifyStep = (input: Parameters<Activities['notifyStep']>[0]) => (patched(LOCAL_NOTICES_PATCH) ? notifyStepLocally(input) : notifyStepAsActivity(input));

export const stepAct = defineUpdate<StepSnapshot, [StepActionRequest]>(STEP_UPDATE);
export const stepState = defineQuery<StepWorkflowState>(STEP_QUERY);
export const personClosed = defineSignal(STEP_PERSON_CLOSED_SIGNAL);

/**
 * One per helhedsplan step (id `step-<stepId>`). Owns every timer of the step: the assignee's
 * notification, the acknowledgement reminder, due reminders, escalation to the owner authority's
 * supervisors and re-escalation, until the step is done or cancelled (a blocked step waits
 * silently). Every change comes in as an Update, validated by the domain rules and persisted by an
 * activity before it is acknowledged, so no transition or timer change is lost to a crash.
 */
export async function stepWorkflow(input: StepWorkflowInput): Promise<StepStatus | 'MISSING'> {
  const sent = new Set(input.sent ?? []);
  const state = { status: input.status, assigneeUserId: input.assigneeUserId, dueDate: input.dueDate, assignedAt: new Date(input.assignedAt) };
  let changed = false;
  /** The person was closed, rejected or anonymised: the step's row says whether it was cancelled with them. */
  let recheck = false;

  const next = () => nextStepEvent(state, sent, input.policy);
  setHandler(personClosed, () => {
    recheck = true;
    changed = true;
  });
  setHandler(stepState, () => {
    const ev = next();
    return { status: state.status, assigneeUserId: state.assigneeUserId, dueDate: state.dueDate, nextEvent: ev ? { kind: ev.kind, at: ev.at.toISOString() } : null };
  });
  setHandler(
    stepAct,
    async (request) => {
      const snapshot = await applyStepAction({ ...request, stepId: input.stepId, updateId: currentUpdateInfo()?.id ?? null });
      if (snapshot.assigneeUserId !== state.assigneeUserId) state.assignedAt = new Date(Date.now());
      state.status = snapshot.status;
      state.assigneeUserId = snapshot.assigneeUserId;
      state.dueDate = snapshot.dueDate;
      changed = true;
      return snapshot;
    },
    {
      // Refused here, an Update leaves no trace in the history and nothing is written.
      validator: (request) => {
        // Only the api's requests are applied: the activity checks the signature (keys stay out of
        // workflow code); an unsigned one is refused before it enters the history.
        if (typeof request?.signature !== 'string' || request.signature === '') {
          throw ApplicationFailure.nonRetryable('The step change was refused: it is not signed by the api', 'AccessDeniedError');
        }
        switch (request.action) {
          case 'REASSIGN':
            requireOpenStep(state.status);
            break;
          case 'CHANGE_DUE_DATE':
            requireOpenStep(state.status);
            validateDueDate(request.dueDate, new Date(Date.now()));
            break;
          default:
            nextStepStatus(state.status, request.action);
        }
      },
    },
  );

  while (isOpenStep(state.status)) {
    if (recheck) {
      recheck = false;
      const row = await readStepAfterPersonClosed({ stepId: input.stepId });
      if (row) state.status = row.status;
      continue;
    }
    const assignedKey = `assigned-${state.assigneeUserId}`;
    if (!sent.has(assignedKey)) {
      if ((await notifyStep({ stepId: input.stepId, kind: 'ASSIGNED', key: assignedKey })).missing) return 'MISSING';
      sent.add(assignedKey);
      continue;
    }
    const ev = next();
    const wait = ev ? ev.at.getTime() - Date.now() : undefined;
    const woken = wait === undefined ? await condition(() => changed) : wait > 0 ? await condition(() => changed, wait) : false;
    if (woken) {
      changed = false;
    } else if (ev) {
      if ((await notifyStep({ stepId: input.stepId, kind: ev.kind, key: ev.key })).missing) return 'MISSING';
      sent.add(ev.key);
    }
    if (workflowInfo().continueAsNewSuggested && !recheck) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof stepWorkflow>({ ...input, ...state, assignedAt: state.assignedAt.toISOString(), sent: [...sent] });
    }
  }
  await condition(allHandlersFinished);
  return state.status;
}
