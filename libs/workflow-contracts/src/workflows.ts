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
