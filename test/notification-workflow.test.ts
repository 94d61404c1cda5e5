import { WORKFLOWS, type NotificationRequest } from '@psp/domain';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createWorker } from '../apps/worker/src/create-worker';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './support/services';
import { testDataConverter } from './support/temporal';
import { quietTemporalRuntime, workerSettings } from './support/worker';

const DAY = 24 * 60 * 60 * 1000;

/** The notification workflow on the time-skipping test server: days pass in milliseconds. */
describe('notification workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker;
  let running: Promise<void>;
  let recipient: string;
  const taskQueue = uniqueName('notify');

  beforeAll(async () => {
    quietTemporalRuntime();
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testServices().temporalTestServerPath } },
      client: { dataConverter: testDataConverter() },
    });
    db = await createTestDatabase();
    worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataSource: db.appDataSource,
      ...workerSettings(),
    });
    running = worker.run();
    [{ id: recipient }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'sagsbehandler.egedal'`);
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await db?.drop();
  });

  const rows = async (key: string) =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE idempotency_key = $1`, [key]))[0].n as number;

  it('delivers no earlier than deliverAt, exactly once per workflow id and purpose', async () => {
    const workflowId = uniqueName('wf');
    const request: NotificationRequest = {
      recipientUserId: recipient,
      purpose: 'reminder',
      kind: 'TEST',
      subject: 'Påmindelse',
      body: 'En handling venter på dig',
      deliverAt: new Date((await env.currentTimeMs()) + 3 * DAY).toISOString(),
    };
    const handle = await env.client.workflow.start(WORKFLOWS.notification, { workflowId, taskQueue, args: [request] });

    await env.sleep(2 * DAY);
    expect(await rows(`${workflowId}:reminder`)).toBe(0);

    await expect(handle.result()).resolves.toEqual({ delivered: true });
    expect(await rows(`${workflowId}:reminder`)).toBe(1);
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(Date.parse(request.deliverAt!));

    // The same workflow id run again (as after a retry from the caller) does not deliver twice.
    const again = await env.client.workflow.start(WORKFLOWS.notification, { workflowId, taskQueue, args: [{ ...request, deliverAt: undefined }] });
    await expect(again.result()).resolves.toEqual({ delivered: false });
    expect(await rows(`${workflowId}:reminder`)).toBe(1);
  });
});
