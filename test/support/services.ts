import { randomBytes } from 'node:crypto';
import { APPLICATION_ROLE, createDataSource } from '@psp/persistence';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export const TEMPLATE_DATABASE = 'psp_template';

export interface TestServices {
  postgresUrl: string;
  temporalAddress: string;
  temporalCliPath: string;
  temporalTestServerPath: string;
  tmpDir: string;
}

export function testServices(): TestServices {
  const raw = process.env['PSP_TEST_SERVICES'];
  if (!raw) throw new Error('Integration tests need the global setup (run them through jest, project "integration")');
  return JSON.parse(raw) as TestServices;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface TestDatabase {
  url: string;
  /** Connected as the owner: for test setup and assertions (and for playing the attacker). */
  dataSource: DataSource;
  /** Connected as the application role, as the api and worker are. */
  appDataSource: DataSource;
  drop(): Promise<void>;
}

/** A database of the suite's own, cloned from the migrated and seeded template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { postgresUrl } = testServices();
  const name = uniqueName('psp_test');
  const admin = new Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const dataSource = await createDataSource({ url: url.toString(), poolSize: 5 }, 'psp-test').initialize();
  const appDataSource = await createDataSource({ url: url.toString(), poolSize: 5 }, 'psp-test-app', APPLICATION_ROLE).initialize();
  return {
    url: url.toString(),
    dataSource,
    appDataSource,
    async drop() {
      await Promise.all([dataSource.destroy(), appDataSource.destroy()]);
      const c = new Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
