import type { DataSource } from 'typeorm';
import { notificationActivities } from './notifications.activities';
import { retentionActivities, type RetentionSettings } from './retention.activities';
import type { NotifySettings } from './mail';
import { meetingActivities } from './meetings.activities';
import { stepActivities } from './steps.activities';

export interface ActivityDeps {
  dataSource: DataSource;
  retention: RetentionSettings;
  notify: NotifySettings;
}

/** Every activity the worker registers; workflows proxy the type of this object. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...notificationActivities(deps.dataSource),
    ...retentionActivities(deps.dataSource, deps.retention),
    ...stepActivities(deps.dataSource, deps.notify),
    ...meetingActivities(deps.dataSource, deps.notify),
  };
}

export type Activities = ReturnType<typeof createActivities>;
