import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UserResponse } from '../../../shared/schemas/auth.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import {
  PeopleList,
  PeopleQuery,
  PersonResponse,
  ProfilePatch,
  PublicUserResponse,
  RoleBody,
  UsernameParams,
} from '../../../shared/schemas/users.ts';
import type { UsersService } from './service.ts';

export const usersRoutes: FastifyPluginAsyncTypebox<{ users: UsersService }> = async (app, { users }) => {
  app.get('/api/me', { schema: { response: { 200: UserResponse, ...errorResponses } } }, async (request) => ({
    user: await users.current(request.actor),
  }));

  app.patch(
    '/api/me',
    { schema: { body: ProfilePatch, response: { 200: UserResponse, ...errorResponses } } },
    async (request) => ({ user: await users.updateOwnProfile(request.actor, request.body) }),
  );

  app.get(
    '/api/users/:username',
    { schema: { params: UsernameParams, response: { 200: PublicUserResponse, ...errorResponses } } },
    async (request) => ({ user: await users.publicProfile(request.params.username) }),
  );

  app.get(
    '/api/users',
    { schema: { querystring: PeopleQuery, response: { 200: PeopleList, ...errorResponses } } },
    async (request) => await users.people(request.actor, request.query),
  );

  app.patch(
    '/api/users/:id/role',
    { schema: { params: IdParams, body: RoleBody, response: { 200: PersonResponse, ...errorResponses } } },
    async (request) => ({ user: await users.setRole(request.actor, request.params.id, request.body.role) }),
  );
};
