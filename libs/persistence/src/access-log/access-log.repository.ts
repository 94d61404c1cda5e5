import type { DataSource, EntityManager } from 'typeorm';
import type { CheckpointFacts } from './access-log.anchor';

/** What an auditor searches the access log by; every criterion given must hold. */
export interface AccessLogFilter {
  fokuspersonId?: string;
  actorUserId?: string;
  /** The acting user's username, exactly. */
  actorUsername?: string;
  authorityId?: string;
  action?: string;
  purpose?: string;
  outcome?: string;
  resourceType?: string;
  resourceId?: string;
  /** From this instant on (RFC 3339 text, read by PostgreSQL). */
  from?: string;
  /** Before this instant. */
  to?: string;
}

/** One row of the access log as an auditor reads it. */
export interface AccessLogRecord {
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorUsername: string;
  actorAuthorityId: string | null;
  actorRoles: string[];
  action: string;
  resourceType: string;
  resourceId: string | null;
  /** The person of an event about one person; null for an event naming several (see fokuspersonIds). */
  fokuspersonId: string | null;
  /** Every person the event names, whichever shape it was written in (none, one, or the list of a use of several). */
  fokuspersonIds: string[];
  purpose: string;
  outcome: string;
  detail: string | null;
  query: string | null;
  requestId: string | null;
  clientAddress: string | null;
}

/** In which capacity a use of a citizen's data was made, as the citizen's access report says it. */
export const CITIZEN_REPORT_ROLES = ['AUTHORITY', 'SUPERVISORY_CONTROL', 'SYSTEM'] as const;
export type CitizenReportRole = (typeof CITIZEN_REPORT_ROLES)[number];

/** One use of a citizen's data as the citizen may learn it: the day, who (an authority, the data controller's control, the system), what and why. */
export interface CitizenAccessRecord {
  date: string;
  authority: string | null;
  actedAs: CitizenReportRole;
  action: string;
  purpose: string;
}

/** How the report names the data controller's supervisory control and the system's own acts (Danish: the citizen reads it). */
const SUPERVISORY_CONTROL_LABEL = 'Den dataansvarliges tilsyn og kontrol (adgangslog og indsigt)';
const SYSTEM_LABEL = 'PSP Koordinering (automatisk)';

/** A row naming a person: as the event's one person, or in the list of an event naming several (migration 1765500000000). */
const NAMES_PERSON = (param: string) => `(fokusperson_id = ${param} OR fokusperson_ids @> ARRAY[${param}]::uuid[])`;

const FILTER_COLUMNS: Record<keyof AccessLogFilter, string> = {
  fokuspersonId: NAMES_PERSON('?'),
  actorUserId: 'actor_user_id = ?',
  actorUsername: 'actor_username = ?',
  authorityId: 'actor_authority_id = ?',
  action: 'action = ?',
  purpose: 'purpose = ?',
  outcome: 'outcome = ?',
  resourceType: 'resource_type = ?',
  resourceId: 'resource_id = ?',
  from: 'occurred_at >= ?',
  to: 'occurred_at < ?',
};

function where(filter: AccessLogFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const [key, clause] of Object.entries(FILTER_COLUMNS) as [keyof AccessLogFilter, string][]) {
    if (!filter[key]) continue;
    params.push(filter[key]);
    clauses.push(clause.replaceAll('?', `$${params.length}`));
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const RECORD_COLUMNS = `seq, id, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_username AS "actorUsername",
  actor_authority_id AS "actorAuthorityId", actor_roles AS "actorRoles", action, resource_type AS "resourceType", resource_id AS "resourceId",
  fokusperson_id AS "fokuspersonId",
  coalesce(fokusperson_ids::text[], CASE WHEN fokusperson_id IS NULL THEN '{}'::text[] ELSE ARRAY[fokusperson_id::text] END) AS "fokuspersonIds", purpose, outcome, detail, query, request_id AS "requestId", client_address AS "clientAddress"`;

/** How many rows match the filter. */
export async function countAccessLog(db: DataSource | EntityManager, filter: AccessLogFilter): Promise<number> {
  const { sql, params } = where(filter);
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total FROM access_log ${sql}`, params);
  return total;
}

/** The rows that match the filter, oldest first (or newest first), `limit` of them after `offset`. */
export async function listAccessLog(
  db: DataSource | EntityManager,
  filter: AccessLogFilter,
  limit: number,
  offset: number,
  order: 'oldest' | 'newest' = 'oldest',
): Promise<AccessLogRecord[]> {
  const { sql, params } = where(filter);
  const rows: (Omit<AccessLogRecord, 'seq'> & { seq: string })[] = await db.query(
    `SELECT ${RECORD_COLUMNS} FROM access_log ${sql} ORDER BY seq ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
    params,
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/**
 * The allowed uses of one person's data, in log order, naming authorities and never staff. A use
 * for one of `supervisoryPurposes` (libs/domain SUPERVISORY_PURPOSES) is the data controller's
 * control, named as that and not as the authority the auditor happens to belong to.
 */
export async function citizenAccessReport(db: DataSource | EntityManager, fokuspersonId: string, supervisoryPurposes: readonly string[]): Promise<CitizenAccessRecord[]> {
  return db.query(
    `SELECT date, CASE role WHEN 'SUPERVISORY_CONTROL' THEN $3 WHEN 'SYSTEM' THEN $4 ELSE authority END AS authority, role AS "actedAs", action, purpose
       FROM (SELECT l.seq, to_char(l.occurred_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD') AS date, a.name AS authority, l.action, l.purpose,
                    CASE WHEN l.purpose = ANY($2::text[]) THEN 'SUPERVISORY_CONTROL'
                         WHEN a.name IS NULL AND l.actor_username = 'system' THEN 'SYSTEM'
                         ELSE 'AUTHORITY' END AS role
               FROM access_log l LEFT JOIN authority a ON a.id = l.actor_authority_id
              WHERE ${NAMES_PERSON('$1')} AND l.outcome = 'ALLOWED') r
      ORDER BY seq`,
    [fokuspersonId, supervisoryPurposes, SUPERVISORY_CONTROL_LABEL, SYSTEM_LABEL],
  );
}

/** What the database reported for one chain it pruned (see access_log_prune in the migrations): the facts its checkpoint signs. */
export interface PrunedChain extends CheckpointFacts {
  chainSeq: string;
  prunedRows: string;
}

/** Prunes the access log as far as the database's retention setting allows; one report per chain pruned. */
export async function pruneAccessLogChains(tx: EntityManager): Promise<PrunedChain[]> {
  const rows: { chain: number; chain_seq: string; hash: Buffer; pruned_before_us: string; pruned_rows: string }[] = await tx.query(
    `SELECT chain, chain_seq::text, hash, pruned_before_us, pruned_rows::text FROM access_log_prune()`,
  );
  return rows.map((r) => ({ chain: r.chain, chainSeq: r.chain_seq, hash: r.hash, prunedBeforeUs: r.pruned_before_us, prunedRows: r.pruned_rows }));
}

/** Stores the worker's signature over a pruned chain's checkpoint. */
export async function signAccessLogCheckpoint(tx: EntityManager, chain: number, chainSeq: string, signature: Buffer): Promise<void> {
  await tx.query(`SELECT access_log_checkpoint_sign($1::smallint, $2, $3)`, [chain, chainSeq, signature]);
}
