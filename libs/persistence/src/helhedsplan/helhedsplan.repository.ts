import type { DataSource, EntityManager } from 'typeorm';
import type { FieldCipher } from '../crypto/field-cipher';

/** A person's plan and its current version. */
export interface HelhedsplanRow {
  id: string;
  current_version: number;
}

/** One version of a plan: what changed (encrypted), when, by whom, and at which meeting. */
export interface HelhedsplanVersionRow {
  version: number;
  created_at: Date;
  created_by_user_id: string;
  meeting_id: string | null;
  key_id: string | null;
  change_ciphertext: Buffer | null;
}

/** What is stored of a new plan version: its goals and the change note, both encrypted. */
export interface NewHelhedsplanVersion {
  version: number;
  createdByUserId: string;
  goals: string[];
  change: string;
  meetingId: string | null;
}

const planAad = (planId: string, version: number, field: 'goals' | 'change') => `helhedsplan:${planId}:${version}:${field}`;

/** The person's plan, or undefined; `forUpdate` locks it until the transaction ends. */
export async function findHelhedsplan(db: DataSource | EntityManager, fokuspersonId: string, forUpdate = false): Promise<HelhedsplanRow | undefined> {
  const [plan]: HelhedsplanRow[] = await db.query(`SELECT id, current_version FROM helhedsplan WHERE fokusperson_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [fokuspersonId]);
  return plan;
}

/** A new plan for the person (its versions are added separately); returns its id. */
export async function insertHelhedsplan(tx: EntityManager, fokuspersonId: string): Promise<string> {
  const [plan]: { id: string }[] = await tx.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [fokuspersonId]);
  return plan.id;
}

export async function setCurrentHelhedsplanVersion(tx: EntityManager, planId: string, version: number): Promise<void> {
  await tx.query(`UPDATE helhedsplan SET current_version = $2, updated_at = now() WHERE id = $1`, [planId, version]);
}

export async function insertHelhedsplanVersion(tx: EntityManager, cipher: FieldCipher, planId: string, v: NewHelhedsplanVersion): Promise<void> {
  const keyId = cipher.activeKeyId;
  await tx.query(
    `INSERT INTO helhedsplan_version (helhedsplan_id, version, created_by_user_id, key_id, goals_ciphertext, change_ciphertext, meeting_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      planId,
      v.version,
      v.createdByUserId,
      keyId,
      cipher.encrypt(JSON.stringify(v.goals), planAad(planId, v.version, 'goals'), keyId),
      cipher.encrypt(v.change, planAad(planId, v.version, 'change'), keyId),
      v.meetingId,
    ],
  );
}

/** The goals of one version of the plan in plaintext; none once anonymised. */
export async function readHelhedsplanGoals(db: DataSource | EntityManager, cipher: FieldCipher, planId: string, version: number): Promise<string[]> {
  const [v]: { key_id: string | null; goals_ciphertext: Buffer | null }[] = await db.query(
    `SELECT key_id, goals_ciphertext FROM helhedsplan_version WHERE helhedsplan_id = $1 AND version = $2`,
    [planId, version],
  );
  return v?.key_id && v.goals_ciphertext ? (JSON.parse(cipher.decrypt(v.goals_ciphertext, planAad(planId, version, 'goals'), v.key_id)) as string[]) : [];
}

/** The plan's versions, oldest first; change notes still encrypted. */
export async function listHelhedsplanVersions(db: DataSource | EntityManager, planId: string): Promise<HelhedsplanVersionRow[]> {
  return db.query(
    `SELECT version, created_at, created_by_user_id, meeting_id, key_id, change_ciphertext FROM helhedsplan_version WHERE helhedsplan_id = $1 ORDER BY version`,
    [planId],
  );
}

/** A version's change note in plaintext; null once anonymised. */
export function decryptHelhedsplanChange(cipher: FieldCipher, planId: string, v: HelhedsplanVersionRow): string | null {
  return v.key_id && v.change_ciphertext ? cipher.decrypt(v.change_ciphertext, planAad(planId, v.version, 'change'), v.key_id) : null;
}
