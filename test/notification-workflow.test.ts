import { WORKFLOWS, type NotificationRequest } from '@psp/workflow-contracts';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { uniqueName, type TestDatabase } from './support/services';
import { startTimeSkipping, type TimeSkipping } from './support/time-skipping';

const DAY = 24 * 60 * 60 * 1000;

/** The notification workflow on the time-skipping test server: days pass in milliseconds. */
describe('notification workflow (time-skipping)', () => {
  let skipping: TimeSkipping;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let taskQueue: string;
  let recipient: string;

  beforeAll(async () => {
    skipping = await startTimeSkipping('notify');
    ({ env, db, taskQueue } = skipping);
    [{ id: recipient }] = await db.dataSource.query(`SELECT id FROM app_user WHERE username = 'sagsbehandler.egedal'`);
  });

  afterAll(async () => {
    await skipping?.stop();
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
