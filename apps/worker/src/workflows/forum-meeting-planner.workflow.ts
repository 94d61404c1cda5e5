import { meetingWorkflowId } from '@psp/workflow-contracts';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { meetingWorkflow } from './meeting.workflow';

const { planForumMeetings } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * Run by the forum's Schedule (id `meetings-<forumId>`, daily): creates the meetings the cadence
 * brings within reach (moved off holidays; a Schedule spec cannot say "every third Tuesday, but
 * not on a holiday") and makes sure each has its meeting workflow, which outlives the planner.
 */
export async function forumMeetingPlannerWorkflow(input: { forumId: string }): Promise<number> {
  const meetings = await planForumMeetings(input);
  let started = 0;
  for (const m of meetings) {
    try {
      await startChild(meetingWorkflow, {
        workflowId: meetingWorkflowId(m.meetingId),
        args: [{ meetingId: m.meetingId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      started++;
    } catch (err) {
      // Its workflow is already running (an earlier run of the planner started it).
      if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
    }
  }
  return started;
}
