import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { SearchQuery, SearchResponse, SuggestQuery, SuggestResponse } from '../../../shared/schemas/search.ts';
import { searchRateLimit, type SearchLimit } from '../../lib/search-rate-limit.ts';
import type { SearchService } from './service.ts';

export const searchRoutes: FastifyPluginAsyncTypebox<{ search: SearchService; limit?: SearchLimit }> = async (app, { search, limit }) => {
  const config = { rateLimit: searchRateLimit(limit) };
  app.get(
    '/api/search',
    { schema: { querystring: SearchQuery, response: { 200: SearchResponse, ...errorResponses } }, config },
    async (request) => search.search(request.actor, request.query),
  );
  app.get(
    '/api/search/suggest',
    { schema: { querystring: SuggestQuery, response: { 200: SuggestResponse, ...errorResponses } }, config },
    async (request) => search.suggest(request.actor, request.query),
  );
};
