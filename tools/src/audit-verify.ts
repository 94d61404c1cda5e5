import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createDataSource, parseEd25519PublicKey, verifyAccessLog } from '@psp/persistence';
import { ensureDevAnchorKeys } from './dev-secrets';
import { dataDir } from './paths';
import { applicationDatabaseUrl, runTool } from './cli';

/**
 * `npm run audit:verify`: walks the access log's hash chains, checks them against the latest signed
 * anchor of their heads (outside the database) and prints OK, or the first broken row or chain and
 * why (exit code 2). Uses DATABASE_URL, AUDIT_ANCHOR_PUBLIC_KEY (or _FILE) and AUDIT_ANCHOR_DIR, or
 * the running embedded default's.
 */
async function main(): Promise<number> {
  const dir = dataDir();
  const url = applicationDatabaseUrl(dir);
  if (!url) return 1;
  const env = process.env;
  const configured = env['AUDIT_ANCHOR_PUBLIC_KEY'] ?? (env['AUDIT_ANCHOR_PUBLIC_KEY_FILE'] ? readFileSync(env['AUDIT_ANCHOR_PUBLIC_KEY_FILE'], 'utf8') : undefined);
  const dev = configured && env['AUDIT_ANCHOR_DIR'] ? undefined : ensureDevAnchorKeys(dir);
  const publicKey = parseEd25519PublicKey(configured ?? readFileSync(dev!.publicKeyFile, 'utf8'));
  const anchorDir = env['AUDIT_ANCHOR_DIR'] ?? dev!.anchorDir;
  const dataSource = await createDataSource({ url, poolSize: 1 }, 'psp-audit-verify').initialize();
  try {
    const result = await verifyAccessLog(dataSource, { publicKey, dir: anchorDir });
    const anchor = result.anchor
      ? `against anchor ${result.anchor.file} (${result.anchor.createdAt}, key ${result.anchor.keyId})`
      : `no anchor in ${anchorDir} yet: the chains are checked within the database only`;
    if (result.ok) {
      process.stdout.write(
        `OK: ${result.rows} access-log rows verified in ${result.chains} chains (${result.checkpoints} from a signed retention checkpoint), ${anchor} (${result.anchors} anchors checked)\n`,
      );
      return 0;
    }
    const where =
      result.brokenSeq !== null ? `row ${result.brokenSeq} (id ${result.brokenId}, chain ${result.chain})` : result.chain !== null ? `chain ${result.chain}` : 'the anchor store';
    process.stdout.write(`BROKEN at ${where}: ${result.reason} (${anchor})\n`);
    return 2;
  } finally {
    await dataSource.destroy();
  }
}

runTool('audit:verify', main);
