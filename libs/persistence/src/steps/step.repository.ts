import type { ReminderPolicy, StepStatus } from '@psp/domain';
import type { DataSource, EntityManager } from 'typeorm';
import type { FieldCipher } from '../crypto/field-cipher';
import { stepAad } from './step-text';

/** What is stored of a new step: the description (encrypted, bound to the step) and its plaintext columns. Not the HTTP DTO. */
export interface NewStep {
  description: string;
  ownerAuthorityId: string;
  assigneeUserId: string;
  /** YYYY-MM-DD */
  dueDate: string;
}

/** A step's columns as a plan lists them; texts still encrypted. */
export interface PlanStepRow {
  id: string;
  fokusperson_id: string;
  owner_authority_id: string;
  assignee_user_id: string;
  /** YYYY-MM-DD */
  due_date: string;
  status: StepStatus;
  block_reason: string | null;
  /** The description's key id; the note has its own (a note written after a key rotation must not re-label the description). */
  key_id: string | null;
  description_ciphertext: Buffer | null;
  version: number;
}

/** One step with its forum and whether the reading user is a member of it: what the step policy needs. */
export interface StepRow extends PlanStepRow {
  forum_id: string;
  note_key_id: string | null;
  note_ciphertext: Buffer | null;
  user_is_member: boolean;
  /** When the current assignee got the step. */
  assigned_at: Date;
  /** The forum's reminder settings when the step was agreed (null: the defaults): what its workflow runs by. */
  reminder_policy: Partial<ReminderPolicy> | null;
}

/** What a step's page shows beside the step: names of its person, forum, owner and assignee, and its plan. */
export interface StepContextRow {
  person_key_id: string | null;
  name_ciphertext: Buffer | null;
  lead_id: string | null;
  lead_name: string | null;
  forum_name: string;
  owner_name: string;
  assignee_name: string;
  plan_id: string;
  current_version: number;
}

/** One entry of a step's history, with the actor's name. */
export interface StepEventRow {
  at: Date;
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor_user_id: string | null;
  display_name: string | null;
}

/** One open step in an assignee's inbox, with the person's name still encrypted. */
export interface TaskRow {
  id: string;
  fokusperson_id: string;
  /** YYYY-MM-DD */
  due_date: string;
  status: StepStatus;
  block_reason: string | null;
  key_id: string | null;
  description_ciphertext: Buffer | null;
  person_key_id: string | null;
  name_ciphertext: Buffer | null;
}

const STEP_COLUMNS = `s.id, s.fokusperson_id, s.owner_authority_id, s.assignee_user_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.status, s.block_reason,
  s.key_id, s.description_ciphertext, s.version`;

/**
 * Inserts an ASSIGNED step of a plan version, its description encrypted, with the reminder settings
 * it is agreed under (its forum's: `forumReminderPolicy`); returns when it was assigned.
 */
export async function insertStep(
  tx: EntityManager,
  cipher: FieldCipher,
  row: { id: string; helhedsplanId: string; planVersion: number; fokuspersonId: string },
  step: NewStep,
  reminderPolicy: Partial<ReminderPolicy> | null,
): Promise<Date> {
  const keyId = cipher.activeKeyId;
  const [created]: { assigned_at: Date }[] = await tx.query(
    `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, key_id, description_ciphertext, reminder_policy)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'ASSIGNED', $8, $9, $10) RETURNING assigned_at`,
    [row.id, row.helhedsplanId, row.fokuspersonId, row.planVersion, step.ownerAuthorityId, step.assigneeUserId, step.dueDate, keyId, cipher.encrypt(step.description, stepAad(row.id, 'description'), keyId), reminderPolicy],
  );
  return created.assigned_at;
}

/** The forum's own reminder settings (null: the defaults). */
export async function forumReminderPolicy(db: DataSource | EntityManager, forumId: string): Promise<Partial<ReminderPolicy> | null> {
  const [{ reminder_policy }]: { reminder_policy: Partial<ReminderPolicy> | null }[] = await db.query(`SELECT reminder_policy FROM forum WHERE id = $1`, [forumId]);
  return reminder_policy;
}

/** The step with its forum and whether `userId` is a member of that forum, or undefined. */
export async function findStep(db: DataSource | EntityManager, stepId: string, userId: string): Promise<StepRow | undefined> {
  const [step]: StepRow[] = await db.query(
    `SELECT ${STEP_COLUMNS}, p.forum_id, s.note_key_id, s.note_ciphertext, s.assigned_at, s.reminder_policy,
            EXISTS (SELECT 1 FROM forum_member m WHERE m.forum_id = p.forum_id AND m.user_id = $2) AS user_is_member
       FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id WHERE s.id = $1`,
    [stepId, userId],
  );
  return step;
}

export async function findStepContext(db: DataSource | EntityManager, stepId: string): Promise<StepContextRow | undefined> {
  const [row]: StepContextRow[] = await db.query(
    `SELECT p.key_id AS person_key_id, p.name_ciphertext, la.id AS lead_id, la.name AS lead_name, f.name AS forum_name,
            oa.name AS owner_name, u.display_name AS assignee_name, h.id AS plan_id, h.current_version
       FROM step s
       JOIN fokusperson p ON p.id = s.fokusperson_id
       JOIN forum f ON f.id = p.forum_id
       JOIN authority oa ON oa.id = s.owner_authority_id
       JOIN app_user u ON u.id = s.assignee_user_id
       JOIN helhedsplan h ON h.id = s.helhedsplan_id
       LEFT JOIN authority la ON la.id = p.lead_authority_id
      WHERE s.id = $1`,
    [stepId],
  );
  return row;
}

/** The step's history, oldest first. */
export async function listStepEvents(db: DataSource | EntityManager, stepId: string): Promise<StepEventRow[]> {
  return db.query(
    `SELECT e.at, e.action, e.from_status, e.to_status, e.reason, e.actor_user_id, u.display_name
       FROM step_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
      WHERE e.step_id = $1 ORDER BY e.at, e.id`,
    [stepId],
  );
}

/** The user's open steps (of one status, when given), by due date; at most 500. */
export async function listOpenStepsOfAssignee(db: DataSource | EntityManager, userId: string, status: string | undefined): Promise<TaskRow[]> {
  return db.query(
    `SELECT s.id, s.fokusperson_id, to_char(s.due_date, 'YYYY-MM-DD') AS due_date, s.status, s.block_reason, s.key_id, s.description_ciphertext,
            p.key_id AS person_key_id, p.name_ciphertext
       FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id
      WHERE s.assignee_user_id = $1 AND s.status NOT IN ('DONE', 'CANCELLED') AND ($2::text IS NULL OR s.status = $2)
      ORDER BY s.due_date, s.id LIMIT 500`,
    [userId, status ?? null],
  );
}

/** The plan's steps, in the order they were agreed. */
export async function listStepsOfPlan(db: DataSource | EntityManager, helhedsplanId: string): Promise<PlanStepRow[]> {
  return db.query(`SELECT ${STEP_COLUMNS} FROM step s WHERE s.helhedsplan_id = $1 ORDER BY s.created_at, s.id`, [helhedsplanId]);
}
