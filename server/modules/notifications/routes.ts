import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { NotificationList, NotificationsQuery, UnreadCount } from '../../../shared/schemas/notifications.ts';
import type { NotificationsService } from './service.ts';

export const notificationsRoutes: FastifyPluginAsyncTypebox<{ notifications: NotificationsService }> = async (app, { notifications }) => {
  app.get(
    '/api/notifications',
    { schema: { querystring: NotificationsQuery, response: { 200: NotificationList, ...errorResponses } } },
    async (request) => notifications.list(request.actor, request.query),
  );

  app.get('/api/notifications/unread', { schema: { response: { 200: UnreadCount, ...errorResponses } } }, async (request) => ({
    unread: await notifications.unreadCount(request.actor),
  }));

  app.post(
    '/api/notifications/:id/read',
    { schema: { params: IdParams, response: { 200: UnreadCount, ...errorResponses } } },
    async (request) => ({ unread: await notifications.markRead(request.actor, request.params.id) }),
  );

  app.post('/api/notifications/read-all', { schema: { response: { 200: UnreadCount, ...errorResponses } } }, async (request) => ({
    unread: await notifications.markAllRead(request.actor),
  }));
};
