import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SessionCookie } from '../auth/session-store.ts';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { DeleteAccountBody, ErasureTerms, LegalHoldBody } from '../../../shared/schemas/forget.ts';
import { PersonResponse } from '../../../shared/schemas/users.ts';
import { writeSessionCookie } from '../../plugins/auth.ts';
import type { ForgetService } from './service.ts';

export const forgetRoutes: FastifyPluginAsyncTypebox<{ forget: ForgetService; blankCookie: () => SessionCookie }> = async (app, { forget, blankCookie }) => {
  app.get('/api/me/erasure', { schema: { response: { 200: ErasureTerms, ...errorResponses } } }, async (request) => await forget.terms(request.actor));

  app.delete('/api/me', { schema: { body: DeleteAccountBody, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    await forget.erase(request.actor, request.sessionId, request.body);
    writeSessionCookie(request, reply, blankCookie());
    return reply.code(204).send(null);
  });

  app.put(
    '/api/users/:id/legal-hold',
    { schema: { params: IdParams, body: LegalHoldBody, response: { 200: PersonResponse, ...errorResponses } } },
    async (request) => ({ user: await forget.setLegalHold(request.actor, request.params.id, request.body.legalHold) }),
  );
};
