import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { Draft, DraftList, DraftListQuery, DraftParams, DraftSave } from '../../../shared/schemas/drafts.ts';
import type { DraftsService } from './service.ts';

export const draftsRoutes: FastifyPluginAsyncTypebox<{ drafts: DraftsService }> = async (app, { drafts }) => {
  app.get(
    '/api/drafts',
    { schema: { querystring: DraftListQuery, response: { 200: DraftList, ...errorResponses } } },
    async (request) => drafts.list(request.actor, request.query),
  );

  app.get(
    '/api/drafts/:key',
    { schema: { params: DraftParams, response: { 200: Draft, ...errorResponses } } },
    async (request) => drafts.get(request.actor, request.params.key),
  );

  app.put(
    '/api/drafts/:key',
    { schema: { params: DraftParams, body: DraftSave, response: { 200: Draft, ...errorResponses } } },
    async (request) => drafts.save(request.actor, request.params.key, request.body),
  );

  app.delete(
    '/api/drafts/:key',
    { schema: { params: DraftParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await drafts.remove(request.actor, request.params.key);
      return reply.status(204).send(null);
    },
  );
};
