import { WORKFLOWS } from '@psp/workflow-contracts';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import request from 'supertest';
import { accessLogRetentionScheduleId, ensureAccessLogRetentionSchedule } from '../apps/worker/src/access-log-retention.schedule';
import { createWorker } from '../apps/worker/src/create-worker';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { backdateAccessLog, chainsWithRows } from './support/access-log-entry';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './support/services';
import { testTemporalClient } from './support/temporal';
import { quietTemporalRuntime, workerSettings } from './support/worker';

/** The access log through the api under concurrency, and its retention through the worker. */
describe('access log end to end', () => {
  let db: TestDatabase;
  let api: TestApi;
  let client: Client;
  const taskQueue = uniqueName('accesslog');

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
    client = await testTemporalClient();
  });

  afterAll(async () => {
    await client.connection.close();
    await api.close();
    await db.drop();
  });

  it('keeps the chain whole under 50 parallel audited requests', async () => {
    const coordinator = `Bearer ${await api.tokenFor('koordinator.pcb')}`;
    const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    const { body: p } = await request(api.http)
      .post('/api/v1/fokuspersoner')
      .set('Authorization', coordinator)
      .send({ forumId, cpr: testCpr().formatted, name: 'Samtidig Læsning', criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Samtidighedstest af adgangsloggen' } })
      .expect(201);
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () => request(api.http).get(`/api/v1/fokuspersoner/${p.id}`).set('Authorization', coordinator).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM access_log WHERE fokusperson_id = $1 AND action = 'READ'`, [p.id]))[0].n)).toBe(50);
    const verify = await request(api.http).get('/api/v1/audit/verify').set('Authorization', `Bearer ${await api.tokenFor('revisor')}`).expect(200);
    expect(verify.body).toMatchObject({ ok: true, rows: 51 });
  });

  it('prunes the log through the retention workflow behind a checkpoint the api verifies', async () => {
    quietTemporalRuntime();
    const connection = await NativeConnection.connect({ address: testServices().temporalAddress });
    // Every row so far written 14 months ago: past the 13 months the database keeps the log.
    for (const chain of await chainsWithRows(db.dataSource)) await backdateAccessLog(db.dataSource, chain, 14);
    const worker = await createWorker({ connection, namespace: 'default', taskQueue, dataSource: db.appDataSource, ...workerSettings() });
    const before = Number((await db.dataSource.query(`SELECT count(*) AS n FROM access_log`))[0].n);
    const result = await worker.runUntil(
      client.workflow.execute(WORKFLOWS.accessLogRetention, { workflowId: uniqueName('prune'), taskQueue, args: [] }),
    );
    await connection.close();
    expect(result).toEqual({ pruned: before });
    const verify = await request(api.http).get('/api/v1/audit/verify').set('Authorization', `Bearer ${await api.tokenFor('revisor')}`).expect(200);
    expect(verify.body).toMatchObject({ ok: true, rows: 0 });
    expect(verify.body.checkpoints).toBeGreaterThanOrEqual(1);
  });

  it('schedules the pruning daily in Copenhagen time, once', async () => {
    await ensureAccessLogRetentionSchedule(client, taskQueue);
    await ensureAccessLogRetentionSchedule(client, taskQueue); // a second worker start changes nothing
    const handle = client.schedule.getHandle(accessLogRetentionScheduleId(taskQueue));
    const schedule = await handle.describe();
    expect(schedule.spec.timezone).toBe('Europe/Copenhagen');
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] });
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: WORKFLOWS.accessLogRetention, taskQueue });
    await handle.delete();
  });
});
