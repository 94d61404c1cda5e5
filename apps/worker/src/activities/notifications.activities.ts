import { recordNotification, type NewNotification } from '@psp/persistence';
import type { DataSource } from 'typeorm';
import { countNotice } from './mail';

export function notificationActivities(dataSource: DataSource) {
  return {
    /** Idempotent by key: returns true when this attempt created the inbox row. */
    async deliverInAppNotification(notification: NewNotification): Promise<boolean> {
      try {
        const created = await recordNotification(dataSource, notification);
        if (created) countNotice('sent', 'inbox', notification.kind);
        return created;
      } catch (err) {
        countNotice('failed', 'inbox', notification.kind);
        throw err;
      }
    },
  };
}
