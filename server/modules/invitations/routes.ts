import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { SlugParams } from '../../../shared/schemas/communities.ts';
import {
  InvitationAccepted,
  InvitationCreate,
  InvitationCreated,
  InvitationList,
  InvitationParams,
  InvitationPreview,
  InvitationsQuery,
  TokenParams,
} from '../../../shared/schemas/invitations.ts';
import type { InvitationsService } from './service.ts';

export const invitationsRoutes: FastifyPluginAsyncTypebox<{ invitations: InvitationsService }> = async (app, { invitations }) => {
  app.post(
    '/api/communities/:slug/invitations',
    { schema: { params: SlugParams, body: InvitationCreate, response: { 201: InvitationCreated, ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send({ invitation: await invitations.create(request.actor, request.params.slug, request.body, request.locale) }),
  );

  app.get(
    '/api/communities/:slug/invitations',
    { schema: { params: SlugParams, querystring: InvitationsQuery, response: { 200: InvitationList, ...errorResponses } } },
    async (request) => invitations.list(request.actor, request.params.slug, request.query),
  );

  app.delete(
    '/api/communities/:slug/invitations/:id',
    { schema: { params: InvitationParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await invitations.revoke(request.actor, request.params.slug, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/invitations/:token',
    { schema: { params: TokenParams, response: { 200: InvitationPreview, ...errorResponses } } },
    async (request) => invitations.preview(request.actor, request.params.token),
  );

  app.post(
    '/api/invitations/:token/accept',
    { schema: { params: TokenParams, response: { 200: InvitationAccepted, ...errorResponses } } },
    async (request) => invitations.accept(request.actor, request.params.token),
  );
};
