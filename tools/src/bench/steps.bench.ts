import { readFileSync } from 'node:fs';
import { addBusinessDays, copenhagenDate } from '@psp/domain';
import { WORKFLOWS, type NotificationRequest } from '@psp/workflow-contracts';
import { parseKeyList, temporalDataConverter } from '@psp/persistence';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { acceptedPersons, egedalSteps, runStackBench } from './bench-stack';
import { histogram, rank } from './stats';

/**
 * `npm run bench:steps`: 2,000 helhedsplan steps created through the api on the dev server, each
 * starting its step workflow, which sends the assignee's notice (inbox row + e-mail via the
 * outbox and the mailer). Reports the creation rate, the lag from each step's creation to its
 * inbox row, the lag of 2,000 durable timers from their due time to their inbox row, and the
 * worker's peak RSS.
 *
 * The steps arrive at the rate the target names (2,000 in 55 s, under its 60 s) unless
 * BENCH_STEPS_PER_SECOND says otherwise (0: as fast as 16 clients get answers, a burst). The
 * timers are notification workflows falling due over 60 s, at the same rate as the steps.
 */
const STEPS = Number(process.env['BENCH_STEPS'] ?? 2000);
const PER_SECOND = Number(process.env['BENCH_STEPS_PER_SECOND'] ?? STEPS / 55);
const TIMER_WINDOW_MS = 60_000;
const TIMER_LEAD_MS = 60_000;
const PERSONS = 50;
const CONCURRENCY = 16;

runStackBench('bench:steps', async (stack, db) => {
  const { token, call, forumId, owner, assignee } = await egedalSteps(stack, db);

  const persons = await acceptedPersons(stack.apiUrl, token, forumId, PERSONS, 0, 'Bench Person');

  // Steps through the api, up to 16 requests at a time; step i is sent no earlier than i / rate.
  const dueDate = addBusinessDays(copenhagenDate(new Date()), 20);
  let next = 0;
  let errors = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < STEPS; i = next++) {
        const wait = PER_SECOND > 0 ? t0 + (i * 1000) / PER_SECOND - Date.now() : 0;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const res = await call('POST', `/api/v1/fokuspersoner/${persons[i % PERSONS]}/helhedsplan/steps`, {
          description: `Benchmark-handling ${i}`,
          ownerAuthorityId: owner,
          assigneeUserId: assignee,
          dueDate,
        });
        if (res.status !== 201) errors++;
      }
    }),
  );
  const createSeconds = (Date.now() - t0) / 1000;

  const assigned = async () => Number((await db.query(`SELECT count(*) AS n FROM notification WHERE kind = 'STEP_ASSIGNED'`)).rows[0].n);
  for (let i = 0; i < 600 && (await assigned()) < STEPS - errors; i++) await new Promise((r) => setTimeout(r, 200));
  const stepLag = (
    await db.query(
      `SELECT extract(epoch FROM n.created_at - s.assigned_at) * 1000 AS ms
         FROM notification n JOIN step s ON n.idempotency_key = 'step-' || s.id || ':assigned-' || s.assignee_user_id || ':' || s.assignee_user_id`,
    )
  ).rows.map((r: { ms: string }) => Number(r.ms)).sort((a, b) => a - b);
  // Where that lag goes: how long the worker's workflow tasks so far (the step workflows', and the
  // odd one of a Schedule) waited in Temporal's task queue for the worker to take them, and how
  // long the worker took to run them (the SDK's own metrics).
  const sdk = await (await fetch(stack.workerMetricsUrl!)).text();
  const queueWait = histogram(sdk, 'temporal_workflow_task_schedule_to_start_latency');
  const taskRun = histogram(sdk, 'temporal_workflow_task_execution_latency');

  // The assignment e-mails: from the queueing (with the inbox row) to the SMTP server's acceptance.
  const unsent = async () => Number((await db.query(`SELECT count(*) AS n FROM email_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL`)).rows[0].n);
  for (let i = 0; i < 600 && (await unsent()) > 0; i++) await new Promise((r) => setTimeout(r, 200));
  const mailLag = (await db.query(`SELECT extract(epoch FROM sent_at - created_at) * 1000 AS ms FROM email_outbox WHERE kind = 'STEP_ASSIGNED' AND sent_at IS NOT NULL`)).rows
    .map((r: { ms: string }) => Number(r.ms))
    .sort((a, b) => a - b);

  // Durable timers at the same scale: notification workflows, started first (8 at a time), due
  // over 60 s from 60 s on (starting them has taken 20-34 s; a timer started after its due time
  // would measure the start, not the timer: counted as startedLate).
  // Payloads encrypted with the stack's keys, as the api sends them (the timers' figures include the codec).
  const payloadKeys = parseKeyList(stack.secrets.TEMPORAL_PAYLOAD_KEYS);
  const temporal = new TemporalClient({
    connection: await Connection.connect({ address: stack.temporalAddress }),
    dataConverter: temporalDataConverter({ payloadKeys, payloadActiveKeyId: [...payloadKeys.keys()].at(-1)! }),
  });
  const start = Date.now() + TIMER_LEAD_MS;
  let started = 0;
  let startedLate = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = started++; i < STEPS; i = started++) {
        const request: NotificationRequest = {
          recipientUserId: assignee,
          purpose: 'bench',
          kind: 'BENCH_TIMER',
          subject: 'Benchmark',
          body: 'Benchmark af timere',
          deliverAt: new Date(start + Math.floor((i * TIMER_WINDOW_MS) / STEPS)).toISOString(),
        };
        await temporal.workflow.start(WORKFLOWS.notification, { workflowId: `bench-timer-${i}`, taskQueue: 'psp-koordinering', args: [request] });
        if (Date.now() > Date.parse(request.deliverAt!)) startedLate++;
      }
    }),
  );
  const startedAllMs = Date.now() - (start - TIMER_LEAD_MS);
  const timers = async () => Number((await db.query(`SELECT count(*) AS n FROM notification WHERE kind = 'BENCH_TIMER'`)).rows[0].n);
  for (let i = 0; i < 600 && (await timers()) < STEPS; i++) await new Promise((r) => setTimeout(r, 200));
  const timerLag = (
    await db.query(
      `SELECT extract(epoch FROM n.created_at) * 1000 - ($1::bigint + floor(substring(n.idempotency_key from 'bench-timer-(\\d+)')::int * $3::float8 / $2)) AS ms
         FROM notification n WHERE kind = 'BENCH_TIMER'`,
      [start, STEPS, TIMER_WINDOW_MS],
    )
  ).rows.map((r: { ms: string }) => Number(r.ms)).sort((a, b) => a - b);
  await temporal.connection.close();

  const rssMiB = peakRssMiB(stack.worker?.child.pid);
  const result = {
    benchmark: 'bench:steps',
    steps: STEPS,
    creation: { seconds: Number(createSeconds.toFixed(1)), perSecond: Math.round(STEPS / createSeconds), paced: PER_SECOND > 0 ? Number(PER_SECOND.toFixed(1)) : 'no', errors, concurrency: CONCURRENCY },
    stepToInboxLagMs: { p50: Math.round(rank(stepLag, 50)), p99: Math.round(rank(stepLag, 99)), rows: stepLag.length },
    stepWorkflowTasks: {
      count: queueWait.count,
      queueWaitMeanMs: Math.round(queueWait.sum / queueWait.count),
      queueWaitUnder1s: `${Math.round((100 * queueWait.atMost(1000)) / queueWait.count)}%`,
      workerRunMeanMs: Math.round(taskRun.sum / taskRun.count),
    },
    timerToInboxLagMs: { p50: Math.round(rank(timerLag, 50)), p99: Math.round(rank(timerLag, 99)), rows: timerLag.length, windowSeconds: TIMER_WINDOW_MS / 1000, startedInSeconds: Number((startedAllMs / 1000).toFixed(1)), startedLate },
    outboxToSmtpLagMs: { p50: Math.round(rank(mailLag, 50)), p99: Math.round(rank(mailLag, 99)), sent: mailLag.length },
    emailsReceived: stack.mailsReceived(),
    workerPeakRssMiB: rssMiB,
    workerCpuSeconds: cpuSeconds(stack.worker?.child.pid),
    targets: { creationSeconds: 60, p99LagMs: 5000, workerRssMiB: 400 },
  };
  return result;
});

/** A Prometheus histogram summed over its label sets: sum, count and the count at most `le` (a bucket bound). */
/** User + system CPU time of a process so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Math.round((Number(fields[11]) + Number(fields[12])) / 100);
}

function peakRssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : null;
}
