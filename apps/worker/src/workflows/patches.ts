/**
 * Workflow patches (`patched(id)`): a change of the commands a workflow issues is guarded by one,
 * so histories recorded before it replay as they were.
 */

/** Notices (inbox row, e-mail into the outbox) run as local activities instead of activity tasks. */
export const LOCAL_NOTICES_PATCH = 'local-notices';

/** Anonymising also cancels the person's open steps, and the retention workflow then ends their workflows. */
export const RETENTION_ENDS_STEPS_PATCH = 'retention-ends-steps';
