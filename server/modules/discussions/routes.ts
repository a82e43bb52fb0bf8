import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { SlugParams } from '../../../shared/schemas/communities.ts';
import {
  AcceptBody,
  ForumPage,
  MarkAllReadResponse,
  PageParams,
  ThreadPageParams,
  PostCreate,
  PostEdit,
  PostModeration,
  PostResponse,
  PostSource,
  PreviewBody,
  PreviewResponse,
  ReactionsResponse,
  ReactionToggle,
  ReactorList,
  ReadBody,
  ReadResponse,
  RevisionList,
  ThreadCreate,
  ThreadCreated,
  ThreadList,
  ThreadModeration,
  ThreadPage,
  ThreadResponse,
  WatchBody,
  WatchResponse,
} from '../../../shared/schemas/discussions.ts';
import { sendPrebuiltJson, sendSerializedOnce } from '../../lib/serialize-once.ts';
import type { DiscussionsService } from './service.ts';

export const discussionsRoutes: FastifyPluginAsyncTypebox<{ discussions: DiscussionsService }> = async (app, { discussions }) => {
  app.get(
    '/api/forums/:id',
    { schema: { params: IdParams, response: { 200: ForumPage, ...errorResponses } } },
    async (request) => discussions.forumPage(request.actor, request.params.id),
  );

  app.get(
    '/api/forums/:id/threads',
    { schema: { params: IdParams, querystring: PageParams, response: { 200: ThreadList, ...errorResponses } } },
    async (request) => discussions.listThreads(request.actor, request.params.id, request.query),
  );

  app.post(
    '/api/forums/:id/threads',
    { schema: { params: IdParams, body: ThreadCreate, response: { 201: ThreadCreated, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await discussions.createThread(request.actor, request.params.id, request.body)),
  );

  app.get(
    '/api/threads/:id',
    { schema: { params: IdParams, querystring: ThreadPageParams, response: { 200: ThreadPage, ...errorResponses } } },
    async (request, reply) => {
      const body = await discussions.readThreadBody(request.actor, request.params.id, request.query);
      return 'json' in body ? sendPrebuiltJson(reply, body.json) : sendSerializedOnce(reply, body.page);
    },
  );

  app.post(
    '/api/threads/:id/read',
    { schema: { params: IdParams, body: ReadBody, response: { 200: ReadResponse, ...errorResponses } } },
    async (request) => discussions.markRead(request.actor, request.params.id, request.body.postNumber),
  );

  app.post(
    '/api/forums/:id/read',
    { schema: { params: IdParams, response: { 200: MarkAllReadResponse, ...errorResponses } } },
    async (request) => discussions.markForumRead(request.actor, request.params.id),
  );

  app.post(
    '/api/communities/:slug/read',
    { schema: { params: SlugParams, response: { 200: MarkAllReadResponse, ...errorResponses } } },
    async (request) => discussions.markCommunityRead(request.actor, request.params.slug),
  );

  app.post(
    '/api/threads/:id/posts',
    { schema: { params: IdParams, body: PostCreate, response: { 201: PostResponse, ...errorResponses } } },
    async (request, reply) => reply.status(201).send({ post: await discussions.reply(request.actor, request.params.id, request.body) }),
  );

  app.post(
    '/api/threads/:id/accept',
    { schema: { params: IdParams, body: AcceptBody, response: { 200: ThreadResponse, ...errorResponses } } },
    async (request) => ({ thread: await discussions.accept(request.actor, request.params.id, request.body.postId) }),
  );

  app.post(
    '/api/threads/:id/moderation',
    { schema: { params: IdParams, body: ThreadModeration, response: { 200: ThreadResponse, ...errorResponses } } },
    async (request) => ({ thread: await discussions.moderateThread(request.actor, request.params.id, request.body) }),
  );

  app.post(
    '/api/threads/:id/watch',
    { schema: { params: IdParams, body: WatchBody, response: { 200: WatchResponse, ...errorResponses } } },
    async (request) => discussions.watch(request.actor, request.params.id, request.body.level),
  );

  app.patch(
    '/api/posts/:id',
    { schema: { params: IdParams, body: PostEdit, response: { 200: PostResponse, ...errorResponses } } },
    async (request) => ({ post: await discussions.editPost(request.actor, request.params.id, request.body.body) }),
  );

  app.delete(
    '/api/posts/:id',
    { schema: { params: IdParams, response: { 200: PostResponse, ...errorResponses } } },
    async (request) => ({ post: await discussions.deletePost(request.actor, request.params.id) }),
  );

  app.get(
    '/api/posts/:id/source',
    { schema: { params: IdParams, response: { 200: PostSource, ...errorResponses } } },
    async (request) => discussions.postSource(request.actor, request.params.id),
  );

  app.get(
    '/api/posts/:id/revisions',
    { schema: { params: IdParams, response: { 200: RevisionList, ...errorResponses } } },
    async (request) => discussions.revisions(request.actor, request.params.id),
  );

  app.post(
    '/api/posts/:id/reactions',
    { schema: { params: IdParams, body: ReactionToggle, response: { 200: ReactionsResponse, ...errorResponses } } },
    async (request) => ({ reactions: await discussions.toggleReaction(request.actor, request.params.id, request.body.kind) }),
  );

  app.get(
    '/api/posts/:id/reactions',
    { schema: { params: IdParams, response: { 200: ReactorList, ...errorResponses } } },
    async (request) => discussions.reactors(request.actor, request.params.id),
  );

  app.post(
    '/api/posts/:id/moderation',
    { schema: { params: IdParams, body: PostModeration, response: { 200: PostResponse, ...errorResponses } } },
    async (request) => ({ post: await discussions.moderatePost(request.actor, request.params.id, request.body.hidden, request.body.reason) }),
  );

  app.post(
    '/api/markdown/preview',
    { schema: { body: PreviewBody, response: { 200: PreviewResponse, ...errorResponses } } },
    async (request) => discussions.preview(request.actor, request.body.body),
  );
};
