import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { InboxQuery, InboxReply, ReadInboxBody, ReadInboxReply } from '../../../../contracts/notifications';
import { principalOf } from '../../platform/guard';
import type { Inbox } from './notifications.inbox';

/** The caller's own inbox: every signed-in user has one, so no permission beyond being signed in. */
export function registerNotificationRoutes(app: FastifyInstance, inbox: Inbox): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  r.get(
    '/api/v1/notifications/inbox',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "The caller's notifications, newest first, with the unread count",
        querystring: InboxQuery,
        response: { 200: InboxReply },
      },
    },
    async (req) => inbox.list(principalOf(req).userId, req.query),
  );
  r.post(
    '/api/v1/notifications/inbox/read',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: "Mark the caller's notifications read (some by id, or all)",
        body: ReadInboxBody,
        response: { 200: ReadInboxReply },
      },
    },
    async (req) => inbox.read(principalOf(req).userId, req.body),
  );
}
