// Every workflow the worker hosts. The bundle is built from this file.
export { notificationWorkflow } from './notification.workflow';
