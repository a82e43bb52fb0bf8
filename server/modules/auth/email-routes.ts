import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { EmailAccepted, EmailChangeBody, EmailChanged, EmailTokenBody, EmailVerified } from '../../../shared/schemas/email-account.ts';
import type { EmailChange } from './email-change.ts';
import type { EmailVerification } from './verification.ts';

/** Per client address: links are long random tokens, but nobody needs to try many. */
const TOKEN_LIMIT = { max: 30, timeWindow: 15 * 60_000 };
const CHANGE_LIMIT = { max: 10, timeWindow: 60 * 60_000 };

export const emailRoutes: FastifyPluginAsyncTypebox<{ verification: EmailVerification; change: EmailChange }> = async (app, opts) => {
  const { verification, change } = opts;

  app.post(
    '/api/auth/verify-email',
    { schema: { body: EmailTokenBody, response: { 200: EmailVerified, ...errorResponses } }, config: { rateLimit: TOKEN_LIMIT } },
    async (request) => {
      await verification.verify(request.body.token);
      return { emailVerified: true as const };
    },
  );

  app.post(
    '/api/me/email/verification',
    { schema: { response: { 202: EmailAccepted, ...errorResponses } }, config: { rateLimit: CHANGE_LIMIT } },
    async (request, reply) => reply.status(202).send(await verification.resend(request.actor, request.locale)),
  );

  app.post(
    '/api/me/email',
    { schema: { body: EmailChangeBody, response: { 202: EmailAccepted, ...errorResponses } }, config: { rateLimit: CHANGE_LIMIT } },
    async (request, reply) => reply.status(202).send(await change.request(request.actor, request.sessionId, request.body, request.locale)),
  );

  app.post(
    '/api/auth/confirm-email',
    { schema: { body: EmailTokenBody, response: { 200: EmailChanged, ...errorResponses } }, config: { rateLimit: TOKEN_LIMIT } },
    async (request) => change.confirm(request.actor, request.body.token),
  );
};
