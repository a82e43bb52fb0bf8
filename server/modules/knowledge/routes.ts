import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import {
  Experience,
  InstitutionDetail,
  ItemParams,
  ItemResponse,
  KnowledgeList,
  KnowledgePickList,
  KnowledgePickQuery,
  KnowledgeQuery,
  Profile,
  Resource,
  Specialist,
  VOCAB_SCHEMES,
  VocabularyResponse,
} from '../../../shared/schemas/knowledge.ts';
import { searchRateLimit, type SearchLimit } from '../../lib/search-rate-limit.ts';
import type { KnowledgeService } from './service.ts';
import type { Vocabulary } from './vocabulary.ts';

export const knowledgeRoutes: FastifyPluginAsyncTypebox<{ knowledge: KnowledgeService; vocabulary: Vocabulary; searchLimit?: SearchLimit }> = async (
  app,
  { knowledge, vocabulary, searchLimit },
) => {
  // A list with words is a full-text search: limited like one.
  const listConfig = { rateLimit: searchRateLimit(searchLimit, { onlyWithWords: true }) };
  for (const kind of ['resources', 'experiences', 'profiles', 'specialists'] as const) {
    app.get(
      `/api/${kind}`,
      { schema: { querystring: KnowledgeQuery, response: { 200: KnowledgeList, ...errorResponses } }, config: listConfig },
      async (request) => knowledge.list(kind, request.query),
    );
  }

  const detail = { params: ItemParams };
  app.get('/api/resources/:id', { schema: { ...detail, response: { 200: ItemResponse(Resource), ...errorResponses } } }, async (request) =>
    knowledge.resource(request.actor, request.params.id),
  );
  app.get('/api/experiences/:id', { schema: { ...detail, response: { 200: ItemResponse(Experience), ...errorResponses } } }, async (request) =>
    knowledge.experience(request.actor, request.params.id),
  );
  app.get('/api/profiles/:id', { schema: { ...detail, response: { 200: ItemResponse(Profile), ...errorResponses } } }, async (request) =>
    knowledge.profile(request.actor, request.params.id),
  );
  app.get('/api/specialists/:id', { schema: { ...detail, response: { 200: ItemResponse(Specialist), ...errorResponses } } }, async (request) =>
    knowledge.specialist(request.actor, request.params.id),
  );
  app.get(
    '/api/institutions/:id',
    { schema: { ...detail, response: { 200: ItemResponse(InstitutionDetail), ...errorResponses } } },
    async (request) => knowledge.institution(request.actor, request.params.id),
  );

  app.get(
    '/api/knowledge/pick',
    { schema: { querystring: KnowledgePickQuery, response: { 200: KnowledgePickList, ...errorResponses } } },
    async (request) => ({ items: await knowledge.pick(request.query), nextCursor: null }),
  );

  app.get('/api/vocabularies', { schema: { response: { 200: VocabularyResponse, ...errorResponses } } }, async () => ({
    items: await vocabulary.all(),
    nextCursor: null,
  }));
  app.get(
    '/api/vocabularies/:scheme',
    {
      schema: {
        params: Type.Object({ scheme: Type.Enum(VOCAB_SCHEMES) }, { additionalProperties: false }),
        response: { 200: VocabularyResponse, ...errorResponses },
      },
    },
    async (request) => ({ items: await vocabulary.scheme(request.params.scheme), nextCursor: null }),
  );
};
