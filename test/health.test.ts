import request from 'supertest';
import { startTestApi, type TestApi } from './support/api';
import { createTestDatabase, uniqueName, type TestDatabase } from './support/services';
import { startTestWorker, type RunningWorker } from './support/worker';

describe('readiness', () => {
  let db: TestDatabase;
  let api: TestApi;
  let worker: RunningWorker | undefined;
  const taskQueue = uniqueName('health');

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTestApi({ dataSource: db.dataSource, databaseUrl: db.url, taskQueue });
  });

  afterAll(async () => {
    await worker?.stop();
    await api.close();
    await db.drop();
  });

  it('is 503 naming the worker while no worker polls the task queue', async () => {
    const res = await request(api.http).get('/health/ready').expect(503);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, temporal: { status: 'up' }, worker: { status: 'down' } });
    expect(JSON.stringify(res.body.details.worker)).toContain(taskQueue);
  });

  it('is 200 once a worker polls', async () => {
    worker = await startTestWorker({ dataSource: db.appDataSource, taskQueue });
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await request(api.http).get('/health/ready')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    const res = await request(api.http).get('/health/ready').expect(200);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, temporal: { status: 'up' }, worker: { status: 'up' } });
  });
});
