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
import { appendAccessLog, lockStepCreation, PERSON_STATUSES_WITHOUT_STEPS, type StepActionSigner } from '@psp/persistence';
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
        const [row] = await tx.query(
          `SELECT s.status, s.assignee_user_id, s.owner_authority_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, p.status AS person_status
             FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id WHERE s.id = $1`,
          [input.stepId],
        );
        return row;
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
      const recipients: { id: string; email: string }[] =
        input.kind === 'ESCALATION'
          ? await dataSource.query(`SELECT id, email FROM app_user WHERE authority_id = $1 AND active AND 'SUPERVISOR' = ANY(roles) ORDER BY id`, [
              step.owner_authority_id,
            ])
          : await dataSource.query(`SELECT id, email FROM app_user WHERE id = $1`, [step.assignee_user_id]);
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
        const [user] = await tx.query(`SELECT username, authority_id, active FROM app_user WHERE id = $1`, [request.actor.userId]);
        if (!user || !user.active || user.username !== request.actor.username || user.authority_id !== request.actor.authorityId) {
          throw refuse('its actor is not an active user of that name and authority');
        }
        const snapshot = async (): Promise<StepSnapshot> => {
          const [row] = await tx.query(
            `SELECT id, status, assignee_user_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, version FROM step WHERE id = $1`,
            [request.stepId],
          );
          if (!row) throw new NotFoundError('Step', request.stepId);
          return { stepId: row.id, status: row.status, assigneeUserId: row.assignee_user_id, dueDate: row.due_date, version: row.version };
        };
        const eventKey = request.updateId ? `update:${request.stepId}:${request.updateId}` : null;
        if (eventKey) {
          const done = await tx.query(`SELECT 1 FROM step_event WHERE idempotency_key = $1`, [eventKey]);
          if (done.length > 0) return snapshot(); // a retried attempt of an applied update
        }
        const [row] = await tx.query(`SELECT status, fokusperson_id FROM step WHERE id = $1 FOR UPDATE`, [request.stepId]);
        if (!row) throw new NotFoundError('Step', request.stepId);
        const from = row.status as StepStatus;
        let to: StepStatus;
        const sets: string[] = [];
        const params: unknown[] = [request.stepId];
        const set = (column: string, value: unknown) => {
          params.push(value);
          sets.push(`${column} = $${params.length}`);
        };
        switch (request.action) {
          case 'REASSIGN':
            requireOpenStep(from);
            to = 'ASSIGNED';
            set('assignee_user_id', request.assigneeUserId);
            sets.push('assigned_at = now()');
            break;
          case 'CHANGE_DUE_DATE':
            requireOpenStep(from);
            to = from;
            set('due_date', request.dueDate);
            break;
          default:
            to = nextStepStatus(from, request.action);
        }
        set('status', to);
        set('block_reason', to === 'BLOCKED' ? request.blockReason : null);
        if (request.note) {
          // The note's own key id: the description keeps the key it was written with (key_id).
          set('note_key_id', request.note.keyId);
          set('note_ciphertext', Buffer.from(request.note.ciphertext, 'base64'));
        }
        if (to === 'DONE' || to === 'CANCELLED') sets.push('closed_at = now()');
        await tx.query(`UPDATE step SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`, params);
        await tx.query(
          `INSERT INTO step_event (step_id, idempotency_key, actor_user_id, action, from_status, to_status) VALUES ($1, $2, $3, $4, $5, $6)`,
          [request.stepId, eventKey ?? `direct:${request.stepId}:${Date.now()}`, request.actor.userId, request.action, from, to],
        );
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
        const [row] = await tx.query(`SELECT status FROM step WHERE id = $1 FOR SHARE`, [input.stepId]);
        return row ? { status: row.status as StepStatus } : null;
      });
    },
  };
}
