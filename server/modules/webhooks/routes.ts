import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { WebhookCreate, WebhookCreated, WebhookDeliveries, WebhookDeliveriesQuery, WebhookEndpoint, WebhookList, WebhookQueued, WebhookUpdate } from '../../../shared/schemas/webhooks.ts';
import type { WebhooksService } from './service.ts';

/** The admins' webhooks: endpoints, their delivery logs, ping and redeliver. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhooksService }> = async (app, { webhooks }) => {
  app.post('/api/admin/webhooks', { schema: { body: WebhookCreate, response: { 201: WebhookCreated, ...errorResponses } } }, async (request, reply) =>
    reply.code(201).send(await webhooks.create(request.actor, request.body)),
  );

  app.get('/api/admin/webhooks', { schema: { response: { 200: WebhookList, ...errorResponses } } }, async (request) => webhooks.list(request.actor));

  app.patch('/api/admin/webhooks/:id', { schema: { params: IdParams, body: WebhookUpdate, response: { 200: WebhookEndpoint, ...errorResponses } } }, async (request) =>
    webhooks.update(request.actor, request.params.id, request.body),
  );

  app.delete('/api/admin/webhooks/:id', { schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await webhooks.remove(request.actor, request.params.id);
    return reply.code(204).send(null);
  });

  app.get(
    '/api/admin/webhooks/:id/deliveries',
    { schema: { params: IdParams, querystring: WebhookDeliveriesQuery, response: { 200: WebhookDeliveries, ...errorResponses } } },
    async (request) => webhooks.deliveries(request.actor, request.params.id, request.query),
  );

  app.post('/api/admin/webhooks/:id/ping', { schema: { params: IdParams, response: { 202: WebhookQueued, ...errorResponses } } }, async (request, reply) =>
    reply.code(202).send(await webhooks.ping(request.actor, request.params.id)),
  );

  app.post(
    '/api/admin/webhooks/deliveries/:id/redeliver',
    { schema: { params: IdParams, response: { 202: WebhookQueued, ...errorResponses } } },
    async (request, reply) => reply.code(202).send(await webhooks.redeliver(request.actor, request.params.id)),
  );
};
