import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import {
  ExperienceDraftEdit,
  ExperienceProposalItem,
  ExperienceProposalList,
  ExperienceProposalsQuery,
  FaqEdit,
  FaqItem,
  FaqList,
  FaqProposalsQuery,
  FaqQuery,
  ProposalInput,
  ThreadProposals,
} from '../../../shared/schemas/faq.ts';
import type { ExperienceProposals } from './experiences.ts';
import type { FaqService } from './service.ts';
import type { SolvedThreads } from './place.ts';

export const faqRoutes: FastifyPluginAsyncTypebox<{ faq: FaqService; experiences: ExperienceProposals; solved: SolvedThreads }> = async (app, { faq, experiences, solved }) => {
  const item = { params: IdParams, response: { 200: FaqItem, ...errorResponses } };

  app.get('/api/faq', { schema: { querystring: FaqQuery, response: { 200: FaqList, ...errorResponses } } }, async (request) => faq.list(request.actor, request.query));

  app.post('/api/faq/proposals', { schema: { body: ProposalInput, response: { 201: FaqItem, ...errorResponses } } }, async (request, reply) =>
    reply.code(201).send(await faq.propose(request.actor, request.body.threadId)),
  );

  app.get('/api/faq/proposals', { schema: { querystring: FaqProposalsQuery, response: { 200: FaqList, ...errorResponses } } }, async (request) =>
    faq.queue(request.actor, request.query),
  );

  app.get('/api/faq/:id', { schema: item }, async (request) => faq.get(request.actor, request.params.id));
  app.patch('/api/faq/:id', { schema: { ...item, body: FaqEdit } }, async (request) => faq.edit(request.actor, request.params.id, request.body));
  app.post('/api/faq/:id/publish', { schema: item }, async (request) => faq.decide(request.actor, request.params.id, 'published'));
  app.post('/api/faq/:id/reject', { schema: item }, async (request) => faq.decide(request.actor, request.params.id, 'rejected'));
  app.post('/api/faq/:id/unpublish', { schema: item }, async (request) => faq.decide(request.actor, request.params.id, 'unpublished'));

  const proposal = { params: IdParams, response: { 200: ExperienceProposalItem, ...errorResponses } };

  app.post('/api/experiences/proposals', { schema: { body: ProposalInput, response: { 201: ExperienceProposalItem, ...errorResponses } } }, async (request, reply) =>
    reply.code(201).send(await experiences.propose(request.actor, request.body.threadId)),
  );
  app.get('/api/experiences/proposals', { schema: { querystring: ExperienceProposalsQuery, response: { 200: ExperienceProposalList, ...errorResponses } } }, async (request) =>
    experiences.queue(request.actor, request.query),
  );
  app.patch('/api/experiences/proposals/:id', { schema: { ...proposal, body: ExperienceDraftEdit } }, async (request) =>
    experiences.edit(request.actor, request.params.id, request.body),
  );
  app.post('/api/experiences/proposals/:id/publish', { schema: proposal }, async (request) => experiences.publish(request.actor, request.params.id));
  app.post('/api/experiences/proposals/:id/reject', { schema: proposal }, async (request) => experiences.reject(request.actor, request.params.id));

  /** What became of a thread's proposals: for its moderators and the editors (the thread page's action). */
  app.get('/api/threads/:id/proposals', { schema: { params: IdParams, response: { 200: ThreadProposals, ...errorResponses } } }, async (request) => {
    await solved.requireProposer(request.actor, request.params.id);
    const entry = await faq.ofThread(request.params.id);
    const experience = await experiences.ofThread(request.params.id);
    return {
      faq: entry ? { id: entry.id, status: entry.status } : null,
      experience: experience ? { id: experience.id, status: experience.status, experienceId: experience.experienceId } : null,
    };
  });
};
