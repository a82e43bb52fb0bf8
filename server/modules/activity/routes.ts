import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Activity, ActivityQuery, KnowledgeUse, KnowledgeUseQuery } from '../../../shared/schemas/activity.ts';
import { errorResponses } from '../../../shared/schemas/common.ts';
import type { ActivityService } from './service.ts';

export const activityRoutes: FastifyPluginAsyncTypebox<{ activity: ActivityService }> = async (app, { activity }) => {
  app.get(
    '/api/network/activity',
    { schema: { querystring: ActivityQuery, response: { 200: Activity, ...errorResponses } } },
    async (request) => activity.activity(request.actor, request.query),
  );

  app.get(
    '/api/network/knowledge-use',
    { schema: { querystring: KnowledgeUseQuery, response: { 200: KnowledgeUse, ...errorResponses } } },
    async (request) => activity.knowledgeUse(request.actor, request.query),
  );
};
