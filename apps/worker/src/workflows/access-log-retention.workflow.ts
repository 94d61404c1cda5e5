import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { pruneAccessLog, anchorAccessLog } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 minute', maximumAttempts: 5 },
});

/** Run daily by a Schedule: removes access-log rows older than the retention period behind a signed checkpoint, then anchors the chain heads. */
export async function accessLogRetentionWorkflow(): Promise<{ pruned: number }> {
  return pruneAccessLog();
}

/** Run hourly by a Schedule: signs every access-log chain's head and writes it outside the database. */
export async function accessLogAnchorWorkflow(): Promise<{ file: string; chains: number }> {
  return anchorAccessLog();
}
