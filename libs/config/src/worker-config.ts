import { anchorKeyText, parseAnchorKey } from './anchor-key';
import type { WorkerConfig } from './config-types';
import { stripSlash } from './environment-formats';
import { parseEnvironment } from './parse-environment';
import { common, smtpOf, temporalKeys } from './settings';

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const e = parseEnvironment(env, 'worker');
  return {
    ...common(e),
    temporalKeys: temporalKeys(e),
    publicBaseUrl: e.PUBLIC_BASE_URL ?? 'http://localhost:3000',
    webBaseUrl: stripSlash(e.WEB_BASE_URL ?? e.PUBLIC_BASE_URL ?? 'http://localhost:3000'),
    workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
    auditAnchor: { privateKey: parseAnchorKey(anchorKeyText(e, 'worker') as string, 'private'), dir: e.AUDIT_ANCHOR_DIR as string },
    retention: { afterRejectionDays: e.RETENTION_REJECTED_DAYS ?? 30, afterClosureMonths: e.RETENTION_CLOSED_MONTHS ?? 24 },
    nominationExpiryDays: e.NOMINATION_EXPIRY_DAYS ?? 90,
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS ?? 50,
    metricsAddress: e.WORKER_METRICS_ADDRESS === 'off' ? undefined : (e.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464'),
    smtp: smtpOf(e),
  };
}

/**
 * Node options the worker process is started with (npm start, docker-compose, npm run
 * start:worker, the benchmarks, the crash test): an old-space limit per isolate (main thread and
 * workflow thread), so garbage is collected before the worker's memory balloons (figures in
 * docs/performance.md). Raising WORKER_MAX_CACHED_WORKFLOWS far above 50 needs this raised too.
 */
export const WORKER_NODE_OPTIONS: readonly string[] = ['--max-old-space-size=256'];
