import type { AccessLogEntry } from '@psp/persistence';

/** The i-th access-log entry of a test: a coordinator's read of resource r-<i> in request req-<i>. */
export const testLogEntry = (i: number, over: Partial<AccessLogEntry> = {}): AccessLogEntry => ({
  actor: { userId: '6f1d2c8e-3b8a-4b7e-9a55-1f0e2d3c4b5a', username: 'koordinator.politi', authorityId: null, roles: ['COORDINATOR'] },
  action: 'READ',
  resourceType: 'Fokusperson',
  resourceId: `r-${i}`,
  purpose: 'PSP_CASE_PREPARATION',
  outcome: 'ALLOWED',
  requestId: `req-${i}`,
  ...over,
});
