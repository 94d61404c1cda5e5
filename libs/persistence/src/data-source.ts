import 'reflect-metadata';
import type { DatabaseConfig } from '@psp/config';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function createDataSource(db: DatabaseConfig, applicationName = 'psp-koordinering'): DataSource {
  return new DataSource({
    type: 'postgres',
    url: db.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    applicationName,
    extra: { max: db.poolSize, connectionTimeoutMillis: 5000 },
  });
}

/** Applies pending migrations in one transaction each; returns the names that ran. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}
