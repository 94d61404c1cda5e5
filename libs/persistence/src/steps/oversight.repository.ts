import type { TrendWeek } from '@psp/domain';
import type { DataSource, EntityManager } from 'typeorm';

/** What a supervisor's lists show of one step: texts and the person's name still encrypted. */
interface OversightStepRow {
  stepId: string;
  fokuspersonId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  keyId: string | null;
  descriptionCiphertext: Buffer | null;
  assigneeUserId: string;
  assigneeDisplayName: string;
  personKeyId: string | null;
  personNameCiphertext: Buffer | null;
  forumId: string;
  forumName: string;
}

export interface DueStepRow extends OversightStepRow {
  status: string;
  /** Days past the due date on `today`; negative: days left. */
  daysOverdue: number;
}

export interface BlockedStepRow extends OversightStepRow {
  blockReason: string;
  noteKeyId: string | null;
  noteCiphertext: Buffer | null;
  /** When it was last blocked (its history); null when the history does not say. */
  blockedAt: Date | null;
}

/** One ISO week of an authority's steps: how many were open and overdue at its end. */
export interface StepTrendWeek {
  weekStart: string;
  open: number;
  overdue: number;
}

const STEP_COLUMNS = `s.id AS "stepId", s.fokusperson_id AS "fokuspersonId", to_char(s.due_date, 'YYYY-MM-DD') AS "dueDate", s.key_id AS "keyId",
  s.description_ciphertext AS "descriptionCiphertext", s.assignee_user_id AS "assigneeUserId", u.display_name AS "assigneeDisplayName",
  p.key_id AS "personKeyId", p.name_ciphertext AS "personNameCiphertext", f.id AS "forumId", f.name AS "forumName"`;

const STEP_JOINS = `FROM step s
  JOIN app_user u ON u.id = s.assignee_user_id
  JOIN fokusperson p ON p.id = s.fokusperson_id
  JOIN forum f ON f.id = p.forum_id`;

/** The authority's open, unblocked steps due by `today` + `soonDays`, by assignee name, then due date. */
export async function listDueSteps(db: DataSource | EntityManager, ownerAuthorityId: string, today: string, soonDays: number): Promise<DueStepRow[]> {
  return db.query(
    `SELECT ${STEP_COLUMNS}, s.status, ($2::date - s.due_date) AS "daysOverdue"
       ${STEP_JOINS}
      WHERE s.owner_authority_id = $1 AND s.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')
        AND s.due_date <= $2::date + $3::int
      ORDER BY u.display_name, s.due_date, s.id`,
    [ownerAuthorityId, today, soonDays],
  );
}

/** The authority's blocked steps, the longest blocked first (at most 500). */
export async function listBlockedSteps(db: DataSource | EntityManager, ownerAuthorityId: string): Promise<BlockedStepRow[]> {
  return db.query(
    `SELECT ${STEP_COLUMNS}, s.block_reason AS "blockReason", s.note_key_id AS "noteKeyId", s.note_ciphertext AS "noteCiphertext",
            (SELECT max(e.at) FROM step_event e WHERE e.step_id = s.id AND e.action = 'BLOCK') AS "blockedAt"
       ${STEP_JOINS}
      WHERE s.owner_authority_id = $1 AND s.status = 'BLOCKED'
      ORDER BY "blockedAt" NULLS FIRST, s.due_date, s.id
      LIMIT 500`,
    [ownerAuthorityId],
  );
}

/** The active users of the authority who hold one of `roles`, unordered. */
export async function listUsersWithRoles(db: DataSource | EntityManager, authorityId: string, roles: readonly string[]): Promise<{ id: string; displayName: string }[]> {
  return db.query(`SELECT id, display_name AS "displayName" FROM app_user WHERE authority_id = $1 AND active AND roles && $2::text[]`, [authorityId, roles]);
}

/**
 * Per week (its start, the day and the instant it ends), the authority's open and overdue steps
 * then: each step's status replayed from its history (no event yet: ASSIGNED since it was
 * created), overdue judged against its current due date.
 */
export async function stepTrend(
  db: DataSource | EntityManager,
  ownerAuthorityId: string,
  weeks: readonly TrendWeek[],
): Promise<StepTrendWeek[]> {
  const rows: { week_start: string; open: string; overdue: string }[] = await db.query(
    `WITH w AS (
       SELECT * FROM unnest($2::date[], $3::date[], $4::timestamptz[]) AS w(week_start, day, at)
     ), s AS (
       SELECT id, due_date, created_at FROM step WHERE owner_authority_id = $1
     ), ev AS (
       SELECT e.id, e.step_id, e.at, e.to_status FROM step_event e JOIN s ON s.id = e.step_id
     ), status_then AS (
       SELECT DISTINCT ON (w.week_start, s.id) w.week_start, w.day, s.due_date, coalesce(ev.to_status, 'ASSIGNED') AS status
         FROM w JOIN s ON s.created_at <= w.at
         LEFT JOIN ev ON ev.step_id = s.id AND ev.at <= w.at
        ORDER BY w.week_start, s.id, ev.at DESC NULLS LAST, ev.id DESC NULLS LAST
     )
     SELECT to_char(w.week_start, 'YYYY-MM-DD') AS week_start,
            count(t.week_start) FILTER (WHERE t.status NOT IN ('DONE', 'CANCELLED')) AS open,
            count(t.week_start) FILTER (WHERE t.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS') AND t.due_date < t.day) AS overdue
       FROM w LEFT JOIN status_then t ON t.week_start = w.week_start
      GROUP BY w.week_start
      ORDER BY w.week_start`,
    [ownerAuthorityId, weeks.map((p) => p.weekStart), weeks.map((p) => p.day), weeks.map((p) => p.at)],
  );
  return rows.map((r) => ({ weekStart: r.week_start, open: Number(r.open), overdue: Number(r.overdue) }));
}
