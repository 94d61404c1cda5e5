import type { DataSource, EntityManager } from 'typeorm';
import type { VerifyResult } from './access-log.verifier';

/** One recorded verification of the access log: when, by whom (user id), and what it found. */
export interface AccessLogVerificationRecord {
  verifiedAt: Date;
  verifiedByUserId: string;
  ok: boolean;
  rows: number;
  chain: number | null;
  brokenSeq: number | null;
  brokenId: string | null;
  reason: string | null;
}

const COLUMNS = `verified_at AS "verifiedAt", verified_by_user_id AS "verifiedByUserId", ok, rows_checked::text AS rows, chain,
  broken_seq::text AS "brokenSeq", broken_id AS "brokenId", reason`;

type Stored = Omit<AccessLogVerificationRecord, 'rows' | 'brokenSeq'> & { rows: string; brokenSeq: string | null };

const fromStored = (r: Stored): AccessLogVerificationRecord => ({ ...r, rows: Number(r.rows), brokenSeq: r.brokenSeq === null ? null : Number(r.brokenSeq) });

/** Records what a verification found, stamped with the database's clock; returns the record. */
export async function recordAccessLogVerification(tx: EntityManager, result: VerifyResult, verifiedByUserId: string): Promise<AccessLogVerificationRecord> {
  const broken = result.ok ? { chain: null, brokenSeq: null, brokenId: null, reason: null } : result;
  const [row]: Stored[] = await tx.query(
    `INSERT INTO access_log_verification (verified_by_user_id, ok, rows_checked, chain, broken_seq, broken_id, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [verifiedByUserId, result.ok, result.rows, broken.chain, broken.brokenSeq, broken.brokenId, broken.reason],
  );
  return fromStored(row as Stored);
}

/** The latest recorded verification, or null when the log has never been verified through the api. */
export async function latestAccessLogVerification(db: DataSource | EntityManager): Promise<AccessLogVerificationRecord | null> {
  const [row]: Stored[] = await db.query(`SELECT ${COLUMNS} FROM access_log_verification ORDER BY verified_at DESC, id DESC LIMIT 1`);
  return row ? fromStored(row) : null;
}
