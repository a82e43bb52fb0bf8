import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Bookmark, BookmarkInput, BookmarkList, BookmarksQuery, ThreadBookmarks } from '../../../shared/schemas/bookmarks.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import type { BookmarksService } from './service.ts';

export const bookmarksRoutes: FastifyPluginAsyncTypebox<{ bookmarks: BookmarksService }> = async (app, { bookmarks }) => {
  app.post(
    '/api/posts/:id/bookmark',
    { schema: { params: IdParams, body: Type.Optional(BookmarkInput), response: { 200: Bookmark, ...errorResponses } } },
    async (request) => bookmarks.save(request.actor, request.params.id, request.body ?? {}),
  );

  app.delete('/api/posts/:id/bookmark', { schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await bookmarks.remove(request.actor, request.params.id);
    return reply.code(204).send(null);
  });

  app.get(
    '/api/bookmarks',
    { schema: { querystring: BookmarksQuery, response: { 200: BookmarkList, ...errorResponses } } },
    async (request) => bookmarks.list(request.actor, request.query),
  );

  app.get(
    '/api/threads/:id/bookmarks',
    { schema: { params: IdParams, response: { 200: ThreadBookmarks, ...errorResponses } } },
    async (request) => bookmarks.inThread(request.actor, request.params.id),
  );
};
