import { randomBytes } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createWorker } from '../../apps/worker/src/create-worker';
import { testServices } from './services';

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Keeps the SDK's INFO chatter out of test output; warnings and errors still show. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** The real worker (workflows bundled from source, real activities) on the dev server. */
export async function startTestWorker(opts: { dataSource: DataSource; taskQueue: string; auditCheckpointKey?: Buffer }): Promise<RunningWorker> {
  quietTemporalRuntime();
  const connection = await NativeConnection.connect({ address: testServices().temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: opts.taskQueue,
    dataSource: opts.dataSource,
    retention: { auditCheckpointKey: opts.auditCheckpointKey ?? randomBytes(32), accessLogRetentionMonths: 13 },
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
