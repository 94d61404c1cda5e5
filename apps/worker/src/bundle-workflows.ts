import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from './create-worker';

/**
 * Prebuilds the worker's workflow bundle from the compiled workflows (`npm run build`; production
 * uses it through WORKFLOW_BUNDLE_PATH, so a worker starts without running webpack), with the
 * bundler options the worker uses when it bundles from source.
 */
const WORKFLOW_BUNDLE = resolve(__dirname, '../../../workflow-bundle.js');

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    ...WORKFLOW_BUNDLER_OPTIONS,
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  mkdirSync(dirname(WORKFLOW_BUNDLE), { recursive: true });
  writeFileSync(WORKFLOW_BUNDLE, code);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`workflow bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
