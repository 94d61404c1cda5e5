// Every workflow the worker hosts. The bundle is built from this file.
export { accessLogAnchorWorkflow, accessLogRetentionWorkflow } from './access-log-retention.workflow';
export { notificationWorkflow } from './notification.workflow';
export { fokuspersonRetentionWorkflow } from './retention.workflow';
export { stepWorkflow } from './step.workflow';
export { forumMeetingPlannerWorkflow } from './forum-meeting-planner.workflow';
export { meetingWorkflow } from './meeting.workflow';
export { nominationExpiryWorkflow } from './nomination-expiry.workflow';
