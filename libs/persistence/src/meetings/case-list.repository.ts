import { caseListReasons, copenhagenDate, type CaseListReason, type FokuspersonStatus, type ItemDecision, type LocalDate } from '@psp/domain';
import type { EntityManager } from 'typeorm';

/** One item of a meeting's case list with the live facts a coordinator needs (the name still encrypted). */
export interface CaseListRow {
  item_id: string;
  fokusperson_id: string;
  position: number;
  reasons: CaseListReason[];
  status: FokuspersonStatus;
  lead_authority_id: string | null;
  lead_authority_name: string | null;
  key_id: string | null;
  name_ciphertext: Buffer | null;
  open_steps: number;
  overdue_steps: number;
  blocked_steps: number;
  decision: ItemDecision | null;
  next_review_date: string | null;
  minutes_key_id: string | null;
  minutes_ciphertext: Buffer | null;
}

/**
 * Step counts of the person `p`, overdue as of `$2` (derived, never stored): one index lookup per
 * person, a plan that stays fast whatever the statistics say.
 */
/** Per person `p`: its open, overdue (as of $2, a date) and blocked steps. */
export const STEP_COUNTS = `
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE s.status <> 'BLOCKED')::int AS open_steps,
           count(*) FILTER (WHERE s.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS') AND s.due_date < $2::date)::int AS overdue_steps,
           count(*) FILTER (WHERE s.status = 'BLOCKED')::int AS blocked_steps
      FROM step s WHERE s.fokusperson_id = p.id AND s.status NOT IN ('DONE', 'CANCELLED')) c`;

export const caseListRepository = {
  /**
   * Brings the case list up to date from live data: new nominations, active persons due for review,
   * plans with overdue or blocked steps, and items the last approved meeting carried over (or left
   * undecided). An item the coordinator removed stays removed; one they added keeps that reason.
   */
  async refresh(tx: EntityManager, meetingId: string, now: Date): Promise<void> {
    // A share lock: concurrent readers refresh side by side; locking the agenda waits for them.
    const [meeting] = await tx.query(`SELECT forum_id, starts_at FROM meeting WHERE id = $1 FOR SHARE`, [meetingId]);
    if (!meeting) return;
    const meetingDate = copenhagenDate(new Date(meeting.starts_at));
    const candidates: { id: string; status: FokuspersonStatus; next_review_date: LocalDate | null; overdue_steps: number; blocked_steps: number; carried: boolean }[] =
      await tx.query(
        `WITH last AS (SELECT id FROM meeting WHERE forum_id = $1 AND status = 'MINUTES_APPROVED' AND starts_at < $3 ORDER BY starts_at DESC LIMIT 1),
              carried AS (SELECT i.fokusperson_id FROM meeting_item i JOIN last ON last.id = i.meeting_id
                           WHERE NOT i.removed AND (i.decision IS NULL OR i.decision = 'CARRY_OVER'))
         SELECT p.id, p.status, to_char(p.next_review_date, 'YYYY-MM-DD') AS next_review_date,
                c.overdue_steps, c.blocked_steps, cr.fokusperson_id IS NOT NULL AS carried
           FROM fokusperson p ${STEP_COUNTS} LEFT JOIN carried cr ON cr.fokusperson_id = p.id
          WHERE p.forum_id = $1 AND p.status IN ('NOMINATED', 'ACTIVE')
          ORDER BY p.nominated_at, p.id`,
        [meeting.forum_id, copenhagenDate(now), meeting.starts_at],
      );
    const due = candidates
      .map((c) => ({ id: c.id, reasons: caseListReasons({ status: c.status, nextReviewDate: c.next_review_date, overdueSteps: c.overdue_steps, blockedSteps: c.blocked_steps, carriedOver: c.carried }, meetingDate) }))
      .filter((c) => c.reasons.length > 0);
    if (due.length === 0) return;
    const rows = JSON.stringify(due.map((d, i) => ({ id: d.id, reasons: d.reasons, n: i + 1 })));
    // Only rows whose reasons changed are written (and locked), so repeated reads do not queue on each other.
    await tx.query(
      `WITH d AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS d(id uuid, reasons text[], n int)),
            wanted AS (SELECT i.id, CASE WHEN 'ADDED_BY_COORDINATOR' = ANY(i.reasons) THEN array_append(d.reasons, 'ADDED_BY_COORDINATOR') ELSE d.reasons END AS reasons
                         FROM meeting_item i JOIN d ON d.id = i.fokusperson_id WHERE i.meeting_id = $1 AND NOT i.removed)
       UPDATE meeting_item i SET reasons = w.reasons FROM wanted w WHERE i.id = w.id AND i.reasons IS DISTINCT FROM w.reasons`,
      [meetingId, rows],
    );
    await tx.query(
      `INSERT INTO meeting_item (meeting_id, fokusperson_id, position, reasons)
       SELECT $1, d.id, coalesce((SELECT max(position) FROM meeting_item WHERE meeting_id = $1), 0) + d.n, d.reasons
         FROM jsonb_to_recordset($2::jsonb) AS d(id uuid, reasons text[], n int)
        WHERE NOT EXISTS (SELECT 1 FROM meeting_item i WHERE i.meeting_id = $1 AND i.fokusperson_id = d.id)
       ON CONFLICT (meeting_id, fokusperson_id) DO NOTHING`,
      [meetingId, rows],
    );
  },

  /** The items on the list (not removed), in agenda order, with live step counts. */
  async load(tx: EntityManager, meetingId: string, now: Date): Promise<CaseListRow[]> {
    return tx.query(
      `SELECT i.id AS item_id, i.fokusperson_id, i.position, i.reasons, p.status, p.lead_authority_id, a.name AS lead_authority_name,
              p.key_id, p.name_ciphertext, c.open_steps, c.overdue_steps, c.blocked_steps, i.decision, to_char(i.next_review_date, 'YYYY-MM-DD') AS next_review_date,
              i.key_id AS minutes_key_id, i.minutes_ciphertext
         FROM meeting_item i JOIN fokusperson p ON p.id = i.fokusperson_id
         LEFT JOIN authority a ON a.id = p.lead_authority_id
         ${STEP_COUNTS}
        WHERE i.meeting_id = $1 AND NOT i.removed
        ORDER BY i.position, i.id`,
      [meetingId, copenhagenDate(now)],
    );
  },
};
