import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { ThreadCreated } from '../../../shared/schemas/discussions.ts';
import { AskSpecialist, ItemParams } from '../../../shared/schemas/knowledge.ts';
import type { DiscussionsService } from '../discussions/service.ts';
import type { KnowledgeService } from './service.ts';

/** "Ask this specialist": a question thread in a forum the asker chooses, addressed to them. */
export const askSpecialistRoutes: FastifyPluginAsyncTypebox<{ knowledge: KnowledgeService; discussions: DiscussionsService }> = async (
  app,
  { knowledge, discussions },
) => {
  app.post(
    '/api/specialists/:id/ask',
    { schema: { params: ItemParams, body: AskSpecialist, response: { 201: ThreadCreated, ...errorResponses } } },
    async (request, reply) => {
      await knowledge.askable(request.params.id);
      return reply.status(201).send(await discussions.askSpecialist(request.actor, request.params.id, request.body));
    },
  );
};
