import 'reflect-metadata';
import { createDataSource, migrate, seedReferenceData } from '@psp/persistence';

/**
 * Applies pending migrations and seeds reference data, as the owner login (never a superuser: the
 * schema's objects belong to whoever creates them). `retentionMonths` sets how long the access
 * log is kept (the database refuses fewer than 13 months).
 */
export async function migrateAndSeed(ownerUrl: string, log: (line: string) => void = () => undefined, retentionMonths?: number): Promise<void> {
  const dataSource = await createDataSource({ url: ownerUrl, poolSize: 2 }, 'psp-migrate').initialize();
  try {
    const [login]: { name: string; superuser: boolean }[] = await dataSource.query(`SELECT rolname AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`);
    if (login?.superuser) {
      throw new Error(`MIGRATION_DATABASE_URL logs in as the superuser "${login.name}": migrate as the database's owner login (psp_owner), which owns the schema and nothing else`);
    }
    const ran = await migrate(dataSource);
    log(ran.length ? `Applied migrations: ${ran.join(', ')}` : 'Schema is up to date');
    if (await seedReferenceData(dataSource)) log('Seeded reference data (authorities, fora, demo users)');
    if (retentionMonths !== undefined) {
      await dataSource.query(`UPDATE access_log_retention SET months = $1, updated_at = now() WHERE months <> $1`, [retentionMonths]);
      log(`The access log is kept ${retentionMonths} months`);
    }
  } finally {
    await dataSource.destroy();
  }
}

/** ACCESS_LOG_RETENTION_MONTHS: unset, or a whole number of at least 13. */
export function retentionMonthsFrom(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env['ACCESS_LOG_RETENTION_MONTHS'];
  if (raw === undefined || raw === '') return undefined;
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 13 || months > 1200) {
    throw new Error(`ACCESS_LOG_RETENTION_MONTHS must be a whole number of months from 13 to 1200 (the log is kept at least 13 months), not "${raw}"`);
  }
  return months;
}

if (require.main === module) {
  const url = process.env['MIGRATION_DATABASE_URL'];
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('Configuration error: MIGRATION_DATABASE_URL is required (a postgres:// URL of the owner login, psp_owner; the api and worker use DATABASE_URL)\n');
    process.exit(78);
  }
  let months: number | undefined;
  try {
    months = retentionMonthsFrom(process.env);
  } catch (err) {
    process.stderr.write(`Configuration error: ${(err as Error).message}\n`);
    process.exit(78);
  }
  migrateAndSeed(url, (l) => process.stdout.write(`${l}\n`), months).catch((err: unknown) => {
    process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
