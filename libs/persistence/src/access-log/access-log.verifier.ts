import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';

export type VerifyResult =
  | { ok: true; rows: number; fromSeq: number | null; toSeq: number | null; checkpoint: number | null }
  | { ok: false; rows: number; brokenSeq: number; brokenId: string; reason: string };

interface Row {
  seq: string;
  id: string;
  occurred_us: string;
  actor_user_id: string | null;
  actor_username: string;
  actor_authority_id: string | null;
  actor_roles: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  fokusperson_id: string | null;
  purpose: string;
  outcome: string;
  detail: string | null;
  query: string | null;
  request_id: string | null;
  client_address: string | null;
  prev_hash: Buffer;
  hash: Buffer;
}

const NULL = '∅';

/** The text a row's hash covers; mirrors the SQL function access_log_canonical. */
function canonical(r: Row): string {
  return [
    r.seq,
    r.id,
    r.occurred_us,
    r.actor_user_id ?? NULL,
    r.actor_username,
    r.actor_authority_id ?? NULL,
    r.actor_roles,
    r.action,
    r.resource_type,
    r.resource_id ?? NULL,
    r.fokusperson_id ?? NULL,
    r.purpose,
    r.outcome,
    r.detail ?? NULL,
    r.query ?? NULL,
    r.request_id ?? NULL,
    r.client_address ?? NULL,
  ].join('\x1f');
}

export function checkpointSignature(key: Buffer, seq: number | string, hash: Buffer): Buffer {
  return createHmac('sha256', key).update(`${seq}:${hash.toString('hex')}`).digest();
}

const GENESIS = createHash('sha256').update(Buffer.alloc(0)).digest();

/**
 * Walks the chain in the application (not trusting database functions): every row's hash must be
 * sha256(previous hash || canonical text), starting from the genesis or from the latest signed
 * checkpoint left by retention pruning. Names the first broken row.
 */
export async function verifyAccessLog(dataSource: DataSource, checkpointKey: Buffer, batch = 5000): Promise<VerifyResult> {
  const [checkpoint] = (await dataSource.query(
    `SELECT seq, hash, signature FROM access_log_checkpoint ORDER BY seq DESC LIMIT 1`,
  )) as { seq: string; hash: Buffer; signature: Buffer }[];
  let expectedPrev: Buffer = GENESIS;
  let expectedSeq = 1;
  if (checkpoint) {
    const good = checkpointSignature(checkpointKey, checkpoint.seq, checkpoint.hash);
    if (good.length !== checkpoint.signature.length || !timingSafeEqual(good, checkpoint.signature)) {
      return { ok: false, rows: 0, brokenSeq: Number(checkpoint.seq), brokenId: 'checkpoint', reason: 'the retention checkpoint signature is not valid' };
    }
    expectedPrev = checkpoint.hash;
    expectedSeq = Number(checkpoint.seq) + 1;
  }
  let rows = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (;;) {
    const page = (await dataSource.query(
      `SELECT seq::text, id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS occurred_us,
              actor_user_id::text, actor_username, actor_authority_id::text, array_to_string(actor_roles, ',') AS actor_roles,
              action, resource_type, resource_id, fokusperson_id::text, purpose, outcome, detail, query, request_id,
              client_address, prev_hash, hash
         FROM access_log WHERE access_log.seq >= $1 ORDER BY access_log.seq LIMIT $2`,
      [expectedSeq, batch],
    )) as Row[];
    if (page.length === 0) break;
    for (const r of page) {
      const seq = Number(r.seq);
      const broken = (reason: string): VerifyResult => ({ ok: false, rows, brokenSeq: seq, brokenId: r.id, reason });
      if (seq !== expectedSeq) return broken(`row ${expectedSeq} is missing (next row is ${seq})`);
      if (!r.prev_hash.equals(expectedPrev)) return broken('its previous-hash does not match the hash of the row before it');
      const recomputed = createHash('sha256').update(Buffer.concat([expectedPrev, Buffer.from(canonical(r), 'utf8')])).digest();
      if (!recomputed.equals(r.hash)) return broken('its content does not match its hash (the row was altered)');
      expectedPrev = r.hash;
      expectedSeq = seq + 1;
      first ??= seq;
      last = seq;
      rows++;
    }
  }
  const [head] = (await dataSource.query(`SELECT seq::text FROM access_log_head`)) as { seq: string }[];
  if (head && Number(head.seq) !== expectedSeq - 1 && rows > 0) {
    return { ok: false, rows, brokenSeq: expectedSeq, brokenId: 'tail', reason: `rows after ${expectedSeq - 1} are missing (the head is at ${head.seq})` };
  }
  return { ok: true, rows, fromSeq: first, toSeq: last, checkpoint: checkpoint ? Number(checkpoint.seq) : null };
}
