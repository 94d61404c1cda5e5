import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { copenhagenDate, addBusinessDays, DEFAULT_REMINDER_POLICY } from '@psp/domain';
import { stepState, stepWorkflowId, WORKFLOWS, type StepWorkflowInput } from '@psp/workflow-contracts';
import type { Client } from '@temporalio/client';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { testTemporalClient } from './support/temporal';
import { until } from './support/until';
import { startSmtpSink } from './support/smtp';
import { startTestWorker, type RunningWorker } from './support/worker';

/** API → workflow → activity → database and a real SMTP server, on the dev server. */
describe('helhedsplan steps through HTTP', () => {
  let db: TestDatabase;
  let api: TestApi;
  let worker: RunningWorker;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let temporal: Client;
  let person: string;
  const cpr = testCpr();
  let taskQueue: string;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await startSmtpSink();
    taskQueue = uniqueName('steps');
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue, smtpUrl: smtp.url });
    temporal = await testTemporalClient();
    for (const u of ['koordinator.pcb', 'sagsbehandler.egedal', 'leder.egedal', 'sagsbehandler.politi', 'sagsbehandler.hilleroed', 'leder.politi']) {
      tokens[u] = `Bearer ${await api.tokenFor(u)}`;
      [{ id: ids[u] }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [u]);
    }
    for (const code of ['kommune-egedal', 'politi-nordsjaelland', 'kommune-hilleroed']) {
      [{ id: ids[code] }] = await db.dataSource.query(`SELECT id FROM authority WHERE code = $1`, [code]);
    }
    const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    const nominated = await request(api.http)
      .post('/api/v1/fokuspersoner')
      .set('Authorization', tokens['koordinator.pcb'])
      .send({ forumId, cpr: cpr.formatted, name: 'Hanne Handling', criteria: { challenges: ['SUBSTANCE_ABUSE'], frequentContactWith: ['MUNICIPALITY'], reason: 'Fælles indsats nødvendig' } })
      .expect(201);
    person = nominated.body.id;
  });

  afterAll(async () => {
    await worker.stop();
    await temporal.connection.close();
    await smtp.stop();
    await api.close();
    await db.drop();
  });

  const as = (user: string) => ({
    get: (path: string) => request(api.http).get(path).set('Authorization', tokens[user]),
    post: (path: string, body?: object) => request(api.http).post(path).set('Authorization', tokens[user]).send(body),
    put: (path: string, body?: object) => request(api.http).put(path).set('Authorization', tokens[user]).send(body),
  });
  const count = async (sql: string, params: unknown[] = []) => Number((await db.dataSource.query(sql, params))[0].n);
  const inFuture = (businessDays: number) => addBusinessDays(copenhagenDate(new Date()), businessDays);
  const newStep = (body: object) => as('koordinator.pcb').post(`/api/v1/fokuspersoner/${person}/helhedsplan/steps`, body);

  it('refuses steps for a person who is not ACTIVE, then accepts them after the decision', async () => {
    const body = { description: 'Afklare boligsituationen', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(10) };
    await newStep(body).expect(409);
    await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${person}/decisions`, { decision: 'ACCEPT', reason: 'Besluttet på mødet' }).expect(200);
  });

  it('refuses bad input with 400, well-formed input against a rule with 422, and writes nothing, starts nothing', async () => {
    const ok = { description: 'Afklare boligsituationen', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(10) };
    const before = await count(`SELECT count(*) AS n FROM step`);
    const logBefore = await count(`SELECT count(*) AS n FROM access_log WHERE resource_type = 'Step'`);
    const cases: [object, number, RegExp][] = [
      [{ ...ok, dueDate: '2020-01-01' }, 422, /in the past/],
      [{ ...ok, dueDate: '2026-02-30' }, 400, /dueDate/],
      [{ ...ok, dueDate: '2100-01-04' }, 400, /dueDate/],
      [{ ...ok, assigneeUserId: '00000000-0000-4000-8000-000000000000' }, 422, /not an active user/],
      [{ ...ok, assigneeUserId: ids['sagsbehandler.politi'] }, 422, /owner authority/],
      [{ ...ok, ownerAuthorityId: ids['kommune-hilleroed'], assigneeUserId: ids['sagsbehandler.hilleroed'] }, 422, /member authorities/],
      [{ ...ok, description: undefined }, 400, /description/],
      [{ ...ok, description: '  ab  ' }, 400, /description must be 3-2000 characters/],
      [{ ...ok, unknown: 1 }, 400, /property unknown should not exist/],
    ];
    for (const [body, status, message] of cases) {
      const res = await newStep(body).expect(status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    }
    expect(await count(`SELECT count(*) AS n FROM step`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM access_log WHERE resource_type = 'Step'`)).toBe(logBefore);
    const { executions } = await temporal.workflowService.listWorkflowExecutions({ namespace: 'default', query: `WorkflowType = 'stepWorkflow' AND TaskQueue = '${taskQueue}'` });
    expect(executions.length).toBe(0);
  });

  it('creates a step that reaches the assignee’s task inbox and e-mail exactly once, and runs to DONE', async () => {
    const created = await newStep({ description: 'Afklare boligsituationen', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(10) }).expect(201);
    const stepId = created.body.id;
    expect(created.body).toMatchObject({ status: 'ASSIGNED', assigneeUserId: ids['sagsbehandler.egedal'], description: 'Afklare boligsituationen' });

    const tasks = await as('sagsbehandler.egedal').get('/api/v1/me/tasks').expect(200);
    expect(tasks.body).toEqual([
      expect.objectContaining({ stepId, status: 'ASSIGNED', overdue: false, description: 'Afklare boligsituationen', fokusperson: { id: person, name: 'Hanne Handling' } }),
    ]);
    // No CPR number, neither whole nor its date part (a digit pattern would also match step ids).
    expect(JSON.stringify(tasks.body)).not.toContain(cpr.digits.slice(0, 6));

    const key = `${stepWorkflowId(stepId)}:assigned-${ids['sagsbehandler.egedal']}:${ids['sagsbehandler.egedal']}`;
    await until('the assignment e-mail', async () => smtp.mails.some((m) => m.idempotencyKey === key));
    await until('the inbox row', async () => (await count(`SELECT count(*) AS n FROM notification WHERE idempotency_key = $1`, [key])) === 1);
    const mail = smtp.mails.find((m) => m.idempotencyKey === key)!;
    expect(mail.to).toBe('sagsbehandler.egedal@psp.example');
    expect(mail.text).toContain(`${api.config.webBaseUrl}/opgaver/${stepId}`);
    expect(mail.text).toContain('Du har fået tildelt en handling');
    expect(mail.text).not.toContain('Hanne');
    expect(mail.text).not.toContain(cpr.digits.slice(0, 6));

    const detail = await as('sagsbehandler.egedal').get(`/api/v1/steps/${stepId}`).expect(200);
    expect(detail.body.nextEvent).toMatchObject({ kind: expect.stringMatching(/ACK_REMINDER|DUE_REMINDER/) });
    // What the page shows is what the step's workflow will send next.
    expect((await temporal.workflow.getHandle(stepWorkflowId(stepId)).query(stepState)).nextEvent).toEqual(detail.body.nextEvent);

    await as('sagsbehandler.egedal').post(`/api/v1/steps/${stepId}/start`).expect(200);
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${stepId}/acknowledge`).expect(409); // already past that
    const done = await as('sagsbehandler.egedal').post(`/api/v1/steps/${stepId}/complete`, { outcome: 'Bolig fundet via kommunen' }).expect(200);
    expect(done.body).toMatchObject({ status: 'DONE', note: 'Bolig fundet via kommunen' });
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${stepId}/complete`, { outcome: 'igen' }).expect(409);
    await as('koordinator.pcb').post(`/api/v1/steps/${stepId}/cancel`, { reason: 'for sent' }).expect(409);
    await expect(temporal.workflow.getHandle(stepWorkflowId(stepId)).result()).resolves.toBe('DONE');

    expect(smtp.mails.filter((m) => m.idempotencyKey === key)).toHaveLength(1);
    const updates = await db.dataSource.query(`SELECT detail, purpose, actor_username FROM access_log WHERE resource_id = $1 AND action = 'UPDATE' ORDER BY seq`, [stepId]);
    expect(updates).toEqual([
      { detail: 'START: ASSIGNED -> IN_PROGRESS', purpose: 'TASK_HANDLING', actor_username: 'sagsbehandler.egedal' },
      { detail: 'COMPLETE: IN_PROGRESS -> DONE', purpose: 'TASK_HANDLING', actor_username: 'sagsbehandler.egedal' },
    ]);
    expect((await as('sagsbehandler.egedal').get('/api/v1/me/tasks').expect(200)).body).toEqual([]);
  });

  it('sends the assignment notice of a step whose workflow started before the creating transaction committed', async () => {
    // The api starts the workflow inside its transaction: the first notice may look for the step
    // before the commit, and must look again rather than count it as sent.
    const [plan] = await db.dataSource.query(`SELECT id FROM helhedsplan WHERE fokusperson_id = $1`, [person]);
    const planId: string = plan?.id ?? (await db.dataSource.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [person]))[0].id;
    const stepId = randomUUID();
    const dueDate = addBusinessDays(copenhagenDate(new Date()), 10);
    const assignedAt = new Date();
    const input: StepWorkflowInput = { stepId, status: 'ASSIGNED', assigneeUserId: ids['sagsbehandler.egedal'], dueDate, assignedAt: assignedAt.toISOString(), policy: DEFAULT_REMINDER_POLICY };
    await temporal.workflow.start(WORKFLOWS.step, { workflowId: stepWorkflowId(stepId), taskQueue, args: [input] });
    await new Promise((r) => setTimeout(r, 2500)); // the first attempts find no step
    await db.dataSource.query(
      `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, assigned_at)
       VALUES ($1, $2, $3, 1, $4, $5, $6, 'ASSIGNED', $7)`,
      [stepId, planId, person, ids['kommune-egedal'], ids['sagsbehandler.egedal'], dueDate, assignedAt],
    );
    const key = `${stepWorkflowId(stepId)}:assigned-${ids['sagsbehandler.egedal']}:${ids['sagsbehandler.egedal']}`;
    await until('the late step’s assignment notice', async () => (await count(`SELECT count(*) AS n FROM notification WHERE idempotency_key = $1`, [key])) === 1);
    expect(await count(`SELECT count(*) AS n FROM notification WHERE idempotency_key = $1`, [key])).toBe(1);
    await temporal.workflow.getHandle(stepWorkflowId(stepId)).terminate('test done');
  });

  it('lets only the right people act, and shows supervisors their authority’s soon-due steps', async () => {
    const { body: step } = await newStep({ description: 'Kontakt til misbrugsbehandling', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(2) }).expect(201);
    await as('sagsbehandler.politi').get(`/api/v1/steps/${step.id}`).expect(404);
    await as('leder.egedal').post(`/api/v1/steps/${step.id}/acknowledge`).expect(403);
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${step.id}/cancel`, { reason: 'nej' }).expect(403);
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${step.id}/block`, { reason: 'BORED', text: 'nej' }).expect(400);

    const oversight = await as('leder.egedal').get('/api/v1/oversight/overdue?soonDays=10').expect(200);
    const group = oversight.body.find((g: { assignee: { id: string } }) => g.assignee.id === ids['sagsbehandler.egedal']);
    expect(group.steps).toEqual(expect.arrayContaining([expect.objectContaining({ stepId: step.id, daysOverdue: expect.any(Number) })]));
    expect(group.steps.find((s: { stepId: string }) => s.stepId === step.id).daysOverdue).toBeLessThan(0);
    await as('leder.politi').get('/api/v1/oversight/overdue').expect(200, []);
    await as('sagsbehandler.egedal').get('/api/v1/oversight/overdue').expect(403);

    const moved = await as('leder.egedal').put(`/api/v1/steps/${step.id}/due-date`, { dueDate: inFuture(15), reason: 'Venter på svar fra PCB' }).expect(200);
    expect(moved.body.dueDate).toBe(inFuture(15));
    await as('leder.egedal').put(`/api/v1/steps/${step.id}/due-date`, { dueDate: '2020-01-01', reason: 'forkert' }).expect(422);

    const [{ id: otherCaseworker }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'leder.egedal'`);
    const reassigned = await as('leder.egedal').post(`/api/v1/steps/${step.id}/reassign`, { assigneeUserId: otherCaseworker, reason: 'Ferie' }).expect(200);
    expect(reassigned.body).toMatchObject({ assigneeUserId: otherCaseworker, status: 'ASSIGNED' });
    await as('leder.egedal').post(`/api/v1/steps/${step.id}/reassign`, { assigneeUserId: ids['sagsbehandler.politi'], reason: 'forkert' }).expect(422);
    const key = `${stepWorkflowId(step.id)}:assigned-${otherCaseworker}:${otherCaseworker}`;
    await until('the new assignee’s notification', async () => (await count(`SELECT count(*) AS n FROM notification WHERE idempotency_key = $1`, [key])) === 1);

    const cancelled = await as('koordinator.pcb').post(`/api/v1/steps/${step.id}/cancel`, { reason: 'Aftalt på mødet' }).expect(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    await as('leder.egedal').post(`/api/v1/steps/${step.id}/acknowledge`).expect(409);
  });

  it('keeps the helhedsplan’s goals and history in versions', async () => {
    await as('koordinator.pcb').put(`/api/v1/fokuspersoner/${person}/helhedsplan/goals`, { goals: ['Stabil bolig', 'Stoffri hverdag'], change: 'Mål aftalt' }).expect(200);
    const plan = await as('koordinator.pcb').get(`/api/v1/fokuspersoner/${person}/helhedsplan`).expect(200);
    expect(plan.body.goals).toEqual(['Stabil bolig', 'Stoffri hverdag']);
    expect(plan.body.steps.length).toBeGreaterThanOrEqual(2);
    expect(plan.body.versions.map((v: { version: number }) => v.version)).toEqual(Array.from({ length: plan.body.version }, (_, i) => i + 1));
    expect(plan.body.versions.at(-1).change).toBe('Mål aftalt');
    await as('sagsbehandler.egedal').get(`/api/v1/fokuspersoner/${person}/helhedsplan`).expect(403);
  });

  it('applies a forum’s own reminder policy to the steps agreed after it is set', async () => {
    const [{ forum_id: forumId }] = await db.dataSource.query(`SELECT forum_id FROM fokusperson WHERE id = $1`, [person]);
    const path = `/api/v1/forums/${forumId}/reminder-policy`;
    await as('sagsbehandler.egedal').get(path).expect(404); // not a member of the forum: may not learn its settings
    await as('sagsbehandler.hilleroed').put(path, { acknowledgeAfterBusinessDays: 5 }).expect(403); // coordinators only
    const bad = await as('koordinator.pcb').put(path, { acknowledgeAfterBusinessDays: 0 }).expect(400);
    expect(bad.body.message).toMatch(/acknowledgeAfterBusinessDays must be a whole number from 1 to 30/);
    await as('koordinator.pcb').put(path, { acknowledgeAfterBusinessDays: 5, dueRemindersBusinessDaysBefore: [3] }).expect(200);
    expect((await as('koordinator.pcb').get(path).expect(200)).body).toEqual({
      acknowledgeAfterBusinessDays: 5,
      dueRemindersBusinessDaysBefore: [3],
      reEscalateEveryBusinessDays: 5,
      sendAtHour: 8,
    });
    const { body: step } = await newStep({ description: 'Efter ny politik', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(30) }).expect(201);
    // Agreed under the forum's settings as they are now; its next reminder is shown at once.
    expect(step.nextEvent.kind).toBe('ACK_REMINDER');
    expect(copenhagenDate(new Date(step.nextEvent.at))).toBe(inFuture(5));
    await as('koordinator.pcb').put(path, {}).expect(200); // back to the defaults, for steps agreed from now on
    // The step keeps the settings it was agreed under: on its page, and in its workflow.
    expect((await as('sagsbehandler.egedal').get(`/api/v1/steps/${step.id}`).expect(200)).body.nextEvent).toEqual(step.nextEvent);
    const handle = temporal.workflow.getHandle(stepWorkflowId(step.id));
    await until('the step workflow answers', async () => (await handle.query(stepState)).nextEvent !== null);
    expect((await handle.query(stepState)).nextEvent).toEqual(step.nextEvent);
    const { body: later } = await newStep({ description: 'Efter standardpolitik', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(30) }).expect(201);
    expect(copenhagenDate(new Date(later.nextEvent.at))).toBe(inFuture(2));
  });

  it('signals a step’s workflow of the changes it acts on only: not of starting an acknowledged step', async () => {
    const { body: step } = await newStep({ description: 'Signaler', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(8) }).expect(201);
    const handle = temporal.workflow.getHandle(stepWorkflowId(step.id));
    const signals = async () => ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${step.id}/acknowledge`).expect(200);
    // (A signal that arrives while the workflow is working is written to its history after that.)
    await until('the acknowledgement’s signal', async () => (await signals()) === 1);
    const started = await as('sagsbehandler.egedal').post(`/api/v1/steps/${step.id}/start`).expect(200);
    expect(started.body.status).toBe('IN_PROGRESS');
    // The same next reminder either way: what the page shows is what the workflow, not told, will send.
    expect((await handle.query(stepState)).nextEvent).toEqual(started.body.nextEvent);
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${step.id}/complete`, { outcome: 'Klaret' }).expect(200);
    await expect(handle.result()).resolves.toBe('DONE');
    // Its whole history: the acknowledgement and the completion were signalled, the start was not.
    expect(await signals()).toBe(2);
  });

  it('answers concurrent changes of one step with 200 or 409, never 500, and keeps its history consistent', async () => {
    const { body: step } = await newStep({ description: 'Samtidige ændringer', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(8) }).expect(201);
    const actions = ['acknowledge', 'start', 'complete', 'acknowledge', 'start', 'complete'];
    const results = await Promise.all(
      actions.map((a) => as('sagsbehandler.egedal').post(`/api/v1/steps/${step.id}/${a}`, a === 'complete' ? { outcome: 'Udført samtidig' } : undefined)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((st) => st !== 200 && st !== 409)).toEqual([]);
    expect(statuses).toContain(200);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.message).toMatch(/Cannot|closed/);
    const events: { from_status: string; to_status: string }[] = await db.dataSource.query(`SELECT from_status, to_status FROM step_event WHERE step_id = $1 ORDER BY id`, [step.id]);
    expect(events.length).toBe(statuses.filter((st) => st === 200).length);
    let current = 'ASSIGNED';
    for (const e of events) {
      expect(e.from_status).toBe(current);
      current = e.to_status;
    }
    const [{ status }] = await db.dataSource.query(`SELECT status FROM step WHERE id = $1`, [step.id]);
    expect(status).toBe(current);
  });

  it('closing the person cancels its open steps: their history says why, their workflows end, no reminder follows', async () => {
    const { body: blocked } = await newStep({ description: 'Venter på psykiatrien', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(12) }).expect(201);
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${blocked.id}/block`, { reason: 'WAITING_ON_OTHER_AUTHORITY', text: 'Afventer udredning' }).expect(200);
    await newStep({ description: 'Netværksmøde', ownerAuthorityId: ids['kommune-egedal'], assigneeUserId: ids['sagsbehandler.egedal'], dueDate: inFuture(20) }).expect(201);
    const open: { id: string; status: string }[] = await db.dataSource.query(`SELECT id, status FROM step WHERE fokusperson_id = $1 AND status NOT IN ('DONE', 'CANCELLED') ORDER BY id`, [person]);
    expect(open.map((s) => s.status)).toEqual(expect.arrayContaining(['BLOCKED', 'ASSIGNED']));
    const closed: { id: string }[] = await db.dataSource.query(`SELECT id FROM step WHERE fokusperson_id = $1 AND status IN ('DONE', 'CANCELLED')`, [person]);
    // One step's workflow was ended by hand above: its row is cancelled all the same.
    const running: typeof open = [];
    for (const s of open) if ((await temporal.workflow.getHandle(stepWorkflowId(s.id)).describe()).status.name === 'RUNNING') running.push(s);
    expect(running.length).toBeGreaterThanOrEqual(2);
    const notices = () => count(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE ANY($1)`, [open.map((s) => `${stepWorkflowId(s.id)}:%`)]);
    for (const s of open) {
      await until('the assignment notice', async () => (await count(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1`, [`${stepWorkflowId(s.id)}:assigned-%`])) >= 1);
    }
    const noticesBefore = await notices();

    await as('koordinator.pcb').post(`/api/v1/fokuspersoner/${person}/decisions`, { decision: 'CLOSE', reason: 'Forløbet er afsluttet' }).expect(200);

    for (const s of running) await expect(temporal.workflow.getHandle(stepWorkflowId(s.id)).result()).resolves.toBe('CANCELLED');
    for (const s of open) {
      const { body } = await as('koordinator.pcb').get(`/api/v1/steps/${s.id}`).expect(200);
      expect(body).toMatchObject({ status: 'CANCELLED', allowedActions: [], nextEvent: null });
      expect(body.history.at(-1)).toMatchObject({ action: 'CANCEL', fromStatus: s.status, toStatus: 'CANCELLED', reason: 'fokusperson closed', actor: { id: ids['koordinator.pcb'] } });
    }
    const logged = await db.dataSource.query(
      `SELECT resource_id, actor_username, detail FROM access_log WHERE resource_type = 'Step' AND fokusperson_id = $1 AND detail LIKE '%(fokusperson closed)' ORDER BY resource_id`,
      [person],
    );
    expect(logged).toEqual(open.map((s) => ({ resource_id: s.id, actor_username: 'koordinator.pcb', detail: `CANCEL: ${s.status} -> CANCELLED (fokusperson closed)` })));
    // Steps already closed keep their history; the caseworker's task list no longer has them.
    expect(await count(`SELECT count(*) AS n FROM step_event WHERE step_id = ANY($1) AND reason IS NOT NULL`, [closed.map((s) => s.id)])).toBe(0);
    expect((await as('sagsbehandler.egedal').get('/api/v1/me/tasks').expect(200)).body.filter((t: { fokusperson: { id: string } }) => t.fokusperson.id === person)).toEqual([]);
    await as('sagsbehandler.egedal').post(`/api/v1/steps/${open[0].id}/acknowledge`).expect(409);
    // No timer is left to send a reminder: the workflows have completed, and nothing more arrived.
    for (const s of running) expect((await temporal.workflow.getHandle(stepWorkflowId(s.id)).describe()).status.name).toBe('COMPLETED');
    await new Promise((r) => setTimeout(r, 500));
    expect(await notices()).toBe(noticesBefore);
  });
});
