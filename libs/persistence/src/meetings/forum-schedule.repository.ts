import type { Cadence, MeetingPolicy, ReminderPolicy } from '@psp/domain';
import type { EntityManager } from 'typeorm';

/** An active forum's meeting settings, and whether the user is a member of it. */
export interface ForumScheduleRow {
  id: string;
  name: string;
  cadence: Cadence | null;
  meeting_policy: Partial<MeetingPolicy> | null;
  schedule_paused: boolean;
  is_member: boolean;
  /** The forum's member authorities: their caseworkers and supervisors see its meetings. */
  authority_ids: string[];
}

export const forumScheduleRepository = {
  /** The forum if it is active; `userId` (null: no user) decides `is_member`, `forUpdate` locks the forum's row. */
  async find(tx: EntityManager, forumId: string, userId: string | null, forUpdate = false): Promise<ForumScheduleRow | undefined> {
    const rows: ForumScheduleRow[] = await tx.query(
      `SELECT f.id, f.name, f.cadence, f.meeting_policy, f.schedule_paused, EXISTS (SELECT 1 FROM forum_member WHERE forum_id = f.id AND user_id = $2) AS is_member,
              ARRAY(SELECT authority_id FROM forum_authority WHERE forum_id = f.id ORDER BY authority_id) AS authority_ids
         FROM forum f WHERE f.id = $1 AND f.active ${forUpdate ? 'FOR UPDATE OF f' : ''}`,
      [forumId, userId],
    );
    return rows[0];
  },

  async setCadence(tx: EntityManager, forumId: string, cadence: Cadence, policy: MeetingPolicy): Promise<void> {
    await tx.query(`UPDATE forum SET cadence = $2, meeting_policy = $3, updated_at = now() WHERE id = $1`, [forumId, cadence, policy]);
  },

  async setPaused(tx: EntityManager, forumId: string, paused: boolean): Promise<void> {
    await tx.query(`UPDATE forum SET schedule_paused = $2, updated_at = now() WHERE id = $1`, [forumId, paused]);
  },

  /** The reminder policy the forum stored (null: none, the defaults apply). */
  async reminderPolicy(tx: EntityManager, forumId: string): Promise<Partial<ReminderPolicy> | null> {
    const rows: { reminder_policy: Partial<ReminderPolicy> | null }[] = await tx.query(`SELECT reminder_policy FROM forum WHERE id = $1`, [forumId]);
    return rows[0]?.reminder_policy ?? null;
  },

  async setReminderPolicy(tx: EntityManager, forumId: string, policy: ReminderPolicy): Promise<void> {
    await tx.query(`UPDATE forum SET reminder_policy = $2, updated_at = now() WHERE id = $1`, [forumId, policy]);
  },
};
