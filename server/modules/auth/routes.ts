import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clientNetwork } from '../../lib/client-network.ts';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { clientOf, writeSessionCookie } from '../../plugins/auth.ts';
import {
  LoginBody,
  PasswordChangeBody,
  RegisterBody,
  SessionList,
  SessionParams,
  SessionsRevoked,
  TokenCreateBody,
  TokenCreated,
  TokenList,
  UserResponse,
} from '../../../shared/schemas/auth.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { SessionInfo } from '../../../shared/schemas/session.ts';
import type { UsersService } from '../users/service.ts';
import type { AuthService } from './service.ts';

export interface AuthRoutesOptions {
  auth: AuthService;
  users: UsersService;
  rateLimits: Config['rateLimits'];
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, opts) => {
  const { auth, users, rateLimits } = opts;

  app.post(
    '/api/auth/register',
    {
      schema: { body: RegisterBody, response: { 201: UserResponse, ...errorResponses } },
      config: { rateLimit: { max: rateLimits.register.max, timeWindow: rateLimits.register.windowMs } },
    },
    async (request, reply) => {
      const { user, cookie } = await auth.register(request.body, clientOf(request), request.locale);
      writeSessionCookie(request, reply, cookie);
      return reply.status(201).send({ user });
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: { body: LoginBody, response: { 200: UserResponse, ...errorResponses } },
      config: {
        // Counted per address and account name, so a busy office behind one address is not
        // locked out by a single person guessing at one account.
        rateLimit: {
          max: rateLimits.login.max,
          timeWindow: rateLimits.login.windowMs,
          hook: 'preHandler',
          keyGenerator: (request) =>
            `${clientNetwork(request.ip)}|${String((request.body as { username?: unknown })?.username ?? '').trim().toLowerCase()}`,
        },
      },
    },
    async (request, reply) => {
      const { user, cookie } = await auth.login(request.body, clientOf(request));
      writeSessionCookie(request, reply, cookie);
      return { user };
    },
  );

  app.post('/api/auth/logout', { schema: { response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await auth.logout(request.actor, request.sessionId);
    writeSessionCookie(request, reply, auth.blankCookie());
    return reply.status(204).send(null);
  });

  app.get('/api/session', { schema: { response: { 200: SessionInfo, ...errorResponses } } }, async (request) => ({
    user: request.actor ? users.current(request.actor) : null,
    locale: request.locale,
  }));

  app.get('/api/me/tokens', { schema: { response: { 200: TokenList, ...errorResponses } } }, async (request) => ({
    items: auth.listTokens(request.actor),
    nextCursor: null,
  }));

  app.post(
    '/api/me/tokens',
    { schema: { body: TokenCreateBody, response: { 201: TokenCreated, ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send(auth.createToken(request.actor, request.sessionId, request.body.name, request.body.scope)),
  );

  app.delete(
    '/api/me/tokens/:id',
    { schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      auth.revokeToken(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/password',
    { schema: { body: PasswordChangeBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await auth.changePassword(request.actor, request.sessionId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get('/api/me/sessions', { schema: { response: { 200: SessionList, ...errorResponses } } }, async (request) => ({
    items: auth.listSessions(request.actor, request.sessionId),
    nextCursor: null,
  }));

  app.post(
    '/api/me/sessions/revoke-others',
    { schema: { response: { 200: SessionsRevoked, ...errorResponses } } },
    async (request) => ({ revoked: auth.revokeOtherSessions(request.actor, request.sessionId) }),
  );

  app.delete(
    '/api/me/sessions/:id',
    { schema: { params: SessionParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      auth.revokeSession(request.actor, request.sessionId, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
