import { useRef, useState } from 'react';
import type { NotificationView } from '../../../api/types';
import { ErrorAlert } from '../../../components/error-alert';
import { danishDateTime } from '../../../components/format';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { useMarkRead, useNotifications } from '../api/notifications';
import { NoticeLink } from '../components/notice-link';
import { texts } from '../texts';

/** Unread first, newest first within each. */
function ordered(list: NotificationView[]): NotificationView[] {
  return [...list].sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || b.createdAt.localeCompare(a.createdAt));
}

export function NotificationsRoute() {
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const [announcement, setAnnouncement] = useState('');
  const headings = useRef(new Map<string, HTMLElement>());

  const onMarkRead = (notice: NotificationView) => {
    setAnnouncement('');
    markRead.mutate(notice.id, {
      onSuccess: () => {
        setAnnouncement(texts.marked(notice.subject));
        // The button goes away; keep the keyboard user at the same notice.
        headings.current.get(notice.id)?.focus();
      },
    });
  };

  const list = notifications.data ? ordered(notifications.data) : [];
  const unread = list.filter((n) => n.readAt === null).length;

  return (
    <Page title={texts.title}>
      <p>{texts.intro}</p>
      <div role="status" className="sr-only">
        {announcement}
      </div>
      {markRead.isError ? <ErrorAlert error={markRead.error} heading={texts.markFailed} /> : null}
      {notifications.isPending ? <Loading /> : null}
      {notifications.isError ? <ErrorAlert error={notifications.error} heading={texts.loadFailed} onRetry={() => void notifications.refetch()} /> : null}
      {notifications.isSuccess ? (
        list.length === 0 ? (
          <p className="empty-state">{texts.empty}</p>
        ) : (
          <>
            <p>{unread > 0 ? texts.unreadCount(unread) : texts.allRead}</p>
            <ul className="notice-list nobullet-list">
              {list.map((notice) => {
                const isUnread = notice.readAt === null;
                return (
                  <li key={notice.id} className={`notice${isUnread ? ' notice--unread' : ''}`}>
                    <h2 className="h4 notice-subject" tabIndex={-1} ref={(el) => void (el ? headings.current.set(notice.id, el) : headings.current.delete(notice.id))}>
                      {isUnread ? <strong className="badge badge-info notice-badge">{texts.unread}</strong> : null}
                      {notice.link ? <NoticeLink href={notice.link}>{notice.subject}</NoticeLink> : notice.subject}
                    </h2>
                    <p className="notice-body">{notice.body}</p>
                    <p className="notice-meta">
                      {texts.received} {danishDateTime(notice.createdAt)}
                      {isUnread ? null : <span className="sr-only">{`, ${texts.read}`}</span>}
                    </p>
                    {isUnread ? (
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={texts.markReadFor(notice.subject)}
                        onClick={() => onMarkRead(notice)}
                        disabled={markRead.isPending && markRead.variables === notice.id}
                      >
                        {texts.markRead}
                      </button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </>
        )
      ) : null}
    </Page>
  );
}
