import 'reflect-metadata';
import { createDataSource, verifyAccessLog } from '@psp/persistence';
import { ensureDevSecrets } from './dev-secrets';
import { dataDir } from './paths';
import { readRuntime } from './runtime-file';

/**
 * `npm run audit:verify`: walks the access log's hash chain and prints OK, or the first broken row
 * and why (exit code 2). Uses DATABASE_URL and AUDIT_CHECKPOINT_KEY, or the running embedded default's.
 */
async function main(): Promise<number> {
  const dir = dataDir();
  const url = process.env['DATABASE_URL'] ?? readRuntime(dir)?.databaseUrl;
  if (!url) {
    process.stderr.write('No database: set DATABASE_URL, or start the system with "npm start".\n');
    return 1;
  }
  const key = process.env['AUDIT_CHECKPOINT_KEY'] ?? ensureDevSecrets(dir).AUDIT_CHECKPOINT_KEY;
  const dataSource = await createDataSource({ url, poolSize: 1 }, 'psp-audit-verify').initialize();
  try {
    const result = await verifyAccessLog(dataSource, Buffer.from(key, 'base64'));
    if (result.ok) {
      process.stdout.write(`OK: ${result.rows} access-log rows verified in ${result.chains} chains (${result.checkpoints} from a signed retention checkpoint)\n`);
      return 0;
    }
    const where = result.brokenSeq === null ? `chain ${result.chain}` : `row ${result.brokenSeq} (id ${result.brokenId}, chain ${result.chain})`;
    process.stdout.write(`BROKEN at ${where}: ${result.reason}\n`);
    return 2;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
