/**
 * The names and inputs of workflows that the api starts and the worker hosts. Both sides import
 * these, so a renamed workflow or a changed input breaks the build rather than a run.
 */
import type { LocalDate } from './business-days';
import type { MeetingEventKind, MeetingPolicy, MeetingStatus } from './meeting';
import type { BlockReason, ReminderPolicy, StepAction, StepEventKind, StepStatus } from './step';

export const WORKFLOWS = {
  notification: 'notificationWorkflow',
  step: 'stepWorkflow',
  retention: 'fokuspersonRetentionWorkflow',
  accessLogRetention: 'accessLogRetentionWorkflow',
  accessLogAnchor: 'accessLogAnchorWorkflow',
  meeting: 'meetingWorkflow',
  meetingPlanner: 'forumMeetingPlannerWorkflow',
  nominationExpiry: 'nominationExpiryWorkflow',
} as const;

/** Waits until `deadline`, then anonymises the person if they are still in `expectedStatus`. */
export interface RetentionRequest {
  fokuspersonId: string;
  expectedStatus: 'REJECTED' | 'CLOSED';
  /** ISO time */
  deadline: string;
}

export function retentionWorkflowId(fokuspersonId: string): string {
  return `retention-${fokuspersonId}`;
}

export interface NotificationRequest {
  recipientUserId: string;
  /** What the notification is for; with the workflow id it makes the idempotency key. */
  purpose: string;
  kind: string;
  subject: string;
  body: string;
  link?: string;
  /** ISO time; the notification is delivered no earlier than this. */
  deliverAt?: string;
}

/** The key that makes an outside effect happen once, however often an activity is retried. */
export function idempotencyKey(workflowId: string, purpose: string): string {
  return `${workflowId}:${purpose}`;
}

export function stepWorkflowId(stepId: string): string {
  return `step-${stepId}`;
}

/** The step workflow's Update (every change of a step goes through it) and Query. */
export const STEP_UPDATE = 'act';
export const STEP_QUERY = 'state';
/**
 * Tells a step's workflow that its person was closed, rejected or anonymised: the transaction that
 * did so cancelled the step's row; the workflow re-reads it once that transaction has ended, and
 * ends if the step is cancelled (it sends no further notice).
 */
export const STEP_PERSON_CLOSED_SIGNAL = 'personClosed';

export interface StepWorkflowInput {
  stepId: string;
  status: StepStatus;
  assigneeUserId: string;
  dueDate: LocalDate;
  /** ISO time */
  assignedAt: string;
  policy: ReminderPolicy;
  /** Keys of reminders already sent (carried over continue-as-new). */
  sent?: string[];
}

export interface StepActor {
  userId: string;
  username: string;
  authorityId: string;
  roles: string[];
}

/** A change of a step, checked and authorised by the api, applied by the workflow's activity. */
export interface StepActionRequest {
  action: StepAction;
  actor: StepActor;
  purpose: string;
  requestId: string | null;
  clientAddress: string | null;
  blockReason?: BlockReason;
  assigneeUserId?: string;
  dueDate?: LocalDate;
  /** The outcome, block text or reason, encrypted by the api (base64), with its key id. */
  note?: { keyId: string; ciphertext: string };
  /**
   * The api's signature over the step id, the Update's id and every other field (HMAC-SHA256,
   * base64url). Optional in the type because what arrives through Temporal is untrusted: the
   * worker refuses a request without it, or with one that does not match, before it writes anything.
   */
  signature?: string;
}

export interface StepSnapshot {
  stepId: string;
  status: StepStatus;
  assigneeUserId: string;
  dueDate: LocalDate;
  version: number;
}

export interface StepWorkflowState {
  status: StepStatus;
  assigneeUserId: string;
  dueDate: LocalDate;
  nextEvent: { kind: StepEventKind; at: string } | null;
}

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
export const MEETING_CHANGED_SIGNAL = 'meetingChanged';
export const MEETING_QUERY = 'state';

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
}

export interface MeetingWorkflowState {
  status: MeetingStatus;
  startsAt: string;
  nextEvent: { kind: MeetingEventKind; at: string } | null;
}

export interface PlannedMeeting {
  meetingId: string;
  startsAt: string;
}
