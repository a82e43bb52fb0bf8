import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { CountryList, InstitutionList, InstitutionsQuery, NetworkStats } from '../../../shared/schemas/geo.ts';
import type { GeoService } from './geo-service.ts';

export const geoRoutes: FastifyPluginAsyncTypebox<{ geo: GeoService }> = async (app, { geo }) => {
  app.get('/api/countries', { schema: { response: { 200: CountryList, ...errorResponses } } }, async () =>
    geo.countries(),
  );

  app.get(
    '/api/institutions',
    { schema: { querystring: InstitutionsQuery, response: { 200: InstitutionList, ...errorResponses } } },
    async (request) => geo.institutions(request.query),
  );

  app.get('/api/network', { schema: { response: { 200: NetworkStats, ...errorResponses } } }, async () =>
    geo.stats(),
  );
};
