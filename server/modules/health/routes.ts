import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { Health } from '../../../shared/schemas/health.ts';
import type { HealthService } from './service.ts';

export const healthRoutes: FastifyPluginAsyncTypebox<{ health: HealthService }> = async (app, { health }) => {
  app.get('/api/health', { schema: { response: { 200: Health, 503: Health, ...errorResponses } } }, async (_request, reply) => {
    const result = health.check();
    return reply.status(result.status === 'ok' ? 200 : 503).send(result);
  });
};
