import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, join, resolve } from 'node:path';
import { repoRoot } from './paths';

/**
 * Installing Keycloak (keycloak.ts runs it): Maven Central's keycloak-quarkus-dist zip, fetched
 * with Maven and unpacked once into .tools/keycloak; or the installation KEYCLOAK_HOME names.
 */
export const KEYCLOAK_VERSION = '26.7.3';

const ARTIFACT = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`;
const ZIP_NAME = `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`;
/** The folder the zip unpacks to. */
export const DIST_DIR = `keycloak-${KEYCLOAK_VERSION}`;
const INSTALL_HINT =
  `set KEYCLOAK_HOME to an unpacked Keycloak ${KEYCLOAK_VERSION}, or install Java 17 and Maven (apt-get install -y openjdk-17-jdk-headless maven) ` +
  `so that "npm run tools:install" can fetch ${ARTIFACT} from Maven Central`;

function onPath(name: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

export function isKeycloakHome(dir: string): boolean {
  return existsSync(join(dir, 'bin', 'kc.sh')) && existsSync(join(dir, 'lib', 'quarkus-run.jar'));
}

export function toolsDir(): string {
  return join(repoRoot(), '.tools', 'keycloak');
}

/** KEYCLOAK_HOME, or the copy in .tools/keycloak; undefined when neither is there. */
export function findKeycloak(): string | undefined {
  const explicit = process.env['KEYCLOAK_HOME'];
  if (explicit) {
    if (!isKeycloakHome(explicit)) throw new Error(`KEYCLOAK_HOME=${explicit} is not a Keycloak installation (no bin/kc.sh and lib/quarkus-run.jar)`);
    return resolve(explicit);
  }
  const local = join(toolsDir(), DIST_DIR);
  return isKeycloakHome(local) ? local : undefined;
}

/** Keycloak runs on the JVM: Java 17 or newer (JAVA_HOME's, else the one on PATH). */
export function requireJava(): void {
  const java = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : onPath('java');
  if (!java || !existsSync(java)) throw new Error(`Keycloak needs Java 17 or newer, and none was found: install it (apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME`);
}

export function tail(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Fetches the dist zip with Maven (Maven Central, through the machine's Maven settings) into `dir`. */
function fetchZip(dir: string, log: (line: string) => void): string {
  const cached = join(homedir(), '.m2', 'repository', 'org', 'keycloak', 'keycloak-quarkus-dist', KEYCLOAK_VERSION, ZIP_NAME);
  if (existsSync(cached)) return cached;
  const mvn = onPath('mvn');
  if (!mvn) throw new Error(`Keycloak ${KEYCLOAK_VERSION} is not installed and Maven (mvn) is not on PATH: ${INSTALL_HINT}.`);
  log(`Downloading Keycloak ${KEYCLOAK_VERSION} (${ARTIFACT}, about 170 MiB) with Maven ...`);
  try {
    execFileSync(mvn, ['-B', '-q', '-Dstyle.color=never', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${dir}`], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    const output = tail(`${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`, 3).replace(/\n/g, ' | ');
    throw new Error(`Could not fetch ${ARTIFACT} with Maven (${output || String(err)}): ${INSTALL_HINT}.`);
  }
  const zip = join(dir, ZIP_NAME);
  if (!existsSync(zip)) throw new Error(`Maven reported success but ${zip} is missing: ${INSTALL_HINT}.`);
  return zip;
}

/** Python's zipfile keeps no file modes by itself: this applies the ones stored in the zip. */
const PY_UNZIP = [
  'import os, sys, zipfile',
  'with zipfile.ZipFile(sys.argv[1]) as z:',
  '    for i in z.infolist():',
  '        p = z.extract(i, sys.argv[2])',
  '        m = (i.external_attr >> 16) & 0o777',
  '        if m and not i.is_dir(): os.chmod(p, m)',
].join('\n');

/** Unpacks with whatever the machine has: unzip, Python 3, or the JDK's jar (which loses modes; fixed after). */
function unpack(zip: string, into: string): void {
  const attempts: [string, string[]][] = [];
  if (onPath('unzip')) attempts.push(['unzip', ['-q', '-o', zip, '-d', into]]);
  const python = ['python3', 'python'].find((p) => onPath(p));
  if (python) attempts.push([python, ['-c', PY_UNZIP, zip, into]]);
  if (onPath('jar')) attempts.push(['jar', ['xf', zip]]);
  if (attempts.length === 0) throw new Error(`Cannot unpack ${zip}: none of unzip, python3 or jar is installed (apt-get install -y unzip), or ${INSTALL_HINT}.`);
  const failures: string[] = [];
  for (const [command, args] of attempts) {
    try {
      execFileSync(command, args, { cwd: into, stdio: ['ignore', 'ignore', 'pipe'] });
      return;
    } catch (err) {
      failures.push(`${command}: ${tail((err as { stderr?: Buffer }).stderr?.toString() ?? String(err), 1)}`);
    }
  }
  throw new Error(`Cannot unpack ${zip} (${failures.join('; ')}): ${INSTALL_HINT}.`);
}

/**
 * Finds Keycloak (KEYCLOAK_HOME, then .tools/keycloak/keycloak-<version>) or installs it there
 * from Maven Central; returns its home directory. Throws one line naming what to install.
 */
export function ensureKeycloak(log: (line: string) => void = () => undefined): string {
  const found = findKeycloak();
  if (found) return found;
  requireJava();
  const target = join(toolsDir(), DIST_DIR);
  mkdirSync(toolsDir(), { recursive: true });
  // Unpacked next to the target and renamed at the end: a half-unpacked copy is never taken for an installation.
  const work = mkdtempSync(join(toolsDir(), '.install-'));
  try {
    const zip = fetchZip(work, log);
    log(`Unpacking ${basename(zip)} into ${toolsDir()} ...`);
    unpack(zip, work);
    const unpacked = join(work, DIST_DIR);
    if (!isKeycloakHome(unpacked)) throw new Error(`${basename(zip)} did not unpack to ${DIST_DIR}/bin/kc.sh: ${INSTALL_HINT}.`);
    for (const dir of [join(unpacked, 'bin'), join(unpacked, 'bin', 'client')]) {
      for (const f of readdirSync(dir)) if (f.endsWith('.sh')) chmodSync(join(dir, f), 0o755);
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(unpacked, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}
