import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { addBusinessDays, copenhagenDate, DEFAULT_REMINDER_POLICY, nextStepEvent } from '@psp/domain';
import { stepWorkflowId, WORKFLOWS, type StepWorkflowInput } from '@psp/workflow-contracts';
import { WORKER_NODE_OPTIONS } from '@psp/config';
import { FieldCipher, fokuspersonRepository } from '@psp/persistence';
import type { Client } from '@temporalio/client';
import { startProcess, type ManagedProcess } from '../tools/src/processes';
import { testCpr } from './support/cpr';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './support/services';
import { testAnchors } from './support/anchors';
import { testTemporalClient, testTemporalEnv } from './support/temporal';
import { startSmtpSink } from './support/smtp';

/**
 * 200 steps whose notices are all due at once; the worker process is killed (SIGKILL) while it
 * writes them and a new one takes over. Every expected inbox row and every expected e-mail exists
 * exactly once: the worker writes both in one transaction, once per key, and never talks SMTP; the
 * mailer process sends the outbox. The mailer's own crash is the second case: SMTP has no
 * idempotent send, so a message the server accepted in the instant before the mailer recorded it
 * goes again, as the same message (same Message-ID), at most once per send in flight (5).
 */
const STEPS = 200;
const ROOT = resolve(__dirname, '..');

describe('worker killed mid-run', () => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let client: Client;
  const taskQueue = uniqueName('crash');
  const workers: ManagedProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await startSmtpSink();
    client = await testTemporalClient();
  });

  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await client.connection.close();
    await smtp.stop();
    await db.drop();
  });

  const startApp = (name: 'worker' | 'mailer') => {
    const main = join(ROOT, name === 'worker' ? 'dist/apps/worker/src/main.js' : 'dist/apps/mailer/src/main.js');
    const w = startProcess(name, process.execPath, name === 'worker' ? [...WORKER_NODE_OPTIONS, main] : [main], {
      quiet: true,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: testServices().temporalAddress,
        TEMPORAL_TASK_QUEUE: taskQueue,
        ...testAnchors().workerEnv,
        ...testTemporalEnv(),
        SMTP_URL: smtp.url,
        WORKFLOW_BUNDLE_PATH: join(ROOT, 'dist/workflow-bundle.js'),
        WORKER_METRICS_ADDRESS: 'off',
        MAILER_METRICS_ADDRESS: 'off',
        LOG_LEVEL: 'warn',
      },
    });
    workers.push(w);
    return w;
  };

  const cipher = new FieldCipher({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1', blindIndexKey: randomBytes(32) });

  /** 200 steps assigned 10 business days ago and due in 1, their workflows started; returns the notices' keys. */
  async function stepsWithNoticesDue(): Promise<Set<string>> {
    const [coordinator] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = 'koordinator.pcb'`);
    const [assignee] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = 'sagsbehandler.egedal'`);
    const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
    const personId = randomUUID();
    let planId = '';
    await db.dataSource.transaction(async (tx) => {
      await fokuspersonRepository.insert(tx, cipher, { id: personId, forumId, nominatedByUserId: coordinator.id, nominatingAuthorityId: coordinator.authority_id }, {
        cprDigits: testCpr().digits,
        name: 'Nedbrud Test',
        details: { criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'test af nedbrud' }, notes: null, leadAuthorityReason: null, informationDecision: null, decisions: [] },
      });
      [{ id: planId }] = await tx.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [personId]);
    });

    // The assignment notice, the acknowledgement reminder and the 5-day due reminder are all due now.
    const now = new Date();
    const assignedAt = new Date(now.getTime() - 14 * 24 * 3600_000);
    const dueDate = addBusinessDays(copenhagenDate(now), 1);
    const expected = new Set<string>();
    const inputs: StepWorkflowInput[] = [];
    for (let i = 0; i < STEPS; i++) {
      const id = randomUUID();
      await db.dataSource.query(
        `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status, assigned_at)
         VALUES ($1, $2, $3, 1, $4, $5, $6, 'ASSIGNED', $7)`,
        [id, planId, personId, assignee.authority_id, assignee.id, dueDate, assignedAt],
      );
      const input: StepWorkflowInput = { stepId: id, status: 'ASSIGNED', assigneeUserId: assignee.id, dueDate, assignedAt: assignedAt.toISOString(), policy: DEFAULT_REMINDER_POLICY };
      inputs.push(input);
      const sent = new Set([`assigned-${assignee.id}`]);
      expected.add(`${stepWorkflowId(id)}:assigned-${assignee.id}:${assignee.id}`);
      for (let ev = nextStepEvent({ ...input, assignedAt }, sent); ev && ev.at <= now; ev = nextStepEvent({ ...input, assignedAt }, sent)) {
        expected.add(`${stepWorkflowId(id)}:${ev.key}:${assignee.id}`);
        sent.add(ev.key);
      }
    }
    expect(expected.size).toBeGreaterThanOrEqual(STEPS * 2);
    for (const input of inputs) {
      await client.workflow.start(WORKFLOWS.step, { workflowId: stepWorkflowId(input.stepId), taskQueue, args: [input] });
    }
    return expected;
  }

  const count = async (sql: string, keys: Set<string>) => Number((await db.dataSource.query(sql, [[...keys]]))[0].n);
  const inbox = (keys: Set<string>) => count(`SELECT count(*) AS n FROM notification WHERE idempotency_key = ANY($1)`, keys);
  const queued = (keys: Set<string>) => count(`SELECT count(*) AS n FROM email_outbox WHERE idempotency_key = ANY($1)`, keys);
  const unsent = (keys: Set<string>) => count(`SELECT count(*) AS n FROM email_outbox WHERE idempotency_key = ANY($1) AND sent_at IS NULL`, keys);
  const received = (keys: Set<string>) => smtp.mails.filter((m) => m.idempotencyKey !== null && keys.has(m.idempotencyKey));
  const until = async (what: () => Promise<boolean>, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end && !(await what()); ) await new Promise((r) => setTimeout(r, 100));
  };

  it('worker killed mid-run: every inbox row and every e-mail exactly once', async () => {
    const mailer = startApp('mailer');
    const expected = await stepsWithNoticesDue();
    const first = startApp('worker');
    await until(async () => (await inbox(expected)) >= expected.size * 0.3, 60_000);
    const atKill = await inbox(expected);
    await first.stop('SIGKILL');
    expect(atKill).toBeGreaterThan(0); // the kill came mid-run: after some notices …
    expect(atKill).toBeLessThan(expected.size); // … and before the last

    startApp('worker');
    await until(async () => (await inbox(expected)) === expected.size && (await unsent(expected)) === 0 && received(expected).length >= expected.size, 120_000);

    const rows: { idempotency_key: string }[] = await db.dataSource.query(`SELECT idempotency_key FROM notification WHERE idempotency_key = ANY($1)`, [[...expected]]);
    expect(rows.map((r) => r.idempotency_key).sort()).toEqual([...expected].sort());
    // Every queued e-mail was sent, so nothing more can arrive: the mailbox holds each key once.
    expect(await unsent(expected)).toBe(0);
    expect(await queued(expected)).toBe(expected.size);
    expect(received(expected).map((m) => m.idempotencyKey).sort()).toEqual([...expected].sort());
    await mailer.stop();
  });

  it('mailer killed mid-run: every e-mail arrives, a repeat is the same message and repeats are bounded', async () => {
    const expected = await stepsWithNoticesDue();
    // No mailer yet: the worker queues every e-mail with its inbox row.
    await until(async () => (await queued(expected)) === expected.size, 120_000);
    expect(await inbox(expected)).toBe(expected.size);
    expect(await unsent(expected)).toBe(expected.size);

    const first = startApp('mailer');
    await until(async () => received(expected).length >= expected.size * 0.3, 60_000);
    await first.stop('SIGKILL');
    const atKill = received(expected).length;
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(expected.size);

    startApp('mailer');
    await until(async () => (await unsent(expected)) === 0, 120_000);
    expect(await unsent(expected)).toBe(0);
    const mails = received(expected);
    const keys = mails.map((m) => m.idempotencyKey);
    expect(new Set(keys)).toEqual(expected); // none lost, none unexpected
    const messageId = (raw: string) => /^Message-ID:\s*(\S+)/im.exec(raw)?.[1];
    const repeats = mails.filter((m, i) => keys.indexOf(m.idempotencyKey) !== i);
    for (const r of repeats) expect(messageId(r.raw)).toBe(messageId(mails[keys.indexOf(r.idempotencyKey)].raw));
    expect(repeats.length).toBeLessThanOrEqual(5);
  });
});
