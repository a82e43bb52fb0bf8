import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import {
  CooperationCreated,
  CooperationDetail,
  CooperationInput,
  CooperationItem,
  CooperationList,
  CooperationPostingFor,
  CooperationQuery,
  CooperationResponseCreated,
  CooperationResponseInput,
  CooperationUpdate,
} from '../../../shared/schemas/cooperation.ts';
import type { CooperationService } from './service.ts';

export const cooperationRoutes: FastifyPluginAsyncTypebox<{ cooperation: CooperationService }> = async (app, { cooperation }) => {
  app.get('/api/cooperation', { schema: { querystring: CooperationQuery, response: { 200: CooperationList, ...errorResponses } } }, async (request) =>
    cooperation.list(request.query),
  );

  app.post('/api/cooperation', { schema: { body: CooperationInput, response: { 201: CooperationCreated, ...errorResponses } } }, async (request, reply) =>
    reply.code(201).send({ item: await cooperation.create(request.actor, request.body) }),
  );

  app.get('/api/cooperation/posting-for', { schema: { response: { 200: CooperationPostingFor, ...errorResponses } } }, async (request) =>
    cooperation.postingFor(request.actor),
  );

  app.get('/api/cooperation/:id', { schema: { params: IdParams, response: { 200: CooperationDetail, ...errorResponses } } }, async (request) =>
    cooperation.get(request.actor, request.params.id),
  );

  app.patch('/api/cooperation/:id', { schema: { params: IdParams, body: CooperationUpdate, response: { 200: CooperationItem, ...errorResponses } } }, async (request) =>
    cooperation.update(request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/cooperation/:id/responses',
    { schema: { params: IdParams, body: CooperationResponseInput, response: { 201: CooperationResponseCreated, ...errorResponses } } },
    async (request, reply) => reply.code(201).send({ response: await cooperation.respond(request.actor, request.params.id, request.body) }),
  );
};
