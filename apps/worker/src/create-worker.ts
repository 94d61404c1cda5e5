import { resolve as resolvePath } from 'node:path';
import type { TemporalKeysConfig } from '@psp/config';
import { temporalDataConverter } from '@psp/persistence';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from './activities';
import type { RetentionSettings } from './activities/retention.activities';
import type { NotifySettings } from './activities/mail';

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  retention: RetentionSettings;
  notify: NotifySettings;
  /** The payload keys: every payload to and from Temporal is encrypted. */
  temporalKeys: TemporalKeysConfig;
  /** Workflows kept in memory (the SDK's default grows with the heap limit: ~2,000 here). */
  maxCachedWorkflows?: number;
  /** A prebuilt bundle (production); without it the workflows are bundled from source at start. */
  workflowBundlePath?: string | undefined;
}

export const WORKFLOWS_PATH = require.resolve('./workflows');
/** libs/domain, from src (.ts) or dist (.js): dist/ mirrors the source layout. */
const DOMAIN_PATH = resolvePath(__dirname, '../../../libs/domain/src');
const CONTRACTS_PATH = resolvePath(__dirname, '../../../libs/workflow-contracts/src');

type WebpackConfig = Parameters<NonNullable<NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']>>[0];

/**
 * How the workflow code is bundled, from source at start (tests, development) or prebuilt for
 * production by bundle-workflows.ts: the same options either way.
 * - The `@psp/*` alias and TypeScript sources resolve.
 * - libs/domain is preloaded: its module scope runs once per worker thread and its (frozen)
 *   exports are shared by every workflow, instead of running again for each workflow the worker
 *   creates or replays (the holiday table, the Copenhagen date formatter). It is pure code with no
 *   per-workflow state, which is what the SDK asks of a preloaded module.
 */
export const WORKFLOW_BUNDLER_OPTIONS = {
  preloadModules: [DOMAIN_PATH],
  webpackConfigHook(config: WebpackConfig): WebpackConfig {
    const resolve = config.resolve ?? {};
    resolve.alias = { ...(resolve.alias as Record<string, string>), '@psp/domain': DOMAIN_PATH, '@psp/workflow-contracts': CONTRACTS_PATH };
    resolve.extensions = ['.ts', '.js', ...(resolve.extensions ?? [])];
    config.resolve = resolve;
    return config;
  },
};

export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  const common = {
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    // The codec runs here, in the worker's main thread, outside the workflow sandbox.
    dataConverter: temporalDataConverter(setup.temporalKeys),
    activities: createActivities({
      dataSource: setup.dataSource,
      retention: setup.retention,
      notify: setup.notify,
    }),
    ...(setup.maxCachedWorkflows ? { maxCachedWorkflows: setup.maxCachedWorkflows } : {}),
  };
  if (setup.workflowBundlePath) {
    return Worker.create({ ...common, workflowBundle: { codePath: setup.workflowBundlePath } });
  }
  return Worker.create({
    ...common,
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
  });
}
