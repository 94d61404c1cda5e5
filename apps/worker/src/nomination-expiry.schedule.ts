import { WORKFLOWS } from '@psp/workflow-contracts';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/** One Schedule per deployment (task queue) in the namespace. */
export function nominationExpiryScheduleId(taskQueue: string): string {
  return `nomination-expiry-${taskQueue}`;
}

/**
 * Creates the daily sweep of undecided nominations (03:45 Copenhagen time) unless it exists. A
 * daily sweep rather than a timer per nomination: the database decides which nominations are
 * undecided, so it also covers nominations made before it existed (or whose timer was never
 * started), a changed NOMINATION_EXPIRY_DAYS applies to all of them, and nominating does not depend
 * on Temporal. A nomination is rejected on its expiry day, at most a day late.
 */
export async function ensureNominationExpirySchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: nominationExpiryScheduleId(taskQueue),
      spec: { calendars: [{ hour: 3, minute: 45 }], timezone: 'Europe/Copenhagen' },
      action: { type: 'startWorkflow', workflowType: WORKFLOWS.nominationExpiry, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
