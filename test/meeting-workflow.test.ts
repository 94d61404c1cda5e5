import { randomUUID } from 'node:crypto';
import { addBusinessDays, copenhagenDate, copenhagenInstant, DEFAULT_MEETING_POLICY, earliestAgendaLock } from '@psp/domain';
import { meetingChanged, meetingState, meetingWorkflowId, WORKFLOWS } from '@psp/workflow-contracts';
import { startTimeSkipping, type TimeSkipping } from './support/time-skipping';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/**
 * The meeting workflow's timeline on the time-skipping server, with the real activities and
 * PostgreSQL: preparation 14 days before, lock and invite 7 days before, held at the start,
 * minutes reminder 3 business days after; moving and cancelling move the timers and re-invite.
 */
describe('meeting workflow (time-skipping)', () => {
  let ts: TimeSkipping;
  let env: TimeSkipping['env'];
  let db: TimeSkipping['db'];
  let taskQueue: string;
  let forumId: string;
  let coordinators: number;
  let members: number;

  beforeAll(async () => {
    ts = await startTimeSkipping('meetingwf');
    ({ env, db, taskQueue } = ts);
    [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    [{ n: coordinators }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM forum_member fm JOIN app_user u ON u.id = fm.user_id WHERE fm.forum_id = $1 AND u.active AND 'COORDINATOR' = ANY(u.roles)`,
      [forumId],
    );
    [{ n: members }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM forum_member fm JOIN app_user u ON u.id = fm.user_id WHERE fm.forum_id = $1 AND u.active`, [forumId]);
  });

  afterAll(() => ts?.stop());

  const now = async () => new Date(await env.currentTimeMs());
  const sleepUntil = (instant: Date) => ts.sleepUntil(instant);
  const settle = (check: () => Promise<boolean>) => ts.settle(check);
  const notices = async (meetingId: string, purpose: string) =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1`, [`${meetingWorkflowId(meetingId)}:${purpose}:%`]))[0].n);
  const status = async (meetingId: string) => (await db.dataSource.query(`SELECT status FROM meeting WHERE id = $1`, [meetingId]))[0].status;
  const state = (meetingId: string) => env.client.workflow.getHandle(meetingWorkflowId(meetingId)).query(meetingState);

  async function startMeeting(startsAt: Date) {
    const id = randomUUID();
    // Created now in the test server's time, as the api would create it (its preparation window runs from then).
    await db.dataSource.query(`INSERT INTO meeting (id, forum_id, starts_at, duration_minutes, status, created_at) VALUES ($1, $2, $3, 120, 'PLANNED', $4)`, [id, forumId, startsAt, new Date(await env.currentTimeMs())]);
    const handle = await env.client.workflow.start(WORKFLOWS.meeting, { workflowId: meetingWorkflowId(id), taskQueue, args: [{ meetingId: id }] });
    return { id, handle };
  }

  it('prepares 14 days before, locks and invites 7 days before, holds the meeting, and reminds for minutes 3 business days after', async () => {
    // Tuesday 2 February 2027, 09:00 Copenhagen (08:00Z): preparation Tuesday 19 January 08:00, lock 26 January 08:00,
    // minutes reminder Friday 5 February 08:00 (3 business days after).
    const { id } = await startMeeting(new Date('2027-02-02T08:00:00Z'));
    await settle(async () => (await state(id)).nextEvent !== null);
    expect((await state(id)).nextEvent).toEqual({ kind: 'PREPARE', at: '2027-01-19T07:00:00.000Z' });

    await sleepUntil(new Date('2027-01-19T06:55:00Z'));
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, 'prepare')).toBe(0);
    await sleepUntil(new Date('2027-01-19T07:05:00Z'));
    await settle(async () => (await notices(id, 'prepare')) === coordinators);
    expect(await notices(id, 'prepare')).toBe(coordinators);
    expect(await notices(id, 'invite-0')).toBe(0);

    await sleepUntil(new Date('2027-01-26T07:05:00Z'));
    await settle(async () => (await notices(id, 'invite-0')) === members);
    expect(await status(id)).toBe('AGENDA_LOCKED');
    expect(await notices(id, 'invite-0')).toBe(members);

    await sleepUntil(new Date('2027-02-02T08:01:00Z'));
    await settle(async () => (await status(id)) === 'HELD');
    expect(await status(id)).toBe('HELD');

    await sleepUntil(new Date('2027-02-05T06:55:00Z'));
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, 'minutes-reminder')).toBe(0);
    await sleepUntil(new Date('2027-02-05T07:05:00Z'));
    await settle(async () => (await notices(id, 'minutes-reminder')) === coordinators);
    expect(await notices(id, 'minutes-reminder')).toBe(coordinators);
    expect(await notices(id, 'prepare')).toBe(coordinators); // nothing twice
  });

  it('leaves the coordinators the preparation window: a meeting created 3 business days ahead asks at once and locks 2 business days later, not at once', async () => {
    const created = await now();
    const { id } = await startMeeting(copenhagenInstant(addBusinessDays(copenhagenDate(created), 3), 12));
    const lockAt = earliestAgendaLock(created, DEFAULT_MEETING_POLICY);
    await settle(async () => (await notices(id, 'prepare')) === coordinators);
    expect(await notices(id, 'prepare')).toBe(coordinators);
    expect((await state(id)).nextEvent).toEqual({ kind: 'LOCK', at: lockAt.toISOString() });
    expect(await status(id)).toBe('PLANNED');

    await sleepUntil(new Date(lockAt.getTime() - 5 * 60_000));
    await new Promise((r) => setTimeout(r, 300));
    expect(await status(id)).toBe('PLANNED');
    expect(await notices(id, 'invite-0')).toBe(0);
    await sleepUntil(new Date(lockAt.getTime() + 5 * 60_000));
    await settle(async () => (await notices(id, 'invite-0')) === members);
    expect(await status(id)).toBe('AGENDA_LOCKED');
  });

  it('moves its timers when the meeting is moved, sends the updated invite, and a cancelling one when cancelled', async () => {
    const start = new Date((await now()).getTime() + 12 * DAY);
    const { id, handle } = await startMeeting(start);
    // 12 days ahead: preparation is due at once, the lock 5 days from now (after the preparation window, whatever the weekday).
    await settle(async () => (await notices(id, 'prepare')) === coordinators);
    expect(await notices(id, 'prepare')).toBe(coordinators);
    const lockAt = Date.parse((await state(id)).nextEvent!.at);
    expect((await state(id)).nextEvent!.kind).toBe('LOCK');

    // Moved a week later before the lock: the lock moves with it, no invite yet.
    const moved = new Date(start.getTime() + 7 * DAY);
    await db.dataSource.query(`UPDATE meeting SET starts_at = $2, invite_sequence = invite_sequence + 1 WHERE id = $1`, [id, moved]);
    await handle.signal(meetingChanged);
    await settle(async () => Date.parse((await state(id)).nextEvent!.at) !== lockAt);
    expect(Date.parse((await state(id)).nextEvent!.at) - lockAt).toBeGreaterThanOrEqual(7 * DAY - HOUR);
    await sleepUntil(new Date(lockAt + HOUR));
    await new Promise((r) => setTimeout(r, 300));
    expect(await status(id)).toBe('PLANNED');

    // Locked at its new time: the invite of the current sequence (1) goes out.
    await sleepUntil(new Date(Date.parse((await state(id)).nextEvent!.at) + HOUR));
    await settle(async () => (await notices(id, 'invite-1')) === members);
    expect(await status(id)).toBe('AGENDA_LOCKED');
    expect(await notices(id, 'invite-1')).toBe(members);

    // Moved again after the invite: an updated invite (sequence 2).
    await db.dataSource.query(`UPDATE meeting SET starts_at = $2, invite_sequence = invite_sequence + 1 WHERE id = $1`, [id, new Date(moved.getTime() + DAY)]);
    await handle.signal(meetingChanged);
    await settle(async () => (await notices(id, 'invite-2')) === members);
    expect(await notices(id, 'invite-2')).toBe(members);

    // Cancelled: a cancelling invite (sequence 3), the workflow ends, and nothing follows.
    await db.dataSource.query(`UPDATE meeting SET status = 'CANCELLED', invite_sequence = invite_sequence + 1 WHERE id = $1`, [id]);
    await handle.signal(meetingChanged);
    await expect(handle.result()).resolves.toBe('CANCELLED');
    expect(await notices(id, 'invite-3')).toBe(members);
    const kinds = await db.dataSource.query(`SELECT DISTINCT kind FROM notification WHERE idempotency_key LIKE $1 ORDER BY kind`, [`${meetingWorkflowId(id)}:invite-3:%`]);
    expect(kinds).toEqual([{ kind: 'MEETING_CANCELLED' }]);
    expect(await notices(id, 'minutes-reminder')).toBe(0);
  });
});
