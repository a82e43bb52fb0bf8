import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams } from '../../../shared/schemas/common.ts';
import { RepresentativeList, RepresentativeParams, RepresentingList } from '../../../shared/schemas/representatives.ts';
import { AppError } from '../../lib/errors.ts';
import type { RepresentativesService } from './service.ts';

export const representativesRoutes: FastifyPluginAsyncTypebox<{ representatives: RepresentativesService }> = async (app, { representatives }) => {
  app.get(
    '/api/institutions/:id/representatives',
    { schema: { params: IdParams, response: { 200: RepresentativeList, ...errorResponses } } },
    async (request) => representatives.list(request.params.id),
  );

  app.put(
    '/api/institutions/:id/representatives/:userId',
    { schema: { params: RepresentativeParams, response: { 200: RepresentativeList, ...errorResponses } } },
    async (request) => representatives.add(request.actor, request.params.id, request.params.userId),
  );

  app.delete(
    '/api/institutions/:id/representatives/:userId',
    { schema: { params: RepresentativeParams, response: { 200: RepresentativeList, ...errorResponses } } },
    async (request) => representatives.remove(request.actor, request.params.id, request.params.userId),
  );

  app.get('/api/me/representing', { schema: { response: { 200: RepresentingList, ...errorResponses } } }, async (request) => {
    if (!request.actor) throw new AppError('UNAUTHENTICATED');
    return { institutionIds: await representatives.institutionsOf(request.actor) };
  });
};
