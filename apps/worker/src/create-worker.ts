import { resolve as resolvePath } from 'node:path';
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
  /** Workflows kept in memory (the SDK's default grows with the heap limit: ~2,000 here). */
  maxCachedWorkflows?: number;
  /** A prebuilt bundle (production); without it the workflows are bundled from source at start. */
  workflowBundlePath?: string | undefined;
}

export const WORKFLOWS_PATH = require.resolve('./workflows');

/**
 * Resolves the `@psp/*` path aliases and TypeScript sources when the SDK bundles workflows from
 * source (tests and development); the production bundle is prebuilt by tools/bundle-workflows.
 */
type WebpackConfig = Parameters<NonNullable<NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']>>[0];

export function workflowWebpackHook(config: WebpackConfig): WebpackConfig {
  const resolve = config.resolve ?? {};
  resolve.alias = {
    ...(resolve.alias as Record<string, string>),
    // dist/ mirrors the source layout, so this holds for both src (.ts) and dist (.js).
    '@psp/domain': resolvePath(__dirname, '../../../libs/domain/src'),
  };
  resolve.extensions = ['.ts', '.js', ...(resolve.extensions ?? [])];
  config.resolve = resolve;
  return config;
}

export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  const common = {
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: createActivities({ dataSource: setup.dataSource, retention: setup.retention, notify: setup.notify }),
    ...(setup.maxCachedWorkflows ? { maxCachedWorkflows: setup.maxCachedWorkflows } : {}),
  };
  if (setup.workflowBundlePath) {
    return Worker.create({ ...common, workflowBundle: { codePath: setup.workflowBundlePath } });
  }
  return Worker.create({
    ...common,
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: { webpackConfigHook: workflowWebpackHook },
  });
}
