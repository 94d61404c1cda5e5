import 'reflect-metadata';
import { getHeapStatistics } from 'node:v8';
import { loadOrExit, loadWorkerConfig, temporalConnectionOptions } from '@psp/config';
import { assertApplicationLogin, createDataSource, temporalDataConverter } from '@psp/persistence';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { ensureAccessLogAnchorSchedule, ensureAccessLogRetentionSchedule } from './access-log-retention.schedule';
import { ensureNominationExpirySchedule } from './nomination-expiry.schedule';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadOrExit(() => loadWorkerConfig());
  // Temporal SDK metrics (workflow and activity latencies, task slots, cache) and the notices the
  // activities count, served for Prometheus at http://<metricsAddress>/metrics.
  if (config.metricsAddress) {
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: config.metricsAddress, countersTotalSuffix: true } } } });
  }
  const dataSource = await createDataSource(config.database, 'psp-worker').initialize();
  await assertApplicationLogin(dataSource);
  // TLS when configured; every payload encrypted (the Schedule's too) with the same keys as the api.
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter(config.temporalKeys) });
    await ensureAccessLogRetentionSchedule(client, config.temporal.taskQueue);
    await ensureAccessLogAnchorSchedule(client, config.temporal.taskQueue);
    await ensureNominationExpirySchedule(client, config.temporal.taskQueue);
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      dataSource,
      temporalKeys: config.temporalKeys,
      retention: {
        anchor: config.auditAnchor,
        retention: config.retention,
        nominationExpiryDays: config.nominationExpiryDays,
      },
      notify: {
        webBaseUrl: config.webBaseUrl,
        // With SMTP, notices also queue e-mail in the outbox; the mailer process sends it.
        mail: config.smtp ? { from: config.smtp.from } : undefined,
      },
      workflowBundlePath: config.workflowBundlePath,
      maxCachedWorkflows: config.maxCachedWorkflows,
    });
    if (!config.smtp) process.stderr.write('SMTP_URL is not set: notifications go to the in-app inbox only, no e-mail\n');
    // Started without WORKER_NODE_OPTIONS, V8's default limit shows here (GiB rather than ~300 MiB).
    const heapLimitMiB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
    process.stdout.write(
      `PSP worker polling task queue ${config.temporal.taskQueue} at ${config.temporal.address}${config.temporal.tls ? (config.temporal.tls.certFile ? ' over mutual TLS' : ' over TLS') : ''} (${config.maxCachedWorkflows} workflows cached, V8 heap limit ${heapLimitMiB} MiB)\n`,
    );
    if (config.metricsAddress) process.stdout.write(`Worker metrics at http://${config.metricsAddress}/metrics\n`);
    // The SDK stops the worker on SIGINT/SIGTERM; run() resolves then and rejects on a crash.
    await worker.run();
  } finally {
    await clientConnection.close();
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker stopped with an error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
