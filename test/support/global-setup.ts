import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateAndSeed } from '../../tools/src/migrate';
import { provisionDatabase, startPostgres } from '../../tools/src/postgres-server';
import { freePort } from '../../tools/src/processes';
import { ensureTemporalBinary } from '../../tools/src/temporal-binaries';
import { startTemporalDevServer } from '../../tools/src/temporal-server';
import { TEMPLATE_DATABASE, type TestServices } from './services';

/**
 * Starts one real PostgreSQL and one Temporal dev server for the whole run. Each suite gets its
 * own database cloned from a migrated, seeded template, and its own task queue.
 */
export default async function globalSetup(): Promise<void> {
  const log = (l: string) => process.stderr.write(`[test setup] ${l}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'psp-test-'));
  chmodSync(dir, 0o755); // mkdtemp makes it 0700; PostgreSQL runs as another user when we are root
  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  const cli = ensureTemporalBinary('cli', log);
  const testServer = ensureTemporalBinary('test-server', log);
  const [pg, temporal] = await Promise.all([
    startPostgres({ dataDir: join(dir, 'postgres'), port: pgPort, fast: true, quiet: true }),
    startTemporalDevServer({ cliPath: cli, port: temporalPort, quiet: true }),
  ]);
  // Migrated as the owner login; every suite's database is a copy, owned by it too.
  await migrateAndSeed((await provisionDatabase(pg, TEMPLATE_DATABASE)).ownerUrl);

  const services: TestServices = {
    postgresUrl: pg.url,
    logins: pg.logins,
    temporalAddress: temporal.address,
    temporalCliPath: cli,
    temporalTestServerPath: testServer,
    tmpDir: dir,
  };
  process.env['PSP_TEST_SERVICES'] = JSON.stringify(services);
  (globalThis as { __pspStop?: () => Promise<void> }).__pspStop = async () => {
    await Promise.all([temporal.stop(), pg.stop()]);
  };
}
