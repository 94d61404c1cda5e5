import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  ACCESS_LOG_CHAINS,
  checkpointSignatureValid,
  listAnchorFiles,
  readAnchorFile,
  type Anchor,
  type AnchorVerifyingConfig,
} from './access-log.anchor';

export type VerifyResult =
  | { ok: true; rows: number; chains: number; checkpoints: number; anchor: AnchorSummary | null; anchors: number }
  | { ok: false; rows: number; chain: number | null; brokenSeq: number | null; brokenId: string | null; reason: string; anchor: AnchorSummary | null };

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
  /** The persons of an event naming several, joined by commas (migration 1765500000000); null for the others. */
  fokusperson_ids: string | null;
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

/**
 * The text a row's hash covers; mirrors the chain trigger (access_log_canonical, and the persons of
 * an event naming several as a 19th field, only when there are).
 */
function canonical(r: Row): string {
  const persons = r.fokusperson_ids === null ? '' : `\x1f${r.fokusperson_ids}`;
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
  ].join('\x1f') + persons;
}

const GENESIS: Buffer = createHash('sha256').update(Buffer.alloc(0)).digest();

/**
 * A row's hash: sha256(previous hash || canonical text), as the trigger computes it. Exported
 * for the tests that play an attacker who knows the rule (a rewritten chain must still be caught
 * by the anchors kept outside the database).
 */
export function accessLogRowHash(prevHash: Buffer, row: Row): Buffer {
  return createHash('sha256').update(Buffer.concat([prevHash, Buffer.from(canonical(row), 'utf8')])).digest();
}

export type AccessLogRow = Row;

/** The columns of a row as the verifier reads them (and accessLogRowHash takes them). */
export const ACCESS_LOG_ROW_COLUMNS = `seq::text, chain, chain_seq::text, id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS occurred_us,
                actor_user_id::text, actor_username, actor_authority_id::text, array_to_string(actor_roles, ',') AS actor_roles,
                action, resource_type, resource_id, fokusperson_id::text, array_to_string(fokusperson_ids, ',') AS fokusperson_ids, purpose, outcome, detail, query, request_id,
                client_address, prev_hash, hash`;

/** The latest anchor the verifier checked against. */
export interface AnchorSummary {
  file: string;
  createdAt: string;
  reason: Anchor['reason'];
  keyId: string;
}

/** Loads and checks every anchor in the store: the latest last; throws naming a file that does not verify. */
function loadAnchors(trust: AnchorVerifyingConfig): { file: string; anchor: Anchor }[] {
  return listAnchorFiles(trust.dir).map((file) => {
    try {
      return { file, anchor: readAnchorFile(trust.dir, file, trust.publicKey) };
    } catch (err) {
      throw new AnchorError(`anchor ${file} ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

class AnchorError extends Error {}

/**
 * Walks every chain in the application (not trusting database functions): all 16 chains must
 * exist; each row's hash must be sha256(previous hash || canonical text), positions must be
 * contiguous from the genesis or from the chain's latest retention checkpoint (whose Ed25519
 * signature must verify), and the chain must end at its head. Then against the anchors kept outside
 * the database (every one's signature must verify): the row at each anchored position must have
 * the anchored hash, and no chain may end before the latest anchor's position — which finds a
 * chain whose rows were rewritten with every later hash and its head recomputed, or cut back.
 * Names the first broken row, or the chain.
 */
export async function verifyAccessLog(dataSource: DataSource, trust: AnchorVerifyingConfig, batch = 5000): Promise<VerifyResult> {
  let anchors: { file: string; anchor: Anchor }[];
  try {
    anchors = loadAnchors(trust);
  } catch (err) {
    if (!(err instanceof AnchorError)) throw err;
    return { ok: false, rows: 0, chain: null, brokenSeq: null, brokenId: null, reason: err.message, anchor: null };
  }
  const latest = anchors.at(-1) ?? null;
  const anchorSummary: AnchorSummary | null = latest
    ? { file: latest.file, createdAt: latest.anchor.createdAt, reason: latest.anchor.reason, keyId: latest.anchor.keyId }
    : null;
  /** Per chain: anchored position -> [hash, the anchor's file]; every anchor's, so that a rewrite is placed between two. */
  const anchored = new Map<number, Map<number, { hash: string; file: string }>>();
  for (const { file, anchor } of anchors) {
    for (const c of anchor.chains) {
      const positions = anchored.get(c.chain) ?? new Map<number, { hash: string; file: string }>();
      positions.set(c.chainSeq, { hash: c.hash, file });
      anchored.set(c.chain, positions);
    }
  }

  // One snapshot for heads, checkpoints and rows: appends that commit meanwhile (a system in use) are
  // not half seen, which would read as rows beyond a chain's head.
  return dataSource.transaction('REPEATABLE READ', async (db) => {
    const heads = (await db.query(`SELECT chain, chain_seq::text, hash FROM access_log_head ORDER BY chain`)) as {
      chain: number;
      chain_seq: string;
      hash: Buffer;
    }[];
    const checkpoints = (await db.query(
      `SELECT DISTINCT ON (chain) chain, chain_seq::text, hash, signature, (extract(epoch FROM pruned_before) * 1000000)::bigint::text AS pruned_before_us,
              pruned_rows::text
         FROM access_log_checkpoint ORDER BY access_log_checkpoint.chain, access_log_checkpoint.chain_seq DESC`,
    )) as { chain: number; chain_seq: string; hash: Buffer; signature: Buffer | null; pruned_before_us: string; pruned_rows: string }[];
    let rows = 0;
    const fail = (chain: number | null, reason: string, row?: { seq: string; id: string }): VerifyResult => ({
      ok: false,
      rows,
      chain,
      brokenSeq: row ? Number(row.seq) : null,
      brokenId: row?.id ?? null,
      reason,
      anchor: anchorSummary,
    });
    for (let chain = 0; chain < ACCESS_LOG_CHAINS; chain++) {
      if (!heads.some((h) => h.chain === chain)) return fail(chain, `chain ${chain} is missing: it has no head`);
    }
    const extra = heads.find((h) => h.chain < 0 || h.chain >= ACCESS_LOG_CHAINS);
    if (extra) return fail(extra.chain, `chain ${extra.chain} is not one of the ${ACCESS_LOG_CHAINS} chains`);

    for (const head of heads) {
      const checkpoint = checkpoints.find((c) => c.chain === head.chain);
      const positions = anchored.get(head.chain) ?? new Map<number, { hash: string; file: string }>();
      let expectedPrev = GENESIS;
      let expectedPos = 1;
      /** The last anchored position that matched, to say where a rewrite starts. */
      let lastGood = 0;
      if (checkpoint) {
        const facts = { chain: checkpoint.chain, chainSeq: checkpoint.chain_seq, hash: checkpoint.hash, prunedBeforeUs: checkpoint.pruned_before_us, prunedRows: checkpoint.pruned_rows };
        if (!checkpointSignatureValid(trust.publicKey, facts, checkpoint.signature)) {
          const why = checkpoint.signature && checkpoint.signature.length > 0 ? 'has an invalid signature' : 'is not signed';
          return fail(head.chain, `the retention checkpoint of chain ${head.chain} at row ${checkpoint.chain_seq} ${why}`);
        }
        expectedPrev = checkpoint.hash;
        expectedPos = Number(checkpoint.chain_seq) + 1;
        const atCheckpoint = positions.get(expectedPos - 1);
        if (atCheckpoint && atCheckpoint.hash !== checkpoint.hash.toString('hex')) {
          return fail(head.chain, `the retention checkpoint of chain ${head.chain} at row ${checkpoint.chain_seq} does not match the hash anchored in ${atCheckpoint.file}`);
        }
        lastGood = expectedPos - 1;
      }
      for (;;) {
        const page = (await db.query(
          `SELECT ${ACCESS_LOG_ROW_COLUMNS}
             FROM access_log WHERE access_log.chain = $1 AND access_log.chain_seq >= $2
            ORDER BY access_log.chain_seq LIMIT $3`,
          [head.chain, expectedPos, batch],
        )) as Row[];
        if (page.length === 0) break;
        for (const r of page) {
          const broken = (reason: string): VerifyResult => fail(head.chain, reason, r);
          const pos = Number(r.chain_seq);
          if (pos !== expectedPos) return broken(`row ${expectedPos} of chain ${head.chain} is missing (the next row is ${pos})`);
          if (!r.prev_hash.equals(expectedPrev)) return broken('its previous-hash does not match the row before it');
          const recomputed = accessLogRowHash(expectedPrev, r);
          if (!recomputed.equals(r.hash)) return broken('its content does not match its hash (the row was altered)');
          const anchoredHere = positions.get(pos);
          if (anchoredHere) {
            if (anchoredHere.hash !== r.hash.toString('hex')) {
              return broken(
                `row ${pos} of chain ${head.chain} does not hash to the head anchored in ${anchoredHere.file}: a row after row ${lastGood} and up to row ${pos} of the chain was rewritten`,
              );
            }
            lastGood = pos;
          }
          expectedPrev = r.hash;
          expectedPos = pos + 1;
          rows++;
        }
      }
      const end = expectedPos - 1;
      if (Number(head.chain_seq) !== end || !head.hash.equals(expectedPrev)) {
        return fail(head.chain, `chain ${head.chain} ends at row ${end} but its head is at ${head.chain_seq}: rows at the end are missing`);
      }
      const latestHere = latest?.anchor.chains.find((c) => c.chain === head.chain);
      if (latest && !latestHere) return fail(head.chain, `chain ${head.chain} is not in the latest anchor ${latest.file}`);
      if (latestHere && latestHere.chainSeq > end) {
        return fail(head.chain, `chain ${head.chain} was cut back: it ends at row ${end} but the anchor ${latest!.file} has it at row ${latestHere.chainSeq}`);
      }
      if (latestHere && latestHere.chainSeq === 0 && latestHere.hash !== GENESIS.toString('hex')) {
        return fail(head.chain, `the anchor ${latest!.file} gives chain ${head.chain} an empty head that is not the genesis`);
      }
    }
    return { ok: true, rows, chains: heads.length, checkpoints: checkpoints.length, anchor: anchorSummary, anchors: anchors.length };
  });
}
