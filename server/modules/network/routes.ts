import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../shared/schemas/common.ts';
import { CountryCodeParams, CountryDetail, NetworkMap } from '../../../shared/schemas/network.ts';
import type { NetworkService } from './service.ts';

export const networkRoutes: FastifyPluginAsyncTypebox<{ network: NetworkService }> = async (app, { network }) => {
  app.get(
    '/api/countries/:code',
    { schema: { params: CountryCodeParams, response: { 200: CountryDetail, ...errorResponses } } },
    async (request) => network.country(request.params.code),
  );

  app.get('/api/network/map', { schema: { response: { 200: NetworkMap, ...errorResponses } } }, async () => network.map());
};
