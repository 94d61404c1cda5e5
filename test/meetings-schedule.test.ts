import { addCalendarDays, copenhagenInstant, DEFAULT_MEETING_POLICY, earliestAgendaLock } from '@psp/domain';
import { meetingScheduleId, meetingWorkflowId } from '@psp/workflow-contracts';
import type { Client } from '@temporalio/client';
import type { TestApi } from './support/api';
import { useMeetingsStack, type ForumStack } from './support/forum-stack';
import type { TestDatabase } from './support/services';

/** A forum's meeting Schedule through HTTP on the dev server, and the invites a meeting sends when planned, moved and cancelled. */
describe('PSP meetings through HTTP', () => {
  let db: TestDatabase, api: TestApi, smtp: ForumStack['smtp'], temporal: Client, forumId: string;
  const { taskQueue, as, coordinator, until, count, today } = useMeetingsStack((s) => ({ db, api, smtp, temporal, forumId } = s));

  /**
   * A weekday (1-5) a few days ahead: its meeting (09:00) is within the lock window (7 days), but
   * starts after the preparation window a meeting planned today leaves (else it is not planned).
   */
  const weekdaySoon = () => {
    for (let days = 3; ; days++) {
      const date = addCalendarDays(today(), days);
      const d = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (d >= 1 && d <= 5 && copenhagenInstant(date, 9) > earliestAgendaLock(new Date(), DEFAULT_MEETING_POLICY)) return d;
    }
  };

  it('refuses a cadence that yields no dates, and changes nothing', async () => {
    // Well-formed, but no meeting from today on: a rule that depends on the date (422).
    const res = await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates: ['2020-01-07'], time: '09:00' } }).expect(422);
    expect(res.body.message).toMatch(/yields no meeting/);
    // What a kind needs is stated in the schema (oneOf): 400.
    await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', time: '09:00', everyWeeks: 2 } }).expect(400);
    await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'EVERY_N_WEEKS', everyWeeks: 2, weekday: 6, time: '09:00', startDate: today() } }).expect(400);
    await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'EVERY_N_WEEKS', everyWeeks: 2, weekday: 2, time: '9.00', startDate: today() } }).expect(400);
    await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates: [addCalendarDays(today(), 30)], time: '09:00' }, extra: 1 }).expect(400);
    const policy = await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates: [addCalendarDays(today(), 30)], time: '09:00' }, meetingPolicy: { lockDaysBefore: 20 } }).expect(422);
    expect(policy.body.message).toMatch(/lockDaysBefore must be fewer days than prepareDaysBefore/);
    await as('sagsbehandler.egedal').put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates: [addCalendarDays(today(), 30)], time: '09:00' } }).expect(403);
    await as('koordinator.hilleroed').put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates: [addCalendarDays(today(), 30)], time: '09:00' } }).expect(404);
    const [forum] = await db.dataSource.query(`SELECT cadence FROM forum WHERE id = $1`, [forumId]);
    expect(forum.cadence).toBeNull();
    await expect(temporal.schedule.getHandle(meetingScheduleId(taskQueue, forumId)).describe()).rejects.toThrow();
  });

  it('gives a forum with a cadence a Schedule; triggering it creates the meeting, the preparation notices and the invite', async () => {
    // Weekly, a few days from now: preparation (21 days before) and the usual lock (7 days before) are already
    // due; the lock waits for the end of the coordinators' preparation window, or for a coordinator to lock.
    const res = await coordinator
      .put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'EVERY_N_WEEKS', everyWeeks: 1, weekday: weekdaySoon(), time: '09:00', startDate: today() }, meetingPolicy: { prepareDaysBefore: 21 } })
      .expect(200);
    expect(res.body.upcoming.length).toBeGreaterThan(0);
    expect(res.body.meetingPolicy).toMatchObject({ prepareDaysBefore: 21, lockDaysBefore: 7, minutesReminderBusinessDaysAfter: 3 });
    const description = await temporal.schedule.getHandle(meetingScheduleId(taskQueue, forumId)).describe();
    expect(description.spec.timezone).toBe('Europe/Copenhagen');
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'forumMeetingPlannerWorkflow' });

    await until('a planned meeting', async () => (await count(`SELECT count(*) AS n FROM meeting WHERE forum_id = $1 AND planned_date IS NOT NULL`, [forumId])) >= 1);
    const [meeting] = await db.dataSource.query(`SELECT id FROM meeting WHERE forum_id = $1 AND planned_date IS NOT NULL ORDER BY starts_at LIMIT 1`, [forumId]);
    const coordinators = await count(
      `SELECT count(*) AS n FROM forum_member fm JOIN app_user u ON u.id = fm.user_id WHERE fm.forum_id = $1 AND 'COORDINATOR' = ANY(u.roles)`,
      [forumId],
    );
    const prefix = `${meetingWorkflowId(meeting.id)}:`;
    await until('the preparation notices', async () => (await count(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1`, [`${prefix}prepare:%`])) === coordinators);
    await until('the lock as the next event', async () => (await coordinator.get(`/api/v1/meetings/${meeting.id}`).expect(200)).body.nextEvent?.kind === 'LOCK');
    const planned = (await coordinator.get(`/api/v1/meetings/${meeting.id}`).expect(200)).body;
    expect(planned).toMatchObject({ status: 'PLANNED', nextEvent: { kind: 'LOCK', at: earliestAgendaLock(new Date(), DEFAULT_MEETING_POLICY).toISOString() } });
    await coordinator.post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    await until('the invite', async () => smtp.mails.filter((m) => m.idempotencyKey?.startsWith(`${prefix}invite-0:`)).length === coordinators);
    const invite = smtp.mails.find((m) => m.idempotencyKey?.startsWith(`${prefix}invite-0:`))!;
    expect(invite.raw).toMatch(/text\/calendar/);
    expect(invite.raw).toContain(`meeting-${meeting.id}`);
    // Every notice links to the meeting's page in the web app.
    const links = await db.dataSource.query(`SELECT DISTINCT link FROM notification WHERE idempotency_key LIKE $1`, [`${prefix}%`]);
    expect(links).toEqual([{ link: `${api.config.webBaseUrl}/moeder/${meeting.id}` }]);
    expect((await coordinator.get(`/api/v1/meetings/${meeting.id}`).expect(200)).body.status).toBe('AGENDA_LOCKED');

    // Triggering again plans nothing twice: the planner finds the meeting and its running workflow.
    const schedule = temporal.schedule.getHandle(meetingScheduleId(taskQueue, forumId));
    const runs = async () => (await schedule.describe()).info.recentActions.map((a) => a.action.workflow.workflowId);
    const before = await runs();
    expect(await temporal.workflow.getHandle(before[before.length - 1]).result()).toBeGreaterThanOrEqual(1);
    await schedule.trigger();
    await until('the second planner run', async () => (await runs()).length > before.length);
    const after = await runs();
    expect(await temporal.workflow.getHandle(after[after.length - 1]).result()).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM meeting WHERE forum_id = $1 AND planned_date = (SELECT planned_date FROM meeting WHERE id = $2)`, [forumId, meeting.id])).toBe(1);

    // Pausing the schedule pauses it in Temporal.
    await coordinator.post(`/api/v1/forums/${forumId}/schedule/pause`, { paused: true }).expect(200);
    expect((await temporal.schedule.getHandle(meetingScheduleId(taskQueue, forumId)).describe()).state.paused).toBe(true);
  });

  it('moves and cancels a meeting: an updated and then a cancelling invite, with the same UID', async () => {
    const { body: meeting } = await coordinator.post(`/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(`${addCalendarDays(today(), 5)}T08:00:00Z`).toISOString() }).expect(201);
    await coordinator.post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    const prefix = `${meetingWorkflowId(meeting.id)}:`;
    await until('the first invite', async () => smtp.mails.some((m) => m.idempotencyKey?.startsWith(`${prefix}invite-0:`)));
    await coordinator.post(`/api/v1/meetings/${meeting.id}/reschedule`, { startsAt: '2020-01-01T08:00:00Z', reason: 'for sent' }).expect(422);
    const moved = await coordinator.post(`/api/v1/meetings/${meeting.id}/reschedule`, { startsAt: new Date(`${addCalendarDays(today(), 6)}T08:00:00Z`).toISOString(), reason: 'Lokalet er optaget' }).expect(200);
    expect(moved.body.inviteSequence).toBe(1);
    await until('the updated invite', async () => smtp.mails.some((m) => m.idempotencyKey?.startsWith(`${prefix}invite-1:`)));
    await coordinator.post(`/api/v1/meetings/${meeting.id}/cancel`, { reason: 'Ingen sager' }).expect(200);
    await until('the cancelling invite', async () => smtp.mails.some((m) => m.idempotencyKey?.startsWith(`${prefix}invite-2:`)));
    const cancel = smtp.mails.find((m) => m.idempotencyKey?.startsWith(`${prefix}invite-2:`))!;
    expect(cancel.raw).toMatch(/METHOD[:=]"?CANCEL/);
    expect(cancel.raw).toContain(`meeting-${meeting.id}`);
    await coordinator.post(`/api/v1/meetings/${meeting.id}/cancel`, { reason: 'igen' }).expect(409);
    await expect(temporal.workflow.getHandle(meetingWorkflowId(meeting.id)).result()).resolves.toBe('CANCELLED');
  });
});
