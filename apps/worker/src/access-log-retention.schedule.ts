import { WORKFLOWS } from '@psp/domain';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

export const ACCESS_LOG_RETENTION_SCHEDULE = 'access-log-retention';

/** Creates the daily access-log retention Schedule (03:15 Copenhagen time) unless it exists. */
export async function ensureAccessLogRetentionSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: ACCESS_LOG_RETENTION_SCHEDULE,
      spec: { calendars: [{ hour: 3, minute: 15 }], timezone: 'Europe/Copenhagen' },
      action: { type: 'startWorkflow', workflowType: WORKFLOWS.accessLogRetention, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
