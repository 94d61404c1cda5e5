import type { RetentionRequest } from '@psp/workflow-contracts';
import { isCancellation, patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { RETENTION_ENDS_STEPS_PATCH } from './patches';
import { endStepWorkflows } from './person-closed';

const { anonymiseFokusperson, anonymiseFokuspersonAndSteps } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
});

/**
 * One per rejected or closed fokusperson (id `retention-<fokuspersonId>`): waits out the retention
 * period, then anonymises the person if they are still in the status that started the wait, with
 * any step still open (cancelled in the same transaction; their workflows are told to end).
 * Reopening cancels it; the activity re-checks the status anyway, so a missed cancel is harmless.
 */
export async function fokuspersonRetentionWorkflow(request: RetentionRequest): Promise<'ANONYMISED' | 'SKIPPED' | 'CANCELLED'> {
  try {
    const wait = Date.parse(request.deadline) - Date.now();
    if (wait > 0) await sleep(wait);
  } catch (err) {
    if (isCancellation(err)) return 'CANCELLED';
    throw err;
  }
  const input = { fokuspersonId: request.fokuspersonId, expectedStatus: request.expectedStatus };
  if (!patched(RETENTION_ENDS_STEPS_PATCH)) return anonymiseFokusperson(input);
  const { outcome, cancelledStepIds } = await anonymiseFokuspersonAndSteps(input);
  await endStepWorkflows(cancelledStepIds);
  return outcome;
}
