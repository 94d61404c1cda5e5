import { NOT_YET_HELD_STATUSES, type MeetingPolicy, type MeetingStatus } from '@psp/domain';
import type { EntityManager } from 'typeorm';
import { caseListRepository } from './case-list.repository';

/** Which member authorities attended, as the minutes record it. */
export interface MeetingAttendance {
  authorityId: string;
  present: boolean;
  attendees?: string;
}

/** A meeting with its forum's name and policy, whether the user is a member of the forum, and its case-list size. */
export interface MeetingRow {
  id: string;
  forum_id: string;
  forum_name: string;
  planned_date: string | null;
  starts_at: Date;
  duration_minutes: number;
  location: string | null;
  status: MeetingStatus;
  invite_sequence: number;
  cancel_reason: string | null;
  attendance: MeetingAttendance[];
  approved_at: Date | null;
  /** Counted up by each save of the minutes draft: a save made from an older one is refused. */
  minutes_version: number;
  /** When the meeting was created: its preparation window runs from then (libs/domain meeting-preparation). */
  created_at: Date;
  meeting_policy: Partial<MeetingPolicy> | null;
  is_member: boolean;
  /** The forum's member authorities: their caseworkers and supervisors see its meetings. */
  forum_authority_ids: string[];
  item_count: number;
}

/** An active member of a meeting's forum, who gets its invite and notices. */
export interface MeetingMember {
  id: string;
  email: string;
  display_name: string;
}

/** Every change of a meeting bumps its version; a change of time or a cancellation also the invite's sequence. */
const CHANGED = 'version = version + 1, updated_at = now()';

export const meetingRepository = {
  /**
   * The meeting; `userId` (null: no user) decides `is_member`. `lock` true locks the meeting's row
   * for a change; 'share' waits for a transaction changing it to end (the meeting workflow's re-read).
   */
  async find(tx: EntityManager, id: string, userId: string | null, lock: boolean | 'share' = false): Promise<MeetingRow | undefined> {
    const rows: MeetingRow[] = await tx.query(
      `SELECT m.id, m.forum_id, f.name AS forum_name, to_char(m.planned_date, 'YYYY-MM-DD') AS planned_date, m.starts_at, m.duration_minutes, m.location,
              m.status, m.invite_sequence, m.cancel_reason, m.attendance, m.approved_at, m.minutes_version, m.created_at, f.meeting_policy,
              EXISTS (SELECT 1 FROM forum_member fm WHERE fm.forum_id = m.forum_id AND fm.user_id = $2) AS is_member,
              ARRAY(SELECT fa.authority_id FROM forum_authority fa WHERE fa.forum_id = m.forum_id ORDER BY fa.authority_id) AS forum_authority_ids,
              (SELECT count(*)::int FROM meeting_item i WHERE i.meeting_id = m.id AND NOT i.removed) AS item_count
         FROM meeting m JOIN forum f ON f.id = m.forum_id WHERE m.id = $1 ${lock === 'share' ? 'FOR SHARE OF m' : lock ? 'FOR UPDATE OF m' : ''}`,
      [id, userId],
    );
    return rows[0];
  },

  /** The Copenhagen date of the forum's next meeting whose case list is still open (PLANNED, ahead), or null. */
  async nextOpenDate(tx: EntityManager, forumId: string): Promise<string | null> {
    const [row]: { day: string }[] = await tx.query(
      `SELECT to_char((starts_at AT TIME ZONE 'Europe/Copenhagen')::date, 'YYYY-MM-DD') AS day FROM meeting
        WHERE forum_id = $1 AND status = 'PLANNED' AND starts_at > now() ORDER BY starts_at LIMIT 1`,
      [forumId],
    );
    return row?.day ?? null;
  },

  /**
   * The ids of the forum's upcoming meetings (soonest first) or past ones (latest first), by status
   * (libs/domain NOT_YET_HELD_STATUSES): upcoming is not yet held, or cancelled with its start ahead.
   */
  async listIds(tx: EntityManager, forumId: string, upcoming: boolean, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM meeting
        WHERE forum_id = $1 AND (status = ANY($2::text[]) OR (status = 'CANCELLED' AND starts_at >= now())) = $3
        ORDER BY starts_at ${upcoming ? 'ASC' : 'DESC'} LIMIT $4`,
      [forumId, NOT_YET_HELD_STATUSES, upcoming, limit],
    );
    return rows.map((r) => r.id);
  },

  /** An extra meeting besides the cadence (no planned date). */
  async insertExtra(tx: EntityManager, m: { id: string; forumId: string; startsAt: Date; durationMinutes: number; location: string | null }): Promise<void> {
    await tx.query(`INSERT INTO meeting (id, forum_id, starts_at, duration_minutes, location, status) VALUES ($1, $2, $3, $4, $5, 'PLANNED')`, [
      m.id,
      m.forumId,
      m.startsAt,
      m.durationMinutes,
      m.location,
    ]);
  },

  /** A meeting of the cadence; idempotent: one per forum and planned date. */
  async insertPlanned(tx: EntityManager, m: { id: string; forumId: string; plannedDate: string; startsAt: Date; durationMinutes: number }): Promise<void> {
    await tx.query(
      `INSERT INTO meeting (id, forum_id, planned_date, starts_at, duration_minutes, status) VALUES ($1, $2, $3, $4, $5, 'PLANNED')
       ON CONFLICT (forum_id, planned_date) DO NOTHING`,
      [m.id, m.forumId, m.plannedDate, m.startsAt, m.durationMinutes],
    );
  },

  /** The forum's meetings on these planned dates that have not taken place, soonest first. */
  async pendingOnDates(tx: EntityManager, forumId: string, plannedDates: string[]): Promise<{ id: string; starts_at: Date }[]> {
    return tx.query(
      `SELECT id, starts_at FROM meeting WHERE forum_id = $1 AND planned_date = ANY($2::date[]) AND status IN ('PLANNED', 'AGENDA_LOCKED') ORDER BY starts_at`,
      [forumId, plannedDates],
    );
  },

  async reschedule(tx: EntityManager, id: string, startsAt: Date): Promise<void> {
    await tx.query(`UPDATE meeting SET starts_at = $2, invite_sequence = invite_sequence + 1, ${CHANGED} WHERE id = $1`, [id, startsAt]);
  },

  async cancel(tx: EntityManager, id: string, reason: string): Promise<void> {
    await tx.query(`UPDATE meeting SET status = 'CANCELLED', cancel_reason = $2, invite_sequence = invite_sequence + 1, ${CHANGED} WHERE id = $1`, [id, reason]);
  },

  /** Locks the agenda: the case list is brought up to date one last time. The caller holds the meeting's row lock. */
  async lockAgenda(tx: EntityManager, id: string, now: Date): Promise<void> {
    await caseListRepository.refresh(tx, id, now);
    await tx.query(`UPDATE meeting SET status = 'AGENDA_LOCKED', locked_at = now(), ${CHANGED} WHERE id = $1`, [id]);
  },

  /** Marks the meeting held, unless it is cancelled or already past that. */
  async markHeld(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE meeting SET status = 'HELD', ${CHANGED} WHERE id = $1 AND status IN ('PLANNED', 'AGENDA_LOCKED')`, [id]);
  },

  /** Saves a draft of the minutes' attendance and counts the minutes' version up; returns the new version. */
  async saveMinutesDraft(tx: EntityManager, id: string, attendance: MeetingAttendance[]): Promise<number> {
    const [rows]: [{ minutes_version: number }[], number] = await tx.query(
      `UPDATE meeting SET attendance = $2, minutes_version = minutes_version + 1, ${CHANGED} WHERE id = $1 RETURNING minutes_version`,
      [id, JSON.stringify(attendance)],
    );
    return rows[0].minutes_version;
  },

  /** Approves and locks the minutes; returns when. */
  async approveMinutes(tx: EntityManager, id: string, userId: string): Promise<Date> {
    const [rows]: [{ approved_at: Date }[], number] = await tx.query(
      `UPDATE meeting SET status = 'MINUTES_APPROVED', approved_at = now(), approved_by_user_id = $2, ${CHANGED} WHERE id = $1 RETURNING approved_at`,
      [id, userId],
    );
    return rows[0].approved_at;
  },

  /** The forum's active members (only its coordinators, if asked), by id. */
  async members(tx: EntityManager, meetingId: string, coordinatorsOnly: boolean): Promise<MeetingMember[]> {
    return tx.query(
      `SELECT u.id, u.email, u.display_name FROM meeting m JOIN forum_member fm ON fm.forum_id = m.forum_id JOIN app_user u ON u.id = fm.user_id
        WHERE m.id = $1 AND u.active AND (NOT $2 OR 'COORDINATOR' = ANY(u.roles)) ORDER BY u.id`,
      [meetingId, coordinatorsOnly],
    );
  },
};
