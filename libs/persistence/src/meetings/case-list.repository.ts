import { caseListReasons, copenhagenDate, type CaseListReason, type FokuspersonStatus, type LocalDate } from '@psp/domain';
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
  decision: string | null;
  next_review_date: string | null;
  minutes_key_id: string | null;
  minutes_ciphertext: Buffer | null;
}

/** Step counts per person, overdue as of `today` (derived, never stored). */
const STEP_COUNTS = `
  SELECT fokusperson_id,
         count(*) FILTER (WHERE status <> 'BLOCKED')::int AS open_steps,
         count(*) FILTER (WHERE status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS') AND due_date < $2::date)::int AS overdue_steps,
         count(*) FILTER (WHERE status = 'BLOCKED')::int AS blocked_steps
    FROM step WHERE status NOT IN ('DONE', 'CANCELLED') AND fokusperson_id IN (SELECT id FROM fokusperson WHERE forum_id = (SELECT forum_id FROM meeting WHERE id = $1))
   GROUP BY fokusperson_id`;

export const caseListRepository = {
  /**
   * Brings the case list up to date from live data: new nominations, active persons due for review,
   * plans with overdue or blocked steps, and items the last approved meeting carried over (or left
   * undecided). An item the coordinator removed stays removed; one they added keeps that reason.
   */
  async refresh(tx: EntityManager, meetingId: string, now: Date): Promise<void> {
    const [meeting] = await tx.query(`SELECT forum_id, starts_at FROM meeting WHERE id = $1 FOR UPDATE`, [meetingId]);
    if (!meeting) return;
    const meetingDate = copenhagenDate(new Date(meeting.starts_at));
    const candidates: { id: string; status: FokuspersonStatus; next_review_date: LocalDate | null; overdue_steps: number; blocked_steps: number; carried: boolean }[] =
      await tx.query(
        `WITH counts AS (${STEP_COUNTS}),
              last AS (SELECT id FROM meeting WHERE forum_id = $3 AND status = 'MINUTES_APPROVED' AND starts_at < $4 ORDER BY starts_at DESC LIMIT 1)
         SELECT p.id, p.status, to_char(p.next_review_date, 'YYYY-MM-DD') AS next_review_date,
                coalesce(c.overdue_steps, 0) AS overdue_steps, coalesce(c.blocked_steps, 0) AS blocked_steps,
                EXISTS (SELECT 1 FROM meeting_item i WHERE i.meeting_id = (SELECT id FROM last) AND i.fokusperson_id = p.id
                           AND NOT i.removed AND (i.decision IS NULL OR i.decision = 'CARRY_OVER')) AS carried
           FROM fokusperson p LEFT JOIN counts c ON c.fokusperson_id = p.id
          WHERE p.forum_id = $3 AND p.status IN ('NOMINATED', 'ACTIVE')
          ORDER BY p.nominated_at, p.id`,
        [meetingId, copenhagenDate(now), meeting.forum_id, meeting.starts_at],
      );
    const due = candidates
      .map((c) => ({ id: c.id, reasons: caseListReasons({ status: c.status, nextReviewDate: c.next_review_date, overdueSteps: c.overdue_steps, blockedSteps: c.blocked_steps, carriedOver: c.carried }, meetingDate) }))
      .filter((c) => c.reasons.length > 0);
    if (due.length === 0) return;
    await tx.query(
      `INSERT INTO meeting_item (meeting_id, fokusperson_id, position, reasons)
       SELECT $1, d.id, coalesce((SELECT max(position) FROM meeting_item WHERE meeting_id = $1), 0) + d.n, d.reasons
         FROM jsonb_to_recordset($2::jsonb) AS d(id uuid, reasons text[], n int)
       ON CONFLICT (meeting_id, fokusperson_id) DO UPDATE
         SET reasons = CASE WHEN 'ADDED_BY_COORDINATOR' = ANY(meeting_item.reasons) THEN array_append(EXCLUDED.reasons, 'ADDED_BY_COORDINATOR') ELSE EXCLUDED.reasons END
         WHERE NOT meeting_item.removed`,
      [meetingId, JSON.stringify(due.map((d, i) => ({ id: d.id, reasons: d.reasons, n: i + 1 })))],
    );
  },

  /** The items on the list (not removed), in agenda order, with live step counts. */
  async load(tx: EntityManager, meetingId: string, now: Date): Promise<CaseListRow[]> {
    return tx.query(
      `WITH counts AS (${STEP_COUNTS})
       SELECT i.id AS item_id, i.fokusperson_id, i.position, i.reasons, p.status, p.lead_authority_id, a.name AS lead_authority_name,
              p.key_id, p.name_ciphertext, coalesce(c.open_steps, 0) AS open_steps, coalesce(c.overdue_steps, 0) AS overdue_steps,
              coalesce(c.blocked_steps, 0) AS blocked_steps, i.decision, to_char(i.next_review_date, 'YYYY-MM-DD') AS next_review_date,
              i.key_id AS minutes_key_id, i.minutes_ciphertext
         FROM meeting_item i JOIN fokusperson p ON p.id = i.fokusperson_id
         LEFT JOIN authority a ON a.id = p.lead_authority_id
         LEFT JOIN counts c ON c.fokusperson_id = p.id
        WHERE i.meeting_id = $1 AND NOT i.removed
        ORDER BY i.position, i.id`,
      [meetingId, copenhagenDate(now)],
    );
  },
};
