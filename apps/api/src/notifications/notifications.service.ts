import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, type Actor } from '@psp/domain';
import { listNotifications, markNotificationRead, type InboxNotification } from '@psp/persistence';
import { DataSource } from 'typeorm';

/** How many notifications the inbox shows at most. */
const INBOX_LIMIT = 200;

/** The caller's own in-app inbox. */
@Injectable()
export class NotificationsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  list(actor: Actor, unreadOnly: boolean | undefined): Promise<InboxNotification[]> {
    return listNotifications(this.dataSource, actor.userId, unreadOnly, INBOX_LIMIT);
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    if (!(await markNotificationRead(this.dataSource, id, actor.userId))) throw new NotFoundError('Notification', id);
  }
}
