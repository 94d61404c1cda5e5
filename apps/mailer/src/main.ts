import 'reflect-metadata';
import { createServer } from 'node:http';
import { loadMailerConfig, loadOrExit } from '@psp/config';
import { assertApplicationLogin, createDataSource, outboxBacklog } from '@psp/persistence';
import { createTransport } from 'nodemailer';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { MailDispatcher } from './mail-dispatcher';

/** E-mails in flight at once (and SMTP connections kept open). */
const CONCURRENCY = 5;

/**
 * The mailer process: sends the e-mails the worker queues in the outbox, and serves its metrics
 * (sent, failed and waiting e-mails) for Prometheus.
 */
async function main(): Promise<void> {
  const config = loadOrExit(() => loadMailerConfig());
  if (!config.smtp) {
    process.stdout.write('SMTP_URL is not set: notifications are in-app only, there is no e-mail to send. The mailer stops.\n');
    return;
  }
  const dataSource = await createDataSource({ ...config.database, poolSize: CONCURRENCY + 2 }, 'psp-mailer').initialize();
  await assertApplicationLogin(dataSource);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'psp_mailer_' });
  const sent = new Counter({ name: 'psp_emails_sent_total', help: 'E-mails the SMTP server accepted, by kind', labelNames: ['kind'] as const, registers: [registry] });
  const failed = new Counter({
    name: 'psp_emails_failed_total',
    help: 'E-mail sends that failed, by kind and outcome (retry: tried again later; gave_up: refused for good)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'psp_email_outbox_waiting',
    help: 'E-mails queued and not yet sent',
    registers: [registry],
    async collect() {
      this.set((await outboxBacklog(dataSource)).pending);
    },
  });
  new Gauge({
    name: 'psp_email_outbox_oldest_waiting_seconds',
    help: 'Age of the oldest e-mail not yet sent (0 when none waits)',
    registers: [registry],
    async collect() {
      const { oldestCreatedAt } = await outboxBacklog(dataSource);
      this.set(oldestCreatedAt ? (Date.now() - oldestCreatedAt.getTime()) / 1000 : 0);
    },
  });

  const dispatcher = new MailDispatcher({
    dataSource,
    databaseUrl: config.database.url,
    transport: createTransport({ url: config.smtp.url, pool: true, maxConnections: CONCURRENCY }),
    from: config.smtp.from,
    concurrency: CONCURRENCY,
    onOutcome: (mail, outcome) => {
      if (outcome.result === 'sent') sent.inc({ kind: mail.kind });
      else failed.inc({ kind: mail.kind, outcome: outcome.result === 'retry' ? 'retry' : 'gave_up' });
    },
    log: (line) => process.stderr.write(`${line}\n`),
  });
  await dispatcher.start();

  const metricsServer = config.metricsAddress
    ? createServer((req, res) => {
        if (req.url !== '/metrics') {
          res.writeHead(404).end();
          return;
        }
        registry.metrics().then(
          (body) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
          () => res.writeHead(503).end('metrics unavailable\n'),
        );
      })
    : undefined;
  if (metricsServer && config.metricsAddress) {
    const [host, port] = [config.metricsAddress.slice(0, config.metricsAddress.lastIndexOf(':')), Number(config.metricsAddress.slice(config.metricsAddress.lastIndexOf(':') + 1))];
    await new Promise<void>((resolve, reject) => metricsServer.once('error', reject).listen(port, host, resolve));
  }
  process.stdout.write(`PSP mailer sending queued e-mail to ${new URL(config.smtp.url).host}\n`);
  if (config.metricsAddress) process.stdout.write(`Mailer metrics at http://${config.metricsAddress}/metrics\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dispatcher.stop();
  metricsServer?.close();
  await dataSource.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`mailer stopped with an error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
