import { ensureKeycloak, prepareKeycloak } from './keycloak';
import { ensureTemporalBinary } from './temporal-binaries';

/**
 * `npm run tools:install`: finds or installs the Temporal CLI and test server and Keycloak (the
 * OpenID provider of the sign-in tests), and says where they are.
 */
async function main(): Promise<void> {
  const log = (l: string) => process.stdout.write(`${l}\n`);
  log(`Temporal CLI:         ${ensureTemporalBinary('cli', log)}`);
  log(`Temporal test server: ${ensureTemporalBinary('test-server', log)}`);
  const keycloak = ensureKeycloak(log);
  await prepareKeycloak(keycloak, log);
  log(`Keycloak:             ${keycloak}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
