import 'reflect-metadata';
import { createDataSource, migrate, seedReferenceData } from '@psp/persistence';

/** Applies pending migrations and seeds reference data into an empty database. */
export async function migrateAndSeed(databaseUrl: string, log: (line: string) => void = () => undefined): Promise<void> {
  const dataSource = await createDataSource({ url: databaseUrl, poolSize: 2 }, 'psp-migrate').initialize();
  try {
    const ran = await migrate(dataSource);
    log(ran.length ? `Applied migrations: ${ran.join(', ')}` : 'Schema is up to date');
    if (await seedReferenceData(dataSource)) log('Seeded reference data (authorities, fora, demo users)');
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const url = process.env['DATABASE_URL'];
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write('Configuration error: DATABASE_URL is required (a postgres:// connection URL)\n');
    process.exit(78);
  }
  migrateAndSeed(url, (l) => process.stdout.write(`${l}\n`)).catch((err: unknown) => {
    process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
