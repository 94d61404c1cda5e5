import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../tools/src/processes';
import { readRuntime } from '../../../tools/src/runtime-file';

const ROOT = join(__dirname, '..', '..', '..');

/** What the browser tests need to know about a running system. */
export interface StackInfo {
  /** Where the web app and the api are (http://localhost:<port>). */
  url: string;
  /** The owner login's (psp_owner): the tests' own set-up writes. */
  ownerDatabaseUrl: string;
  dataDir: string;
  /** The development OpenID provider, when the stack runs it. */
  signInUrl: string | undefined;
}

export interface Stack extends StackInfo {
  output(): string;
  stop(): Promise<void>;
}

/**
 * The whole system as `npm start` runs it (the same program: embedded PostgreSQL, Temporal dev
 * server, migrations, api, worker, mailer and, unless OIDC_ISSUER_URL is given, the development
 * OpenID provider), on free ports with a data directory of its own (or `env.PSP_DATA_DIR`), from
 * this checkout's build or another checkout's.
 */
export async function startStack(env: NodeJS.ProcessEnv = {}, checkout = ROOT): Promise<Stack> {
  const start = join(checkout, 'dist', 'tools', 'src', 'start.js');
  if (!existsSync(start)) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
  const dataDir = env['PSP_DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'psp-web-'));
  if (!env['PSP_DATA_DIR']) chmodSync(dataDir, 0o755); // PostgreSQL runs as another user when we are root
  const fixed = { from: 20_000, to: 30_000 }; // below the ephemeral range the dev server's own ports come from
  const ports = await Promise.all(Array.from({ length: 8 }, () => freePort(fixed)));
  const [api, pg, temporal, ui, mail, oidc, metrics, mailerMetrics] = ports;
  const { DATABASE_URL: _d, TEMPORAL_ADDRESS: _t, ...rest } = process.env;
  const child: ChildProcess = spawn(process.execPath, [start], {
    cwd: checkout,
    env: {
      ...rest,
      PSP_DATA_DIR: dataDir,
      PORT: String(api),
      EMBEDDED_PG_PORT: String(pg),
      TEMPORAL_PORT: String(temporal),
      TEMPORAL_UI_PORT: String(ui),
      MAIL_SINK_PORT: String(mail),
      DEV_OIDC_PORT: String(oidc),
      WORKER_METRICS_ADDRESS: `127.0.0.1:${metrics}`,
      MAILER_METRICS_ADDRESS: `127.0.0.1:${mailerMetrics}`,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  while (!out.includes('PSP Koordinering is ready')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGINT');
      throw new Error(`The system did not start:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const runtime = readRuntime(dataDir)!;
  return {
    url: runtime.apiUrl,
    ownerDatabaseUrl: runtime.ownerDatabaseUrl,
    dataDir,
    signInUrl: env['OIDC_ISSUER_URL'] ? undefined : `http://localhost:${oidc}`,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The stack the global setup started, as the tests see it. */
export function sharedStack(): StackInfo {
  const raw = process.env['PSP_WEB_STACK'];
  if (!raw) throw new Error('The browser tests need their global setup (run them with "npm run test:web")');
  return JSON.parse(raw) as StackInfo;
}

/** The development issuer's private key of a stack (for bearer tokens in test setup). */
export function devPrivateKeyPem(stack: StackInfo): string {
  return readFileSync(join(stack.dataDir, 'jwt', 'private.pem'), 'utf8');
}
