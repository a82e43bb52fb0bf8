import { perDatabase, type Core } from '../area.ts';
import { createRepresentativesRepository } from './repository.ts';
import { representativesRoutes } from './routes.ts';
import { createRepresentativesService } from './service.ts';

export const representativesRepositories = perDatabase((database) => ({ representatives: createRepresentativesRepository(database.db) }));

/** Institution representatives: who may act for an institution (issue 18, part 7). */
export function representativesArea(core: Core) {
  const service = createRepresentativesService({ repo: representativesRepositories(core.database).representatives, bus: core.bus });
  return {
    service,
    routes: async (app: import('fastify').FastifyInstance) => {
      await app.register(representativesRoutes, { representatives: service });
    },
  };
}
