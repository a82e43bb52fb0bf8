import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { SearchQuery, SearchResponse, SuggestQuery, SuggestResponse } from '../../../shared/schemas/search.ts';
import type { SearchService } from './service.ts';

export const searchRoutes: FastifyPluginAsyncTypebox<{ search: SearchService }> = async (app, { search }) => {
  app.get(
    '/api/search',
    { schema: { querystring: SearchQuery, response: { 200: SearchResponse, ...errorResponses } } },
    async (request) => search.search(request.actor, request.query),
  );
  app.get(
    '/api/search/suggest',
    { schema: { querystring: SuggestQuery, response: { 200: SuggestResponse, ...errorResponses } } },
    async (request) => search.suggest(request.actor, request.query),
  );
};
