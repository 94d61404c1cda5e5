import { ApplicationFailure, Context } from '@temporalio/activity';
import type { StepStatus } from '@psp/domain';
import { stepNotice, type StepNoticeKind } from '@psp/documents';
import { findAppUser, findStepForNotice, listActiveSupervisors, lockStepCreation, PERSON_STATUSES_WITHOUT_STEPS, readStepFacts } from '@psp/persistence';
import type { StepFacts } from '@psp/workflow-contracts';
import type { DataSource } from 'typeorm';
import { deliverNotice, type NotifySettings } from './mail';

/** With retries after 1, 2, 4, 8, 16 and 32 s: about a minute. */
const STEP_MISSING_AFTER_ATTEMPTS = 7;

const REMINDS_WHEN: Record<StepNoticeKind, StepStatus[]> = {
  ASSIGNED: ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'BLOCKED'],
  ACK_REMINDER: ['ASSIGNED'],
  DUE_REMINDER: ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'],
  ESCALATION: ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'],
};

/** The assignee, who hears of the step's notices (none if the user is gone). */
async function assignee(dataSource: DataSource, userId: string): Promise<{ id: string; email: string }[]> {
  const user = await findAppUser(dataSource, userId);
  return user ? [{ id: user.id, email: user.email }] : [];
}

export function stepActivities(dataSource: DataSource, settings: NotifySettings) {
  return {
    /**
     * Sends one notice of a step to its recipients: an inbox row each and an e-mail each, both once
     * per idempotency key (workflow id + occasion + recipient). Reads the step first: the database
     * decides, so a notice for a step that was closed meanwhile is not sent.
     */
    async notifyStep(input: { stepId: string; kind: StepNoticeKind; key: string }): Promise<{ delivered: number; missing?: true }> {
      const { info } = Context.current();
      const workflowId = info.workflowExecution?.workflowId ?? `step-${input.stepId}`;
      const step = await dataSource.transaction(async (tx) => {
        // The api starts the workflow inside the transaction that creates the step: wait for it to end.
        await lockStepCreation(tx, input.stepId, 'read');
        return findStepForNotice(tx, input.stepId);
      });
      if (!step) {
        // The creating transaction rolled back, or the step is gone. Look again for about a
        // minute (the workflow may also have been started by hand), then the workflow ends.
        if (info.attempt >= STEP_MISSING_AFTER_ATTEMPTS) return { delivered: 0, missing: true };
        throw ApplicationFailure.retryable(`Step ${input.stepId} is not in the database (yet)`, 'StepNotFound');
      }
      if (!REMINDS_WHEN[input.kind].includes(step.status)) return { delivered: 0 };
      // A closed, rejected or anonymised person's steps are cancelled with them: no notice, even if the workflow has not heard yet.
      if ((PERSON_STATUSES_WITHOUT_STEPS as readonly string[]).includes(step.person_status)) return { delivered: 0 };
      const recipients = input.kind === 'ESCALATION' ? await listActiveSupervisors(dataSource, step.owner_authority_id) : await assignee(dataSource, step.assignee_user_id);
      const link = `${settings.webBaseUrl}/opgaver/${input.stepId}`;
      const { subject, body } = stepNotice(input.kind, step.due_date, link);
      let delivered = 0;
      for (const r of recipients) {
        if (await deliverNotice(dataSource, settings, { key: `${workflowId}:${input.key}:${r.id}`, kind: `STEP_${input.kind}`, link, recipient: r, subject, text: body })) delivered++;
      }
      return { delivered };
    },

    /**
     * The step as the database holds it, once the transaction that changed it has ended (it signals
     * the workflow before it commits, and holds the step's row until then): undefined if there is
     * no such step.
     */
    async readStep(input: { stepId: string }): Promise<StepFacts | null> {
      return (await dataSource.transaction((tx) => readStepFacts(tx, input.stepId))) ?? null;
    },
  };
}
