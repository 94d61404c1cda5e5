import { ensureTemporalBinary } from './temporal-binaries';

/** `npm run tools:install`: finds or installs the Temporal CLI and test server, and says where they are. */
try {
  const log = (l: string) => process.stdout.write(`${l}\n`);
  log(`Temporal CLI:         ${ensureTemporalBinary('cli', log)}`);
  log(`Temporal test server: ${ensureTemporalBinary('test-server', log)}`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
