import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import type { NotificationView } from '../../../api/types';
import { unwrap } from '../../../api/errors';

export const notificationsKey = ['notifications'] as const;

export function useNotifications() {
  return useQuery({
    queryKey: [...notificationsKey, 'all'],
    queryFn: (context): Promise<NotificationView[]> => unwrap(api.GET('/api/v1/me/notifications', { headers: requestHeaders(context) })),
  });
}

/** The header's unread count, polled every minute as a background request (it does not keep the session alive). */
export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: [...notificationsKey, 'unread'],
    queryFn: (context): Promise<NotificationView[]> =>
      unwrap(api.GET('/api/v1/me/notifications', { params: { query: { unread: true } }, headers: requestHeaders(context) })),
    select: (list) => list.length,
    refetchInterval: 60_000,
    meta: { background: true },
    enabled,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
}
