import { WORKFLOWS } from '@psp/workflow-contracts';
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

/** One anchoring Schedule per deployment (task queue) in the namespace. */
export function accessLogAnchorScheduleId(taskQueue: string): string {
  return `access-log-anchor-${taskQueue}`;
}

/**
 * Creates the hourly Schedule that signs every access-log chain's head and writes it to the anchor
 * store outside the database, unless it exists; a new one anchors at once.
 */
export async function ensureAccessLogAnchorSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: accessLogAnchorScheduleId(taskQueue),
      spec: { intervals: [{ every: '1 hour' }] },
      action: { type: 'startWorkflow', workflowType: WORKFLOWS.accessLogAnchor, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      state: { triggerImmediately: true },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
