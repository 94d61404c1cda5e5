import { planStepChange, type StepAction, type StepChangeRequest, type StepStatus, type StepTransition } from '@psp/domain';
import type { StepFacts } from '@psp/workflow-contracts';
import type { DataSource, EntityManager } from 'typeorm';

/** What a step's notice needs to know: whether it still reminds, whom, and of which date. */
export interface StepNoticeRow {
  status: StepStatus;
  assignee_user_id: string;
  owner_authority_id: string;
  /** YYYY-MM-DD */
  due_date: string;
  person_status: string;
}

/** A planned change of one step (libs/domain's planStepChange), with its encrypted note. */
export type StepChange = StepTransition & {
  /** The note's own key id: the description keeps the key it was written with. */
  note?: { keyId: string; ciphertext: Buffer };
};

/** A step's row as locked for a change. */
export interface LockedStep {
  id: string;
  status: StepStatus;
  fokusperson_id: string;
  version: number;
}

/** One entry of a step's history, written once per idempotency key. */
export interface NewStepEvent {
  stepId: string;
  idempotencyKey: string;
  actorUserId: string;
  action: StepAction;
  fromStatus: StepStatus;
  toStatus: StepStatus;
}

export async function findStepForNotice(db: DataSource | EntityManager, stepId: string): Promise<StepNoticeRow | undefined> {
  const [row]: StepNoticeRow[] = await db.query(
    `SELECT s.status, s.assignee_user_id, s.owner_authority_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, p.status AS person_status
       FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id WHERE s.id = $1`,
    [stepId],
  );
  return row;
}

/** The active supervisors of the authority, who hear of an escalated step. */
export async function listActiveSupervisors(db: DataSource | EntityManager, authorityId: string): Promise<{ id: string; email: string }[]> {
  return db.query(`SELECT id, email FROM app_user WHERE authority_id = $1 AND active AND 'SUPERVISOR' = ANY(roles) ORDER BY id`, [authorityId]);
}

/**
 * What the step's workflow times its notices by, once the transactions holding its row have ended
 * (a shared lock): a change through the api, or its person's closing, signals the workflow before
 * it commits. Undefined if there is no such step.
 */
export async function readStepFacts(tx: EntityManager, stepId: string): Promise<StepFacts | undefined> {
  const [row]: StepFacts[] = await tx.query(
    `SELECT status, assignee_user_id AS "assigneeUserId", to_char(due_date, 'YYYY-MM-DD') AS "dueDate",
            to_char(assigned_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "assignedAt"
       FROM step WHERE id = $1 FOR SHARE`,
    [stepId],
  );
  return row;
}

/** Locks the step's row until the transaction ends, so that changes of one step apply one at a time; undefined if there is none. */
export async function lockStep(tx: EntityManager, stepId: string): Promise<LockedStep | undefined> {
  const [row]: LockedStep[] = await tx.query(`SELECT id, status, fokusperson_id, version FROM step WHERE id = $1 FOR UPDATE`, [stepId]);
  return row;
}

/**
 * Applies a change to a step whose row the caller has locked (lockStep): the rule of the
 * transition (libs/domain, run once here), the row, and its history entry.
 */
export async function changeStep(
  tx: EntityManager,
  step: LockedStep,
  request: StepChangeRequest,
  by: { actorUserId: string; note?: StepChange['note']; now: Date },
): Promise<{ from: StepStatus; to: StepStatus }> {
  const change = planStepChange(step.status, request, by.now);
  await updateStep(tx, step.id, { ...change, note: by.note });
  await insertStepEvent(tx, {
    stepId: step.id,
    idempotencyKey: `change:${step.id}:${step.version + 1}`,
    actorUserId: by.actorUserId,
    action: request.action,
    fromStatus: step.status,
    toStatus: change.status,
  });
  return { from: step.status, to: change.status };
}

/** Writes the change to the step's row and counts its version up. */
async function updateStep(tx: EntityManager, stepId: string, change: StepChange): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [stepId];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (change.assigneeUserId !== undefined) {
    set('assignee_user_id', change.assigneeUserId);
    sets.push('assigned_at = now()');
  }
  if (change.dueDate !== undefined) set('due_date', change.dueDate);
  set('status', change.status);
  set('block_reason', change.blockReason);
  if (change.note) {
    set('note_key_id', change.note.keyId);
    set('note_ciphertext', change.note.ciphertext);
  }
  if (change.closes) sets.push('closed_at = now()');
  await tx.query(`UPDATE step SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`, params);
}

async function insertStepEvent(tx: EntityManager, e: NewStepEvent): Promise<void> {
  await tx.query(`INSERT INTO step_event (step_id, idempotency_key, actor_user_id, action, from_status, to_status) VALUES ($1, $2, $3, $4, $5, $6)`, [
    e.stepId,
    e.idempotencyKey,
    e.actorUserId,
    e.action,
    e.fromStatus,
    e.toStatus,
  ]);
}
