import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { DigestPreference } from '../../../shared/schemas/digests.ts';
import type { Digests } from './service.ts';

/** The member's digest frequency: read and set (the settings page's mail section). */
export const digestRoutes: FastifyPluginAsyncTypebox<{ digests: Digests }> = async (app, { digests }) => {
  app.get('/api/me/digest', { schema: { response: { 200: DigestPreference, ...errorResponses } } }, async (request) => digests.frequency(request.actor));

  app.put('/api/me/digest', { schema: { body: DigestPreference, response: { 200: DigestPreference, ...errorResponses } } }, async (request) =>
    digests.setFrequency(request.actor, request.body.frequency),
  );
};
