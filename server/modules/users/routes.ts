import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { UserResponse } from '../../../shared/schemas/auth.ts';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { ProfilePatch, PublicUserResponse, UsernameParams } from '../../../shared/schemas/users.ts';
import type { UsersService } from './service.ts';

export const usersRoutes: FastifyPluginAsyncTypebox<{ users: UsersService }> = async (app, { users }) => {
  app.get('/api/me', { schema: { response: { 200: UserResponse, ...errorResponses } } }, async (request) => ({
    user: users.current(request.actor),
  }));

  app.patch(
    '/api/me',
    { schema: { body: ProfilePatch, response: { 200: UserResponse, ...errorResponses } } },
    async (request) => ({ user: users.updateOwnProfile(request.actor, request.body) }),
  );

  app.get(
    '/api/users/:username',
    { schema: { params: UsernameParams, response: { 200: PublicUserResponse, ...errorResponses } } },
    async (request) => ({ user: users.publicProfile(request.params.username) }),
  );
};
