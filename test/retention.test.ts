import { randomBytes, randomUUID } from 'node:crypto';
import { addBusinessDays, copenhagenDate, DEFAULT_REMINDER_POLICY, retentionDeadline } from '@psp/domain';
import { retentionWorkflowId, stepWorkflowId, WORKFLOWS, type RetentionRequest, type StepWorkflowInput } from '@psp/workflow-contracts';
import { appendAccessLog, FieldCipher, fokuspersonRepository } from '@psp/persistence';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { uniqueName, type TestDatabase } from './support/services';
import { startTimeSkipping, type TimeSkipping } from './support/time-skipping';

const DAY = 24 * 60 * 60 * 1000;

/** Retention on the time-skipping server: 24 months pass in a moment. */
describe('retention of closed and rejected fokuspersoner (time-skipping)', () => {
  let skipping: TimeSkipping;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let taskQueue: string;
  let api: TestApi;
  let forumId: string;
  let coordinator: { id: string; authority_id: string };
  const cipher = new FieldCipher({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1', blindIndexKey: randomBytes(32) });

  beforeAll(async () => {
    skipping = await startTimeSkipping('retention');
    ({ env, db, taskQueue } = skipping);
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    [coordinator] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = 'koordinator.pcb'`);
  });

  afterAll(async () => {
    await api?.close();
    await skipping?.stop();
  });

  /** A person as the register leaves them after a decision, with its log row. */
  async function person(status: 'CLOSED' | 'REJECTED'): Promise<string> {
    const id = randomUUID();
    await db.appDataSource.transaction(async (tx) => {
      const row = await fokuspersonRepository.insert(tx, cipher, { id, forumId, nominatedByUserId: coordinator.id, nominatingAuthorityId: coordinator.authority_id }, {
        cprDigits: testCpr().digits,
        name: 'Borger Testesen',
        details: { criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'test af sletning' }, notes: null, leadAuthorityReason: null, informationDecision: null, decisions: [] },
      });
      await tx.query(`UPDATE fokusperson SET status = $2 WHERE id = $1`, [row.id, status]);
      await appendAccessLog(tx, {
        actor: { userId: coordinator.id, username: 'koordinator.pcb', authorityId: coordinator.authority_id, roles: ['COORDINATOR'] },
        action: 'UPDATE',
        resourceType: 'Fokusperson',
        resourceId: id,
        fokuspersonId: id,
        purpose: 'PSP_COORDINATION',
        outcome: 'ALLOWED',
      });
    });
    return id;
  }

  const start = async (id: string, status: 'CLOSED' | 'REJECTED') => {
    const request: RetentionRequest = { fokuspersonId: id, expectedStatus: status, deadline: retentionDeadline(status, new Date(await env.currentTimeMs())).toISOString() };
    return env.client.workflow.start(WORKFLOWS.retention, { workflowId: retentionWorkflowId(id), taskQueue, args: [request] });
  };
  const row = async (id: string) => (await db.dataSource.query(`SELECT status, cpr_ciphertext, name_ciphertext, details_ciphertext, cpr_blind_index, key_id, anonymised_at, closed_at FROM fokusperson WHERE id = $1`, [id]))[0];

  it('anonymises a closed person after 24 months, not before, as the system, and keeps the pseudonymous history', async () => {
    const id = await person('CLOSED');
    const handle = await start(id, 'CLOSED');
    await env.sleep(23 * 30 * DAY);
    expect((await row(id)).status).toBe('CLOSED');

    await expect(handle.result()).resolves.toBe('ANONYMISED');
    expect(await row(id)).toMatchObject({ status: 'ANONYMISED', cpr_ciphertext: null, name_ciphertext: null, details_ciphertext: null, cpr_blind_index: null, key_id: null });
    const [log] = await db.dataSource.query(`SELECT actor_username, purpose, outcome FROM access_log WHERE fokusperson_id = $1 AND action = 'ANONYMISE'`, [id]);
    expect(log).toEqual({ actor_username: 'system', purpose: 'RETENTION', outcome: 'ALLOWED' });

    const report = await request(api.http)
      .get(`/api/v1/audit/fokuspersoner/${id}/access-report`)
      .set('Authorization', `Bearer ${await api.tokenFor('revisor')}`)
      .expect(200);
    expect(report.body.map((r: { action: string }) => r.action)).toEqual(['UPDATE', 'ANONYMISE']);
    expect(report.body[1]).toMatchObject({ authority: 'PSP Koordinering (automatisk)', purpose: 'RETENTION' });
  });

  it('anonymises a rejected nomination after 30 days, the minutes about them included', async () => {
    const id = await person('REJECTED');
    // The meeting that rejected them keeps its item (for statistics), but not what was said.
    const meetingId = randomUUID();
    await db.dataSource.query(`INSERT INTO meeting (id, forum_id, starts_at, duration_minutes, status) VALUES ($1, $2, now(), 60, 'MINUTES_APPROVED')`, [meetingId, forumId]);
    await db.dataSource.query(
      `INSERT INTO meeting_item (meeting_id, fokusperson_id, position, reasons, decision, key_id, minutes_ciphertext) VALUES ($1, $2, 1, '{NEW_NOMINATION}', 'REJECT', 'k1', $3)`,
      [meetingId, id, cipher.encrypt('Afvist: kriterierne er ikke opfyldt', `meeting_item:${id}:minutes`)],
    );
    const handle = await start(id, 'REJECTED');
    await env.sleep(29 * DAY);
    expect((await row(id)).status).toBe('REJECTED');
    await expect(handle.result()).resolves.toBe('ANONYMISED');
    expect((await row(id)).status).toBe('ANONYMISED');
    const [item] = await db.dataSource.query(`SELECT decision, key_id, minutes_ciphertext FROM meeting_item WHERE fokusperson_id = $1`, [id]);
    expect(item).toEqual({ decision: 'REJECT', key_id: null, minutes_ciphertext: null });
  });

  it('does not anonymise a person reopened before the deadline (cancelled, or found reopened)', async () => {
    const cancelled = await person('CLOSED');
    const h1 = await start(cancelled, 'CLOSED');
    await env.sleep(100 * DAY);
    await db.dataSource.query(`UPDATE fokusperson SET status = 'ACTIVE' WHERE id = $1`, [cancelled]);
    await h1.cancel();
    await expect(h1.result()).resolves.toBe('CANCELLED');

    const missedCancel = await person('CLOSED');
    const h2 = await start(missedCancel, 'CLOSED');
    await db.dataSource.query(`UPDATE fokusperson SET status = 'ACTIVE' WHERE id = $1`, [missedCancel]);
    await expect(h2.result()).resolves.toBe('SKIPPED');

    for (const id of [cancelled, missedCancel]) {
      const r = await row(id);
      expect(r.status).toBe('ACTIVE');
      expect(r.cpr_ciphertext).not.toBeNull();
    }
  });

  it('anonymising cancels a step still open: its history says why, its workflow ends, and no reminder follows', async () => {
    // A person closed with a step left open (before closing cancelled steps), whose workflow still runs.
    const id = await person('CLOSED');
    await db.dataSource.query(`UPDATE fokusperson SET status = 'ACTIVE' WHERE id = $1`, [id]);
    const [{ id: planId }] = await db.dataSource.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [id]);
    const [assignee] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = 'sagsbehandler.egedal'`);
    const stepId = randomUUID();
    const assignedAt = new Date(await env.currentTimeMs());
    const dueDate = addBusinessDays(copenhagenDate(assignedAt), 30);
    await db.dataSource.query(
      `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, assigned_at, key_id, description_ciphertext)
       VALUES ($1, $2, $3, 1, $4, $5, $6, 'ASSIGNED', $7, 'k1', $8)`,
      [stepId, planId, id, assignee.authority_id, assignee.id, dueDate, assignedAt, cipher.encrypt('Afklare bolig', `step:${stepId}:description`)],
    );
    const input: StepWorkflowInput = { stepId, status: 'ASSIGNED', assigneeUserId: assignee.id, dueDate, assignedAt: assignedAt.toISOString(), policy: DEFAULT_REMINDER_POLICY };
    const step = await env.client.workflow.start(WORKFLOWS.step, { workflowId: stepWorkflowId(stepId), taskQueue, args: [input] });
    const notices = async () => Number((await db.dataSource.query(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE $1`, [`${stepWorkflowId(stepId)}:%`]))[0].n);
    for (let i = 0; i < 50 && (await notices()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await notices()).toBe(1); // the assignment
    await db.dataSource.query(`UPDATE fokusperson SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [id]);

    const request: RetentionRequest = { fokuspersonId: id, expectedStatus: 'CLOSED', deadline: new Date((await env.currentTimeMs()) + 10 * DAY).toISOString() };
    const retention = await env.client.workflow.start(WORKFLOWS.retention, { workflowId: retentionWorkflowId(id), taskQueue, args: [request] });
    await expect(retention.result()).resolves.toBe('ANONYMISED');
    await expect(step.result()).resolves.toBe('CANCELLED');
    const [row] = await db.dataSource.query(`SELECT status, key_id, description_ciphertext FROM step WHERE id = $1`, [stepId]);
    expect(row).toEqual({ status: 'CANCELLED', key_id: null, description_ciphertext: null });
    const events = await db.dataSource.query(`SELECT action, from_status, to_status, reason, actor_user_id FROM step_event WHERE step_id = $1`, [stepId]);
    expect(events).toEqual([{ action: 'CANCEL', from_status: 'ASSIGNED', to_status: 'CANCELLED', reason: 'fokusperson anonymised', actor_user_id: null }]);
    const [logged] = await db.dataSource.query(`SELECT actor_username, purpose, detail FROM access_log WHERE resource_type = 'Step' AND resource_id = $1`, [stepId]);
    expect(logged).toEqual({ actor_username: 'system', purpose: 'RETENTION', detail: 'CANCEL: ASSIGNED -> CANCELLED (fokusperson anonymised)' });
    // Past every reminder the step would have had: none was sent (the acknowledgement reminder fell while the person was closed).
    await env.sleep(60 * DAY);
    expect(await notices()).toBe(1);
  });

  // Last in the file: run before another test, that test's timers never fired (the test server
  // stopped skipping time; the abandoned child workflow this one starts is the likely cause).
  it('rejects a nomination nobody decided on within 90 days, as the system, and then anonymises it after the rejected retention', async () => {
    // Written with the api's keys, so the api can show the person afterwards.
    const apiCipher = new FieldCipher(api.config.encryption);
    const [undecided, decided] = [randomUUID(), randomUUID()];
    await db.appDataSource.transaction(async (tx) => {
      for (const id of [undecided, decided]) {
        await fokuspersonRepository.insert(tx, apiCipher, { id, forumId, nominatedByUserId: coordinator.id, nominatingAuthorityId: coordinator.authority_id }, {
          cprDigits: testCpr().digits,
          name: 'Ingen Beslutning',
          details: { criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'test af udløb' }, notes: null, leadAuthorityReason: null, informationDecision: null, decisions: [] },
        });
      }
    });
    // Nominated "now" by the test server's clock (the tests above let it run months ahead); one is decided.
    await db.dataSource.query(`UPDATE fokusperson SET nominated_at = $2 WHERE id = ANY($1)`, [[undecided, decided], new Date(await env.currentTimeMs())]);
    await db.dataSource.query(`UPDATE fokusperson SET status = 'ACTIVE', accepted_at = now() WHERE id = $1`, [decided]);
    // What the daily Schedule starts (the time-skipping server has no Schedules).
    const sweep = () => env.client.workflow.execute(WORKFLOWS.nominationExpiry, { workflowId: uniqueName('nomination-expiry'), taskQueue, args: [] });

    await env.sleep(89 * DAY);
    await expect(sweep()).resolves.toEqual({ rejected: 0 });
    expect((await row(undecided)).status).toBe('NOMINATED');

    await env.sleep(2 * DAY);
    // Started, not awaited: awaiting a result lets the test server skip time, and the rejected
    // person's retention would run out before the assertions below.
    const run = await env.client.workflow.start(WORKFLOWS.nominationExpiry, { workflowId: uniqueName('nomination-expiry'), taskQueue, args: [] });
    for (let i = 0; i < 50 && (await row(undecided)).status === 'NOMINATED'; i++) await new Promise((r) => setTimeout(r, 100));
    const [rejected] = await db.dataSource.query(`SELECT status, system_reason, rejected_at FROM fokusperson WHERE id = $1`, [undecided]);
    expect(rejected).toEqual({ status: 'REJECTED', system_reason: 'not decided within 90 days', rejected_at: expect.any(Date) });
    expect((await row(decided)).status).toBe('ACTIVE');
    const log = await db.dataSource.query(`SELECT actor_username, action, purpose, outcome, detail FROM access_log WHERE fokusperson_id = $1 ORDER BY seq`, [undecided]);
    expect(log).toEqual([
      { actor_username: 'system', action: 'UPDATE', purpose: 'RETENTION', outcome: 'ALLOWED', detail: 'decision REJECT: NOMINATED -> REJECTED (not decided within 90 days)' },
    ]);
    // The register shows the system's decision, by no one.
    const shown = await request(api.http).get(`/api/v1/fokuspersoner/${undecided}`).set('Authorization', `Bearer ${await api.tokenFor('koordinator.pcb')}`).expect(200);
    expect(shown.body).toMatchObject({ status: 'REJECTED', name: 'Ingen Beslutning', decisions: [{ decision: 'REJECT', reason: 'not decided within 90 days', byUserId: null }] });

    // The rejected retention runs as after a coordinator's rejection: 30 days, then anonymised.
    const retention = env.client.workflow.getHandle(retentionWorkflowId(undecided));
    for (let i = 0; i < 50; i++) {
      if (await retention.describe().then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await retention.describe()).status.name).toBe('RUNNING');
    await expect(run.result()).resolves.toEqual({ rejected: 1 });
    await expect(retention.result()).resolves.toBe('ANONYMISED');
    const { startTime, closeTime } = await retention.describe();
    expect(closeTime!.getTime() - startTime.getTime()).toBeGreaterThanOrEqual(30 * DAY - 60_000);
    // A second run finds nothing more to do.
    await expect(sweep()).resolves.toEqual({ rejected: 0 });
    expect(await row(undecided)).toMatchObject({ status: 'ANONYMISED', cpr_ciphertext: null, name_ciphertext: null, key_id: null });
  });
});
