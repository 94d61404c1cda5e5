import { randomBytes, randomUUID } from 'node:crypto';
import { retentionDeadline, retentionWorkflowId, WORKFLOWS, type RetentionRequest } from '@psp/domain';
import { appendAccessLog, FieldCipher, fokuspersonRepository } from '@psp/persistence';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { createWorker } from '../apps/worker/src/create-worker';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './support/services';
import { quietTemporalRuntime, workerSettings } from './support/worker';

const DAY = 24 * 60 * 60 * 1000;

/** Retention on the time-skipping server: 24 months pass in a moment. */
describe('retention of closed and rejected fokuspersoner (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let api: TestApi;
  let worker: Worker;
  let running: Promise<void>;
  let forumId: string;
  let coordinator: { id: string; authority_id: string };
  const taskQueue = uniqueName('retention');
  const cipher = new FieldCipher({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1', blindIndexKey: randomBytes(32) });

  beforeAll(async () => {
    quietTemporalRuntime();
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testServices().temporalTestServerPath } },
    });
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataSource: db.appDataSource,
      ...workerSettings({ auditCheckpointKey: randomBytes(32), accessLogRetentionMonths: 13 }),
    });
    running = worker.run();
    [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    [coordinator] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = 'koordinator.pcb'`);
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await api?.close();
    await db?.drop();
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
});
