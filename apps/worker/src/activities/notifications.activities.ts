import { recordNotification, type NewNotification } from '@psp/persistence';
import type { DataSource } from 'typeorm';

export function notificationActivities(dataSource: DataSource) {
  return {
    /** Idempotent by key: returns true when this attempt created the inbox row. */
    async deliverInAppNotification(notification: NewNotification): Promise<boolean> {
      return recordNotification(dataSource, notification);
    },
  };
}
