import { randomBytes } from 'node:crypto';
import { createDataSource } from '@psp/persistence';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { provisionDatabase, type LoginPasswords } from '../../tools/src/postgres-server';

export const TEMPLATE_DATABASE = 'psp_template';

export interface TestServices {
  /** The superuser's: provisioning, and test set-up and assertions. */
  postgresUrl: string;
  /** The passwords of the owner login (psp_owner) and the application login (psp_app). */
  logins: LoginPasswords;
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
  /** The application login's URL (psp_app): DATABASE_URL of an api or worker under test. */
  url: string;
  /** The owner login's URL (psp_owner), which runs the migrations. */
  ownerUrl: string;
  /** Connected as the superuser: for test setup and assertions (and for playing the attacker). */
  dataSource: DataSource;
  /** Connected as the application login, as the api and worker are. */
  appDataSource: DataSource;
  drop(): Promise<void>;
}

/** A database of the suite's own, cloned from the migrated and seeded template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { postgresUrl, logins } = testServices();
  const name = uniqueName('psp_test');
  const { appUrl, ownerUrl } = await provisionDatabase({ url: postgresUrl, logins }, name, { template: TEMPLATE_DATABASE, loginsExist: true });
  const superuserUrl = new URL(postgresUrl);
  superuserUrl.pathname = `/${name}`;
  const dataSource = await createDataSource({ url: superuserUrl.toString(), poolSize: 5 }, 'psp-test').initialize();
  const appDataSource = await createDataSource({ url: appUrl, poolSize: 5 }, 'psp-test-app').initialize();
  return {
    url: appUrl,
    ownerUrl,
    dataSource,
    appDataSource,
    async drop() {
      await Promise.all([dataSource.destroy(), appDataSource.destroy()]);
      await dropDatabase(postgresUrl, name);
    },
  };
}

/** As the superuser. */
async function dropDatabase(postgresUrl: string, name: string): Promise<void> {
  const c = new Client({ connectionString: postgresUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
