import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { pruneAccessLog } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 minute', maximumAttempts: 5 },
});

/** Run daily by a Schedule: removes access-log rows older than the retention period behind a signed checkpoint. */
export async function accessLogRetentionWorkflow(): Promise<{ pruned: number }> {
  return pruneAccessLog();
}
