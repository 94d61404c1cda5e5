import { Context } from '@temporalio/activity';
import {
  addCalendarDays,
  copenhagenDate,
  DEFAULT_MEETING_POLICY,
  meetingOccurrences,
  type Cadence,
  type MeetingEventKind,
  type MeetingFacts,
  type MeetingPolicy,
  type PlannedMeeting,
} from '@psp/domain';
import { forumMeetingInvite, meetingInviteNotice, meetingPageUrl, meetingPreparationNotice, minutesReminderNotice, type Notice } from '@psp/documents';
import { caseListRepository } from '@psp/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deliverNotice, type MailContent, type NotifySettings } from './mail';

interface Recipient {
  id: string;
  email: string;
  display_name: string;
}

const policyOf = (stored: Partial<MeetingPolicy> | null): MeetingPolicy => ({ ...DEFAULT_MEETING_POLICY, ...(stored ?? {}) });

export function meetingActivities(dataSource: DataSource, settings: NotifySettings) {
  const facts = async (meetingId: string): Promise<MeetingFacts | null> => {
    const [m] = await dataSource.query(
      `SELECT m.id, m.status, m.starts_at, m.invite_sequence, f.meeting_policy FROM meeting m JOIN forum f ON f.id = m.forum_id WHERE m.id = $1`,
      [meetingId],
    );
    return m ? { meetingId: m.id, status: m.status, startsAt: new Date(m.starts_at).toISOString(), inviteSequence: m.invite_sequence, policy: policyOf(m.meeting_policy) } : null;
  };

  const forumMembers = (meetingId: string, coordinatorsOnly: boolean): Promise<Recipient[]> =>
    dataSource.query(
      `SELECT u.id, u.email, u.display_name FROM meeting m JOIN forum_member fm ON fm.forum_id = m.forum_id JOIN app_user u ON u.id = fm.user_id
        WHERE m.id = $1 AND u.active AND (NOT $2 OR 'COORDINATOR' = ANY(u.roles)) ORDER BY u.id`,
      [meetingId, coordinatorsOnly],
    );

  /** An inbox row and an e-mail to each recipient, once per key; texts in Danish, without personal data about citizens. */
  const notify = async (meetingId: string, purpose: string, kind: string, recipients: Recipient[], notice: (link: string) => Notice, calendar?: MailContent['calendar']) => {
    const workflowId = Context.current().info.workflowExecution?.workflowId ?? `meeting-${meetingId}`;
    const link = meetingPageUrl(settings.webBaseUrl, meetingId);
    const { subject, body } = notice(link);
    const mail: MailContent = { subject, text: body, ...(calendar ? { calendar } : {}) };
    let delivered = 0;
    for (const r of recipients) {
      if (await deliverNotice(dataSource, settings, { key: `${workflowId}:${purpose}:${r.id}`, kind, link, recipient: r, ...mail })) delivered++;
    }
    return { delivered };
  };

  return {
    /** The meeting as the database has it (the source of truth); null if it does not exist. */
    meetingFacts(input: { meetingId: string }): Promise<MeetingFacts | null> {
      return facts(input.meetingId);
    },

    /**
     * Creates the forum's meetings whose preparation falls within the coming week, from its cadence
     * (idempotent: one meeting per forum and planned date), and returns every planned meeting in
     * that window so the planner can make sure each has its workflow.
     */
    async planForumMeetings(input: { forumId: string }): Promise<PlannedMeeting[]> {
      const [forum] = await dataSource.query(`SELECT cadence, meeting_policy, schedule_paused, active FROM forum WHERE id = $1`, [input.forumId]);
      if (!forum?.cadence || forum.schedule_paused || !forum.active) return [];
      const policy = policyOf(forum.meeting_policy);
      const now = new Date();
      const today = copenhagenDate(now);
      const horizon = addCalendarDays(today, policy.prepareDaysBefore + 7);
      const due = meetingOccurrences(forum.cadence as Cadence, today, 60).filter((o) => o.date <= horizon && o.startsAt > now);
      for (const o of due) {
        await dataSource.query(
          `INSERT INTO meeting (id, forum_id, planned_date, starts_at, duration_minutes, status) VALUES ($1, $2, $3, $4, $5, 'PLANNED')
           ON CONFLICT (forum_id, planned_date) DO NOTHING`,
          [randomUUID(), input.forumId, o.plannedDate, o.startsAt, policy.durationMinutes],
        );
      }
      const rows: { id: string; starts_at: Date }[] = await dataSource.query(
        `SELECT id, starts_at FROM meeting WHERE forum_id = $1 AND planned_date = ANY($2::date[]) AND status IN ('PLANNED', 'AGENDA_LOCKED') ORDER BY starts_at`,
        [input.forumId, due.map((o) => o.plannedDate)],
      );
      return rows.map((r) => ({ meetingId: r.id, startsAt: new Date(r.starts_at).toISOString() }));
    },

    /**
     * Carries out one event of the meeting's timeline against the database, which decides: the
     * preparation request (the case list is brought up to date first), locking the agenda (its
     * last update), marking the meeting held, and the minutes reminder if they are not approved.
     */
    async runMeetingEvent(input: { meetingId: string; kind: MeetingEventKind }): Promise<MeetingFacts | null> {
      const before = await facts(input.meetingId);
      if (!before) return null;
      const startsAt = new Date(before.startsAt);
      switch (input.kind) {
        case 'PREPARE':
          if (before.status !== 'PLANNED') break;
          await dataSource.transaction((tx) => caseListRepository.refresh(tx, input.meetingId, new Date()));
          await notify(input.meetingId, 'prepare', 'MEETING_PREPARE', await forumMembers(input.meetingId, true), (link) => meetingPreparationNotice(startsAt, link));
          break;
        case 'LOCK':
          await dataSource.transaction(async (tx) => {
            const [m] = await tx.query(`SELECT status FROM meeting WHERE id = $1 FOR UPDATE`, [input.meetingId]);
            if (m?.status !== 'PLANNED') return;
            await caseListRepository.refresh(tx, input.meetingId, new Date());
            await tx.query(`UPDATE meeting SET status = 'AGENDA_LOCKED', locked_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [input.meetingId]);
          });
          break;
        case 'HOLD':
          await dataSource.query(`UPDATE meeting SET status = 'HELD', version = version + 1, updated_at = now() WHERE id = $1 AND status IN ('PLANNED', 'AGENDA_LOCKED')`, [
            input.meetingId,
          ]);
          break;
        case 'MINUTES_REMINDER':
          if (before.status !== 'HELD') break;
          await notify(input.meetingId, 'minutes-reminder', 'MEETING_MINUTES_REMINDER', await forumMembers(input.meetingId, true), (link) => minutesReminderNotice(startsAt, link));
          break;
      }
      return facts(input.meetingId);
    },

    /**
     * Sends the agenda notice with the calendar invite of one sequence to every member of the
     * forum: the first invite, an update after a move, or the cancellation. The invite's UID is
     * the meeting's, so calendars replace the earlier one.
     */
    async sendMeetingInvite(input: { meetingId: string; sequence: number }): Promise<{ delivered: number }> {
      const [m] = await dataSource.query(
        `SELECT m.id, m.status, m.starts_at, m.duration_minutes, m.location, f.name AS forum_name FROM meeting m JOIN forum f ON f.id = m.forum_id WHERE m.id = $1`,
        [input.meetingId],
      );
      if (!m) return { delivered: 0 };
      const members = await forumMembers(input.meetingId, false);
      const meeting = {
        meetingId: m.id,
        forumName: m.forum_name,
        startsAt: new Date(m.starts_at),
        durationMinutes: m.duration_minutes,
        location: m.location,
        sequence: input.sequence,
        cancelled: m.status === 'CANCELLED',
      };
      const content = forumMeetingInvite({ ...meeting, members: members.map((u) => ({ name: u.display_name, email: u.email })), webBaseUrl: settings.webBaseUrl });
      return notify(input.meetingId, `invite-${input.sequence}`, meeting.cancelled ? 'MEETING_CANCELLED' : 'MEETING_INVITE', members, (link) => meetingInviteNotice(meeting, link), {
        method: meeting.cancelled ? 'CANCEL' : 'REQUEST',
        content,
      });
    },
  };
}
