import { WORKFLOWS } from '@psp/domain';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/** One Schedule per deployment (task queue) in the namespace. */
export function accessLogRetentionScheduleId(taskQueue: string): string {
  return `access-log-retention-${taskQueue}`;
}

/** Creates the daily access-log retention Schedule (03:15 Copenhagen time) unless it exists. */
export async function ensureAccessLogRetentionSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: accessLogRetentionScheduleId(taskQueue),
      spec: { calendars: [{ hour: 3, minute: 15 }], timezone: 'Europe/Copenhagen' },
      action: { type: 'startWorkflow', workflowType: WORKFLOWS.accessLogRetention, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
