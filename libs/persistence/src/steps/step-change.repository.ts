import type { StepActionRequest, StepSnapshot, StepStatus } from '@psp/domain';
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

/** A validated change of one step, as its row takes it. */
export interface StepChange {
  status: StepStatus;
  blockReason: string | null;
  /** A new assignee: the step is assigned again from now. */
  assigneeUserId?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
  /** The note's own key id: the description keeps the key it was written with. */
  note?: { keyId: string; ciphertext: Buffer };
  /** DONE or CANCELLED: the step is closed now. */
  closes: boolean;
}

/** One entry of a step's history, written once per idempotency key. */
export interface NewStepEvent {
  stepId: string;
  idempotencyKey: string;
  actorUserId: string;
  action: StepActionRequest['action'];
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

/** The step as its workflow keeps it, or undefined. */
export async function readStepSnapshot(db: DataSource | EntityManager, stepId: string): Promise<StepSnapshot | undefined> {
  const [row]: StepSnapshot[] = await db.query(
    `SELECT id AS "stepId", status, assignee_user_id AS "assigneeUserId", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", version FROM step WHERE id = $1`,
    [stepId],
  );
  return row;
}

/** Whether a history entry with this idempotency key exists (the change was applied). */
export async function stepEventRecorded(db: DataSource | EntityManager, idempotencyKey: string): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM step_event WHERE idempotency_key = $1`, [idempotencyKey]);
  return rows.length > 0;
}

/** Locks the step's row until the transaction ends; its status and person, or undefined. */
export async function lockStep(tx: EntityManager, stepId: string): Promise<{ status: StepStatus; fokusperson_id: string } | undefined> {
  const [row]: { status: StepStatus; fokusperson_id: string }[] = await tx.query(`SELECT status, fokusperson_id FROM step WHERE id = $1 FOR UPDATE`, [stepId]);
  return row;
}

/** The step's status, once the transactions holding its row have ended (shared lock); undefined if there is no such step. */
export async function readStepStatusForShare(tx: EntityManager, stepId: string): Promise<StepStatus | undefined> {
  const [row]: { status: StepStatus }[] = await tx.query(`SELECT status FROM step WHERE id = $1 FOR SHARE`, [stepId]);
  return row?.status;
}

/** Writes the change to the step's row and counts its version up. */
export async function updateStep(tx: EntityManager, stepId: string, change: StepChange): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [stepId];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if ('assigneeUserId' in change) {
    set('assignee_user_id', change.assigneeUserId);
    sets.push('assigned_at = now()');
  }
  if ('dueDate' in change) set('due_date', change.dueDate);
  set('status', change.status);
  set('block_reason', change.blockReason);
  if (change.note) {
    set('note_key_id', change.note.keyId);
    set('note_ciphertext', change.note.ciphertext);
  }
  if (change.closes) sets.push('closed_at = now()');
  await tx.query(`UPDATE step SET ${sets.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`, params);
}

export async function insertStepEvent(tx: EntityManager, e: NewStepEvent): Promise<void> {
  await tx.query(`INSERT INTO step_event (step_id, idempotency_key, actor_user_id, action, from_status, to_status) VALUES ($1, $2, $3, $4, $5, $6)`, [
    e.stepId,
    e.idempotencyKey,
    e.actorUserId,
    e.action,
    e.fromStatus,
    e.toStatus,
  ]);
}
