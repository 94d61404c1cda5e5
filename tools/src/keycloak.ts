import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DIST_DIR, isKeycloakHome, requireJava, tail, toolsDir } from './keycloak-install';
import { repoRoot } from './paths';
import { freePort, startProcess, waitFor, type ManagedProcess } from './processes';

export { ensureKeycloak, findKeycloak, KEYCLOAK_VERSION } from './keycloak-install';

/**
 * Keycloak, a real OpenID provider, for tests and demos of production-like sign-in. It runs as a
 * plain process (no Docker): Maven Central's keycloak-quarkus-dist zip on the installed Java 17,
 * unpacked once into .tools/keycloak (keycloak-install.ts), started in development mode with
 * tools/keycloak/psp-realm.json.
 */

/** What tools/keycloak/psp-realm.json sets up (development and test values only). */
export const KEYCLOAK_CLIENT_ID = 'psp-koordinering-web';
export const KEYCLOAK_DEV_CLIENT_SECRET = 'psp-dev-keycloak-secret';
export const KEYCLOAK_DEMO_PASSWORD = 'psp-demo';
export const KEYCLOAK_API_AUDIENCE = 'psp-koordinering-api';

/** The realm export the tests and demos import. */
export function keycloakRealmFile(): string {
  return join(repoRoot(), 'tools', 'keycloak', 'psp-realm.json');
}

export interface KeycloakOptions {
  /** The Keycloak installation (ensureKeycloak()). It is only read, except for Keycloak's own build cache in lib/quarkus. */
  home: string;
  port: number;
  /** A realm export, imported at start (e.g. keycloakRealmFile()). */
  realmFile: string;
  /**
   * Where this server keeps its database and log. Default: a fresh temporary directory, removed by
   * stop(), so that no two starts share state. A given directory is kept, and with it the users'
   * sessions and changes (the realm file is imported only when the realm does not exist yet).
   */
  dataDir?: string;
  /** One line when starting and when ready; Keycloak's own output goes to <dataDir>/keycloak.log. */
  log?: (line: string) => void;
  /** The host name in the issuer and in every URL Keycloak sends to browsers. Default 127.0.0.1. */
  hostname?: string;
  /** How long to wait for the realm's discovery document. Default 180 s. */
  timeoutMs?: number;
}

export interface KeycloakServer {
  /** http://<hostname>:<port>/realms/<realm>: the same for browsers and for the api (fixed with --hostname). */
  issuer: string;
  port: number;
  dataDir: string;
  logFile: string;
  process: ManagedProcess;
  /** SIGTERM (Keycloak shuts down in a few seconds), SIGKILL to its process group after 20 s. */
  stop(): Promise<void>;
}

/** Links the installation into a per-server home whose `data` (database, import folder) is its own. */
function prepareServerHome(home: string, dir: string, realmFile: string): void {
  mkdirSync(dir, { recursive: true });
  for (const shared of ['lib', 'providers', 'themes', 'conf']) {
    const link = join(dir, shared);
    rmSync(link, { recursive: true, force: true });
    symlinkSync(join(home, shared), link);
  }
  const importDir = join(dir, 'data', 'import');
  rmSync(importDir, { recursive: true, force: true });
  mkdirSync(importDir, { recursive: true });
  copyFileSync(realmFile, join(importDir, basename(realmFile)));
}

/**
 * Starts `kc.sh start-dev --import-realm` on 127.0.0.1:<port> and waits until the realm's
 * discovery document answers. Keycloak's home is pointed (kc.home.dir) at a per-server folder that
 * links the installation's lib, conf, providers and themes and has its own data: its own H2
 * database and import folder, so parallel or later starts share nothing but the build cache.
 */
export async function startKeycloak(options: KeycloakOptions): Promise<KeycloakServer> {
  const log = options.log ?? (() => undefined);
  const home = resolve(options.home);
  if (!isKeycloakHome(home)) throw new Error(`${home} is not a Keycloak installation (no bin/kc.sh and lib/quarkus-run.jar)`);
  requireJava();
  const realm = (JSON.parse(readFileSync(options.realmFile, 'utf8')) as { realm?: string }).realm;
  if (!realm) throw new Error(`${options.realmFile} is not a realm export (no "realm" name)`);
  const temporary = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? mkdtempSync(join(tmpdir(), 'psp-keycloak-')));
  prepareServerHome(home, dataDir, options.realmFile);

  const hostname = options.hostname ?? '127.0.0.1';
  const origin = `http://${hostname}:${options.port}`;
  const issuer = `${origin}/realms/${realm}`;
  const logFile = join(dataDir, 'keycloak.log');
  const out = openSync(logFile, 'a');
  const args = [
    'start-dev',
    `--http-port=${options.port}`,
    '--http-host=127.0.0.1',
    // Fixes the issuer and the URLs in pages and redirects, whichever host name a request used.
    `--hostname=${origin}`,
    '--import-realm',
    `-Dkc.home.dir=${dataDir}`,
  ];
  const started = Date.now();
  log(`Keycloak ${basename(home)} starting on port ${options.port} (log: ${logFile})`);
  let proc: ManagedProcess;
  try {
    proc = startProcess('keycloak', join(home, 'bin', 'kc.sh'), args, {
      cwd: dataDir,
      stdio: ['ignore', out, out],
      quiet: true,
      env: {
        ...process.env,
        // Modest heap (kc.sh's default maximum is 512 MiB): the machine also runs PostgreSQL, Temporal, api, worker and a browser.
        JAVA_OPTS_KC_HEAP: process.env['JAVA_OPTS_KC_HEAP'] ?? '-Xms64m -Xmx384m',
      },
    });
  } finally {
    closeSync(out);
  }

  const stop = async () => {
    const { child, exited } = proc;
    if (child.exitCode === null && child.signalCode === null) {
      // kc.sh passes SIGTERM on to the JVM; a SIGKILL must reach the JVM too, so it goes to the process group.
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, 20_000);
      await exited;
      clearTimeout(timer);
    }
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      'Keycloak',
      async () => {
        const res = await fetch(`http://127.0.0.1:${options.port}/realms/${realm}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
        if (res.status !== 200) throw new Error(`discovery document: HTTP ${res.status}`);
        const doc = (await res.json()) as { issuer?: string };
        if (doc.issuer !== issuer) throw new Error(`discovery document names issuer ${doc.issuer}, expected ${issuer}`);
      },
      options.timeoutMs ?? 180_000,
      proc.exited,
    );
  } catch (err) {
    const output = existsSync(logFile) ? tail(readFileSync(logFile, 'utf8'), 25) : '(no log)';
    await stop().catch(() => undefined);
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- last lines of ${logFile} ---\n${output}`);
  }
  log(`Keycloak ready after ${((Date.now() - started) / 1000).toFixed(1)} s: ${issuer}`);
  return { issuer, port: options.port, dataDir, logFile, process: proc, stop };
}

/**
 * Keycloak's first start in development mode rebuilds its server (Quarkus augmentation, about 20 s
 * here) into lib/quarkus, which later starts reuse. Doing that once at install time keeps it out of
 * the tests, and out of two tests' first starts at the same time. Only for the copy in .tools (a
 * KEYCLOAK_HOME is left as it is); a marker file says it is done.
 */
export async function prepareKeycloak(home: string, log: (line: string) => void = () => undefined): Promise<void> {
  if (resolve(home) !== join(toolsDir(), DIST_DIR)) return;
  const marker = join(home, '.psp-dev-build');
  if (existsSync(marker)) return;
  log('Preparing Keycloak (its first start builds the development server and imports the realm once, under a minute) ...');
  const server = await startKeycloak({ home, port: await freePort(), realmFile: keycloakRealmFile() });
  await server.stop();
  writeFileSync(marker, `start-dev build prepared by npm run tools:install on ${new Date().toISOString()}\n`);
}

