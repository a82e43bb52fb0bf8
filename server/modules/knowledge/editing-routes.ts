import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import {
  Correction,
  CorrectionCreate,
  CorrectionDecision,
  CorrectionList,
  CorrectionsQuery,
  Experience,
  ItemParams,
  ItemResponse,
  KnowledgeInput,
  KnowledgeRevisionList,
  Profile,
  Resource,
  Specialist,
  WithdrawBody,
} from '../../../shared/schemas/knowledge.ts';
import type { KnowledgeEditing } from './editing.ts';
import type { KnowledgeService } from './service.ts';

const KINDS = [
  { kind: 'resources', schema: Resource, read: 'resource' },
  { kind: 'experiences', schema: Experience, read: 'experience' },
  { kind: 'profiles', schema: Profile, read: 'profile' },
  { kind: 'specialists', schema: Specialist, read: 'specialist' },
] as const;

export const knowledgeEditingRoutes: FastifyPluginAsyncTypebox<{ editing: KnowledgeEditing; knowledge: KnowledgeService }> = async (
  app,
  { editing, knowledge },
) => {
  for (const { kind, schema, read } of KINDS) {
    const detail = (actor: Parameters<KnowledgeService['resource']>[0], id: number) =>
      (knowledge[read] as (a: typeof actor, i: number) => unknown)(actor, id);

    app.post(
      `/api/${kind}`,
      { schema: { body: KnowledgeInput, response: { 201: ItemResponse(schema), ...errorResponses } } },
      async (request, reply) => {
        const id = await editing.create(request.actor, kind, request.body);
        return reply.status(201).send((await detail(request.actor, id)) as never);
      },
    );

    app.patch(
      `/api/${kind}/:id`,
      { schema: { params: ItemParams, body: KnowledgeInput, response: { 200: ItemResponse(schema), ...errorResponses } } },
      async (request) => {
        await editing.update(request.actor, kind, request.params.id, request.body);
        return (await detail(request.actor, request.params.id)) as never;
      },
    );

    app.get(
      `/api/${kind}/:id/revisions`,
      { schema: { params: ItemParams, response: { 200: KnowledgeRevisionList, ...errorResponses } } },
      async (request) => ({ items: await editing.revisions(request.actor, kind, request.params.id), nextCursor: null }),
    );

    app.post(
      `/api/${kind}/:id/withdraw`,
      { schema: { params: ItemParams, body: WithdrawBody, response: { 200: ItemResponse(schema), ...errorResponses } } },
      async (request) => {
        await editing.withdraw(request.actor, kind, request.params.id, request.body.reason);
        return (await detail(request.actor, request.params.id)) as never;
      },
    );

    app.post(
      `/api/${kind}/:id/restore`,
      { schema: { params: ItemParams, response: { 200: ItemResponse(schema), ...errorResponses } } },
      async (request) => {
        await editing.restore(request.actor, kind, request.params.id);
        return (await detail(request.actor, request.params.id)) as never;
      },
    );

    app.post(
      `/api/${kind}/:id/corrections`,
      { schema: { params: ItemParams, body: CorrectionCreate, response: { 201: Type.Object({ correction: Correction }), ...errorResponses } } },
      async (request, reply) => reply.status(201).send({ correction: await editing.suggest(request.actor, kind, request.params.id, request.body) }),
    );
  }

  app.get(
    '/api/corrections',
    { schema: { querystring: CorrectionsQuery, response: { 200: CorrectionList, ...errorResponses } } },
    async (request) => ({ items: await editing.corrections(request.actor, request.query.status), nextCursor: null }),
  );

  app.post(
    '/api/corrections/:id',
    { schema: { params: IdParams, body: CorrectionDecision, response: { 200: Type.Object({ correction: Correction }), ...errorResponses } } },
    async (request) => ({ correction: await editing.decide(request.actor, request.params.id, request.body.status) }),
  );
};
