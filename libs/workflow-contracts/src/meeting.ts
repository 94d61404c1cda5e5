import type { MeetingEventKind, MeetingPolicy, MeetingStatus } from '@psp/domain';
import { defineQuery, defineSignal } from '@temporalio/workflow';

export function meetingWorkflowId(meetingId: string): string {
  return `meeting-${meetingId}`;
}

/**
 * One Temporal Schedule per forum plans its meetings from the cadence. Its id names the task queue,
 * as the access log's Schedules do: two systems (or test suites) sharing a Temporal namespace each
 * have their own, encrypted with their own keys.
 */
export function meetingScheduleId(taskQueue: string, forumId: string): string {
  return `meetings-${taskQueue}-${forumId}`;
}

/** The workflow a forum's Schedule starts (Temporal appends the time of each start). */
export function meetingPlannerWorkflowId(taskQueue: string, forumId: string): string {
  return `meeting-planner-${taskQueue}-${forumId}`;
}

/** Wakes a meeting's workflow after the api changed the meeting (lock, move, cancel, minutes): it re-reads the database. */
export const meetingChanged = defineSignal('meetingChanged');

export interface MeetingWorkflowState {
  status: MeetingStatus;
  startsAt: string;
  nextEvent: { kind: MeetingEventKind; at: string } | null;
}

export const meetingState = defineQuery<MeetingWorkflowState>('state');

export interface MeetingWorkflowInput {
  meetingId: string;
  /** Timeline events already carried out (carried over continue-as-new). */
  done?: MeetingEventKind[];
  /** The invite sequence last sent, -1 for none. */
  inviteSent?: number;
}

/** What the meeting workflow reads from the database, the source of truth for the meeting. */
export interface MeetingFacts {
  meetingId: string;
  status: MeetingStatus;
  /** ISO time */
  startsAt: string;
  inviteSequence: number;
  policy: MeetingPolicy;
  /** ISO time the meeting was created: its preparation window runs from then. */
  createdAt: string;
}

export interface PlannedMeeting {
  meetingId: string;
  startsAt: string;
}
