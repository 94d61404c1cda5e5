import type { DataSource } from 'typeorm';
import { notificationActivities } from './notifications.activities';

export interface ActivityDeps {
  dataSource: DataSource;
}

/** Every activity the worker registers; workflows proxy the type of this object. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...notificationActivities(deps.dataSource),
  };
}

export type Activities = ReturnType<typeof createActivities>;
