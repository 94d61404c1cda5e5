import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import {
  addBusinessDays,
  copenhagenDate,
  DEFAULT_REMINDER_POLICY,
  nextStepEvent,
  stepWorkflowId,
  WORKFLOWS,
  type StepWorkflowInput,
} from '@psp/domain';
import { FieldCipher, fokuspersonRepository } from '@psp/persistence';
import { Client, Connection } from '@temporalio/client';
import { startProcess, type ManagedProcess } from '../tools/src/processes';
import { testCpr } from './support/cpr';
import { createTestDatabase, testServices, uniqueName, type TestDatabase } from './support/services';
import { startSmtpSink } from './support/smtp';

/**
 * 200 steps whose notices are all due at once; the worker process is killed (SIGKILL) while it
 * sends them and a new one takes over. Every expected inbox row exists exactly once, and every
 * expected e-mail arrived. SMTP has no idempotent send: a message the server accepted in the
 * instant before the worker recorded it is sent again by the retry. Such a repeat is the same
 * message (same Message-ID, which mail systems use to drop duplicates), and there can be at most
 * as many as the SMTP pool has connections in flight (5).
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
    client = new Client({ connection: await Connection.connect({ address: testServices().temporalAddress }) });
  });

  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await client.connection.close();
    await smtp.stop();
    await db.drop();
  });

  const startWorker = () => {
    const w = startProcess('worker', process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], {
      quiet: true,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: testServices().temporalAddress,
        TEMPORAL_TASK_QUEUE: taskQueue,
        AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('base64'),
        SMTP_URL: smtp.url,
        WORKFLOW_BUNDLE_PATH: join(ROOT, 'dist/workflow-bundle.js'),
        LOG_LEVEL: 'warn',
      },
    });
    workers.push(w);
    return w;
  };

  it('loses no notice across a SIGKILL: each inbox row once, each e-mail at least once and repeats bounded', async () => {
    const cipher = new FieldCipher({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1', blindIndexKey: randomBytes(32) });
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

    // Assigned 10 business days ago and due in 1: the assignment notice, the acknowledgement
    // reminder and the 5-day due reminder are all due now.
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
    const inbox = async () => Number((await db.dataSource.query(`SELECT count(*) AS n FROM notification WHERE idempotency_key LIKE 'step-%'`))[0].n);

    const first = startWorker();
    for (let i = 0; i < 600 && (await inbox()) < expected.size * 0.3; i++) await new Promise((r) => setTimeout(r, 100));
    const atKill = await inbox();
    await first.stop('SIGKILL');
    expect(atKill).toBeLessThan(expected.size); // killed mid-run, not after

    startWorker();
    for (let i = 0; i < 1200 && ((await inbox()) < expected.size || smtp.mails.length < expected.size); i++) await new Promise((r) => setTimeout(r, 100));

    const rows: { idempotency_key: string }[] = await db.dataSource.query(`SELECT idempotency_key FROM notification WHERE idempotency_key LIKE 'step-%'`);
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(expected);
    expect(rows).toHaveLength(expected.size);
    const mailed = smtp.mails.map((m) => m.idempotencyKey);
    expect(new Set(mailed)).toEqual(expected); // none lost, none unexpected
    const messageId = (raw: string) => /^Message-ID:\s*(\S+)/im.exec(raw)?.[1];
    const repeats = smtp.mails.filter((m, i) => mailed.indexOf(m.idempotencyKey) !== i);
    for (const r of repeats) expect(messageId(r.raw)).toBe(messageId(smtp.mails[mailed.indexOf(r.idempotencyKey)].raw));
    expect(repeats.length).toBeLessThanOrEqual(5);
    expect(atKill).toBeGreaterThan(0); // the kill came mid-run, after some notices
  });
});
