import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { PasswordResetAccepted, PasswordResetBody, PasswordResetConfirmBody } from '../../../shared/schemas/mail.ts';
import { AppError } from '../../lib/errors.ts';
import type { PasswordReset } from './password-reset.ts';

export interface PasswordResetLimits {
  /** Requests per client address. */
  perAddress: { max: number; windowMs: number };
  /** Requests per email address, whoever asks (an account exists or not: the same limit). */
  perEmail: { max: number; windowMs: number };
}

export const DEFAULT_PASSWORD_RESET_LIMITS: PasswordResetLimits = {
  perAddress: { max: 20, windowMs: 15 * 60_000 },
  perEmail: { max: 5, windowMs: 60 * 60_000 },
};

export const passwordResetRoutes: FastifyPluginAsyncTypebox<{ reset: PasswordReset; limits?: PasswordResetLimits }> = async (app, opts) => {
  const { reset } = opts;
  const limits = opts.limits ?? DEFAULT_PASSWORD_RESET_LIMITS;
  const perEmail = app.createRateLimit({
    max: limits.perEmail.max,
    timeWindow: limits.perEmail.windowMs,
    keyGenerator: (request) => `reset-email|${String((request.body as { email?: unknown })?.email ?? '').trim().toLowerCase()}`,
  });

  app.post(
    '/api/auth/password-reset',
    {
      schema: { body: PasswordResetBody, response: { 202: PasswordResetAccepted, ...errorResponses } },
      config: { rateLimit: { max: limits.perAddress.max, timeWindow: limits.perAddress.windowMs } },
      preHandler: async (request) => {
        const limit = await perEmail(request);
        if (!limit.isAllowed && limit.isExceeded) {
          throw new AppError('RATE_LIMITED', { params: { seconds: Math.max(1, Math.ceil(limit.ttl / 1000)) } });
        }
      },
    },
    async (request, reply) => reply.status(202).send(await reset.request(request.body.email, request.locale)),
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      schema: { body: PasswordResetConfirmBody, response: { 204: Type.Null(), ...errorResponses } },
      config: { rateLimit: { max: limits.perAddress.max, timeWindow: limits.perAddress.windowMs } },
    },
    async (request, reply) => {
      await reset.confirm(request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );
};
