import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { OutboxList, OutboxMessage, OutboxQuery, OutboxRetried } from '../../../shared/schemas/mail.ts';
import type { OutboxAdmin } from './admin.ts';

const OutboxPage = Type.Object({ ...OutboxList.properties, delivery: Type.Union([Type.Literal('smtp'), Type.Literal('kept')]) });

/** The admins' Outbox page: every message with its status, one message whole, retry a failed one. */
export const outboxRoutes: FastifyPluginAsyncTypebox<{ outbox: OutboxAdmin }> = async (app, { outbox }) => {
  app.get(
    '/api/admin/outbox',
    { schema: { querystring: OutboxQuery, response: { 200: OutboxPage, ...errorResponses } } },
    async (request) => outbox.list(request.actor, request.query),
  );

  app.get(
    '/api/admin/outbox/:id',
    { schema: { params: IdParams, response: { 200: OutboxMessage, ...errorResponses } } },
    async (request) => outbox.get(request.actor, request.sessionId, request.params.id),
  );

  // An attachment, downloaded as bytes (never rendered by the browser: it is the message's, not ours).
  app.get(
    '/api/admin/outbox/:id/attachments/:index',
    { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }), index: Type.Integer({ minimum: 0, maximum: 100 }) }) } },
    async (request, reply) => {
      const file = await outbox.attachment(request.actor, request.sessionId, request.params.id, request.params.index);
      return reply
        .headers({ 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_')}"`, 'cache-control': 'no-store' })
        .send(file.content);
    },
  );

  app.post(
    '/api/admin/outbox/:id/retry',
    { schema: { params: IdParams, response: { 200: OutboxRetried, ...errorResponses } } },
    async (request) => outbox.retry(request.actor, request.params.id),
  );
};
