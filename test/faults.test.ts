import { existsSync, mkdtempSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { copenhagenDate, type Role } from '@psp/domain';
import { meetingChanged, meetingWorkflowId, stepWorkflowId, WORKFLOWS, type NotificationRequest } from '@psp/workflow-contracts';
import { createDataSource, verifyAccessLog } from '@psp/persistence';
import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createWorker } from '../apps/worker/src/create-worker';
import { migrateAndSeed } from '../tools/src/migrate';
import { provisionDatabase, startPostgres, type PostgresServer } from '../tools/src/postgres-server';
import { freePort, startProcess, waitFor } from '../tools/src/processes';
import { startTemporalDevServer } from '../tools/src/temporal-server';
import { DEV_AUDIENCE, DEV_ISSUER } from '../tools/src/dev-issuer';
import { randomSecrets } from '../tools/src/dev-secrets';
import { testAnchors } from './support/anchors';
import { signDevToken } from '../tools/src/sign-token';
import { startTestApi, type TestApi } from './support/api';
import { testCpr } from './support/cpr';
import { createTestDatabase, testServices, uniqueName } from './support/services';
import { changeStepAsTheApi, testTemporalClient } from './support/temporal';
import { quietTemporalRuntime, workerSettings } from './support/worker';

const ROOT = join(__dirname, '..');
const criteria = { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: 'Fejltest af systemet' };

/** Every committed person has the log row of its creation (the invariant of "no log, no data"). */
const UNLOGGED_PERSONS = `SELECT count(*)::int AS n FROM fokusperson p
  WHERE NOT EXISTS (SELECT 1 FROM access_log l WHERE l.fokusperson_id = p.id AND l.action = 'CREATE' AND l.outcome = 'ALLOWED')`;
/** Every accepted person has the log row of the decision. */
const UNLOGGED_DECISIONS = `SELECT count(*)::int AS n FROM fokusperson p WHERE p.status = 'ACTIVE'
  AND NOT EXISTS (SELECT 1 FROM access_log l WHERE l.fokusperson_id = p.id AND l.action = 'UPDATE' AND l.detail LIKE 'decision ACCEPT%')`;

interface Sample {
  startedAt: number;
  ms: number;
  status: number;
  body: { message?: string; id?: string };
}

/** Concurrent readers and writers until `stop()`: each request's start, duration and answer. */
function load(api: TestApi, token: string, forumId: string, personId: string, connections: number) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: connections }, async (_, n) => {
    for (let i = 0; running; i++) {
      const startedAt = Date.now();
      const res =
        (i + n) % 2 === 0
          ? await request(api.http).get(`/api/v1/fokuspersoner/${personId}`).set('Authorization', token)
          : await request(api.http).post('/api/v1/fokuspersoner').set('Authorization', token).send({ forumId, cpr: testCpr().formatted, name: 'Fejl Test', criteria });
      samples.push({ startedAt, ms: Date.now() - startedAt, status: res.status, body: res.body });
    }
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe('faults', () => {
  beforeAll(() => quietTemporalRuntime());

  it('PostgreSQL stopped under load: 503 with a clear body within 2 s, never 500; back within 5 s of its return; no partial write', async () => {
    const dir = mkdtempSync(join(testServices().tmpDir, 'pg-fault-'));
    chmodSync(dir, 0o755);
    const port = await freePort();
    let pg: PostgresServer = await startPostgres({ dataDir: dir, port, fast: true, quiet: true });
    const { appUrl, ownerUrl } = await provisionDatabase(pg, 'psp');
    await migrateAndSeed(ownerUrl);
    const owner = await createDataSource({ url: ownerUrl, poolSize: 2 }, 'psp-fault-test').initialize();
    const api = await startTestApi({ dataSource: owner, databaseUrl: appUrl, taskQueue: uniqueName('faults') });
    try {
      const token = `Bearer ${await api.tokenFor('koordinator.pcb')}`;
      const [{ id: forumId }] = await owner.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
      const { body: person } = await request(api.http).post('/api/v1/fokuspersoner').set('Authorization', token).send({ forumId, cpr: testCpr().formatted, name: 'Læst Under Fejl', criteria }).expect(201);
      await owner.destroy();

      const traffic = load(api, token, forumId, person.id, 6);
      await new Promise((r) => setTimeout(r, 1500));
      const stoppedAt = Date.now();
      await pg.stop();
      await new Promise((r) => setTimeout(r, 3000));
      const restartAt = Date.now();
      pg = await startPostgres({ dataDir: dir, port, fast: true, quiet: true });
      const backAt = Date.now();
      await new Promise((r) => setTimeout(r, 5000));
      await traffic.stop();

      const { samples } = traffic;
      expect(samples.filter((s) => s.status === 500)).toEqual([]);
      expect(samples.filter((s) => ![200, 201, 503].includes(s.status))).toEqual([]);
      // Never hangs: every answer, including each 503, within 2 s.
      expect(Math.max(...samples.map((s) => s.ms))).toBeLessThan(2000);
      const outage = samples.filter((s) => s.startedAt > stoppedAt + 200 && s.startedAt + s.ms < restartAt);
      expect(outage.length).toBeGreaterThan(10);
      for (const s of outage) {
        expect(s.status).toBe(503);
        expect(s.body.message).toMatch(/database is unavailable/);
      }
      // Recovered within 5 s of PostgreSQL's return: every request started later succeeds.
      const after = samples.filter((s) => s.startedAt > backAt + 5000 - 1500);
      expect(after.length).toBeGreaterThan(0);
      const firstOk = samples.filter((s) => s.startedAt >= backAt && s.status < 300).sort((a, b) => a.startedAt - b.startedAt)[0];
      expect(firstOk).toBeDefined();
      expect(firstOk!.startedAt + firstOk!.ms - backAt).toBeLessThan(5000);
      expect(samples.filter((s) => s.startedAt > firstOk!.startedAt + firstOk!.ms && s.status !== 200 && s.status !== 201)).toEqual([]);
      process.stdout.write(
        `[faults] PostgreSQL stopped: ${samples.length} requests, ${outage.length} answered 503 during the outage (slowest answer ${Math.max(...samples.map((s) => s.ms))} ms), ` +
          `first success ${firstOk!.startedAt + firstOk!.ms - backAt} ms after PostgreSQL was back\n`,
      );

      // No partial write: exactly the acknowledged nominations exist, each with its log row; the chain verifies.
      const check = await createDataSource({ url: ownerUrl, poolSize: 2 }, 'psp-fault-check').initialize();
      try {
        const created = samples.filter((s) => s.status === 201).map((s) => s.body.id as string);
        const [{ n: persons }] = await check.query(`SELECT count(*)::int AS n FROM fokusperson WHERE id <> $1`, [person.id]);
        // A nomination whose commit raced the shutdown may exist without its 201 reaching us, never the reverse.
        expect(persons).toBeGreaterThanOrEqual(created.length);
        expect(persons - created.length).toBeLessThanOrEqual(6);
        const [{ n: found }] = await check.query(`SELECT count(*)::int AS n FROM fokusperson WHERE id = ANY($1)`, [created]);
        expect(found).toBe(created.length);
        expect((await check.query(UNLOGGED_PERSONS))[0].n).toBe(0);
        expect(await verifyAccessLog(check, api.config.auditAnchor)).toMatchObject({ ok: true });
      } finally {
        await check.destroy();
      }
    } finally {
      await api.close();
      await pg.stop();
    }
  });

  it('API process killed (SIGKILL) during a burst of writes: every committed change has its log row, and the chain verifies', async () => {
    const mainJs = join(ROOT, 'dist/apps/api/src/main.js');
    if (!existsSync(mainJs)) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
    const db = await createTestDatabase();
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const secrets = randomSecrets();
    const port = await freePort();
    const api = startProcess('api', process.execPath, [mainJs], {
      quiet: true,
      env: {
        ...process.env,
        ...secrets,
        ...testAnchors().apiEnv,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: testServices().temporalAddress,
        TEMPORAL_TASK_QUEUE: uniqueName('apikill'),
        PORT: String(port),
        JWT_ISSUER: DEV_ISSUER,
        JWT_AUDIENCE: DEV_AUDIENCE,
        JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        LOG_LEVEL: 'silent',
      },
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor('api', async () => {
        if (!(await fetch(`${base}/health/live`)).ok) throw new Error('not yet');
      }, 30_000, api.exited);
      const [u] = await db.dataSource.query(`SELECT id, username, authority_id, roles FROM app_user WHERE username = 'koordinator.pcb'`);
      const token = `Bearer ${await signDevToken(privateKey, { id: u.id, username: u.username, authorityId: u.authority_id, roles: u.roles as Role[] })}`;
      const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);
      const headers = { authorization: token, 'content-type': 'application/json' };

      let running = true;
      let acknowledged = 0;
      const writers = Array.from({ length: 12 }, async () => {
        while (running) {
          try {
            const res = await fetch(`${base}/api/v1/fokuspersoner`, { method: 'POST', headers, body: JSON.stringify({ forumId, cpr: testCpr().formatted, name: 'Afbrudt Skrivning', criteria }) });
            if (res.status !== 201) continue;
            acknowledged++;
            const { id } = (await res.json()) as { id: string };
            const d = await fetch(`${base}/api/v1/fokuspersoner/${id}/decisions`, { method: 'POST', headers, body: JSON.stringify({ decision: 'ACCEPT', reason: 'Under belastning' }) });
            if (d.status === 200) acknowledged++;
          } catch {
            return; // the api is gone
          }
        }
      });
      await new Promise((r) => setTimeout(r, 2000));
      api.child.kill('SIGKILL');
      running = false;
      await Promise.all(writers);
      await api.exited.catch(() => undefined);

      process.stdout.write(`[faults] api SIGKILLed after ${acknowledged} acknowledged writes\n`);
      expect(acknowledged).toBeGreaterThan(10);
      const [{ n: persons }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM fokusperson`);
      expect(persons).toBeGreaterThan(5);
      expect((await db.dataSource.query(UNLOGGED_PERSONS))[0].n).toBe(0);
      expect((await db.dataSource.query(UNLOGGED_DECISIONS))[0].n).toBe(0);
      expect(await verifyAccessLog(db.dataSource, { publicKey: testAnchors().publicKey, dir: testAnchors().dir })).toMatchObject({ ok: true });
    } finally {
      if (api.child.exitCode === null) api.child.kill('SIGKILL');
      await db.drop();
    }
  });

  it('Temporal dev server restarted with its database file: running step, meeting and timer workflows continue, no timer lost', async () => {
    const dir = mkdtempSync(join(testServices().tmpDir, 'temporal-fault-'));
    const port = await freePort();
    const start = () => startTemporalDevServer({ cliPath: testServices().temporalCliPath, port, dbFile: join(dir, 'temporal.db'), quiet: true });
    let temporal = await start();
    const db = await createTestDatabase();
    const taskQueue = uniqueName('temporal-restart');
    const connection = await NativeConnection.connect({ address: temporal.address });
    let worker: Worker | undefined;
    let running: Promise<void> | undefined;
    let client: Client | undefined;
    try {
      worker = await createWorker({ connection, namespace: 'default', taskQueue, dataSource: db.appDataSource, ...workerSettings() });
      running = worker.run();
      client = await testTemporalClient(temporal.address);
      const [coordinator] = await db.dataSource.query(`SELECT id, authority_id FROM app_user WHERE username = 'koordinator.pcb'`);
      const [{ id: forumId }] = await db.dataSource.query(`SELECT id FROM forum WHERE code = 'psp-pcb'`);

      // 20 timers due 6-10 s from now, i.e. across the outage.
      const due = Date.now() + 6000;
      for (let i = 0; i < 20; i++) {
        const req: NotificationRequest = { recipientUserId: coordinator.id, purpose: `restart-${i}`, kind: 'FAULT_TIMER', subject: 'Fejltest', body: 'Timer over en genstart', deliverAt: new Date(due + i * 200).toISOString() };
        await client.workflow.start(WORKFLOWS.notification, { workflowId: `fault-timer-${taskQueue}-${i}`, taskQueue, args: [req] });
      }
      // A meeting held 8 s from now.
      const meetingId = (await db.dataSource.query(`SELECT gen_random_uuid() AS id`))[0].id as string;
      await db.dataSource.query(`INSERT INTO meeting (id, forum_id, starts_at, duration_minutes, status) VALUES ($1, $2, now() + interval '8 seconds', 60, 'PLANNED')`, [meetingId, forumId]);
      await client.workflow.start(WORKFLOWS.meeting, { workflowId: meetingWorkflowId(meetingId), taskQueue, args: [{ meetingId }] });
      // A step waiting for its assignee.
      const stepId = await makeStep(db.dataSource, forumId, coordinator);
      await client.workflow.start(WORKFLOWS.step, {
        workflowId: stepWorkflowId(stepId),
        taskQueue,
        args: [{ stepId, status: 'ASSIGNED', assigneeUserId: coordinator.id, dueDate: copenhagenDate(new Date(Date.now() + 20 * 86_400_000)), assignedAt: new Date().toISOString(), policy: { acknowledgeAfterBusinessDays: 2, dueRemindersBusinessDaysBefore: [5, 1], reEscalateEveryBusinessDays: 5, sendAtHour: 8 } }],
      });
      await waitFor('the step’s first notice', async () => {
        const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE idempotency_key LIKE $1`, [`${stepWorkflowId(stepId)}:assigned-%`]);
        if (n !== 1) throw new Error('not yet');
      }, 10_000);

      await client.connection.close();
      client = undefined;
      await temporal.stop();
      await new Promise((r) => setTimeout(r, 2000));
      temporal = await start();
      client = await testTemporalClient(temporal.address);

      await waitFor('every timer', async () => {
        const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'FAULT_TIMER'`);
        if (n < 20) throw new Error(`${n} of 20`);
      }, 40_000);
      const keys: { idempotency_key: string }[] = await db.dataSource.query(`SELECT idempotency_key FROM notification WHERE kind = 'FAULT_TIMER'`);
      expect(new Set(keys.map((k) => k.idempotency_key)).size).toBe(20);
      expect(keys).toHaveLength(20);
      await waitFor('the meeting held', async () => {
        const [{ status }] = await db.dataSource.query(`SELECT status FROM meeting WHERE id = $1`, [meetingId]);
        if (status !== 'HELD') throw new Error(status);
      }, 30_000);
      // The step workflow still answers: it takes a change and runs to its end.
      await changeStepAsTheApi(db.appDataSource, client, stepId, { action: 'COMPLETE' }, coordinator.id);
      await expect(client.workflow.getHandle(stepWorkflowId(stepId)).result()).resolves.toBe('DONE');
      await client.workflow.getHandle(meetingWorkflowId(meetingId)).signal(meetingChanged);
    } finally {
      await client?.connection.close();
      worker?.shutdown();
      await running?.catch(() => undefined);
      await connection.close();
      await temporal.stop();
      await db.drop();
    }
  });
});

/** An ACTIVE person with a plan and one step assigned to `assignee`, as the api would write them. */
async function makeStep(ds: DataSource, forumId: string, assignee: { id: string; authority_id: string }): Promise<string> {
  const [{ id: personId }] = await ds.query(
    `INSERT INTO fokusperson (forum_id, status, nominated_by_user_id, nominating_authority_id, key_id, cpr_ciphertext, name_ciphertext, details_ciphertext, cpr_blind_index)
     VALUES ($1, 'ACTIVE', $2, $3, 'k', 'x', 'x', 'x', gen_random_uuid()::text::bytea) RETURNING id`,
    [forumId, assignee.id, assignee.authority_id],
  );
  const [{ id: planId }] = await ds.query(`INSERT INTO helhedsplan (fokusperson_id) VALUES ($1) RETURNING id`, [personId]);
  const [{ id }] = await ds.query(
    `INSERT INTO step (id, helhedsplan_id, fokusperson_id, plan_version, owner_authority_id, assignee_user_id, due_date, status)
     VALUES (gen_random_uuid(), $1, $2, 1, $3, $4, current_date + 20, 'ASSIGNED') RETURNING id`,
    [planId, personId, assignee.authority_id, assignee.id],
  );
  return id;
}
