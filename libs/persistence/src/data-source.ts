import type { DatabaseConfig } from '@psp/config';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { PreparingClient } from './prepared-statements';

/** The login of the api and worker (DATABASE_URL): it may not change or delete the access log. */
export const APPLICATION_ROLE = 'psp_app';
/** The login that owns the schema and runs the migrations (MIGRATION_DATABASE_URL), nothing else. */
export const OWNER_ROLE = 'psp_owner';

/**
 * How long a query waits for a free connection of the pool, or for a new one to connect: long
 * enough that a burst queues rather than fails (measured: bench:burst); a database that refuses
 * connections fails at once, one that does not answer after this long.
 */
const DEFAULT_ACQUIRE_TIMEOUT_MS = 10_000;

export function createDataSource(db: DatabaseConfig, applicationName = 'psp-koordinering'): DataSource {
  return new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    applicationName,
    // Every connection prepares the statements it runs (prepared-statements.ts).
    extra: { max: db.poolSize, connectionTimeoutMillis: db.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS, Client: PreparingClient },
  });
}

/** Applies pending migrations in one transaction each; returns the names that ran. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}

/**
 * Start-up check of the api, worker and mailer: their login is not a superuser, may not create
 * roles or databases, owns nothing and cannot become (or act as) the owner of the access log.
 * Throws naming what is wrong, so a process given the owner's URL refuses to start.
 */
export async function assertApplicationLogin(dataSource: DataSource, variable = 'DATABASE_URL'): Promise<void> {
  const [login]: { name: string; superuser: boolean; createrole: boolean; createdb: boolean; bypassrls: boolean; owns: number; owner: string | null; becomes_owner: boolean }[] =
    await dataSource.query(
      `SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolcreaterole AS createrole, r.rolcreatedb AS createdb, r.rolbypassrls AS bypassrls,
              (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
                + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) + (SELECT count(*) FROM pg_database WHERE datdba = r.oid) AS owns,
              pg_get_userbyid(t.relowner) AS owner, coalesce(pg_has_role(r.oid, t.relowner, 'MEMBER'), false) AS becomes_owner
         FROM pg_roles r LEFT JOIN pg_class t ON t.oid = to_regclass('public.access_log')
        WHERE r.rolname = current_user`,
    );
  if (!login) throw new Error(`${variable}: the database does not know its own login`);
  const problems = [
    login.superuser && 'is a superuser',
    login.createrole && 'may create roles',
    login.createdb && 'may create databases',
    login.bypassrls && 'bypasses row security',
    Number(login.owns) > 0 && `owns ${login.owns} database objects`,
    login.becomes_owner && `can become the schema's owner ${login.owner}`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(`${variable} logs in as "${login.name}", which ${problems.join(', ')}: give the api, worker and mailer the application login (${APPLICATION_ROLE}) and keep the owner's for migrations (MIGRATION_DATABASE_URL); see docs/security.md`);
  }
}

/** Throws unless the database answers a trivial statement (readiness). */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
