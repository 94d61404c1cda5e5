import 'reflect-metadata';
import type { DatabaseConfig } from '@psp/config';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The role the api and worker act as: it may not change or delete the access log. */
export const APPLICATION_ROLE = 'psp_app';

/**
 * `asRole` sets the session role at connection start (libpq `options`), so every pooled
 * connection of the api and worker runs with the application role's privileges; migrations run
 * as the connecting (owner) user.
 */
export function createDataSource(db: DatabaseConfig, applicationName = 'psp-koordinering', asRole?: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: db.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    applicationName,
    extra: { max: db.poolSize, connectionTimeoutMillis: 1500, ...(asRole ? { options: `-c role=${asRole}` } : {}) },
  });
}

/** Applies pending migrations in one transaction each; returns the names that ran. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}
