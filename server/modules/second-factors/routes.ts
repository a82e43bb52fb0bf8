import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import {
  FactorProofBody,
  RecoveryCodes,
  SecondFactorPolicy,
  SecondFactorStatus,
  SecondStepMethods,
  TotpConfirmBody,
  TotpSetup,
} from '../../../shared/schemas/second-factors.ts';
import type { Config } from '../../config.ts';
import { clientNetwork } from '../../lib/client-network.ts';
import { LOGIN_CHALLENGE_COOKIE } from '../auth/routes.ts';
import type { SecondFactorsService } from './service.ts';

export const secondFactorsRoutes: FastifyPluginAsyncTypebox<{ secondFactors: SecondFactorsService; rateLimits: Config['rateLimits'] }> = async (
  app,
  { secondFactors, rateLimits },
) => {
  // Guessing codes here is limited like signing in (and each wrong code is a failed sign-in).
  const codeLimit = {
    rateLimit: { max: rateLimits.login.max, timeWindow: rateLimits.login.windowMs, keyGenerator: (request: { ip: string }) => `2fa-me|${clientNetwork(request.ip)}` },
  };

  app.get('/api/me/2fa', { schema: { response: { 200: SecondFactorStatus, ...errorResponses } } }, async (request) => secondFactors.status(request.actor));

  app.post('/api/me/2fa/totp', { schema: { response: { 200: TotpSetup, ...errorResponses } } }, async (request) =>
    secondFactors.startTotp(request.actor, request.sessionId),
  );

  app.post(
    '/api/me/2fa/totp/confirm',
    { schema: { body: TotpConfirmBody, response: { 200: RecoveryCodes, ...errorResponses } }, config: codeLimit },
    async (request) => secondFactors.confirmTotp(request.actor, request.sessionId, request.body.code),
  );

  app.delete(
    '/api/me/2fa/totp',
    { schema: { body: FactorProofBody, response: { 204: Type.Null(), ...errorResponses } }, config: codeLimit },
    async (request, reply) => {
      await secondFactors.disableTotp(request.actor, request.sessionId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/2fa/recovery-codes',
    { schema: { body: FactorProofBody, response: { 200: RecoveryCodes, ...errorResponses } }, config: codeLimit },
    async (request) => secondFactors.regenerateRecoveryCodes(request.actor, request.sessionId, request.body),
  );

  // The second step opened on its own page (after an institution's sign-in redirected there).
  app.get('/api/auth/login/second-factor', { schema: { response: { 200: SecondStepMethods, ...errorResponses } } }, async (request) =>
    secondFactors.secondStepMethods(request.cookies[LOGIN_CHALLENGE_COOKIE]),
  );

  app.get('/api/admin/second-factor-policy', { schema: { response: { 200: SecondFactorPolicy, ...errorResponses } } }, async (request) =>
    secondFactors.policy(request.actor),
  );

  app.put(
    '/api/admin/second-factor-policy',
    { schema: { body: SecondFactorPolicy, response: { 200: SecondFactorPolicy, ...errorResponses } } },
    async (request) => secondFactors.setPolicy(request.actor, request.body),
  );
};
