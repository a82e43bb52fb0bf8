import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import {
  CommunitiesQuery,
  CommunityCreate,
  CommunityDetail,
  CommunityList,
  CommunityPatch,
  CommunityResponse,
  Forum,
  ForumCreate,
  ForumOrder,
  ForumPatch,
  ForumResponse,
  JoinResult,
  MemberList,
  MemberParams,
  MemberResponse,
  MembersQuery,
  MemberUpdate,
  SlugParams,
} from '../../../shared/schemas/communities.ts';
import type { CommunitiesService } from './service.ts';

export const communitiesRoutes: FastifyPluginAsyncTypebox<{ communities: CommunitiesService }> = async (app, { communities }) => {
  app.get(
    '/api/communities',
    { schema: { querystring: CommunitiesQuery, response: { 200: CommunityList, ...errorResponses } } },
    async (request) => await communities.list(request.actor, request.query),
  );

  app.post(
    '/api/communities',
    { schema: { body: CommunityCreate, response: { 201: CommunityResponse, ...errorResponses } } },
    async (request, reply) => reply.status(201).send({ community: await communities.create(request.actor, request.body) }),
  );

  app.get(
    '/api/communities/:slug',
    { schema: { params: SlugParams, response: { 200: CommunityDetail, ...errorResponses } } },
    async (request) => await communities.detail(request.actor, request.params.slug),
  );

  app.patch(
    '/api/communities/:slug',
    { schema: { params: SlugParams, body: CommunityPatch, response: { 200: CommunityResponse, ...errorResponses } } },
    async (request) => ({ community: await communities.update(request.actor, request.params.slug, request.body) }),
  );

  app.post(
    '/api/communities/:slug/join',
    { schema: { params: SlugParams, response: { 200: JoinResult, ...errorResponses } } },
    async (request) => await communities.join(request.actor, request.params.slug),
  );

  app.delete(
    '/api/communities/:slug/join',
    { schema: { params: SlugParams, response: { 200: JoinResult, ...errorResponses } } },
    async (request) => await communities.withdrawRequest(request.actor, request.params.slug),
  );

  app.post(
    '/api/communities/:slug/leave',
    { schema: { params: SlugParams, response: { 200: JoinResult, ...errorResponses } } },
    async (request) => await communities.leave(request.actor, request.params.slug),
  );

  app.get(
    '/api/communities/:slug/members',
    { schema: { params: SlugParams, querystring: MembersQuery, response: { 200: MemberList, ...errorResponses } } },
    async (request) => await communities.members(request.actor, request.params.slug, request.query),
  );

  app.post(
    '/api/communities/:slug/members/:userId',
    { schema: { params: MemberParams, body: MemberUpdate, response: { 200: MemberResponse, ...errorResponses } } },
    async (request) => ({
      member: await communities.updateMember(request.actor, request.params.slug, request.params.userId, request.body),
    }),
  );

  app.delete(
    '/api/communities/:slug/members/:userId',
    { schema: { params: MemberParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await communities.removeMember(request.actor, request.params.slug, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/communities/:slug/forums',
    { schema: { params: SlugParams, body: ForumCreate, response: { 201: ForumResponse, ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send({ forum: await communities.createForum(request.actor, request.params.slug, request.body) }),
  );

  app.post(
    '/api/communities/:slug/forums/order',
    {
      schema: {
        params: SlugParams,
        body: ForumOrder,
        response: { 200: Type.Object({ forums: Type.Array(Forum) }), ...errorResponses },
      },
    },
    async (request) => ({ forums: await communities.reorderForums(request.actor, request.params.slug, request.body.forumIds) }),
  );

  app.patch(
    '/api/forums/:id',
    { schema: { params: IdParams, body: ForumPatch, response: { 200: ForumResponse, ...errorResponses } } },
    async (request) => ({ forum: await communities.updateForum(request.actor, request.params.id, request.body) }),
  );
};
