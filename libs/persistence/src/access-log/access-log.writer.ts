import type { EntityManager } from 'typeorm';

export const ACCESS_LOG_ACTIONS = ['READ', 'SEARCH', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'REVEAL', 'ANONYMISE'] as const;
export type AccessLogAction = (typeof ACCESS_LOG_ACTIONS)[number];

/**
 * One use of personal data, allowed or denied: one event, however many persons it touched. Maps
 * onto FHIR AuditEvent / IHE BALP fields (the persons are its `entity` list).
 */
export interface AccessLogEntry {
  actor: { userId: string | null; username: string; authorityId: string | null; roles: string[] };
  action: AccessLogAction;
  resourceType: string;
  resourceId?: string | null;
  /** The person the use was about. */
  fokuspersonId?: string | null;
  /** Every person a use of several touched (a list shown, a case list): named once each, in this order. */
  fokuspersonIds?: readonly string[];
  purpose: string;
  outcome: 'ALLOWED' | 'DENIED';
  /** Denial reason, or the justification a sensitive act required. Never personal data of the citizen. */
  detail?: string | null;
  /** The search criterion, masked. */
  query?: string | null;
  requestId?: string | null;
  clientAddress?: string | null;
}

/** The actor of acts the system does by itself (retention). */
export const SYSTEM_ACTOR = { userId: null, username: 'system', authorityId: null, roles: ['SYSTEM'] };

const COLUMNS =
  'actor_user_id, actor_username, actor_authority_id, actor_roles, action, resource_type, resource_id, fokusperson_id, fokusperson_ids, purpose, outcome, detail, query, request_id, client_address';
const WIDTH = 15;

/**
 * The persons of an entry as the table keeps them (migration 1765500000000): one person in
 * `fokusperson_id`, two or more in `fokusperson_ids`, each once.
 */
function personColumns(e: Pick<AccessLogEntry, 'fokuspersonId' | 'fokuspersonIds'>): { one: string | null; several: string[] | null } {
  const persons = [...new Set([...(e.fokuspersonId ? [e.fokuspersonId] : []), ...(e.fokuspersonIds ?? [])])];
  if (persons.length <= 1) return { one: persons[0] ?? null, several: null };
  return { one: null, several: persons };
}

/** An entry's values in the order of the table's columns (ACCESS_LOG_COLUMNS). */
function rowValues(e: AccessLogEntry): unknown[] {
  const persons = personColumns(e);
  return [
    e.actor.userId,
    e.actor.username,
    e.actor.authorityId,
    e.actor.roles,
    e.action,
    e.resourceType,
    e.resourceId ?? null,
    persons.one,
    persons.several,
    e.purpose,
    e.outcome,
    e.detail ?? null,
    e.query ?? null,
    e.requestId ?? null,
    e.clientAddress ?? null,
  ];
}

/** `$from, $from+1, …`: the placeholders of one row's values. */
const placeholders = (from: number) => Array.from({ length: WIDTH }, (_, k) => `$${from + k}`).join(', ');

/**
 * Appends entries in the caller's transaction, one row each: the log row commits or rolls back with
 * the data it records ("no log, no data"). The database chains each row's hash to the previous one.
 */
export async function appendAccessLog(tx: EntityManager, entries: AccessLogEntry | AccessLogEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const rows = list.map((_, i) => `(${placeholders(i * WIDTH + 1)})`);
  await tx.query(`INSERT INTO access_log (${COLUMNS}) VALUES ${rows.join(', ')}`, list.flatMap(rowValues));
}
