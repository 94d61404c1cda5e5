import 'reflect-metadata';
import { createDataSource, FieldCipher, parseKeyList, rotateKeys } from '@psp/persistence';
import { ensureDevSecrets } from './dev-secrets';
import { dataDir } from './paths';
import { applicationDatabaseUrl, runTool } from './cli';

/**
 * `npm run keys:rotate`: re-encrypts every ciphertext under the active data key
 * (DATA_ENCRYPTION_ACTIVE_KEY, else the last in DATA_ENCRYPTION_KEYS), in small batches, while the
 * system serves. Resumable: stop it at any moment and run it again. Keep the old keys in
 * DATA_ENCRYPTION_KEYS until it reports nothing left, then drop them. Uses DATABASE_URL and the
 * api's key variables, or the running embedded default's. `--batch-size N` (default 100).
 * Exit 0: everything is under the active key; 2: rows were left (unreadable, or held by requests on every pass).
 */
async function main(): Promise<number> {
  const dir = dataDir();
  const url = applicationDatabaseUrl(dir);
  if (!url) return 1;
  const dev = process.env['DATA_ENCRYPTION_KEYS'] ? undefined : ensureDevSecrets(dir);
  const keys = parseKeyList(process.env['DATA_ENCRYPTION_KEYS'] ?? dev!.DATA_ENCRYPTION_KEYS);
  const activeKeyId = process.env['DATA_ENCRYPTION_ACTIVE_KEY'] || [...keys.keys()].at(-1)!;
  const blindIndexKey = Buffer.from(process.env['CPR_INDEX_KEY'] ?? dev?.CPR_INDEX_KEY ?? '', 'base64');
  let cipher: FieldCipher;
  try {
    cipher = new FieldCipher({ keys, activeKeyId, blindIndexKey });
  } catch (err) {
    process.stderr.write(`Configuration error: ${err instanceof Error ? err.message : String(err)} (DATA_ENCRYPTION_KEYS, DATA_ENCRYPTION_ACTIVE_KEY, CPR_INDEX_KEY)\n`);
    return 78;
  }
  const flag = process.argv.indexOf('--batch-size');
  const batchSize = flag > 0 ? Number(process.argv[flag + 1]) : 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stderr.write('--batch-size must be a whole number from 1 to 10000\n');
    return 64;
  }
  // As the application's login: it may append to the access log, not change it.
  const dataSource = await createDataSource({ url, poolSize: 2 }, 'psp-keys-rotate').initialize();
  try {
    process.stdout.write(`Re-encrypting under key ${activeKeyId} (keys configured: ${cipher.keyIds.join(', ')}), ${batchSize} rows a batch\n`);
    const report = await rotateKeys(dataSource, cipher, { batchSize, log: (line) => process.stdout.write(`  ${line}\n`) });
    let left = 0;
    for (const t of report) {
      process.stdout.write(
        `${t.table}: ${t.rotated} re-encrypted in ${t.batches} batches` +
          (t.repaired ? `, ${t.repaired} mislabelled ciphertexts repaired` : '') +
          (t.unreadable.length ? `, ${t.unreadable.length} unreadable with every configured key (${t.unreadable.slice(0, 10).join(', ')}${t.unreadable.length > 10 ? ', …' : ''})` : '') +
          (t.stillLocked ? `, ${t.stillLocked} held by requests: run again` : '') +
          '\n',
      );
      left += t.unreadable.length + t.stillLocked;
    }
    process.stdout.write(left === 0 ? `Done: every ciphertext is under key ${activeKeyId}; older keys can be dropped from DATA_ENCRYPTION_KEYS.\n` : `Not done: ${left} rows are still under an older key. Keep the old keys.\n`);
    return left === 0 ? 0 : 2;
  } finally {
    await dataSource.destroy();
  }
}

runTool('keys:rotate', main);
