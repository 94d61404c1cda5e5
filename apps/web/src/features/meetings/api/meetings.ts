import { useQuery } from '@tanstack/react-query';
import { requestHeaders } from '../../../api/background';
import { api } from '../../../api/client';
import type { MeetingView } from '../../../api/types';
import { unwrap } from '../../../api/errors';

export function useMeeting(id: string) {
  return useQuery({
    queryKey: ['meetings', id],
    queryFn: (context): Promise<MeetingView> => unwrap(api.GET('/api/v1/meetings/{id}', { params: { path: { id } }, headers: requestHeaders(context) })),
  });
}

/** The invite is a file the browser downloads with the session cookie: an ordinary link. */
export function inviteUrl(id: string): string {
  return `/api/v1/meetings/${encodeURIComponent(id)}/invite.ics`;
}
