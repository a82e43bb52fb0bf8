import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { Home, HomeKnowledgeList, HomeListQuery, HomeQuery, HomeThreadList, HomeThreadListParams, HomeWorkshopList } from '../../../shared/schemas/home.ts';
import type { HomeService } from './service.ts';

/** The home: every list's first page at once, and each list a page at a time. */
export const homeRoutes: FastifyPluginAsyncTypebox<{ home: HomeService }> = async (app, { home }) => {
  app.get('/api/home', { schema: { querystring: HomeQuery, response: { 200: Home, ...errorResponses } } }, async (request) =>
    home.home(request.actor, request.query),
  );

  app.get('/api/home/workshops', { schema: { querystring: HomeListQuery, response: { 200: HomeWorkshopList, ...errorResponses } } }, async (request) =>
    home.workshops(request.actor, request.query),
  );

  app.get('/api/home/knowledge', { schema: { querystring: HomeListQuery, response: { 200: HomeKnowledgeList, ...errorResponses } } }, async (request) =>
    home.knowledge(request.actor, request.query),
  );

  app.get(
    '/api/home/:list',
    { schema: { params: HomeThreadListParams, querystring: HomeListQuery, response: { 200: HomeThreadList, ...errorResponses } } },
    async (request) => home.threads(request.actor, request.params.list, request.query),
  );
};
