import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';

export type VerifyResult =
  | { ok: true; rows: number; chains: number; checkpoints: number }
  | { ok: false; rows: number; chain: number; brokenSeq: number | null; brokenId: string | null; reason: string };

interface Row {
  seq: string;
  chain: number;
  chain_seq: string;
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
    String(r.chain),
    r.chain_seq,
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

/** What a retention checkpoint signs: the chain, the position and the hash of the last pruned row. */
export function checkpointSignature(key: Buffer, chain: number, chainSeq: number | string, hash: Buffer): Buffer {
  return createHmac('sha256', key).update(`${chain}:${chainSeq}:${hash.toString('hex')}`).digest();
}

const GENESIS: Buffer = createHash('sha256').update(Buffer.alloc(0)).digest();

/**
 * Walks every chain in the application (not trusting database functions): each row's hash must
 * be sha256(previous hash || canonical text), positions must be contiguous from the genesis or
 * from the chain's latest signed retention checkpoint, and the chain must end at its head.
 * Names the first broken row.
 */
export async function verifyAccessLog(dataSource: DataSource, checkpointKey: Buffer, batch = 5000): Promise<VerifyResult> {
  const heads = (await dataSource.query(`SELECT chain, chain_seq::text, hash FROM access_log_head ORDER BY chain`)) as {
    chain: number;
    chain_seq: string;
    hash: Buffer;
  }[];
  const checkpoints = (await dataSource.query(
    `SELECT DISTINCT ON (chain) chain, chain_seq::text, hash, signature FROM access_log_checkpoint ORDER BY chain, chain_seq DESC`,
  )) as { chain: number; chain_seq: string; hash: Buffer; signature: Buffer }[];
  let rows = 0;
  for (const head of heads) {
    const checkpoint = checkpoints.find((c) => c.chain === head.chain);
    let expectedPrev = GENESIS;
    let expectedPos = 1;
    if (checkpoint) {
      const good = checkpointSignature(checkpointKey, checkpoint.chain, checkpoint.chain_seq, checkpoint.hash);
      if (good.length !== checkpoint.signature.length || !timingSafeEqual(good, checkpoint.signature)) {
        return { ok: false, rows, chain: head.chain, brokenSeq: null, brokenId: null, reason: `the retention checkpoint of chain ${head.chain} has an invalid signature` };
      }
      expectedPrev = checkpoint.hash;
      expectedPos = Number(checkpoint.chain_seq) + 1;
    }
    for (;;) {
      const page = (await dataSource.query(
        `SELECT seq::text, chain, chain_seq::text, id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS occurred_us,
                actor_user_id::text, actor_username, actor_authority_id::text, array_to_string(actor_roles, ',') AS actor_roles,
                action, resource_type, resource_id, fokusperson_id::text, purpose, outcome, detail, query, request_id,
                client_address, prev_hash, hash
           FROM access_log WHERE access_log.chain = $1 AND access_log.chain_seq >= $2
          ORDER BY access_log.chain_seq LIMIT $3`,
        [head.chain, expectedPos, batch],
      )) as Row[];
      if (page.length === 0) break;
      for (const r of page) {
        const broken = (reason: string): VerifyResult => ({ ok: false, rows, chain: head.chain, brokenSeq: Number(r.seq), brokenId: r.id, reason });
        const pos = Number(r.chain_seq);
        if (pos !== expectedPos) return broken(`row ${expectedPos} of chain ${head.chain} is missing (the next row is ${pos})`);
        if (!r.prev_hash.equals(expectedPrev)) return broken('its previous-hash does not match the row before it');
        const recomputed = createHash('sha256').update(Buffer.concat([expectedPrev, Buffer.from(canonical(r), 'utf8')])).digest();
        if (!recomputed.equals(r.hash)) return broken('its content does not match its hash (the row was altered)');
        expectedPrev = r.hash;
        expectedPos = pos + 1;
        rows++;
      }
    }
    if (Number(head.chain_seq) !== expectedPos - 1 || !head.hash.equals(expectedPrev)) {
      return {
        ok: false,
        rows,
        chain: head.chain,
        brokenSeq: null,
        brokenId: null,
        reason: `chain ${head.chain} ends at row ${expectedPos - 1} but its head is at ${head.chain_seq}: rows at the end are missing`,
      };
    }
  }
  return { ok: true, rows, chains: heads.length, checkpoints: checkpoints.length };
}
