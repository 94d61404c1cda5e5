import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createTransport } from 'nodemailer';
import { createWorker, type WorkerSetup } from '../../apps/worker/src/create-worker';
import { MailDispatcher } from '../../apps/mailer/src/mail-dispatcher';
import type { AnchorSigningConfig } from '@psp/persistence';
import { testAnchors } from './anchors';
import { testServices } from './services';
import { testTemporalKeys } from './temporal';

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

const TEST_FROM = 'PSP Test <test@psp.invalid>';

/** The mailer's dispatcher in this process, sending the outbox of `dataSource`'s database to `smtpUrl`. */
export async function startTestMailer(dataSource: DataSource, smtpUrl: string): Promise<MailDispatcher> {
  const dispatcher = new MailDispatcher({
    dataSource,
    databaseUrl: (dataSource.options as { url?: string }).url as string,
    transport: createTransport({ url: smtpUrl, pool: true, maxConnections: 5 }),
    from: TEST_FROM,
    concurrency: 5,
  });
  await dispatcher.start();
  return dispatcher;
}

/**
 * The worker's settings for a test: the file's Temporal keys (test/support/temporal.ts), the file's
 * anchor key and directory (test/support/anchors.ts), in-app notifications only unless told.
 */
export function workerSettings(over: { anchor?: AnchorSigningConfig; smtpUrl?: string; webBaseUrl?: string } = {}): Pick<
  WorkerSetup,
  'retention' | 'notify' | 'temporalKeys'
> {
  return {
    temporalKeys: testTemporalKeys(),
    retention: {
      anchor: over.anchor ?? { privateKey: testAnchors().privateKey, dir: testAnchors().dir },
    },
    notify: {
      webBaseUrl: over.webBaseUrl ?? 'http://localhost:3000',
      mail: over.smtpUrl ? { from: TEST_FROM } : undefined,
    },
  };
}

/** The real worker (workflows bundled from source, real activities) on the dev server; with `smtpUrl`, also the mailer. */
export async function startTestWorker(opts: { dataSource: DataSource; taskQueue: string; anchor?: AnchorSigningConfig; smtpUrl?: string; webBaseUrl?: string }): Promise<RunningWorker> {
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
  const mailer = opts.smtpUrl ? await startTestMailer(opts.dataSource, opts.smtpUrl) : undefined;
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await mailer?.stop();
      await connection.close();
    },
  };
}
