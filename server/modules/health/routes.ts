import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { Health } from '../../../shared/schemas/health.ts';
import type { HealthService } from './service.ts';

export const healthRoutes: FastifyPluginAsyncTypebox<{ health: HealthService }> = async (app, { health }) => {
  app.get(
    '/api/health',
    // Monitors poll it: never rate limited (limits are per route and this one has none), never cached.
    { schema: { response: { 200: Health, 503: Health, ...errorResponses } }, config: { rateLimit: false } },
    async (_request, reply) => {
      const result = await health.check();
      return reply.status(result.status === 'ok' ? 200 : 503).header('cache-control', 'no-store').send(result);
    },
  );
};
