import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { clientNetwork } from '../../lib/client-network.ts';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { clientOf, writeSessionCookie } from '../../plugins/auth.ts';
import {
  LoginBody,
  PasswordChangeBody,
  SecondFactorBody,
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
import type { AuthService, SignedIn, SecondStep } from './service.ts';

/** The half-done sign-in's cookie: only the sign-in routes see it, for five minutes. */
export const LOGIN_CHALLENGE_COOKIE = 'minga_login';

/**
 * Finishes a first step (password, institution): the session cookie, or the half-done sign-in's
 * cookie and `401 SECOND_FACTOR_REQUIRED` naming the member's kinds of factor (`params.methods`).
 */
export function replyFirstStep(request: FastifyRequest, reply: FastifyReply, outcome: SignedIn | SecondStep): SignedIn {
  if ('secondFactor' in outcome) {
    const { secret, kinds, expiresAt } = outcome.secondFactor;
    reply.setCookie(LOGIN_CHALLENGE_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/api/auth',
      secure: request.protocol === 'https',
      expires: expiresAt,
    });
    throw new AppError('SECOND_FACTOR_REQUIRED', { params: { methods: kinds.join(',') } });
  }
  writeSessionCookie(request, reply, outcome.cookie);
  return outcome;
}

export function clearLoginChallenge(request: FastifyRequest, reply: FastifyReply): void {
  if (request.cookies[LOGIN_CHALLENGE_COOKIE] === undefined) return;
  reply.clearCookie(LOGIN_CHALLENGE_COOKIE, { path: '/api/auth', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}

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
      const { user } = replyFirstStep(request, reply, await auth.login(request.body, clientOf(request)));
      return { user };
    },
  );

  // The second step: a code (authenticator or recovery) or a passkey's answer, from the same
  // browser (the cookie the first step set), within five minutes.
  app.post(
    '/api/auth/login/second-factor',
    {
      schema: { body: SecondFactorBody, response: { 200: UserResponse, ...errorResponses } },
      config: {
        rateLimit: {
          max: rateLimits.login.max,
          timeWindow: rateLimits.login.windowMs,
          keyGenerator: (request) => `2fa|${clientNetwork(request.ip)}`,
        },
      },
    },
    async (request, reply) => {
      const signedIn = await auth.completeSecondFactor(request.cookies[LOGIN_CHALLENGE_COOKIE], request.body, clientOf(request));
      clearLoginChallenge(request, reply);
      writeSessionCookie(request, reply, signedIn.cookie);
      return { user: signedIn.user };
    },
  );

  app.post('/api/auth/logout', { schema: { response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await auth.logout(request.actor, request.sessionId);
    writeSessionCookie(request, reply, auth.blankCookie());
    return reply.status(204).send(null);
  });

  app.get('/api/session', { schema: { response: { 200: SessionInfo, ...errorResponses } } }, async (request) => ({
    user: request.actor ? await users.current(request.actor) : null,
    locale: request.locale,
  }));

  app.get('/api/me/tokens', { schema: { response: { 200: TokenList, ...errorResponses } } }, async (request) => ({
    items: await auth.listTokens(request.actor),
    nextCursor: null,
  }));

  app.post(
    '/api/me/tokens',
    { schema: { body: TokenCreateBody, response: { 201: TokenCreated, ...errorResponses } } },
    async (request, reply) =>
      reply.status(201).send(await auth.createToken(request.actor, request.sessionId, request.body.name, request.body.scope)),
  );

  app.delete(
    '/api/me/tokens/:id',
    { schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await auth.revokeToken(request.actor, request.params.id);
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
    items: await auth.listSessions(request.actor, request.sessionId),
    nextCursor: null,
  }));

  app.post(
    '/api/me/sessions/revoke-others',
    { schema: { response: { 200: SessionsRevoked, ...errorResponses } } },
    async (request) => ({ revoked: await auth.revokeOtherSessions(request.actor, request.sessionId) }),
  );

  app.delete(
    '/api/me/sessions/:id',
    { schema: { params: SessionParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await auth.revokeSession(request.actor, request.sessionId, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
