import { Context } from '@temporalio/activity';
import { addCalendarDays, copenhagenDate, leavesPreparationWindow, meetingOccurrences, meetingPolicyOf, type MeetingEventKind } from '@psp/domain';
import { type MeetingFacts, type PlannedMeeting } from '@psp/workflow-contracts';
import { forumMeetingInvite, meetingInviteNotice, meetingPageUrl, meetingPreparationNotice, minutesReminderNotice, type Notice } from '@psp/documents';
import { caseListRepository, forumScheduleRepository, meetingRepository, type MeetingMember } from '@psp/persistence';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deliverNotice, type MailContent, type NotifySettings } from './mail';

export function meetingActivities(dataSource: DataSource, settings: NotifySettings) {
  const db = dataSource.manager;
  /** Read once the transaction changing the meeting has ended: the api signals the workflow before it commits. */
  const facts = async (meetingId: string): Promise<MeetingFacts | null> => {
    const m = await dataSource.transaction((tx) => meetingRepository.find(tx, meetingId, null, 'share'));
    return m ? { meetingId: m.id, status: m.status, startsAt: new Date(m.starts_at).toISOString(), inviteSequence: m.invite_sequence, policy: meetingPolicyOf(m.meeting_policy), createdAt: new Date(m.created_at).toISOString() } : null;
  };

  /** An inbox row and an e-mail to each recipient, once per key; texts in Danish, without personal data about citizens. */
  const notify = async (meetingId: string, purpose: string, kind: string, recipients: MeetingMember[], notice: (link: string) => Notice, calendar?: MailContent['calendar']) => {
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
     * that window so the planner can make sure each has its workflow. An occurrence too close to
     * leave the coordinators their preparation window (a cadence set a few days ahead) is not created.
     */
    async planForumMeetings(input: { forumId: string }): Promise<PlannedMeeting[]> {
      const forum = await forumScheduleRepository.find(db, input.forumId, null); // an inactive forum plans nothing
      if (!forum?.cadence || forum.schedule_paused) return [];
      const policy = meetingPolicyOf(forum.meeting_policy);
      const now = new Date();
      const today = copenhagenDate(now);
      const horizon = addCalendarDays(today, policy.prepareDaysBefore + 7);
      const due = meetingOccurrences(forum.cadence, today, 60).filter((o) => o.date <= horizon && o.startsAt > now);
      for (const o of due.filter((d) => leavesPreparationWindow(d.startsAt, now, policy))) {
        await meetingRepository.insertPlanned(db, { id: randomUUID(), forumId: input.forumId, plannedDate: o.plannedDate, startsAt: o.startsAt, durationMinutes: policy.durationMinutes });
      }
      const rows = await meetingRepository.pendingOnDates(db, input.forumId, due.map((o) => o.plannedDate));
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
          await notify(input.meetingId, 'prepare', 'MEETING_PREPARE', await meetingRepository.members(db, input.meetingId, true), (link) => meetingPreparationNotice(startsAt, link));
          break;
        case 'LOCK':
          await dataSource.transaction(async (tx) => {
            const m = await meetingRepository.find(tx, input.meetingId, null, true);
            if (m?.status !== 'PLANNED') return;
            await meetingRepository.lockAgenda(tx, input.meetingId, new Date());
          });
          break;
        case 'HOLD':
          await meetingRepository.markHeld(db, input.meetingId);
          break;
        case 'MINUTES_REMINDER':
          if (before.status !== 'HELD') break;
          await notify(input.meetingId, 'minutes-reminder', 'MEETING_MINUTES_REMINDER', await meetingRepository.members(db, input.meetingId, true), (link) => minutesReminderNotice(startsAt, link));
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
      const m = await meetingRepository.find(db, input.meetingId, null);
      if (!m) return { delivered: 0 };
      const members = await meetingRepository.members(db, input.meetingId, false);
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
