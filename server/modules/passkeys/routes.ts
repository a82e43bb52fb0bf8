import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { clientNetwork } from '../../lib/client-network.ts';
import { clientOf, writeSessionCookie } from '../../plugins/auth.ts';
import { UserResponse } from '../../../shared/schemas/auth.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import {
  PasskeyCreateBody,
  PasskeyList,
  PasskeyOptionsBody,
  PasskeyRemoveBody,
  PasskeyRenameBody,
  PasskeyResponse,
  PasskeySignInBody,
  WebauthnOptions,
} from '../../../shared/schemas/passkeys.ts';
import { LOGIN_CHALLENGE_COOKIE } from '../auth/routes.ts';
import type { PasskeysService } from './service.ts';

/** A passwordless sign-in's challenge is bound to the browser that asked for it (only the sign-in routes see it). */
export const PASSKEY_SIGN_IN_COOKIE = 'minga_passkey';

export interface PasskeysRoutesOptions {
  passkeys: PasskeysService;
  rateLimits: Config['rateLimits'];
}

export const passkeysRoutes: FastifyPluginAsyncTypebox<PasskeysRoutesOptions> = async (app, { passkeys, rateLimits }) => {
  const signInLimit = (prefix: string) => ({
    rateLimit: { max: rateLimits.login.max, timeWindow: rateLimits.login.windowMs, keyGenerator: (request: { ip: string }) => `${prefix}|${clientNetwork(request.ip)}` },
  });

  app.get('/api/me/passkeys', { schema: { response: { 200: PasskeyList, ...errorResponses } } }, async (request) => ({
    items: await passkeys.list(request.actor),
    nextCursor: null,
  }));

  app.post(
    '/api/me/passkeys/options',
    { schema: { body: PasskeyOptionsBody, response: { 200: WebauthnOptions, ...errorResponses } } },
    async (request) => ({ options: await passkeys.registrationOptions(request.actor, request.sessionId, request.body) }),
  );

  app.post(
    '/api/me/passkeys',
    { schema: { body: PasskeyCreateBody, response: { 201: PasskeyResponse, ...errorResponses } } },
    async (request, reply) => reply.status(201).send({ passkey: await passkeys.register(request.actor, request.sessionId, request.body) }),
  );

  app.patch(
    '/api/me/passkeys/:id',
    { schema: { params: IdParams, body: PasskeyRenameBody, response: { 200: PasskeyResponse, ...errorResponses } } },
    async (request) => ({ passkey: await passkeys.rename(request.actor, request.params.id, request.body.name) }),
  );

  app.delete(
    '/api/me/passkeys/:id',
    { schema: { params: IdParams, body: PasskeyRemoveBody, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await passkeys.remove(request.actor, request.sessionId, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post('/api/me/passkeys/confirm-options', { schema: { response: { 200: WebauthnOptions, ...errorResponses } } }, async (request) => ({
    options: await passkeys.confirmOptions(request.actor, request.sessionId),
  }));

  // The sign-in's second step with a passkey; the answer then goes to POST /api/auth/login/second-factor.
  app.post(
    '/api/auth/login/second-factor/passkey-options',
    { schema: { response: { 200: WebauthnOptions, ...errorResponses } }, config: signInLimit('2fa-passkey') },
    async (request) => ({ options: await passkeys.secondStepOptions(request.cookies[LOGIN_CHALLENGE_COOKIE]) }),
  );

  app.post(
    '/api/auth/passkey/options',
    { schema: { response: { 200: WebauthnOptions, ...errorResponses } }, config: signInLimit('passkey-options') },
    async (request, reply) => {
      const { options, secret, expiresAt } = await passkeys.signInOptions();
      reply.setCookie(PASSKEY_SIGN_IN_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/api/auth',
        secure: request.protocol === 'https',
        expires: expiresAt,
      });
      return { options };
    },
  );

  app.post(
    '/api/auth/passkey',
    { schema: { body: PasskeySignInBody, response: { 200: UserResponse, ...errorResponses } }, config: signInLimit('passkey') },
    async (request, reply) => {
      const secret = request.cookies[PASSKEY_SIGN_IN_COOKIE];
      if (secret !== undefined) {
        reply.clearCookie(PASSKEY_SIGN_IN_COOKIE, { path: '/api/auth', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' });
      }
      const { user, cookie } = await passkeys.signIn(secret, request.body.response, clientOf(request));
      writeSessionCookie(request, reply, cookie);
      return { user };
    },
  );
};
