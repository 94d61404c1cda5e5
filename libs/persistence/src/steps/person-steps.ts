import type { EntityManager } from 'typeorm';

/** A step cancelled because its person was closed, rejected or anonymised, and the status it had. */
export interface CancelledStep {
  stepId: string;
  fromStatus: string;
}

/** A person in one of these statuses has no open steps; a notice of one of their steps is not sent. */
export const PERSON_STATUSES_WITHOUT_STEPS = ['REJECTED', 'CLOSED', 'ANONYMISED'] as const;

/**
 * Cancels every open step of a person in the caller's transaction, which closes, rejects or
 * anonymises the person: each step row, and its history (`step_event`) saying why. The caller logs
 * each step's change (access log) in the same transaction and signals each step's workflow
 * (the stepChanged signal), which re-reads the step once this transaction has ended (the rows
 * stay locked until then) and ends. A step being changed meanwhile is waited for; one that became
 * DONE or CANCELLED is left as it is.
 */
export async function cancelOpenStepsOfPerson(
  tx: EntityManager,
  fokuspersonId: string,
  because: { reason: string; actorUserId: string | null },
): Promise<CancelledStep[]> {
  // An UPDATE answers [rows, count] through TypeORM.
  const [rows]: [{ id: string; from_status: string }[], number] = await tx.query(
    `WITH open AS (
       SELECT id, status FROM step WHERE fokusperson_id = $1 AND status NOT IN ('DONE', 'CANCELLED') ORDER BY id FOR UPDATE
     )
     UPDATE step s SET status = 'CANCELLED', block_reason = NULL, closed_at = now(), version = s.version + 1, updated_at = now()
       FROM open WHERE s.id = open.id
     RETURNING s.id, open.status AS from_status`,
    [fokuspersonId],
  );
  if (rows.length === 0) return [];
  await tx.query(
    `INSERT INTO step_event (step_id, idempotency_key, actor_user_id, action, from_status, to_status, reason)
     SELECT c.id, 'person-closed:' || c.id, $2, 'CANCEL', c.from_status, 'CANCELLED', $3
       FROM unnest($1::uuid[], $4::text[]) AS c(id, from_status)`,
    [rows.map((r) => r.id), because.actorUserId, because.reason, rows.map((r) => r.from_status)],
  );
  return rows.map((r) => ({ stepId: r.id, fromStatus: r.from_status }));
}

/** The access-log detail of such a cancellation, like the step workflow's own (`CANCEL: ASSIGNED -> CANCELLED`). */
export function personClosedStepDetail(step: CancelledStep, reason: string): string {
  return `CANCEL: ${step.fromStatus} -> CANCELLED (${reason})`;
}
