import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { SearchQuery, SearchResponse } from '../../../shared/schemas/search.ts';
import type { SearchService } from './service.ts';

export const searchRoutes: FastifyPluginAsyncTypebox<{ search: SearchService }> = async (app, { search }) => {
  app.get(
    '/api/search',
    { schema: { querystring: SearchQuery, response: { 200: SearchResponse, ...errorResponses } } },
    async (request) => search.search(request.actor, request.query),
  );
};
