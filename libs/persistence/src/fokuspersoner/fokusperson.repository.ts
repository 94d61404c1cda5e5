import type { EntityManager } from 'typeorm';
import type { FieldCipher } from '../crypto/field-cipher';

export type FokuspersonStatusValue = 'NOMINATED' | 'ACTIVE' | 'REJECTED' | 'CLOSED' | 'ANONYMISED';

/** Everything personal about a fokusperson: stored only encrypted, bound to the row id. */
export interface FokuspersonSecrets {
  cprDigits: string;
  name: string;
  details: FokuspersonDetails;
}

export interface FokuspersonDetails {
  criteria: { challenges: string[]; frequentContactWith: string[]; reason: string };
  notes: string | null;
  leadAuthorityReason: string | null;
  informationDecision: { decision: string; reason: string; decidedAt: string; decidedByUserId: string } | null;
  decisions: { decision: string; reason: string; at: string; byUserId: string; meetingId?: string }[];
}

/** The plaintext columns: ids, status, dates, forum and authority only. */
export interface FokuspersonRow {
  id: string;
  forum_id: string;
  status: FokuspersonStatusValue;
  nominated_by_user_id: string;
  nominating_authority_id: string;
  lead_authority_id: string | null;
  key_id: string | null;
  cpr_ciphertext: Buffer | null;
  name_ciphertext: Buffer | null;
  details_ciphertext: Buffer | null;
  nominated_at: Date;
  accepted_at: Date | null;
  rejected_at: Date | null;
  closed_at: Date | null;
  anonymised_at: Date | null;
  /** YYYY-MM-DD: the meeting on or after this date reviews the person (its case list lists them); null: none due. */
  next_review_date: string | null;
  /** Why the system itself decided (a nomination left undecided too long); plaintext, never personal data. */
  system_reason: string | null;
  version: number;
}

const aad = (id: string, field: string) => `fokusperson:${id}:${field}`;

export function encryptSecrets(cipher: FieldCipher, id: string, s: FokuspersonSecrets) {
  return {
    key_id: cipher.activeKeyId,
    cpr_ciphertext: cipher.encrypt(s.cprDigits, aad(id, 'cpr')),
    name_ciphertext: cipher.encrypt(s.name, aad(id, 'name')),
    details_ciphertext: cipher.encrypt(JSON.stringify(s.details), aad(id, 'details')),
    cpr_blind_index: cipher.blindIndex(s.cprDigits),
  };
}

/** Only the name (a task shows the minimum about the person); null once anonymised. */
export function decryptName(cipher: FieldCipher, id: string, keyId: string | null, nameCiphertext: Buffer | null): string | null {
  return keyId && nameCiphertext ? cipher.decrypt(nameCiphertext, aad(id, 'name'), keyId) : null;
}

/** Decrypts a row's personal fields; null once anonymised. */
export function decryptSecrets(cipher: FieldCipher, row: FokuspersonRow): FokuspersonSecrets | null {
  if (!row.key_id || !row.cpr_ciphertext || !row.name_ciphertext || !row.details_ciphertext) return null;
  return {
    cprDigits: cipher.decrypt(row.cpr_ciphertext, aad(row.id, 'cpr'), row.key_id),
    name: cipher.decrypt(row.name_ciphertext, aad(row.id, 'name'), row.key_id),
    details: JSON.parse(cipher.decrypt(row.details_ciphertext, aad(row.id, 'details'), row.key_id)) as FokuspersonDetails,
  };
}

const COLUMNS = `id, forum_id, status, nominated_by_user_id, nominating_authority_id, lead_authority_id, key_id,
  cpr_ciphertext, name_ciphertext, details_ciphertext, nominated_at, accepted_at, rejected_at, closed_at, anonymised_at,
  to_char(next_review_date, 'YYYY-MM-DD') AS next_review_date, system_reason, version`;

/** Person $1 with what the access decision needs about its forum: member authorities, and whether user $2 is a member. */
const WITH_FORUM_FACTS = `SELECT ${COLUMNS},
       coalesce((SELECT array_agg(authority_id) FROM forum_authority fa WHERE fa.forum_id = p.forum_id), '{}') AS forum_authority_ids,
       EXISTS (SELECT 1 FROM forum_member m WHERE m.forum_id = p.forum_id AND m.user_id = $2) AS user_is_member
  FROM fokusperson p WHERE p.id = $1`;

export const fokuspersonRepository = {
  async insert(
    tx: EntityManager,
    cipher: FieldCipher,
    row: { id: string; forumId: string; nominatedByUserId: string; nominatingAuthorityId: string },
    secrets: FokuspersonSecrets,
  ): Promise<FokuspersonRow> {
    const enc = encryptSecrets(cipher, row.id, secrets);
    const [created] = await tx.query(
      `INSERT INTO fokusperson (id, forum_id, status, nominated_by_user_id, nominating_authority_id, key_id,
                                cpr_ciphertext, name_ciphertext, details_ciphertext, cpr_blind_index)
       VALUES ($1, $2, 'NOMINATED', $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [row.id, row.forumId, row.nominatedByUserId, row.nominatingAuthorityId, enc.key_id, enc.cpr_ciphertext, enc.name_ciphertext, enc.details_ciphertext, enc.cpr_blind_index],
    );
    return created as FokuspersonRow;
  },

  /**
   * One person with what the access decision needs about its forum (member authorities, and
   * whether the user is a member), in one round trip: this is the register's hottest read.
   */
  async findWithForum(
    tx: EntityManager,
    id: string,
    userId: string,
    forUpdate = false,
  ): Promise<(FokuspersonRow & { forum_authority_ids: string[]; user_is_member: boolean }) | undefined> {
    const rows = await tx.query(`${WITH_FORUM_FACTS}${forUpdate ? ' FOR UPDATE OF p' : ''}`, [id, userId]);
    return rows[0];
  },

  async findOpenInForum(tx: EntityManager, forumId: string, blindIndex: Buffer): Promise<{ id: string; status: string } | undefined> {
    const rows = await tx.query(
      `SELECT id, status FROM fokusperson WHERE forum_id = $1 AND cpr_blind_index = $2 AND status IN ('NOMINATED', 'ACTIVE')`,
      [forumId, blindIndex],
    );
    return rows[0];
  },

  async listInForum(tx: EntityManager, forumId: string, status: FokuspersonStatusValue | undefined, limit: number, offset: number): Promise<FokuspersonRow[]> {
    return tx.query(
      `SELECT ${COLUMNS} FROM fokusperson WHERE forum_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY nominated_at DESC, id LIMIT $3 OFFSET $4`,
      [forumId, status ?? null, limit, offset],
    );
  },

  async findByBlindIndex(tx: EntityManager, blindIndex: Buffer, forumIds: string[]): Promise<FokuspersonRow[]> {
    return tx.query(`SELECT ${COLUMNS} FROM fokusperson WHERE cpr_blind_index = $1 AND forum_id = ANY($2::uuid[]) ORDER BY nominated_at DESC`, [
      blindIndex,
      forumIds,
    ]);
  },

  /** Writes new secrets and plaintext columns if the version still matches; returns the new row or undefined. */
  async update(
    tx: EntityManager,
    cipher: FieldCipher,
    row: FokuspersonRow,
    changes: {
      status?: FokuspersonStatusValue;
      leadAuthorityId?: string | null;
      secrets: FokuspersonSecrets;
      stamp?: 'accepted_at' | 'rejected_at' | 'closed_at';
      /** YYYY-MM-DD, or null for none; left out: unchanged. */
      nextReviewDate?: string | null;
    },
  ): Promise<FokuspersonRow | undefined> {
    const enc = encryptSecrets(cipher, row.id, changes.secrets);
    const stamp = changes.stamp ? `, ${changes.stamp} = now()` : '';
    const [rows] = await tx.query(
      `UPDATE fokusperson SET status = $3, lead_authority_id = $4, key_id = $5, cpr_ciphertext = $6, name_ciphertext = $7,
              details_ciphertext = $8, cpr_blind_index = $9, next_review_date = $10, version = version + 1, updated_at = now()${stamp}
        WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [
        row.id,
        row.version,
        changes.status ?? row.status,
        changes.leadAuthorityId === undefined ? row.lead_authority_id : changes.leadAuthorityId,
        enc.key_id,
        enc.cpr_ciphertext,
        enc.name_ciphertext,
        enc.details_ciphertext,
        enc.cpr_blind_index,
        changes.nextReviewDate === undefined ? row.next_review_date : changes.nextReviewDate,
      ],
    );
    return (rows as FokuspersonRow[])[0];
  },

  /**
   * Rejects, as the system, nominations made before `cutoff` that nobody has decided on: at most
   * `limit`, oldest first, skipping rows a request holds (the next run takes them). Returns their ids.
   */
  async rejectExpiredNominations(tx: EntityManager, cutoff: Date, reason: string, limit: number): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await tx.query(
      `WITH expired AS (
         SELECT id FROM fokusperson WHERE status = 'NOMINATED' AND nominated_at < $1 ORDER BY nominated_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
       )
       UPDATE fokusperson p SET status = 'REJECTED', rejected_at = now(), system_reason = $2, version = p.version + 1, updated_at = now()
         FROM expired WHERE p.id = expired.id RETURNING p.id`,
      [cutoff, reason, limit],
    );
    return rows.map((r) => r.id);
  },

  /** Makes the personal fields irrecoverable (the plan's and steps' texts too); ids, status and dates stay for statistics. */
  async anonymise(tx: EntityManager, id: string): Promise<boolean> {
    await tx.query(`UPDATE step SET key_id = NULL, description_ciphertext = NULL, note_key_id = NULL, note_ciphertext = NULL WHERE fokusperson_id = $1`, [id]);
    await tx.query(`UPDATE meeting_item SET key_id = NULL, minutes_ciphertext = NULL WHERE fokusperson_id = $1`, [id]);
    await tx.query(
      `UPDATE helhedsplan_version v SET key_id = NULL, goals_ciphertext = NULL, change_ciphertext = NULL
         FROM helhedsplan h WHERE h.id = v.helhedsplan_id AND h.fokusperson_id = $1`,
      [id],
    );
    const [rows] = await tx.query(
      `UPDATE fokusperson SET status = 'ANONYMISED', key_id = NULL, cpr_ciphertext = NULL, name_ciphertext = NULL,
              details_ciphertext = NULL, cpr_blind_index = NULL, anonymised_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND status IN ('REJECTED', 'CLOSED') RETURNING id`,
      [id],
    );
    return (rows as unknown[]).length === 1;
  },
};
