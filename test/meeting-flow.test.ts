import { randomUUID } from 'node:crypto';
import { addBusinessDays, addCalendarDays, copenhagenDate, DEFAULT_MEETING_POLICY, earliestAgendaLock } from '@psp/domain';
import { meetingScheduleId } from '@psp/workflow-contracts';
import type { Client } from '@temporalio/client';
import { useForumStack } from './support/forum-stack';
import { uniqueName, type TestDatabase } from './support/services';

/**
 * Issue 14's meeting flow through HTTP: which meetings are upcoming, the preparation window of an
 * extra meeting, who sees a forum's meetings, and coordinators managing their forum's members.
 */
describe('meeting flow through HTTP', () => {
  let db: TestDatabase, temporal: Client, forumId: string;
  const { taskQueue, ids, as, coordinator, until, count, today, nominate, extraMeeting } = useForumStack(
    {
      name: 'meeting-flow',
      users: ['koordinator.pcb', 'koordinator.hilleroed', 'sagsbehandler.egedal', 'leder.egedal', 'sagsbehandler.hilleroed'],
      authorities: ['kommune-egedal'],
    },
    (s) => ({ db, temporal, forumId } = s),
  );
  const HOUR = 3_600_000;
  const meeting = async (status: string, startsInMs: number) => {
    const id: string = randomUUID();
    await db.dataSource.query(`INSERT INTO meeting (id, forum_id, starts_at, duration_minutes, location, status) VALUES ($1, $2, $3, 120, 'Rådhuset', $4)`, [
      id,
      forumId,
      new Date(Date.now() + startsInMs),
      status,
    ]);
    return id;
  };
  const listed = async (when: string, user = 'koordinator.pcb') =>
    ((await as(user).get(`/api/v1/forums/${forumId}/meetings?when=${when}&limit=100`).expect(200)).body as { id: string }[]).map((m) => m.id);

  it('lists as upcoming the meetings not yet held (and cancelled ones still ahead); today’s held and approved ones are past', async () => {
    const approvedToday = await meeting('MINUTES_APPROVED', -2 * HOUR);
    const heldToday = await meeting('HELD', -HOUR);
    const cancelledToday = await meeting('CANCELLED', -3 * HOUR);
    const startedNotYetHeld = await meeting('AGENDA_LOCKED', -10 * 60_000);
    const planned = await meeting('PLANNED', 20 * 24 * HOUR);
    const cancelledAhead = await meeting('CANCELLED', 21 * 24 * HOUR);

    const upcoming = await listed('upcoming');
    expect(upcoming.filter((id) => [startedNotYetHeld, planned, cancelledAhead].includes(id))).toEqual([startedNotYetHeld, planned, cancelledAhead]);
    for (const id of [approvedToday, heldToday, cancelledToday]) expect(upcoming).not.toContain(id);
    const byDefault = (await coordinator.get(`/api/v1/forums/${forumId}/meetings?limit=100`).expect(200)).body.map((m: { id: string }) => m.id);
    expect(byDefault).toEqual(upcoming);
    const past = await listed('past');
    expect(past.filter((id) => [approvedToday, heldToday, cancelledToday].includes(id))).toEqual([heldToday, approvedToday, cancelledToday]);
    for (const id of [startedNotYetHeld, planned, cancelledAhead]) expect(past).not.toContain(id);
  });

  it('leaves an extra meeting its preparation window: one starting before the window ends is refused (422), a later one locks at the window’s end', async () => {
    const earliest = earliestAgendaLock(new Date(), DEFAULT_MEETING_POLICY);
    const before = await count(`SELECT count(*) AS n FROM meeting WHERE forum_id = $1`, [forumId]);
    const tooSoon = await coordinator.post(`/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(earliest.getTime() - HOUR).toISOString() }).expect(422);
    expect(tooSoon.body.message).toMatch(/no time to prepare the case list: the agenda locks no earlier than .*choose a later start/);
    expect(await count(`SELECT count(*) AS n FROM meeting WHERE forum_id = $1`, [forumId])).toBe(before);

    const { body: created } = await coordinator.post(`/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(earliest.getTime() + HOUR).toISOString() }).expect(201);
    // The preparation request goes out at once; the lock waits for the end of the window.
    await until('the lock is the next event', async () => (await coordinator.get(`/api/v1/meetings/${created.id}`).expect(200)).body.nextEvent?.kind === 'LOCK');
    const { body: shown } = await coordinator.get(`/api/v1/meetings/${created.id}`).expect(200);
    expect(shown).toMatchObject({ status: 'PLANNED', nextEvent: { kind: 'LOCK', at: earliest.toISOString() } });
    await coordinator.post(`/api/v1/meetings/${created.id}/reschedule`, { startsAt: new Date(earliest.getTime() - HOUR).toISOString(), reason: 'Tidligere' }).expect(422);
  });

  it('plans no meeting from a cadence too close to leave the preparation window, and the later ones as before', async () => {
    const tooClose = addBusinessDays(today(), 1);
    const later = addBusinessDays(today(), 4);
    await coordinator.put(`/api/v1/forums/${forumId}/schedule`, { cadence: { kind: 'DATES', dates: [tooClose, later], time: '09:00' } }).expect(200);
    const schedule = temporal.schedule.getHandle(meetingScheduleId(taskQueue, forumId));
    await until('the planner ran', async () => (await schedule.describe()).info.recentActions.length > 0);
    const [run] = (await schedule.describe()).info.recentActions;
    await temporal.workflow.getHandle(run.action.workflow.workflowId).result();
    const planned = async (date: string) => count(`SELECT count(*) AS n FROM meeting WHERE forum_id = $1 AND planned_date = $2`, [forumId, date]);
    expect({ tooClose: await planned(tooClose), later: await planned(later) }).toEqual({ tooClose: 0, later: 1 });
  });

  it('shows the forum’s meetings, not the case list, to caseworkers and supervisors of its member authorities; others do not learn them', async () => {
    const planned = await meeting('PLANNED', 30 * 24 * HOUR);
    for (const user of ['sagsbehandler.egedal', 'leder.egedal']) {
      expect(await listed('upcoming', user)).toContain(planned);
      expect((await as(user).get(`/api/v1/meetings/${planned}`).expect(200)).body).toMatchObject({ id: planned, location: 'Rådhuset', status: 'PLANNED' });
      await as(user).get(`/api/v1/forums/${forumId}/schedule`).expect(200);
      await as(user).get(`/api/v1/meetings/${planned}/agenda`).expect(403);
    }
    await as('sagsbehandler.hilleroed').get(`/api/v1/forums/${forumId}/meetings`).expect(404);
    await as('sagsbehandler.hilleroed').get(`/api/v1/meetings/${planned}`).expect(404);
    await as('koordinator.hilleroed').get(`/api/v1/meetings/${planned}`).expect(404);
  });

  it('lets the forum’s coordinators manage its members, each change logged; others are refused, and the refusal logged', async () => {
    const path = (user: string) => `/api/v1/forums/${forumId}/members/${ids[user]}`;
    const logged = (requestId: string) =>
      db.dataSource.query(`SELECT action, resource_type, resource_id, purpose, outcome, actor_username, detail FROM access_log WHERE request_id = $1`, [requestId]);
    const { body: before } = await coordinator.get(`/api/v1/forums/${forumId}/members`).expect(200);
    expect(before.members.map((m: { username: string }) => m.username)).toContain('koordinator.pcb');
    expect(before.candidates.map((m: { username: string }) => m.username)).toEqual(expect.arrayContaining(['sagsbehandler.egedal', 'leder.egedal']));
    expect(before.candidates.map((m: { username: string }) => m.username)).not.toContain('sagsbehandler.hilleroed');

    const added = uniqueName('add-member');
    const { body: after } = await as('koordinator.pcb', added).put(path('sagsbehandler.egedal')).expect(200);
    expect(after.members.map((m: { username: string }) => m.username)).toContain('sagsbehandler.egedal');
    expect(await logged(added)).toEqual([
      {
        action: 'CREATE',
        resource_type: 'ForumMembership',
        resource_id: forumId,
        purpose: 'PSP_COORDINATION',
        outcome: 'ALLOWED',
        actor_username: 'koordinator.pcb',
        detail: JSON.stringify({ userId: { from: null, to: ids['sagsbehandler.egedal'] }, username: { from: null, to: 'sagsbehandler.egedal' } }),
      },
    ]);
    const again = uniqueName('add-again');
    await as('koordinator.pcb', again).put(path('sagsbehandler.egedal')).expect(200);
    expect(await logged(again)).toEqual([]); // nothing changed, nothing logged

    const outsider = await coordinator.put(path('sagsbehandler.hilleroed')).expect(409);
    expect(outsider.body.message).toMatch(/not a member of this forum/);
    expect((await coordinator.delete(path('koordinator.pcb')).expect(409)).body.message).toMatch(/cannot remove yourself/);

    const removed = uniqueName('remove-member');
    await as('koordinator.pcb', removed).delete(path('sagsbehandler.egedal')).expect(200);
    expect(await logged(removed)).toEqual([expect.objectContaining({ action: 'DELETE', resource_type: 'ForumMembership', outcome: 'ALLOWED', actor_username: 'koordinator.pcb' })]);
    await coordinator.delete(path('sagsbehandler.egedal')).expect(404);

    const refused = uniqueName('other-coordinator');
    await as('koordinator.hilleroed', refused).put(path('leder.egedal')).expect(404);
    expect(await logged(refused)).toEqual([
      { action: 'CREATE', resource_type: 'ForumMembership', resource_id: forumId, purpose: 'PSP_COORDINATION', outcome: 'DENIED', actor_username: 'koordinator.hilleroed', detail: 'You are not a member of this forum' },
    ]);
    await as('sagsbehandler.egedal').put(path('leder.egedal')).expect(403);
    expect(await count(`SELECT count(*) AS n FROM forum_member WHERE forum_id = $1 AND user_id = $2`, [forumId, ids['leder.egedal']])).toBe(0);
  });

  it('gives a person accepted between meetings a review at the forum’s next open meeting: their page shows it, and that case list lists them as due', async () => {
    await extraMeeting('Rådhuset, mødelokale 2'); // at least one open meeting ahead
    const person = await nominate('Rikke Revurdering');
    await coordinator.post(`/api/v1/fokuspersoner/${person}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet mellem møderne' }).expect(200);
    const { body: upcoming } = await coordinator.get(`/api/v1/forums/${forumId}/meetings?when=upcoming&limit=100`).expect(200);
    const next = (upcoming as { id: string; status: string; startsAt: string }[]).find((m) => m.status === 'PLANNED' && Date.parse(m.startsAt) > Date.now())!;
    const { body: detail } = await coordinator.get(`/api/v1/fokuspersoner/${person}`).expect(200);
    expect(detail).toMatchObject({ status: 'ACTIVE', nextReviewDate: copenhagenDate(new Date(next.startsAt)) });
    const { body: agenda } = await coordinator.get(`/api/v1/meetings/${next.id}/agenda`).expect(200);
    expect((agenda.items as { fokuspersonId: string; reasons: string[] }[]).find((i) => i.fokuspersonId === person)).toMatchObject({ reasons: ['REVIEW_DUE'] });
  });

  it('gives the coordinator the forum at a glance: next meeting and days to its lock, persons by status, nominations waiting, plans needing attention', async () => {
    const waiting = await nominate('Nanna Nomineret');
    const active = await nominate('Aksel Aktiv');
    await coordinator.post(`/api/v1/fokuspersoner/${active}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet på mødet' }).expect(200);
    const { body: step } = await coordinator
      .post(`/api/v1/fokuspersoner/${active}/helhedsplan/steps`, { description: 'Boligafklaring', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: addBusinessDays(today(), 5) })
      .expect(201);
    await db.dataSource.query(`UPDATE step SET due_date = $2 WHERE id = $1`, [step.id, addCalendarDays(today(), -3)]); // time passes: overdue
    await extraMeeting();
    const requestId = uniqueName('overview');
    const { body } = await as('koordinator.pcb', requestId).get(`/api/v1/forums/${forumId}/overview`).expect(200);
    const counts = await db.dataSource.query(`SELECT status, count(*)::int AS n FROM fokusperson WHERE forum_id = $1 GROUP BY status`, [forumId]);
    expect(body.personsByStatus).toEqual(Object.fromEntries(counts.map((c: { status: string; n: number }) => [c.status, c.n])));
    expect(body.nominations).toEqual(expect.arrayContaining([expect.objectContaining({ id: waiting, name: 'Nanna Nomineret', nominatingAuthority: { id: expect.any(String), name: expect.any(String) } })]));
    expect(body.nominations.some((n: { id: string }) => n.id === active)).toBe(false);
    expect(body.needingAttention).toEqual(expect.arrayContaining([{ id: active, name: 'Aksel Aktiv', overdueSteps: 1, blockedSteps: 0 }]));
    const { body: upcoming } = await coordinator.get(`/api/v1/forums/${forumId}/meetings?when=upcoming&limit=1`).expect(200);
    expect(body.nextMeeting).toMatchObject({ id: upcoming[0].id, status: upcoming[0].status });
    if (body.nextMeeting.status === 'PLANNED') {
      expect(body.nextMeeting.daysUntilLock).toBeGreaterThanOrEqual(0);
      // Its case list is counted from live data, as the meeting's page shows it: the nomination just made is on it.
      const onList = await db.dataSource.query(`SELECT count(*)::int AS n FROM meeting_item WHERE meeting_id = $1 AND fokusperson_id = $2 AND NOT removed`, [body.nextMeeting.id, waiting]);
      expect(onList[0].n).toBe(1);
      const stored = await db.dataSource.query(`SELECT count(*)::int AS n FROM meeting_item WHERE meeting_id = $1 AND NOT removed`, [body.nextMeeting.id]);
      expect(body.nextMeeting.itemCount).toBeLessThanOrEqual(stored[0].n);
      expect(body.nextMeeting.itemCount).toBeGreaterThanOrEqual(1);
    }
    // Each person shown is logged under the request.
    const logged = await db.dataSource.query(
      `SELECT DISTINCT named.id AS fokusperson_id FROM access_log l, unnest(coalesce(l.fokusperson_ids, ARRAY[l.fokusperson_id])) AS named(id) WHERE l.request_id = $1 AND named.id IS NOT NULL`,
      [requestId],
    );
    expect(logged.map((r: { fokusperson_id: string }) => r.fokusperson_id)).toEqual(expect.arrayContaining([waiting, active]));
    // Not the forum's coordinator: the forum is not theirs to see (404), a caseworker lacks the role (403).
    await as('koordinator.hilleroed').get(`/api/v1/forums/${forumId}/overview`).expect(404);
    await as('sagsbehandler.egedal').get(`/api/v1/forums/${forumId}/overview`).expect(403);
  });
});
