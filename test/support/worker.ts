import { randomBytes } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createTransport } from 'nodemailer';
import { createWorker, type WorkerSetup } from '../../apps/worker/src/create-worker';
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

/** The worker's settings for a test: a random checkpoint key, 13 months, in-app notifications only unless told. */
export function workerSettings(over: { auditCheckpointKey?: Buffer; accessLogRetentionMonths?: number; smtpUrl?: string } = {}): Pick<
  WorkerSetup,
  'retention' | 'notify'
> {
  return {
    retention: { auditCheckpointKey: over.auditCheckpointKey ?? randomBytes(32), accessLogRetentionMonths: over.accessLogRetentionMonths ?? 13 },
    notify: {
      publicBaseUrl: 'http://localhost:3000',
      mail: over.smtpUrl ? { transport: createTransport(over.smtpUrl), from: 'PSP Test <test@psp.invalid>' } : undefined,
    },
  };
}

/** The real worker (workflows bundled from source, real activities) on the dev server. */
export async function startTestWorker(opts: { dataSource: DataSource; taskQueue: string; auditCheckpointKey?: Buffer; smtpUrl?: string }): Promise<RunningWorker> {
  quietTemporalRuntime();
  const connection = await NativeConnection.connect({ address: testServices().temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: opts.taskQueue,
    dataSource: opts.dataSource,
    ...workerSettings(opts),
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
