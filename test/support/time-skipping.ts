import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createWorker } from '../../apps/worker/src/create-worker';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './services';
import { testDataConverter } from './temporal';
import { quietTemporalRuntime, workerSettings } from './worker';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  taskQueue: string;
  /** Lets the server's clock run to `instant` (no-op if it is past). */
  sleepUntil(instant: Date): Promise<void>;
  /** Activities run in real time after the server skips ahead: waits (up to 5 s) for `check`. */
  settle(check: () => Promise<boolean>): Promise<void>;
  stop(): Promise<void>;
}

/** The SDK's time-skipping server with the real worker (workflows and activities) on the suite's own database. */
export async function startTimeSkipping(prefix: string): Promise<TimeSkipping> {
  quietTemporalRuntime();
  // The environment's own client encrypts and decrypts as the api does (the worker's codec and keys).
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServices().temporalTestServerPath } },
    client: { dataConverter: testDataConverter() },
  });
  const db = await createTestDatabase();
  const taskQueue = uniqueName(prefix);
  const worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, dataSource: db.appDataSource, ...workerSettings() });
  const running = worker.run();
  return {
    env,
    db,
    taskQueue,
    async sleepUntil(instant) {
      const ms = instant.getTime() - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    },
    async settle(check) {
      for (let i = 0; i < 50 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
    },
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.drop();
    },
  };
}
