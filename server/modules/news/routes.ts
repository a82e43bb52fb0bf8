import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { NewsCreate, NewsItemResponse, NewsList, NewsPatch, NewsPublishing, NewsQuery } from '../../../shared/schemas/news.ts';
import type { NewsService } from './service.ts';

export const newsRoutes: FastifyPluginAsyncTypebox<{ news: NewsService }> = async (app, { news }) => {
  app.get('/api/news', { schema: { querystring: NewsQuery, response: { 200: NewsList, ...errorResponses } } }, async (request) => news.list(request.actor, request.query));

  app.post('/api/news', { schema: { body: NewsCreate, response: { 201: NewsItemResponse, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await news.create(request.actor, request.body)),
  );

  app.get('/api/news/:id', { schema: { params: IdParams, response: { 200: NewsItemResponse, ...errorResponses } } }, async (request) => news.get(request.actor, request.params.id));

  app.patch('/api/news/:id', { schema: { params: IdParams, body: NewsPatch, response: { 200: NewsItemResponse, ...errorResponses } } }, async (request) =>
    news.update(request.actor, request.params.id, request.body),
  );

  app.delete('/api/news/:id', { schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await news.unpublish(request.actor, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/me/news-publishing', { schema: { response: { 200: NewsPublishing, ...errorResponses } } }, async (request) => news.publishing(request.actor));

  app.get(
    '/api/threads/:id/news',
    { schema: { params: IdParams, response: { 200: Type.Object({ newsId: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses } } },
    async (request) => news.itemOfThread(request.params.id),
  );
};
