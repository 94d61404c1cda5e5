import { randomBytes, randomUUID } from 'node:crypto';
import { addBusinessDays, copenhagenDate, copenhagenInstant, DEFAULT_REMINDER_POLICY, type StepChangeRequest } from '@psp/domain';
import { stepChanged, stepState, stepWorkflowId, WORKFLOWS, type StepWorkflowInput } from '@psp/workflow-contracts';
import { cancelOpenStepsOfPerson, FieldCipher, fokuspersonRepository } from '@psp/persistence';
import { testCpr } from './support/cpr';
import { changeStepAsTheApi } from './support/temporal';
import { startTimeSkipping, type TimeSkipping } from './support/time-skipping';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The step workflow's timers on the time-skipping server, with the real activities and PostgreSQL. */
describe('step workflow (time-skipping)', () => {
  let ts: TimeSkipping;
  let env: TimeSkipping['env'];
  let db: TimeSkipping['db'];
  let taskQueue: string;
  const cipher = new FieldCipher({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1', blindIndexKey: randomBytes(32) });
  const users: Record<string, { id: string; authority_id: string }> = {};
  let planId: string;
  let personId: string;

  beforeAll(async () => {
    ts = await startTimeSkipping('stepwf');
    ({ env, db, taskQueue } = ts);
    for (const u of ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal']) {
      [users[u]] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = $1`, [u]);
    }
    const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    personId = randomUUID();
    await db.dataSource.transaction(async (tx) => {
      await fokuspersonRepository.insert(tx, cipher, { id: personId, forumId, nominatedByUserId: users['koordinator.pcb'].id, nominatingAuthorityId: users['koordinator.pcb'].authority_id }, {
        cprDigits: testCpr().digits,
        name: 'Tid Springer',
        details: { criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'test af påmindelser' }, notes: null, leadAuthorityReason: null, informationDecision: null, decisions: [] },
      });
      await tx.query(`UPDATE fokusperson SET status = 'ACTIVE' WHERE id = $1`, [personId]);
      [{ id: planId }] = await tx.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [personId]);
    });
  });

  afterAll(() => ts?.stop());

  /** A step row as the api creates it, and its workflow, assigned now (in the test server's time). */
  async function startStep(dueDate: string, status: 'ASSIGNED' | 'ACKNOWLEDGED' = 'ASSIGNED') {
    const id = randomUUID();
    const assignedAt = new Date(await env.currentTimeMs());
    await db.dataSource.query(
      `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, assigned_at)
       VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8)`,
      [id, planId, personId, users['sagsbehandler.egedal'].authority_id, users['sagsbehandler.egedal'].id, dueDate, status, assignedAt],
    );
    const input: StepWorkflowInput = { stepId: id, status, assigneeUserId: users['sagsbehandler.egedal'].id, dueDate, assignedAt: assignedAt.toISOString(), policy: DEFAULT_REMINDER_POLICY };
    const handle = await env.client.workflow.start(WORKFLOWS.step, { workflowId: stepWorkflowId(id), taskQueue, args: [input] });
    return { id, handle, assignedAt };
  }
  const notices = async (stepId: string, occasion: string) =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1`, [`${stepWorkflowId(stepId)}:${occasion}%`]))[0].n);
  const settle = (check: () => Promise<boolean>) => ts.settle(check);
  const sleepUntil = (instant: Date) => ts.sleepUntil(instant);
  /** A change of the step as the assignee makes it through the api. */
  const act = (stepId: string, action: StepChangeRequest['action'], extra: Omit<StepChangeRequest, 'action'> = {}) =>
    changeStepAsTheApi(db.dataSource, env.client, stepId, { action, ...extra }, users['sagsbehandler.egedal'].id);

  it('(a) reminds an unacknowledged assignee after 2 business days, not before', async () => {
    const farDue = addBusinessDays(copenhagenDate(new Date(await env.currentTimeMs())), 40);
    const { id, assignedAt } = await startStep(farDue);
    const assignee = users['sagsbehandler.egedal'].id;
    await settle(async () => (await notices(id, `assigned-${assignee}`)) === 1);
    expect(await notices(id, `assigned-${assignee}`)).toBe(1);

    const twoBusinessDays = addBusinessDays(copenhagenDate(assignedAt), 2);
    const due = new Date(assignedAt.getTime() + (copenhagenInstant(twoBusinessDays, 0).getTime() - copenhagenInstant(copenhagenDate(assignedAt), 0).getTime()));
    expect(due.getTime() - assignedAt.getTime()).toBeGreaterThanOrEqual(2 * DAY - 60 * MINUTE);
    await sleepUntil(new Date(due.getTime() - 5 * MINUTE));
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, 'ack-reminder')).toBe(0);
    await sleepUntil(new Date(due.getTime() + 5 * MINUTE));
    await settle(async () => (await notices(id, 'ack-reminder')) === 1);
    expect(await notices(id, 'ack-reminder')).toBe(1);
  });

  it('(b) puts due reminders on business days: due the Tuesday after Easter 2027', async () => {
    const { id } = await startStep('2027-03-30', 'ACKNOWLEDGED');
    // 5 business days before: Thursday 18 March; 1 business day before: Wednesday 24 March (25, 26 and 29 March are holidays).
    await sleepUntil(new Date('2027-03-18T06:55:00Z'));
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, 'due-reminder')).toBe(0);
    await sleepUntil(new Date('2027-03-18T07:05:00Z'));
    await settle(async () => (await notices(id, 'due-reminder-5-2027-03-30')) === 1);
    expect(await notices(id, 'due-reminder-5-2027-03-30')).toBe(1);
    await sleepUntil(new Date('2027-03-24T06:55:00Z'));
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, 'due-reminder-1-2027-03-30')).toBe(0);
    await sleepUntil(new Date('2027-03-24T07:05:00Z'));
    await settle(async () => (await notices(id, 'due-reminder-1-2027-03-30')) === 1);
    expect(await notices(id, 'due-reminder-1-2027-03-30')).toBe(1);
    const state = await env.client.workflow.getHandle(stepWorkflowId(id)).query(stepState);
    expect(state.nextEvent).toEqual({ kind: 'ESCALATION', at: '2027-03-31T06:00:00.000Z' }); // first business day after the due date, 08:00 CEST
  });

  it('(c) escalates an overdue step to the supervisors, re-escalates, and completing it stops everything', async () => {
    const dueDate = addBusinessDays(copenhagenDate(new Date(await env.currentTimeMs())), 3);
    const { id, handle } = await startStep(dueDate, 'ACKNOWLEDGED');
    const supervisor = users['leder.egedal'].id;
    const escalations = async () =>
      Number((await db.dataSource.query(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1 AND recipient_user_id = $2`, [`${stepWorkflowId(id)}:escalation-%`, supervisor]))[0].n);
    const first = copenhagenInstant(addBusinessDays(dueDate, 1), 8);
    await sleepUntil(new Date(first.getTime() + 5 * MINUTE));
    await settle(async () => (await escalations()) === 1);
    expect(await escalations()).toBe(1);
    await sleepUntil(new Date(copenhagenInstant(addBusinessDays(addBusinessDays(dueDate, 1), 5), 8).getTime() + 5 * MINUTE));
    await settle(async () => (await escalations()) === 2);
    expect(await escalations()).toBe(2);

    const done = await act(id, 'COMPLETE');
    expect(done).toMatchObject({ status: 'DONE' });
    await expect(handle.result()).resolves.toBe('DONE');
    const total = await notices(id, '');
    await env.sleep(60 * DAY);
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, '')).toBe(total);
    expect(await escalations()).toBe(2);
  });

  it('(d) moves the timers when the due date moves', async () => {
    const today = copenhagenDate(new Date(await env.currentTimeMs()));
    const first = addBusinessDays(today, 20);
    const later = addBusinessDays(today, 40);
    const { id, handle } = await startStep(first, 'ACKNOWLEDGED');
    const before = await handle.query(stepState);
    expect(before.nextEvent).toEqual({ kind: 'DUE_REMINDER', at: copenhagenInstant(addBusinessDays(first, -5), 8).toISOString() });

    await act(id, 'CHANGE_DUE_DATE', { dueDate: later });
    await settle(async () => (await handle.query(stepState)).dueDate === later); // the workflow re-reads the step after the commit
    const after = await handle.query(stepState);
    expect(after).toMatchObject({ dueDate: later, nextEvent: { kind: 'DUE_REMINDER', at: copenhagenInstant(addBusinessDays(later, -5), 8).toISOString() } });

    await sleepUntil(new Date(copenhagenInstant(addBusinessDays(first, 1), 8).getTime() + 5 * MINUTE)); // past the old date's escalation
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, `due-reminder-5-${first}`)).toBe(0);
    expect(await notices(id, `escalation-${first}`)).toBe(0);
    await expect(act(id, 'CHANGE_DUE_DATE', { dueDate: '2020-01-01' })).rejects.toThrow();
  });

  it('(e) refuses to act on a cancelled step (the change is refused, nothing written)', async () => {
    const { id, handle } = await startStep(addBusinessDays(copenhagenDate(new Date(await env.currentTimeMs())), 10));
    await act(id, 'CANCEL');
    await expect(handle.result()).resolves.toBe('CANCELLED');
    const events = Number((await db.dataSource.query(`SELECT count(*) AS n FROM step_event WHERE step_id = $1`, [id]))[0].n);
    await expect(act(id, 'ACKNOWLEDGE')).rejects.toThrow();
    expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM step_event WHERE step_id = $1`, [id]))[0].n)).toBe(events);
  });

  it('(f) ends when its person is closed: a closure that rolls back changes nothing; one that commits cancels the step, and no reminder follows', async () => {
    // A person of its own, so that closing them touches no other test's steps.
    const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    const person = randomUUID();
    let plan = '';
    await db.dataSource.transaction(async (tx) => {
      await fokuspersonRepository.insert(tx, cipher, { id: person, forumId, nominatedByUserId: users['koordinator.pcb'].id, nominatingAuthorityId: users['koordinator.pcb'].authority_id }, {
        cprDigits: testCpr().digits,
        name: 'Lukket Forløb',
        details: { criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'test af lukning' }, notes: null, leadAuthorityReason: null, informationDecision: null, decisions: [] },
      });
      await tx.query(`UPDATE fokusperson SET status = 'ACTIVE' WHERE id = $1`, [person]);
      [{ id: plan }] = await tx.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [person]);
    });
    const id = randomUUID();
    const assignedAt = new Date(await env.currentTimeMs());
    const dueDate = addBusinessDays(copenhagenDate(assignedAt), 30);
    const assignee = users['sagsbehandler.egedal'];
    await db.dataSource.query(
      `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, assigned_at)
       VALUES ($1, $2, $3, 1, $4, $5, $6, 'ASSIGNED', $7)`,
      [id, plan, person, assignee.authority_id, assignee.id, dueDate, assignedAt],
    );
    const input: StepWorkflowInput = { stepId: id, status: 'ASSIGNED', assigneeUserId: assignee.id, dueDate, assignedAt: assignedAt.toISOString(), policy: DEFAULT_REMINDER_POLICY };
    const handle = await env.client.workflow.start(WORKFLOWS.step, { workflowId: stepWorkflowId(id), taskQueue, args: [input] });
    await settle(async () => (await notices(id, `assigned-${assignee.id}`)) === 1);
    expect(await notices(id, '')).toBe(1);

    /** Closes the person as the api does: the step cancelled in the transaction, the workflow told before it ends. */
    const close = async (outcome: 'commit' | 'rollback') => {
      const runner = db.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.manager.query(`UPDATE fokusperson SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [person]);
        expect(await cancelOpenStepsOfPerson(runner.manager, person, { reason: 'fokusperson closed', actorUserId: users['koordinator.pcb'].id })).toEqual([{ stepId: id, fromStatus: 'ASSIGNED' }]);
        await handle.signal(stepChanged);
        await new Promise((r) => setTimeout(r, 1000)); // the workflow waits for this transaction's end
        expect((await handle.describe()).status.name).toBe('RUNNING');
        if (outcome === 'commit') await runner.commitTransaction();
        else await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
    };

    await close('rollback');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await handle.query(stepState)).toMatchObject({ status: 'ASSIGNED', nextEvent: { kind: 'ACK_REMINDER' } });

    await close('commit');
    await expect(handle.result()).resolves.toBe('CANCELLED');
    const events = await db.dataSource.query(`SELECT action, from_status, to_status, reason FROM step_event WHERE step_id = $1`, [id]);
    expect(events).toEqual([{ action: 'CANCEL', from_status: 'ASSIGNED', to_status: 'CANCELLED', reason: 'fokusperson closed' }]);
    // The acknowledgement reminder (2 business days) and the due reminders would have followed: none does.
    await sleepUntil(new Date(copenhagenInstant(addBusinessDays(dueDate, 2), 9).getTime()));
    await new Promise((r) => setTimeout(r, 300));
    expect(await notices(id, '')).toBe(1);
  });
});
