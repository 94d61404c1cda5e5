import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../tools/src/processes';
import { testServices } from './support/services';

/**
 * `npm start`'s program as a user runs it (the built dist/, as after `npm start`'s build step):
 * everything comes up, Ctrl-C leaves no process behind, and a second start keeps the data.
 */
const ROOT = resolve(__dirname, '..');
const START = join(ROOT, 'dist/tools/src/start.js');
const TOKEN = join(ROOT, 'dist/tools/src/token.js');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [START], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => boolean, ms: number, started?: Started): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms. Output:\n${started?.output() ?? ''}`);
    if (started && started.child.exitCode !== null) throw new Error(`exited (${started.child.exitCode}) before ${what}. Output:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Processes whose environment carries this run's data directory: the start script's whole tree. */
function processesOf(dataDir: string): string[] {
  const marker = `PSP_DATA_DIR=${dataDir}\0`;
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim()}`);
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe('npm start (embedded default)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let apiUrl: string;
  let mailPort: number;
  let metricsPort: number;
  let mailerMetricsPort: number;
  let oidcPort: number;
  let running: Started | undefined;

  beforeAll(async () => {
    if (!existsSync(START)) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
    dataDir = mkdtempSync(join(tmpdir(), 'psp-start-'));
    chmodSync(dataDir, 0o755);
    const fixed = { from: 20_000, to: 30_000 }; // below the ephemeral range the dev server's random ports come from
    const [port, pgPort, temporalPort, uiPort] = [await freePort(fixed), await freePort(fixed), await freePort(fixed), await freePort(fixed)];
    mailPort = await freePort(fixed);
    metricsPort = await freePort(fixed);
    mailerMetricsPort = await freePort(fixed);
    oidcPort = await freePort(fixed);
    apiUrl = `http://localhost:${port}`;
    const { DATABASE_URL: _d, TEMPORAL_ADDRESS: _t, ...rest } = process.env;
    env = {
      ...rest,
      PSP_DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      MAIL_SINK_PORT: String(mailPort),
      DEV_OIDC_PORT: String(oidcPort),
      WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      MAILER_METRICS_ADDRESS: `127.0.0.1:${mailerMetricsPort}`,
      TEMPORAL_CLI_PATH: testServices().temporalCliPath,
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      await running.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const token = (username: string) => execFileSync(process.execPath, [TOKEN, username], { env, encoding: 'utf8' });

  async function startAndWait(): Promise<number> {
    const t0 = Date.now();
    running = launch(env);
    await until('"is ready"', () => running!.output().includes('PSP Koordinering is ready'), 60_000, running);
    const res = await fetch(`${apiUrl}/health/ready`);
    expect(res.status).toBe(200);
    return Date.now() - t0;
  }

  async function stopWithCtrlC(): Promise<void> {
    running!.child.kill('SIGINT');
    const code = await running!.exited;
    expect(code).toBe(130);
    await until('every child process to end', () => processesOf(dataDir!).length === 0, 10_000);
    expect(processesOf(dataDir)).toEqual([]);
  }

  it('comes up ready, serves a seeded user with a dev token, and stops everything on SIGINT', async () => {
    const ms = await startAndWait();
    expect(ms).toBeLessThan(60_000);
    const out = running!.output();
    for (const shown of [`${apiUrl}/api/v1`, `${apiUrl}/docs`, 'Temporal UI  http://localhost:', 'npm run -s token --', `E-mail       local sink smtp://127.0.0.1:${mailPort}`]) {
      expect(out).toContain(shown);
    }
    expect(processesOf(dataDir).length).toBeGreaterThanOrEqual(5); // start, postgres, temporal, api, worker, mailer
    // The web address comes first, then how to sign in; the web app is served at / and signs in
    // through the local development provider.
    const banner = out.slice(out.indexOf('PSP Koordinering is ready'));
    expect(banner.split('\n')[1]).toBe(`  Web app      ${apiUrl}/`);
    expect(banner.split('\n')[2]).toContain(`development login http://localhost:${oidcPort}`);
    const page = await fetch(`${apiUrl}/opgaver`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<html lang="da"');
    // Assets are fingerprinted and cached for a year; nothing inline, nothing from another origin.
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/assets\/index-[\w-]+\.js$/);
    const asset = await fetch(`${apiUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(html).not.toMatch(/<script>|<style|https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
    const login = await fetch(`${apiUrl}/auth/login?returnTo=/opgaver`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toMatch(new RegExp(`^http://localhost:${oidcPort}/auth\\?.*code_challenge_method=S256`));
    // The worker runs with WORKER_NODE_OPTIONS' heap limit (V8's default here is several GiB).
    const heapLimit = /\[worker\] PSP worker polling .* V8 heap limit (\d+) MiB/.exec(out);
    expect(Number(heapLimit?.[1])).toBeLessThan(400);

    const stdout = token('koordinator.politi');
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/); // only a token on stdout
    const me = await fetch(`${apiUrl}/api/v1/me`, { headers: { authorization: `Bearer ${stdout.trim()}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'koordinator.politi', roles: ['COORDINATOR'] });
    expect(token('--list')).toMatch(/^revisor\s+AUDITOR\s+Nordsjællands Politi$/m);

    const admin = token('admin').trim();
    const created = await fetch(`${apiUrl}/api/v1/admin/fora`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'psp-kept', name: 'Survives a restart' }),
    });
    expect(created.status).toBe(201);

    // A new user's welcome notice runs through the worker, whose metrics count it beside the SDK's own.
    const [authority] = (await (await fetch(`${apiUrl}/api/v1/admin/authorities`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { id: string }[];
    const user = await fetch(`${apiUrl}/api/v1/admin/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ny.bruger', displayName: 'Ny Bruger', email: 'ny.bruger@psp.example', authorityId: authority!.id, roles: ['CASEWORKER'] }),
    });
    expect(user.status).toBe(201);
    expect(out).toContain(`http://127.0.0.1:${metricsPort}/metrics (worker)`);
    let metrics = '';
    for (let i = 0; i < 50 && !/psp_notifications_sent_total\{[^}]*channel="inbox"/.test(metrics); i++) {
      await new Promise((r) => setTimeout(r, 200));
      metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    }
    expect(metrics).toMatch(/psp_notifications_sent_total\{[^}]*channel="inbox"[^}]*\} 1/);
    expect(metrics).toMatch(/^temporal_\w+/m);
    // The mailer sends the outbox and says how much waits in it.
    expect(out).toContain(`http://127.0.0.1:${mailerMetricsPort}/metrics (mailer)`);
    expect(await (await fetch(`http://127.0.0.1:${mailerMetricsPort}/metrics`)).text()).toMatch(/^psp_email_outbox_waiting \d+$/m);

    await stopWithCtrlC();
  });

  it('keeps the data on a second start', async () => {
    await startAndWait();
    const admin = token('admin').trim();
    const fora = (await (await fetch(`${apiUrl}/api/v1/admin/fora`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { code: string }[];
    expect(fora.map((f) => f.code)).toContain('psp-kept');
    expect(running!.output()).toContain('Schema is up to date');
    await stopWithCtrlC();
  });

  it('exits non-zero naming DATABASE_URL when it is malformed, starting nothing', async () => {
    const bad = launch({ ...env, DATABASE_URL: 'nonsense' });
    const code = await bad.exited;
    expect(code).not.toBe(0);
    expect(bad.output()).toMatch(/^Configuration error: DATABASE_URL must be a postgres:\/\//m);
    expect(processesOf(dataDir)).toEqual([]);
  });

  it('exits non-zero naming MIGRATION_DATABASE_URL when an external DATABASE_URL comes without it, starting nothing', async () => {
    const bad = launch({ ...env, DATABASE_URL: 'postgres://psp_app:secret@127.0.0.1:1/psp' });
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toMatch(/^Configuration error: with DATABASE_URL \(the application login\) set MIGRATION_DATABASE_URL too/m);
    expect(processesOf(dataDir)).toEqual([]);
  });
});
