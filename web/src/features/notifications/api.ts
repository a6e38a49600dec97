import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { InboxReply, ReadInboxReply } from '../../../../contracts/notifications';
import { contractApi } from '../../app/api-client';
import { useRealtime } from '../../app/realtime';

export const inboxKeys = { all: ['notifications', 'inbox'] as const };

/** The caller's latest notifications and unread count; a `notifications.inbox.added` refetches it. */
export function useInbox() {
  const client = useQueryClient();
  useRealtime((m) => {
    if (m.type === 'event' && m.name === 'notifications.inbox.added')
      void client.invalidateQueries({ queryKey: inboxKeys.all });
  });
  return useQuery({
    queryKey: inboxKeys.all,
    queryFn: ({ signal }) => contractApi.get(InboxReply, '/notifications/inbox', { limit: 20 }, signal),
  });
}

/** Marks some (or all) read, then refetches. */
export function useMarkRead() {
  const client = useQueryClient();
  return useCallback(
    async (body: { ids: string[] } | { all: true }) => {
      await contractApi.post(ReadInboxReply, '/notifications/inbox/read', body);
      await client.invalidateQueries({ queryKey: inboxKeys.all });
    },
    [client],
  );
}
