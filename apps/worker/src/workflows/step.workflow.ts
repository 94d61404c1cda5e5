import { isOpenStep, nextStepEvent, type StepStatus } from '@psp/domain';
import { stepChanged, stepState, type StepFacts, type StepWorkflowInput } from '@psp/workflow-contracts';
import { continueAsNew, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { LOCAL_NOTICES_PATCH } from './patches';
import { recordChanges } from './record-changes';

const { notifyStep: notifyStepAsActivity } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
// A notice is a few idempotent database writes (the mailer sends the e-mail), and reading the step
// one query: both run as local activities, inside the workflow task, without a round trip through
// the task queue.
const { notifyStep: notifyStepLocally, readStep } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});
/** Histories written before notices became local activities replay as they were recorded. */
const notifyStep = (input: Parameters<Activities['notifyStep']>[0]) => (patched(LOCAL_NOTICES_PATCH) ? notifyStepLocally(input) : notifyStepAsActivity(input));

/**
 * One per helhedsplan step (id `step-<stepId>`). Owns every timer of the step: the assignee's
 * notification, the acknowledgement reminder, due reminders, escalation to the owner authority's
 * supervisors and re-escalation, until the step is done or cancelled (a blocked step waits
 * silently). The database owns the step: the api changes its row (with the history entry and the
 * access-log row, in one transaction) and signals; the workflow re-reads the row and moves its
 * timers. Nothing sent to the workflow can change the step or write to the access log.
 */
export async function stepWorkflow(input: StepWorkflowInput): Promise<StepStatus | 'MISSING'> {
  const sent = new Set(input.sent ?? []);
  let facts: StepFacts = { status: input.status, assigneeUserId: input.assigneeUserId, dueDate: input.dueDate, assignedAt: input.assignedAt };
  const changes = recordChanges(stepChanged);
  const next = () => nextStepEvent({ ...facts, assignedAt: new Date(facts.assignedAt) }, sent, input.policy);
  setHandler(stepState, () => {
    const ev = next();
    return { status: facts.status, assigneeUserId: facts.assigneeUserId, dueDate: facts.dueDate, nextEvent: ev ? { kind: ev.kind, at: ev.at.toISOString() } : null };
  });

  while (isOpenStep(facts.status)) {
    if (changes.take()) {
      const row = await readStep({ stepId: input.stepId });
      if (!row) return 'MISSING';
      facts = row;
      continue;
    }
    const assignedKey = `assigned-${facts.assigneeUserId}`;
    if (!sent.has(assignedKey)) {
      if ((await notifyStep({ stepId: input.stepId, kind: 'ASSIGNED', key: assignedKey })).missing) return 'MISSING';
      sent.add(assignedKey);
      continue;
    }
    const ev = next();
    if (!(await changes.changedBefore(ev?.at)) && ev) {
      if ((await notifyStep({ stepId: input.stepId, kind: ev.kind, key: ev.key })).missing) return 'MISSING';
      sent.add(ev.key);
    }
    if (workflowInfo().continueAsNewSuggested && !changes.pending) {
      await continueAsNew<typeof stepWorkflow>({ ...input, ...facts, sent: [...sent] });
    }
  }
  return facts.status;
}
