import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  NotFoundError,
  nextStepStatus,
  requireOpenStep,
  type StepActionRequest,
  type StepSnapshot,
  type StepStatus,
} from '@psp/domain';
import { stepNotice, type StepNoticeKind } from '@psp/documents';
import {
  appendAccessLog,
  findAppUser,
  findStepForNotice,
  insertStepEvent,
  listActiveSupervisors,
  lockStep,
  lockStepCreation,
  PERSON_STATUSES_WITHOUT_STEPS,
  readStepSnapshot,
  readStepStatusForShare,
  stepEventRecorded,
  updateStep,
  type StepActionSigner,
  type StepChange,
} from '@psp/persistence';
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

/** A step change that is not the api's: refused for good (no retry), nothing written; the worker logs it as a failed activity. */
function refuse(why: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`The step change was refused: ${why}`, 'AccessDeniedError');
}

/** The assignee, who hears of the step's notices (none if the user is gone). */
async function assignee(dataSource: DataSource, userId: string): Promise<{ id: string; email: string }[]> {
  const user = await findAppUser(dataSource, userId);
  return user ? [{ id: user.id, email: user.email }] : [];
}

/** The row change a validated action makes of a step in status `from`. */
function stepChange(from: StepStatus, request: StepActionRequest): StepChange {
  let to: StepStatus;
  let moved: Pick<StepChange, 'assigneeUserId' | 'dueDate'> = {};
  switch (request.action) {
    case 'REASSIGN':
      requireOpenStep(from);
      to = 'ASSIGNED';
      moved = { assigneeUserId: request.assigneeUserId };
      break;
    case 'CHANGE_DUE_DATE':
      requireOpenStep(from);
      to = from;
      moved = { dueDate: request.dueDate };
      break;
    default:
      to = nextStepStatus(from, request.action);
  }
  return {
    ...moved,
    status: to,
    blockReason: to === 'BLOCKED' ? (request.blockReason ?? null) : null,
    // The note's own key id: the description keeps the key it was written with (key_id).
    note: request.note ? { keyId: request.note.keyId, ciphertext: Buffer.from(request.note.ciphertext, 'base64') } : undefined,
    closes: to === 'DONE' || to === 'CANCELLED',
  };
}

export function stepActivities(dataSource: DataSource, settings: NotifySettings, signer: StepActionSigner) {
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
     * Applies a change the workflow has validated: the step row, its history and the access log, in
     * one transaction. Only a change the api signed for this step and this Update is applied, and
     * only for an actor who is an active user as named: whoever reaches Temporal can send the
     * workflow an Update, but cannot put an actor into the access log.
     */
    async applyStepAction(input: StepActionRequest & { stepId: string; updateId: string | null }): Promise<StepSnapshot> {
      const { stepId, updateId, ...fields } = input;
      if (!signer.verify(stepId, updateId, fields)) throw refuse('it does not carry the api\'s signature for this step and Update');
      const request = { ...fields, stepId, updateId };
      return dataSource.transaction(async (tx) => {
        const user = await findAppUser(tx, request.actor.userId);
        if (!user || !user.active || user.username !== request.actor.username || user.authorityId !== request.actor.authorityId) {
          throw refuse('its actor is not an active user of that name and authority');
        }
        const snapshot = async (): Promise<StepSnapshot> => {
          const row = await readStepSnapshot(tx, request.stepId);
          if (!row) throw new NotFoundError('Step', request.stepId);
          return row;
        };
        const eventKey = request.updateId ? `update:${request.stepId}:${request.updateId}` : null;
        if (eventKey) {
          if (await stepEventRecorded(tx, eventKey)) return snapshot(); // a retried attempt of an applied update
        }
        const row = await lockStep(tx, request.stepId);
        if (!row) throw new NotFoundError('Step', request.stepId);
        const from = row.status;
        const change = stepChange(from, request);
        const to = change.status;
        await updateStep(tx, request.stepId, change);
        await insertStepEvent(tx, {
          stepId: request.stepId,
          idempotencyKey: eventKey ?? `direct:${request.stepId}:${Date.now()}`,
          actorUserId: request.actor.userId,
          action: request.action,
          fromStatus: from,
          toStatus: to,
        });
        await appendAccessLog(tx, {
          actor: request.actor,
          action: 'UPDATE',
          resourceType: 'Step',
          resourceId: request.stepId,
          fokuspersonId: row.fokusperson_id,
          purpose: request.purpose,
          outcome: 'ALLOWED',
          detail: `${request.action}: ${from} -> ${to}`,
          requestId: request.requestId,
          clientAddress: request.clientAddress,
        });
        return snapshot();
      });
    },

    /**
     * A step's status once the transaction that closed, rejected or anonymised its person has ended
     * (it holds the step's row until it commits or rolls back): CANCELLED if it committed.
     */
    async readStepAfterPersonClosed(input: { stepId: string }): Promise<{ status: StepStatus } | null> {
      return dataSource.transaction(async (tx) => {
        const status = await readStepStatusForShare(tx, input.stepId);
        return status ? { status } : null;
      });
    },
  };
}
