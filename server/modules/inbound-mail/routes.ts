import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import type { InboundMailService } from './service.ts';

/** Admins: the address of this account works again (its bounces are forgotten, mail resumes). */
export const inboundMailRoutes: FastifyPluginAsyncTypebox<{ inbound: InboundMailService }> = async (app, { inbound }) => {
  app.delete(
    '/api/users/:id/email-bounces',
    { schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await inbound.clearBounces(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
