import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WORKER_NODE_OPTIONS } from '@psp/config';
import type { Role } from '@psp/domain';
import { createDataSource, verifyAccessLog } from '@psp/persistence';
import { Client } from 'pg';
import { DEV_AUDIENCE, DEV_ISSUER } from '../dev-issuer';
import { randomAnchors, randomSecrets, type DataSecrets } from '../dev-secrets';
import { migrateAndSeed } from '../migrate';
import { repoRoot } from '../paths';
import { provisionDatabase, startPostgres, type PostgresServer } from '../postgres-server';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../processes';
import { signDevToken } from '../sign-token';
import { startSmtpServer } from '../mail-sink';
import { ensureTemporalBinary } from '../temporal-binaries';
import { startTemporalDevServer } from '../temporal-server';

/**
 * A throw-away stack for benchmarks: its own PostgreSQL (durable settings, as in production) and
 * the built api as a separate process, on free loopback ports; with `withWorker`, also a Temporal
 * dev server, the built worker and mailer, and an SMTP server that counts what it receives.
 */
export interface BenchStack {
  apiUrl: string;
  /** The application login the api, worker and mailer use. */
  databaseUrl: string;
  /** The owner login (migrations; a benchmark's own data set-up and ANALYZE). */
  ownerDatabaseUrl: string;
  pg: PostgresServer;
  /** With `withWorker`: the worker process (for its peak RSS and CPU time) and the e-mails it sent. */
  worker: ManagedProcess | undefined;
  /** With `withWorker`: the worker's Prometheus metrics (Temporal SDK task latencies). */
  workerMetricsUrl: string | undefined;
  temporalAddress: string;
  /** The keys api and worker run with (a benchmark's own Temporal client needs the payload keys). */
  secrets: DataSecrets;
  /** The api's settings (without PORT): a yardstick of bench:access runs with the same. */
  apiEnv: NodeJS.ProcessEnv;
  /** What the access log's verification trusts: the anchors' public key and directory. */
  anchorTrust: { publicKey: KeyObject; dir: string };
  mailsReceived: () => number;
  tokenFor(username: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchStack(opts: { withWorker?: boolean; extraEnv?: NodeJS.ProcessEnv } = {}): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'psp-bench-'));
  chmodSync(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  let temporalAddress = `127.0.0.1:${await freePort()}`; // nothing listens: the GET benchmark needs no Temporal
  let worker: ManagedProcess | undefined;
  let workerMetricsUrl: string | undefined;
  let mails = 0;
  // BENCH_CPU_PROFILE_DIR: api, worker and mailer write V8 CPU profiles there when they stop.
  const profile = process.env['BENCH_CPU_PROFILE_DIR'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROFILE_DIR']}`] : [];
  const pg = await startPostgres({ dataDir: join(dir, 'postgres'), port: await freePort(), quiet: process.env['BENCH_VERBOSE'] === undefined });
  const { appUrl: databaseUrl, ownerUrl: ownerDatabaseUrl } = await provisionDatabase(pg, 'psp');
  await migrateAndSeed(ownerDatabaseUrl);
  const secrets = randomSecrets();
  // The access log's anchors: the worker signs them, the api checks them.
  const anchors = randomAnchors(join(dir, 'anchors'));
  if (opts.withWorker) {
    const temporal = await startTemporalDevServer({ cliPath: ensureTemporalBinary('cli'), port: await freePort(), quiet: true });
    stops.push(temporal.stop);
    temporalAddress = temporal.address;
    const sink = await startSmtpServer(0, () => mails++);
    stops.push(sink.stop);
    const workerMetrics = `127.0.0.1:${await freePort()}`;
    workerMetricsUrl = `http://${workerMetrics}/metrics`;
    worker = startProcess('worker', process.execPath, [...profile, ...WORKER_NODE_OPTIONS, join(repoRoot(), 'dist/apps/worker/src/main.js')], {
      quiet: process.env['BENCH_VERBOSE'] === undefined,
      env: { ...process.env, ...secrets, ...anchors.workerEnv, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, SMTP_URL: sink.url, LOG_LEVEL: 'warn', WORKFLOW_BUNDLE_PATH: join(repoRoot(), 'dist/workflow-bundle.js'), WORKER_METRICS_ADDRESS: workerMetrics },
    });
    const w = worker;
    stops.push(() => w.stop());
    const mailer = startProcess('mailer', process.execPath, [...profile, join(repoRoot(), 'dist/apps/mailer/src/main.js')], {
      quiet: process.env['BENCH_VERBOSE'] === undefined,
      env: { ...process.env, DATABASE_URL: databaseUrl, SMTP_URL: sink.url, LOG_LEVEL: 'warn', MAILER_METRICS_ADDRESS: 'off' },
    });
    stops.push(() => mailer.stop());
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const port = await freePort();
  const apiEnv: NodeJS.ProcessEnv = {
    ...secrets,
    ...anchors.apiEnv,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    JWT_ISSUER: DEV_ISSUER,
    JWT_AUDIENCE: DEV_AUDIENCE,
    JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    LOG_LEVEL: 'warn',
    ...opts.extraEnv,
  };
  const api: ManagedProcess = startProcess('api', process.execPath, [...profile, join(repoRoot(), 'dist/apps/api/src/main.js')], {
    quiet: process.env['BENCH_VERBOSE'] === undefined,
    env: { ...process.env, ...apiEnv, PORT: String(port) },
  });
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitFor('api', async () => {
    const r = await fetch(`${apiUrl}/health/live`);
    if (!r.ok) throw new Error(String(r.status));
  }, 30_000, api.exited);
  return {
    apiUrl,
    databaseUrl,
    ownerDatabaseUrl,
    pg,
    worker,
    workerMetricsUrl,
    temporalAddress,
    secrets,
    apiEnv,
    anchorTrust: { publicKey: anchors.publicKey, dir: anchors.dir },
    mailsReceived: () => mails,
    tokenFor: (username) => tokenFor(databaseUrl, privateKey, username),
    async stop() {
      await api.stop();
      for (const stop of stops.reverse()) await stop();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function tokenFor(databaseUrl: string, key: KeyObject, username: string): Promise<string> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT id, authority_id, roles FROM app_user WHERE username = $1`, [username]);
    const u = rows[0];
    return signDevToken(key, { id: u.id, username, authorityId: u.authority_id, roles: u.roles as Role[] });
  } finally {
    await c.end();
  }
}

function machineFacts() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('node:os') as typeof import('node:os');
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

/**
 * Prints a benchmark's figures and records them, with the machine's facts and the PostgreSQL
 * version, in docs/bench/<name>.json (committed: the figures the docs give name that file; `npm
 * run bench` refreshes them all).
 */
export async function reportBench(stack: BenchStack, result: { benchmark: string } & Record<string, unknown>): Promise<void> {
  const c = new Client({ connectionString: stack.databaseUrl });
  await c.connect();
  const postgres = ((await c.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
  await c.end();
  // After every benchmark, the access log's chains still verify (against the run's anchors).
  const dataSource = await createDataSource({ url: stack.databaseUrl, poolSize: 1 }, 'psp-bench-verify').initialize();
  const verified = await verifyAccessLog(dataSource, stack.anchorTrust).finally(() => dataSource.destroy());
  if (!verified.ok) process.exitCode = 1;
  const accessLog = { chainsVerify: verified.ok, rows: verified.rows, ...(verified.ok ? {} : { reason: verified.reason }) };
  const entry = { ...result, accessLog: { ...(result['accessLog'] as object | undefined), ...accessLog }, at: new Date().toISOString(), machine: { ...machineFacts(), postgres } };
  process.stdout.write(`${JSON.stringify(entry, null, 2)}\n`);
  const file = benchResultFile(result.benchmark);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`);
  process.stdout.write(`recorded in ${file}\n`);
}

/** Where a benchmark's latest result is kept: docs/bench/access.json for bench:access. */
export function benchResultFile(benchmark: string): string {
  return join(repoRoot(), 'docs', 'bench', `${benchmark.replace(/^bench:/, '')}.json`);
}

/**
 * Runs one benchmark on a throw-away stack with the worker: `body` gets the stack and a pg client
 * on its database (as the owner: set-up writes and ANALYZE) once the api is ready, and returns the figures, which are reported and
 * recorded (then `summary`'s lines, if given, are printed after them). The stack is stopped
 * either way; a failure ends the process with exit code 1. `extraEnv` goes to the api.
 */
export function runStackBench<R extends { benchmark: string } & Record<string, unknown>>(
  name: string,
  body: (stack: BenchStack, db: Client) => Promise<R>,
  options: { extraEnv?: NodeJS.ProcessEnv; summary?: (result: R) => string } = {},
): void {
  const run = async () => {
    const stack = await startBenchStack({ withWorker: true, extraEnv: options.extraEnv });
    const db = new Client({ connectionString: stack.ownerDatabaseUrl });
    await db.connect();
    try {
      await waitReady(stack.apiUrl);
      const result = await body(stack, db);
      await reportBench(stack, result);
      if (options.summary) process.stdout.write(options.summary(result));
    } finally {
      await db.end();
      await stack.stop();
    }
  };
  run().catch((err: unknown) => {
    process.stderr.write(`${name} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

/** Waits until the api reports PostgreSQL, Temporal and a polling worker ready. */
async function waitReady(apiUrl: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${apiUrl}/health/ready`).catch(() => undefined);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the stack did not become ready');
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One JSON request to the api with a bearer token. */
export async function callApi(apiUrl: string, token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * What bench:steps and bench:caselist plan with: the coordinator of forum psp-pcb (its token and
 * an api caller), and Egedal municipality and its caseworker as the steps' owner and assignee.
 */
export async function egedalSteps(stack: BenchStack, db: Client) {
  const token = await stack.tokenFor('koordinator.pcb');
  const id = async (sql: string) => ((await db.query(sql)).rows[0] as { id: string }).id;
  return {
    token,
    call: (method: string, path: string, body?: unknown) => callApi(stack.apiUrl, token, method, path, body),
    forumId: await id(`SELECT id FROM forum WHERE code = 'psp-pcb'`),
    owner: await id(`SELECT id FROM authority WHERE code = 'kommune-egedal'`),
    assignee: await id(`SELECT id FROM app_user WHERE username = 'sagsbehandler.egedal'`),
  };
}

/**
 * `count` fokuspersoner nominated to the forum and accepted through the api (names encrypted as in
 * production), with distinct valid CPR numbers from `series` (0-9) onwards.
 */
export async function acceptedPersons(apiUrl: string, coordinatorToken: string, forumId: string, count: number, series: number, label: string): Promise<string[]> {
  const persons: string[] = [];
  for (let i = 0; i < count; i++) {
    const born = new Date(Date.UTC(1950 + series * 5, 0, 1 + i));
    const cpr = `${String(born.getUTCDate()).padStart(2, '0')}${String(born.getUTCMonth() + 1).padStart(2, '0')}${String(born.getUTCFullYear() % 100).padStart(2, '0')}-${1000 + i}`;
    const p = await callApi(apiUrl, coordinatorToken, 'POST', '/api/v1/fokuspersoner', {
      forumId,
      cpr,
      name: `${label} ${i}`,
      criteria: { challenges: ['OTHER_CHALLENGE'], frequentContactWith: ['POLICE'], reason: `Benchmark: ${label}` },
    });
    if (p.status !== 201) throw new Error(`nominate: ${JSON.stringify(p.body)}`);
    const id = p.body['id'] as string;
    const d = await callApi(apiUrl, coordinatorToken, 'POST', `/api/v1/fokuspersoner/${id}/decisions`, { decision: 'ACCEPT', reason: 'benchmark' });
    if (d.status !== 200) throw new Error(`accept: ${JSON.stringify(d.body)}`);
    persons.push(id);
  }
  return persons;
}

/**
 * Waits (at most 3 minutes) until the worker has done what the new steps set off (assignment
 * notices, e-mails), so it does not run during the measurements; the seconds it took, or null.
 */
export async function settleNotices(db: Client, steps: number): Promise<number | null> {
  const started = Date.now();
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  while (Date.now() - started < 180_000) {
    const assigned = await count(`SELECT count(*) AS n FROM notification WHERE kind = 'STEP_ASSIGNED'`);
    const unsent = await count(`SELECT count(*) AS n FROM email_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL`);
    if (assigned >= steps && unsent === 0) return Math.round((Date.now() - started) / 1000);
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}
