import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AffiliatedPerson, AffiliationParams, DomainsInput, InstitutionDomains, InstitutionPeople, MyAffiliation } from '../../../shared/schemas/affiliation.ts';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import type { AffiliationService } from './service.ts';

export const affiliationRoutes: FastifyPluginAsyncTypebox<{ affiliation: AffiliationService }> = async (app, { affiliation }) => {
  app.get(
    '/api/institutions/:id/domains',
    { schema: { params: IdParams, response: { 200: InstitutionDomains, ...errorResponses } } },
    async (request) => affiliation.domains(request.actor, request.params.id),
  );

  app.put(
    '/api/institutions/:id/domains',
    { schema: { params: IdParams, body: DomainsInput, response: { 200: InstitutionDomains, ...errorResponses } } },
    async (request) => affiliation.setDomains(request.actor, request.params.id, request.body.domains),
  );

  app.get(
    '/api/institutions/:id/affiliations',
    { schema: { params: IdParams, response: { 200: InstitutionPeople, ...errorResponses } } },
    async (request) => affiliation.people(request.actor, request.params.id),
  );

  app.post(
    '/api/institutions/:id/affiliations/:userId',
    { schema: { params: AffiliationParams, response: { 200: AffiliatedPerson, ...errorResponses } } },
    async (request) => affiliation.vouch(request.actor, request.params.id, request.params.userId),
  );

  app.delete(
    '/api/institutions/:id/affiliations/:userId',
    { schema: { params: AffiliationParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await affiliation.remove(request.actor, request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/me/affiliation', { schema: { response: { 200: MyAffiliation, ...errorResponses } } }, async (request) => affiliation.mine(request.actor));
};
