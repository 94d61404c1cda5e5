import { addCalendarDays } from '@psp/domain';
import { retentionWorkflowId, stepWorkflowId } from '@psp/workflow-contracts';
import type { Client } from '@temporalio/client';
import { useMeetingsStack } from './support/forum-stack';
import { pdfTextOf } from './support/pdf';
import { uniqueName, type TestDatabase } from './support/services';

/**
 * Meetings through HTTP on the dev server: the full cycle, exports, bad input and what approved
 * minutes start and log (the forum's Schedule and the invites: meetings-schedule.test.ts).
 */
describe('PSP meetings through HTTP', () => {
  let db: TestDatabase, temporal: Client, forumId: string;
  const { ids, as, coordinator, until, count, nominate, today, extraMeeting, beginMeeting } = useMeetingsStack((s) => ({ db, temporal, forumId } = s));

  it('runs the full cycle: nominate, agenda, minutes, steps, an overdue step on the next case list', async () => {
    const accepted = await nominate('Anders Accepteret');
    const rejected = await nominate('Rasmus Afvist');
    // An extra meeting; its day comes (beginMeeting) once the minutes are drafted.
    const meeting = await extraMeeting('Politigården, Hillerød');

    const agenda = await coordinator.get(`/api/v1/meetings/${meeting.id}/agenda`).expect(200);
    const items = agenda.body.items.filter((i: { fokuspersonId: string }) => [accepted, rejected].includes(i.fokuspersonId));
    expect(items.map((i: { name: string; reasons: string[] }) => [i.name, i.reasons])).toEqual([
      ['Anders Accepteret', ['NEW_NOMINATION']],
      ['Rasmus Afvist', ['NEW_NOMINATION']],
    ]);
    expect(JSON.stringify(agenda.body)).not.toMatch(/cpr/i);
    // One event for the list, naming each person on it.
    const readLogged = await count(
      `SELECT count(*) AS n FROM access_log l, unnest(coalesce(l.fokusperson_ids, ARRAY[l.fokusperson_id])) AS named(id)
        WHERE l.resource_type = 'CaseList' AND l.action = 'READ' AND named.id = ANY($1)`,
      [[accepted, rejected]],
    );
    expect(readLogged).toBe(2);

    // Minutes cannot be written before the lock; the coordinator locks, after which the agenda is frozen.
    await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { attendance: [], items: [] }).expect(409);
    await coordinator.post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    const frozen = await coordinator.put(`/api/v1/meetings/${meeting.id}/agenda/order`, { itemIds: agenda.body.items.map((i: { itemId: string }) => i.itemId).reverse() }).expect(409);
    expect(frozen.body.message).toMatch(/locked/);
    await coordinator.delete(`/api/v1/meetings/${meeting.id}/agenda/items/${items[0].itemId}`).expect(409);

    const itemOf = (person: string) => items.find((i: { fokuspersonId: string }) => i.fokuspersonId === person).itemId;
    const due = addCalendarDays(today(), 14);
    const nextReview = addCalendarDays(today(), 10);
    const minutes = {
      attendance: [
        { authorityId: ids['politi-nordsjaelland'], present: true, attendees: 'Lars Leder' },
        { authorityId: ids['kommune-egedal'], present: true },
        { authorityId: ids['pcb'], present: false },
      ],
      items: [
        {
          itemId: itemOf(accepted),
          decision: 'ACCEPT',
          reason: 'Kriterierne er opfyldt',
          nextReviewDate: nextReview,
          steps: [
            { description: 'Afklare bolig', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: due },
            { description: 'Bekymringssamtale', ownerAuthorityId: ids['politi-nordsjaelland'], assigneeUserId: ids['sagsbehandler.politi'], dueDate: due },
            { description: 'Tilbud om ambulant behandling', ownerAuthorityId: ids['pcb'], assigneeUserId: ids['koordinator.pcb'], dueDate: due },
          ],
        },
        { itemId: itemOf(rejected), decision: 'REJECT', reason: 'Kriterierne er ikke opfyldt' },
      ],
    };
    // A decision on a person who is not on the agenda: 422 (well-formed, against the agenda), and the draft is unchanged.
    const stranger = { itemId: '00000000-0000-4000-8000-000000000000', decision: 'ACCEPT', reason: 'Ikke på dagsordenen' };
    const notOnAgenda = await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { ...minutes, items: [...minutes.items, stranger] }).expect(422);
    expect(notOnAgenda.body.message).toMatch(/not on this meeting’s agenda/);
    expect(await count(`SELECT count(*) AS n FROM meeting_item WHERE meeting_id = $1 AND decision IS NOT NULL`, [meeting.id])).toBe(0);
    // A decision that does not fit the person's status: 409.
    await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { ...minutes, items: [{ itemId: itemOf(rejected), decision: 'CLOSE', reason: 'Forløbet er slut' }] }).expect(409);

    const saved = await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, minutes).expect(200);
    // Two coordinators drafting at once: the save made from the older version is refused; nothing is overwritten.
    const mine = await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { ...minutes, version: saved.body.version }).expect(200);
    expect(mine.body.version).toBe(saved.body.version + 1);
    const stale = await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { ...minutes, items: [], version: saved.body.version }).expect(409);
    expect(stale.body.message).toMatch(/Someone else saved these minutes meanwhile .*nothing was overwritten/);
    const kept = (await coordinator.get(`/api/v1/meetings/${meeting.id}/minutes`).expect(200)).body;
    expect({ version: kept.version, decided: kept.items.filter((i: { decision: string | null }) => i.decision !== null).length }).toEqual({ version: mine.body.version, decided: 2 });

    // Before approving, what it will do: each person's change and review, each step with its assignee; nothing changes yet.
    const { body: preview } = await coordinator.get(`/api/v1/meetings/${meeting.id}/minutes/approval-preview`).expect(200);
    expect(preview.persons).toEqual(
      expect.arrayContaining([
        { fokuspersonId: accepted, name: 'Anders Accepteret', decision: 'ACCEPT', fromStatus: 'NOMINATED', toStatus: 'ACTIVE', nextReviewDate: nextReview },
        { fokuspersonId: rejected, name: 'Rasmus Afvist', decision: 'REJECT', fromStatus: 'NOMINATED', toStatus: 'REJECTED', nextReviewDate: null },
      ]),
    );
    expect(preview.steps).toHaveLength(3);
    expect(preview.steps[0]).toMatchObject({ fokuspersonId: accepted, name: 'Anders Accepteret', assignee: { displayName: expect.any(String) }, ownerAuthority: { name: expect.any(String) } });
    expect(preview.problems).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM fokusperson WHERE id = ANY($1) AND status = 'NOMINATED'`, [[accepted, rejected]])).toBe(2);

    await coordinator.post(`/api/v1/meetings/${meeting.id}/minutes/approve`).expect(409); // not yet held
    await beginMeeting(meeting.id);
    const approved = await coordinator.post(`/api/v1/meetings/${meeting.id}/minutes/approve`).expect(200);
    expect(approved.body.status).toBe('MINUTES_APPROVED');
    expect(approved.body.startedStepIds).toHaveLength(3);
    const again = await coordinator.post(`/api/v1/meetings/${meeting.id}/minutes/approve`).expect(409);
    expect(again.body.message).toMatch(/already approved/);
    await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, minutes).expect(409);

    // The register follows the minutes; the agreed steps run; the rejected person has a retention workflow.
    const statuses = await db.dataSource.query(`SELECT id, status, to_char(next_review_date, 'YYYY-MM-DD') AS review FROM fokusperson WHERE id = ANY($1) ORDER BY status`, [[accepted, rejected]]);
    expect(statuses).toEqual([
      { id: accepted, status: 'ACTIVE', review: nextReview },
      { id: rejected, status: 'REJECTED', review: null },
    ]);
    expect((await temporal.workflow.getHandle(retentionWorkflowId(rejected)).describe()).status.name).toBe('RUNNING');
    for (const stepId of approved.body.startedStepIds) {
      expect((await temporal.workflow.getHandle(stepWorkflowId(stepId)).describe()).status.name).toBe('RUNNING');
    }
    const owners = await db.dataSource.query(`SELECT DISTINCT owner_authority_id FROM step WHERE fokusperson_id = $1`, [accepted]);
    expect(owners).toHaveLength(3);
    const [version] = await db.dataSource.query(`SELECT meeting_id FROM helhedsplan_version v JOIN helhedsplan h ON h.id = v.helhedsplan_id WHERE h.fokusperson_id = $1`, [accepted]);
    expect(version.meeting_id).toBe(meeting.id);
    await until('the assignee’s task', async () => (await as('sagsbehandler.egedal').get('/api/v1/me/tasks').expect(200)).body.some((t: { fokusperson: { id: string } }) => t.fokusperson.id === accepted));

    // Time passes for one step: its due date lies behind us (the step workflow's timers are tested on the time-skipping server).
    const overdueStep = approved.body.startedStepIds[1];
    await db.dataSource.query(`UPDATE step SET due_date = $2 WHERE id = $1`, [overdueStep, addCalendarDays(today(), -2)]);

    // The next meeting's case list: the accepted person for review with the overdue step counted; the rejected one is absent.
    const { body: next } = await coordinator.post(`/api/v1/forums/${forumId}/meetings`, { startsAt: new Date(`${addCalendarDays(today(), 12)}T08:00:00Z`).toISOString() }).expect(201);
    const list = (await coordinator.get(`/api/v1/meetings/${next.id}/agenda`).expect(200)).body.items;
    const item = list.find((i: { fokuspersonId: string }) => i.fokuspersonId === accepted);
    expect(item).toMatchObject({ status: 'ACTIVE', openSteps: 3, overdueSteps: 1, blockedSteps: 0, reasons: ['REVIEW_DUE', 'OVERDUE_OR_BLOCKED_STEPS'] });
    expect(list.some((i: { fokuspersonId: string }) => i.fokuspersonId === rejected)).toBe(false);

    // Exports: the agenda and minutes as PDF with the items' titles, each person logged as EXPORT.
    const pdfText = async (path: string) => {
      const res = await coordinator.get(path).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/pdf/);
      return (await pdfTextOf(res.body as Buffer)).text;
    };
    const minutesText = await pdfText(`/api/v1/meetings/${meeting.id}/minutes.pdf`);
    expect(minutesText).toContain('Anders Accepteret');
    expect(minutesText).toContain('Rasmus Afvist');
    expect(minutesText).toContain('Afklare bolig');
    expect(await pdfText(`/api/v1/meetings/${next.id}/agenda.pdf`)).toContain('Anders Accepteret');
    expect(await count(`SELECT count(*) AS n FROM access_log WHERE action = 'EXPORT' AND resource_id = $1 AND (fokusperson_id = $2 OR fokusperson_ids @> ARRAY[$2]::uuid[])`, [meeting.id, accepted])).toBe(1);

    // The invite is readable by the forum's members, not by others.
    const ics = await coordinator.get(`/api/v1/meetings/${meeting.id}/invite.ics`).expect(200);
    expect(ics.text).toContain(`meeting-${meeting.id}`);
    await as('koordinator.hilleroed').get(`/api/v1/meetings/${meeting.id}/invite.ics`).expect(404);
    await as('koordinator.hilleroed').get(`/api/v1/meetings/${meeting.id}/agenda`).expect(404);
    expect(await count(`SELECT count(*) AS n FROM access_log WHERE outcome = 'DENIED' AND resource_type = 'Meeting' AND resource_id = $1`, [meeting.id])).toBe(1);
  });

  it('logs one use of each person the approved minutes name, the undecided ones too', async () => {
    const decided = await nominate('Bodil Besluttet');
    const undecided = await nominate('Ulla Uafklaret');
    const meeting = await extraMeeting();
    await coordinator.post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    const { body: agenda } = await coordinator.get(`/api/v1/meetings/${meeting.id}/agenda`).expect(200);
    const itemOf = (person: string) => agenda.items.find((i: { fokuspersonId: string }) => i.fokuspersonId === person).itemId;
    expect(itemOf(undecided)).toBeDefined();
    await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { attendance: [], items: [{ itemId: itemOf(decided), decision: 'ACCEPT', reason: 'Kriterierne er opfyldt' }] }).expect(200);
    await beginMeeting(meeting.id);

    const requestId = uniqueName('approve');
    const approved = await coordinator.post(`/api/v1/meetings/${meeting.id}/minutes/approve`).set('X-Request-Id', requestId).expect(200);
    const named: { fokuspersonId: string; name: string | null; decision: string | null }[] = approved.body.items;
    expect(named.find((i) => i.fokuspersonId === undecided)).toMatchObject({ name: 'Ulla Uafklaret', decision: null });
    // Each person the approval touched, in whichever shape its event names them (one person, or the list of a use of several).
    const rows: { fokusperson_id: string; action: string }[] = await db.dataSource.query(
      `SELECT named.id AS fokusperson_id, l.action FROM access_log l, unnest(coalesce(l.fokusperson_ids, ARRAY[l.fokusperson_id])) AS named(id)
        WHERE l.request_id = $1 AND l.outcome = 'ALLOWED' AND named.id IS NOT NULL ORDER BY l.seq`,
      [requestId],
    );
    for (const item of named) {
      expect({ person: item.fokuspersonId, logged: rows.some((r) => r.fokusperson_id === item.fokuspersonId) }).toEqual({ person: item.fokuspersonId, logged: true });
    }
    expect(rows.filter((r) => r.fokusperson_id === undecided)).toEqual([{ fokusperson_id: undecided, action: 'READ' }]);
    expect(rows.filter((r) => r.fokusperson_id === decided).map((r) => r.action)).toEqual(['UPDATE']);
  });

  it('closing a person in approved minutes cancels their open steps, and the steps’ workflows end', async () => {
    // The person the full cycle accepted, with the steps agreed then.
    const [{ fokusperson_id: person }] = await db.dataSource.query(
      `SELECT s.fokusperson_id FROM step s JOIN fokusperson p ON p.id = s.fokusperson_id
        WHERE p.status = 'ACTIVE' AND s.status NOT IN ('DONE', 'CANCELLED') GROUP BY s.fokusperson_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const open: { id: string; status: string }[] = await db.dataSource.query(`SELECT id, status FROM step WHERE fokusperson_id = $1 AND status NOT IN ('DONE', 'CANCELLED')`, [person]);
    expect(open.length).toBeGreaterThanOrEqual(2);
    const meeting = await extraMeeting();
    await coordinator.post(`/api/v1/meetings/${meeting.id}/agenda/items`, { fokuspersonId: person }).expect(201);
    await coordinator.post(`/api/v1/meetings/${meeting.id}/lock`).expect(200);
    const { body: agenda } = await coordinator.get(`/api/v1/meetings/${meeting.id}/agenda`).expect(200);
    const itemId = agenda.items.find((i: { fokuspersonId: string }) => i.fokuspersonId === person).itemId;
    await coordinator.put(`/api/v1/meetings/${meeting.id}/minutes`, { attendance: [], items: [{ itemId, decision: 'CLOSE', reason: 'Målene er nået' }] }).expect(200);
    await beginMeeting(meeting.id);
    await coordinator.post(`/api/v1/meetings/${meeting.id}/minutes/approve`).expect(200);

    expect((await db.dataSource.query(`SELECT status FROM fokusperson WHERE id = $1`, [person]))[0].status).toBe('CLOSED');
    for (const s of open) await expect(temporal.workflow.getHandle(stepWorkflowId(s.id)).result()).resolves.toBe('CANCELLED');
    const events = await db.dataSource.query(`SELECT step_id, from_status, reason, actor_user_id FROM step_event WHERE step_id = ANY($1) AND action = 'CANCEL' ORDER BY step_id`, [open.map((s) => s.id)]);
    expect(events).toEqual(
      [...open].sort((a, b) => a.id.localeCompare(b.id)).map((s) => ({ step_id: s.id, from_status: s.status, reason: 'fokusperson closed', actor_user_id: ids['koordinator.pcb'] })),
    );
    expect(await count(`SELECT count(*) AS n FROM step WHERE fokusperson_id = $1 AND status NOT IN ('DONE', 'CANCELLED')`, [person])).toBe(0);
    expect((await temporal.workflow.getHandle(retentionWorkflowId(person)).describe()).status.name).toBe('RUNNING');
  });
});
