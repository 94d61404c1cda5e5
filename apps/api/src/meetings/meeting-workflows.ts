import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ApiConfig } from '@psp/config';
import { meetingChanged, meetingPlannerWorkflowId, meetingState, meetingScheduleId, meetingWorkflowId, WORKFLOWS, type MeetingWorkflowInput } from '@psp/workflow-contracts';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { API_CONFIG } from '../config.token';
import type { MeetingView } from './meetings.dto';

/** What the api asks of Temporal about meetings: each meeting's workflow, and each forum's planner Schedule. */
@Injectable()
export class MeetingWorkflows {
  private readonly logger = new Logger(MeetingWorkflows.name);

  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async start(meetingId: string): Promise<void> {
    const input: MeetingWorkflowInput = { meetingId };
    await this.temporal.workflow.start(WORKFLOWS.meeting, { workflowId: meetingWorkflowId(meetingId), taskQueue: this.config.temporal.taskQueue, args: [input] });
  }

  /** Tells the meeting's workflow to re-read the meeting (and starts it if it is missing). */
  async wake(meetingId: string): Promise<void> {
    await this.temporal.workflow.signalWithStart(WORKFLOWS.meeting, {
      workflowId: meetingWorkflowId(meetingId),
      taskQueue: this.config.temporal.taskQueue,
      args: [{ meetingId } satisfies MeetingWorkflowInput],
      signal: meetingChanged,
    });
  }

  async nextEvent(meetingId: string): Promise<MeetingView['nextEvent']> {
    try {
      return (await this.temporal.workflow.getHandle(meetingWorkflowId(meetingId)).query(meetingState)).nextEvent;
    } catch {
      return null; // a finished meeting has no next event; a query needs a running worker
    }
  }

  async upsertSchedule(forumId: string, paused: boolean): Promise<void> {
    const options = {
      // Daily: the planner derives the meetings from the cadence (moved off holidays), which a Schedule spec cannot express.
      spec: { calendars: [{ hour: 6, minute: 0, comment: 'plan the forum’s meetings from its cadence' }], timezone: 'Europe/Copenhagen' },
      action: {
        type: 'startWorkflow' as const,
        workflowType: WORKFLOWS.meetingPlanner,
        workflowId: meetingPlannerWorkflowId(this.config.temporal.taskQueue, forumId),
        taskQueue: this.config.temporal.taskQueue,
        args: [{ forumId }],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    };
    try {
      await this.temporal.schedule.create({ scheduleId: meetingScheduleId(this.config.temporal.taskQueue, forumId), ...options, state: { paused } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await this.temporal.schedule.getHandle(meetingScheduleId(this.config.temporal.taskQueue, forumId)).update((previous) => ({ ...previous, ...options, state: { ...previous.state, paused } }));
    }
  }

  async pauseSchedule(forumId: string, paused: boolean, by: string): Promise<void> {
    const handle = this.temporal.schedule.getHandle(meetingScheduleId(this.config.temporal.taskQueue, forumId));
    if (paused) await handle.pause(`paused by ${by}`);
    else await handle.unpause(`resumed by ${by}`);
  }

  /**
   * Runs the forum's planner at once (the saved cadence plans its meetings now rather than at the
   * Schedule's next daily run). A refusal of the Schedule's trigger is tried twice more; if it
   * persists, the caller learns that the schedule is saved and what happens instead.
   */
  async planNow(forumId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.temporal.schedule.getHandle(meetingScheduleId(this.config.temporal.taskQueue, forumId)).trigger(ScheduleOverlapPolicy.SKIP);
        return;
      } catch (err) {
        this.logger.warn({ err, forumId, attempt }, 'Triggering the forum’s meeting planner failed');
        if (attempt === 3) {
          throw new ServiceUnavailableException(
            'The schedule is saved, but its meetings could not be planned right now (the workflow service did not answer): they are planned at the next daily run at 06:00, or save the schedule again in a moment',
          );
        }
        await new Promise((r) => setTimeout(r, 300 * attempt));
      }
    }
  }
}
