import { retentionWorkflowId, WORKFLOWS, type RetentionRequest } from '@psp/workflow-contracts';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { endStepWorkflows } from './person-closed';

const { expireNominations } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '30 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2, maximumAttempts: 5 },
});

const BATCH = 100;
/** At most this many a run (a backlog is worked off over the following days); keeps the history short. */
const MAX_BATCHES = 20;

/**
 * Run daily by a Schedule (`nomination-expiry-<task queue>`): rejects, as the system, the
 * nominations nobody decided on within NOMINATION_EXPIRY_DAYS, then starts each one's retention
 * workflow (`retention-<id>`, which outlives this run), as a coordinator's rejection does. Judged
 * by this workflow's clock; the database decides which nominations are still undecided.
 */
export async function nominationExpiryWorkflow(): Promise<{ rejected: number }> {
  let rejected = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const result = await expireNominations({ asOf: new Date(Date.now()).toISOString(), limit: BATCH });
    for (const fokuspersonId of result.rejected) {
      const request: RetentionRequest = { fokuspersonId, expectedStatus: 'REJECTED', deadline: result.retentionDeadline };
      try {
        await startChild(WORKFLOWS.retention, {
          workflowId: retentionWorkflowId(fokuspersonId),
          args: [request],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (err) {
        // A retention workflow of this person is running already: it waits for the same thing.
        // (The error class lives in @temporalio/common, which workflow code does not import.)
        if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
      }
    }
    await endStepWorkflows(result.cancelledStepIds);
    rejected += result.rejected.length;
    if (result.rejected.length < BATCH) break;
  }
  return { rejected };
}
